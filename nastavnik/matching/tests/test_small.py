"""The assignment over plain lists (``small``, the CLI's path for a school):
exactly optimal against trying every choice, and the same optimum, notes and
kind of answer as ``algorithm.solve`` on random problems of every shape."""

from __future__ import annotations

import random

from django.test import SimpleTestCase

from nastavnik.matching import algorithm, small
from nastavnik.matching.algorithm import Problem, brute_force


def _flat(edges: list[tuple[int, int, int]]) -> list[int]:
    return [v for edge in edges for v in edge]


def _random_edges(rng: random.Random, mentees: int, mentors: int, share: float):
    return [
        (a, b, rng.randint(1, 1000))
        for a in range(mentees)
        for b in range(mentors)
        if rng.random() < share
    ]


class SmallSolveTestCase(SimpleTestCase):
    def assertValid(self, mentees, capacities, edges, pairs) -> None:
        allowed = {(a, b) for a, b, _c in edges}
        self.assertEqual(len({a for a, _b in pairs}), len(pairs), "a mentee twice")
        self.assertTrue(set(pairs) <= allowed, "a pair that is not an edge")
        for mentor, capacity in enumerate(capacities):
            self.assertLessEqual(sum(b == mentor for _a, b in pairs), capacity)
        self.assertEqual(pairs, sorted(pairs), "pairs in mentee order")

    def test_it_is_optimal_on_hundreds_of_small_problems(self) -> None:
        rng = random.Random(17)
        for n in range(400):
            mentees, mentors = rng.randint(0, 7), rng.randint(1, 4)
            capacities = [rng.randint(0, 3) for _ in range(mentors)]
            edges = _random_edges(rng, mentees, mentors, 0.5)
            if n % 2:
                rng.shuffle(edges)  # the file's order does not matter
            with self.subTest(n=n):
                pairs, score, notes = small.solve(mentees, capacities, _flat(edges))
                expected = brute_force(Problem.of(mentees, capacities, edges))
                self.assertEqual((len(pairs), score), expected)
                self.assertValid(mentees, capacities, edges, pairs)
                self.assertEqual(notes, [])

    def test_it_finds_the_optimum_of_the_numpy_path_on_random_problems(self) -> None:
        rng = random.Random(29)
        for n in range(60):
            mentees, mentors = rng.randint(1, 300), rng.randint(1, 40)
            capacities = [rng.randint(0, 5) for _ in range(mentors)]
            edges = _random_edges(rng, mentees, mentors, rng.choice([0.02, 0.1, 0.4]))
            edges += rng.sample(edges, k=min(len(edges), n % 4))  # repeated edges
            if n % 3 == 0:
                rng.shuffle(edges)
            min_score = rng.choice([0, 0, 300])
            with self.subTest(n=n):
                pairs, score, notes = small.solve(
                    mentees, capacities, _flat(edges), min_score=min_score
                )
                expected = algorithm.solve(
                    Problem.of(mentees, capacities, edges), min_score=min_score
                )
                self.assertEqual(
                    (len(pairs), score), (expected.matched, expected.score)
                )
                self.assertEqual(notes, expected.dropped)
                usable = [e for e in edges if e[2] >= min_score]
                self.assertValid(mentees, capacities, usable, pairs)

    def test_more_matched_mentees_beat_a_higher_score(self) -> None:
        pairs, score, _notes = small.solve(2, [1, 1], [0, 0, 1000, 0, 1, 1, 1, 0, 1])
        self.assertEqual((pairs, score), ([(0, 1), (1, 0)], 2))

    def test_a_minimum_score_leaves_a_mentee_without_a_weak_pair(self) -> None:
        edges = [0, 0, 800, 1, 0, 120]
        self.assertEqual(len(small.solve(2, [2], edges)[0]), 2)
        self.assertEqual(small.solve(2, [2], edges, min_score=300)[0], [(0, 0)])

    def test_bad_edges_and_capacities_are_left_out_with_the_notes_of_algorithm(
        self,
    ) -> None:
        cases = [
            # (mentees, capacities, edges)
            (2, [1, 0], [(0, 0, 500), (5, 0, 10), (1, 7, 10), (1, 0, 0), (1, 1, 900)]),
            (2, [1, -2], [(0, 0, 500), (1, 1, 900), (-1, 0, 5), (0, -1, 5)]),
            (3, [2], [(2, 0, 1001), (1, 0, 1000), (0, 0, 1)]),
            (1, [-1, -3], []),
        ]  # fmt: skip
        for mentees, capacities, edges in cases:
            with self.subTest(edges=edges):
                pairs, score, notes = small.solve(mentees, capacities, _flat(edges))
                expected = algorithm.solve(Problem.of(mentees, capacities, edges))
                self.assertEqual(notes, expected.dropped)
                self.assertEqual(pairs, [tuple(p) for p in expected.pairs.tolist()])
                self.assertEqual(score, expected.score)

    def test_empty_problems_have_empty_answers(self) -> None:
        for mentees, capacities, edges in [
            (0, [], []),
            (3, [2, 1], []),
            (2, [0], [0, 0, 10, 1, 0, 20]),
        ]:
            with self.subTest(edges=edges):
                self.assertEqual(small.solve(mentees, capacities, edges), ([], 0, []))
