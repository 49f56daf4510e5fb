"""The assignment: exactly optimal (most mentees matched, then the largest
total score) against trying every choice, with locks, a minimum score and
bad edges handled."""

from __future__ import annotations

import random

import numpy as np
from django.test import SimpleTestCase

from nastavnik.matching.algorithm import (
    Problem,
    brute_force,
    component_labels,
    solve,
    stable,
)


def _random_problem(rng: random.Random) -> Problem:
    mentees, mentors = rng.randint(0, 7), rng.randint(1, 4)
    capacities = [rng.randint(0, 3) for _ in range(mentors)]
    edges = [
        (a, b, rng.randint(1, 1000))
        for a in range(mentees)
        for b in range(mentors)
        if rng.random() < 0.5
    ]
    return Problem.of(mentees, capacities, edges)


class AssignmentTestCase(SimpleTestCase):
    def test_it_is_optimal_on_hundreds_of_small_problems(self) -> None:
        rng = random.Random(13)
        for n in range(400):
            problem = _random_problem(rng)
            with self.subTest(n=n):
                solution = solve(problem)
                self.assertEqual(
                    (solution.matched, solution.score), brute_force(problem)
                )
                self.assertValid(problem, solution.pairs)

    def assertValid(self, problem: Problem, pairs: np.ndarray) -> None:
        allowed = set(
            zip(problem.edge_mentee.tolist(), problem.edge_mentor.tolist(), strict=True)
        )
        self.assertEqual(len(set(pairs[:, 0].tolist())), len(pairs))
        for mentee, mentor in pairs.tolist():
            self.assertIn((mentee, mentor), allowed)
        load = np.bincount(pairs[:, 1], minlength=len(problem.capacities))
        self.assertTrue((load <= problem.capacities).all())

    def test_more_matched_mentees_beat_a_higher_score(self) -> None:
        # Mentor 0 has room for one. Giving it to mentee 0 (score 1000) would
        # leave mentee 1 without anyone; the optimum matches both.
        problem = Problem.of(2, [1, 1], [(0, 0, 1000), (0, 1, 1), (1, 0, 1)])
        solution = solve(problem)
        self.assertEqual(solution.pairs.tolist(), [[0, 1], [1, 0]])
        self.assertEqual((solution.matched, solution.score), (2, 2))

    def test_among_equally_many_pairs_the_highest_score_wins(self) -> None:
        problem = Problem.of(
            2, [1, 1], [(0, 0, 900), (0, 1, 100), (1, 0, 500), (1, 1, 450)]
        )
        self.assertEqual(solve(problem).score, 1350)

    def test_a_locked_pair_is_kept_and_the_rest_optimised_around_it(self) -> None:
        problem = Problem.of(2, [1, 1], [(0, 0, 900), (0, 1, 100), (1, 0, 500)])
        solution = solve(problem, locked=[(0, 1)])
        self.assertEqual(solution.pairs.tolist(), [[0, 1], [1, 0]])
        self.assertEqual(solution.score, 600)

    def test_contradictory_locks_are_reported_and_the_rest_solved(self) -> None:
        problem = Problem.of(3, [1, 2], [(0, 0, 10), (1, 0, 20), (2, 1, 30)])
        solution = solve(problem, locked=[(0, 0), (1, 0), (2, 0)])
        self.assertEqual(solution.pairs.tolist(), [[0, 0], [2, 1]])
        self.assertEqual(
            solution.dropped,
            [
                "locked pair 1–0 exceeds a capacity or repeats",
                "locked pair 2–0 is not an allowed edge",
            ],
        )

    def test_a_minimum_score_leaves_a_mentee_without_a_weak_pair(self) -> None:
        problem = Problem.of(2, [2], [(0, 0, 800), (1, 0, 120)])
        self.assertEqual(solve(problem).matched, 2)
        solution = solve(problem, min_score=300)
        self.assertEqual(solution.pairs.tolist(), [[0, 0]])

    def test_edges_naming_nobody_or_badly_scored_are_left_out_with_a_note(self) -> None:
        problem = Problem.of(
            2, [1, 0], [(0, 0, 500), (5, 0, 10), (1, 7, 10), (1, 0, 0), (1, 1, 900)]
        )
        solution = solve(problem)
        self.assertEqual(solution.pairs.tolist(), [[0, 0]])
        self.assertEqual(
            solution.dropped,
            [
                "2 edges name a mentee or mentor not listed",
                "1 edges have a score outside 1..1000",
            ],
        )

    def test_an_edge_given_twice_is_taken_once(self) -> None:
        for capacities in ([1], [3], [3, 1]):
            with self.subTest(capacities=capacities):
                problem = Problem.of(2, capacities, [(1, 0, 40), (1, 0, 40)])
                solution = solve(problem)
                self.assertEqual(solution.pairs.tolist(), [[1, 0]])
                self.assertEqual(solution.score, 40)

    def test_empty_problems_have_empty_answers(self) -> None:
        for problem in [
            Problem.of(0, [], []),
            Problem.of(3, [2, 1], []),
            Problem.of(2, [0], [(0, 0, 10), (1, 0, 20)]),
        ]:
            with self.subTest(problem=problem):
                solution = solve(problem)
                self.assertEqual((solution.matched, solution.score), (0, 0))
                self.assertEqual(solution.pairs.shape, (0, 2))

    def test_independent_schools_are_solved_apart_with_the_same_optimum(self) -> None:
        rng = random.Random(5)
        edges = []
        for school in range(30):
            base_mentee, base_mentor = school * 20, school * 4
            edges += [
                (base_mentee + a, base_mentor + b, rng.randint(1, 1000))
                for a in range(20)
                for b in range(4)
                if rng.random() < 0.6
            ]
        problem = Problem.of(600, [rng.randint(1, 4) for _ in range(120)], edges)
        whole = solve(problem)
        parts = [
            solve(
                Problem.of(
                    20,
                    problem.capacities[s * 4 : s * 4 + 4].tolist(),
                    [(a - s * 20, b - s * 4, c) for a, b, c in edges if a // 20 == s],
                )
            )
            for s in range(30)
        ]
        self.assertEqual(whole.matched, sum(p.matched for p in parts))
        self.assertEqual(whole.score, sum(p.score for p in parts))


class ComponentsTestCase(SimpleTestCase):
    def test_nodes_joined_by_paths_share_a_label(self) -> None:
        cases = [
            # (nodes, edges, groups)
            (4, [(0, 1), (2, 3)], [{0, 1}, {2, 3}]),
            (5, [(4, 3), (3, 2), (2, 1), (1, 0)], [{0, 1, 2, 3, 4}]),
            (3, [], [{0}, {1}, {2}]),
            (6, [(5, 0), (1, 4), (4, 0)], [{0, 1, 4, 5}, {2}, {3}]),
        ]
        for nodes, edges, groups in cases:
            with self.subTest(edges=edges):
                u = np.array([a for a, _ in edges], dtype=np.int64)
                v = np.array([b for _, b in edges], dtype=np.int64)
                labels = component_labels(nodes, u, v).tolist()
                found = {}
                for node, label in enumerate(labels):
                    found.setdefault(label, set()).add(node)
                self.assertCountEqual(found.values(), groups)


def _preferences(problem: Problem, rng: random.Random):
    """Random strict preferences of both sides over the allowed pairs."""
    mentors = len(problem.capacities)
    edges = list(
        zip(problem.edge_mentee.tolist(), problem.edge_mentor.tolist(), strict=True)
    )
    prefers = [[b for a, b in edges if a == i] for i in range(problem.mentees)]
    for row in prefers:
        rng.shuffle(row)
    priority = []
    for j in range(mentors):
        mine = [a for a, b in edges if b == j]
        rng.shuffle(mine)
        priority.append({i: n for n, i in enumerate(mine)})
    return prefers, priority


class StableTestCase(SimpleTestCase):
    def test_no_mentee_and_mentor_would_both_rather_have_each_other(self) -> None:
        rng = random.Random(21)
        for n in range(300):
            problem = _random_problem(rng)
            prefers, priority = _preferences(problem, rng)
            with self.subTest(n=n):
                solution = stable(problem, prefers, priority)
                got = dict(map(tuple, solution.pairs.tolist()))
                held: dict[int, list[int]] = {}
                for i, j in got.items():
                    held.setdefault(j, []).append(i)
                for i, row in enumerate(prefers):
                    better = row[: row.index(got[i])] if i in got else row
                    for j in better:
                        mine = held.get(j, [])
                        room = len(mine) < problem.capacities[j]
                        worst = max((priority[j][k] for k in mine), default=-1)
                        self.assertFalse(
                            room or priority[j][i] < worst,
                            f"mentee {i} and mentor {j} would rather pair",
                        )
                best = solve(problem)
                self.assertLessEqual(solution.matched, best.matched)
                if solution.matched == best.matched:
                    self.assertLessEqual(solution.score, best.score)

    def test_the_stable_answer_can_match_fewer_than_the_optimum(self) -> None:
        # Both mentees want mentor 0 first, and mentor 0 prefers mentee 0, who
        # is the only one mentor 1 would take: stability leaves mentee 1 alone.
        problem = Problem.of(2, [1, 1], [(0, 0, 500), (0, 1, 500), (1, 0, 500)])
        solution = stable(problem, [[0, 1], [0]], [{0: 0, 1: 1}, {0: 0}])
        self.assertEqual(solution.pairs.tolist(), [[0, 0]])
        self.assertEqual(solve(problem).matched, 2)
