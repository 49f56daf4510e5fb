"""The assignment of mentees to mentors, as pure functions over plain data
(no ORM: the runs feed it from the database, the CLI from a large JSON file;
a school's file goes to ``small``, the same optimum over lists, without
numpy).

The objective is lexicographic (DOMAIN.md, Matching): first the largest
number of matched mentees, then the largest total score. It is a maximum
flow of minimum cost — source → mentee (1) → mentor (an allowed edge, 1) →
sink (the mentor's capacity), each edge costing ``MAX_SCORE - score`` — which
OR-Tools' ``SimpleMinCostFlow.solve_max_flow_with_min_cost`` finds exactly:
among the flows of the largest size, the one of least cost, that is of the
largest total score.

Real cohorts split by organisation into independent parts (a mentor of one
school is never offered to another's pupils), and a solver is faster on
many small graphs than on one large one: each connected component is solved
on its own, with the same optimum. The components are found with numpy
(``component_labels``), in a few rounds over the edges.

Locked pairs are taken as given (the mentor's capacity shrinks by one), and
a minimum score leaves a mentee unmatched rather than with a weak pair.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import min_cost_flow

MAX_SCORE = 1000


@dataclass
class Problem:
    """Mentees ``0..mentees-1``, mentors ``0..len(capacities)-1`` and the
    allowed pairs as three parallel arrays of edges (mentee, mentor, score)."""

    mentees: int
    capacities: np.ndarray
    edge_mentee: np.ndarray
    edge_mentor: np.ndarray
    edge_score: np.ndarray

    @classmethod
    def of(
        cls, mentees: int, capacities: list[int], edges: list[tuple[int, int, int]]
    ) -> Problem:
        """A problem from plain lists (tests, small runs)."""
        table = np.array(edges, dtype=np.int64).reshape(-1, 3)
        return cls(
            mentees=mentees,
            capacities=np.array(capacities, dtype=np.int64),
            edge_mentee=table[:, 0],
            edge_mentor=table[:, 1],
            edge_score=table[:, 2],
        )


@dataclass
class Solution:
    """The pairs (mentee, mentor) in mentee order, with their count and
    total score; ``locked`` are among them."""

    pairs: np.ndarray  # shape (k, 2)
    score: int
    dropped: list[str] = field(default_factory=list)

    @property
    def matched(self) -> int:
        return len(self.pairs)


def check(problem: Problem) -> tuple[Problem, list[str]]:
    """The problem without the edges it cannot use, and why: an index
    outside the lists, a score outside 1..1000. (An edge given twice does no
    harm: a mentee takes one edge at most.)"""
    notes = []
    m, s = problem.edge_mentee, problem.edge_mentor
    known = (m >= 0) & (m < problem.mentees) & (s >= 0) & (s < len(problem.capacities))
    if not known.all():
        notes.append(f"{int((~known).sum())} edges name a mentee or mentor not listed")
    scored = (problem.edge_score >= 1) & (problem.edge_score <= MAX_SCORE)
    if not (scored | ~known).all():
        notes.append(
            f"{int((known & ~scored).sum())} edges have a score outside 1..1000"
        )
    if (problem.capacities < 0).any():
        notes.append(
            f"{int((problem.capacities < 0).sum())} mentors have a negative capacity"
        )
    keep = known & scored
    if keep.all() and not notes:
        return problem, notes
    return (
        Problem(
            problem.mentees,
            np.maximum(problem.capacities, 0),
            m[keep],
            s[keep],
            problem.edge_score[keep],
        ),
        notes,
    )


def solve(
    problem: Problem,
    *,
    locked: list[tuple[int, int]] = (),
    min_score: int = 0,
) -> Solution:
    """The optimal assignment: most mentees matched, then the largest total
    score. ``locked`` pairs (allowed edges) are kept as they are; edges
    scoring under ``min_score`` are not used."""
    problem, notes = check(problem)
    capacities = problem.capacities.copy()
    m, s, w = problem.edge_mentee, problem.edge_mentor, problem.edge_score
    taken = np.zeros(problem.mentees, dtype=bool)
    fixed = []
    score_of = {}
    if len(locked):
        score_of = {(int(a), int(b)): int(c) for a, b, c in zip(m, s, w, strict=True)}
    for mentee, mentor in locked:
        if (mentee, mentor) not in score_of:
            notes.append(f"locked pair {mentee}–{mentor} is not an allowed edge")
            continue
        if taken[mentee] or capacities[mentor] <= 0:
            notes.append(f"locked pair {mentee}–{mentor} exceeds a capacity or repeats")
            continue
        taken[mentee] = True
        capacities[mentor] -= 1
        fixed.append((mentee, mentor, score_of[(mentee, mentor)]))
    usable = (~taken[m]) & (capacities[s] > 0) & (w >= min_score)
    m, s, w = m[usable], s[usable], w[usable]
    pairs = [np.array([(a, b) for a, b, _ in fixed], dtype=np.int64).reshape(-1, 2)]
    total = sum(c for _, _, c in fixed)
    for cm, cs, cw in _components(problem.mentees, len(capacities), m, s, w):
        chosen, score = _solve_component(cm, cs, cw, capacities)
        pairs.append(chosen)
        total += score
    result = np.concatenate(pairs)
    result = result[np.argsort(result[:, 0], kind="stable")]
    return Solution(pairs=result, score=int(total), dropped=notes)


# Rounds of label propagation after which the graph is solved whole rather
# than split (real cohorts settle in three or four).
COMPONENT_ROUNDS = 30


def component_labels(nodes: int, u: np.ndarray, v: np.ndarray) -> np.ndarray | None:
    """A label per node, the same for the nodes of one connected component
    of the graph of edges ``u``–``v``: each edge hooks the larger root under
    the smaller, then every node jumps to its root, until no edge joins two
    roots. None when that takes more than ``COMPONENT_ROUNDS`` rounds."""
    parent = np.arange(nodes)
    for _round in range(COMPONENT_ROUNDS):
        pu, pv = parent[u], parent[v]
        apart = pu != pv
        if not apart.any():
            return parent
        np.minimum.at(parent, np.maximum(pu, pv)[apart], np.minimum(pu, pv)[apart])
        while True:
            jumped = parent[parent]
            if np.array_equal(jumped, parent):
                break
            parent = jumped
    return None


def _components(mentees: int, mentors: int, m, s, w):
    """The edges of each connected component of the mentee–mentor graph."""
    if not len(m):
        return
    labels = component_labels(mentees + mentors, m, mentees + s)
    if labels is None:
        yield m, s, w
        return
    edge_label = labels[m]
    order = np.argsort(edge_label, kind="stable")
    bounds = np.flatnonzero(np.diff(edge_label[order])) + 1
    for part in np.split(order, bounds):
        yield m[part], s[part], w[part]


def _solve_component(m, s, w, capacities) -> tuple[np.ndarray, int]:
    """One component by max flow of min cost; the chosen edges and score."""
    mentee_ids, mentee_node = np.unique(m, return_inverse=True)
    mentor_ids, mentor_node = np.unique(s, return_inverse=True)
    a, b = len(mentee_ids), len(mentor_ids)
    source, sink = a + b, a + b + 1
    if b == 1 and len(m) == a and a <= capacities[mentor_ids[0]]:
        # one mentor with room for everyone, each named once: every edge is taken
        return np.stack([m, s], axis=1), int(w.sum())
    solver = min_cost_flow.SimpleMinCostFlow()
    edges = solver.add_arcs_with_capacity_and_unit_cost(
        mentee_node, a + mentor_node, np.ones(len(m), dtype=np.int64), MAX_SCORE - w
    )
    solver.add_arcs_with_capacity_and_unit_cost(
        np.full(a, source),
        np.arange(a),
        np.ones(a, dtype=np.int64),
        np.zeros(a, dtype=np.int64),
    )
    solver.add_arcs_with_capacity_and_unit_cost(
        a + np.arange(b),
        np.full(b, sink),
        capacities[mentor_ids].astype(np.int64),
        np.zeros(b, dtype=np.int64),
    )
    # the source offers a unit per mentee; the sink takes what it can get
    solver.set_node_supply(source, a)
    solver.set_node_supply(sink, -a)
    status = solver.solve_max_flow_with_min_cost()
    if status != solver.OPTIMAL:  # pragma: no cover - the graph is always feasible
        raise RuntimeError(f"min cost flow failed: {status}")
    used = solver.flows(edges) > 0
    return np.stack([m[used], s[used]], axis=1), int(w[used].sum())


def brute_force(problem: Problem) -> tuple[int, int]:
    """(matched, score) of the best assignment by trying every choice: the
    independent check of ``solve`` on small problems (tests)."""
    problem, _notes = check(problem)
    by_mentee: list[list[tuple[int, int]]] = [[] for _ in range(problem.mentees)]
    for a, b, c in zip(
        problem.edge_mentee, problem.edge_mentor, problem.edge_score, strict=True
    ):
        by_mentee[int(a)].append((int(b), int(c)))
    room = [int(c) for c in problem.capacities]
    best = (0, 0)

    def walk(i: int, matched: int, score: int) -> None:
        nonlocal best
        if i == problem.mentees:
            best = max(best, (matched, score))
            return
        walk(i + 1, matched, score)
        for mentor, c in by_mentee[i]:
            if room[mentor]:
                room[mentor] -= 1
                walk(i + 1, matched + 1, score + c)
                room[mentor] += 1

    walk(0, 0, 0)
    return best


def stable(
    problem: Problem,
    mentee_prefers: list[list[int]],
    mentor_priority: list[dict[int, int]],
) -> Solution:
    """A stable assignment (the hospitals/residents game, mentees proposing):
    no mentee and mentor both prefer each other to what they got.
    ``mentee_prefers[i]`` lists the mentors mentee ``i`` may have, best
    first (only allowed edges count); ``mentor_priority[j][i]`` orders
    mentor ``j``'s mentees, lower first. Usually fewer mentees are matched,
    or with less score, than by ``solve``: the run shows the difference."""
    problem, notes = check(problem)
    # an edge by its key mentee × mentors + mentor: ints hash faster than pairs
    width = len(problem.capacities)
    keys = problem.edge_mentee * width + problem.edge_mentor
    allowed = dict(zip(keys.tolist(), problem.edge_score.tolist(), strict=True))
    lists = [
        [j for j in mentee_prefers[i] if i * width + j in allowed]
        for i in range(problem.mentees)
    ]
    nxt = [0] * problem.mentees
    held: list[list[tuple[int, int]]] = [[] for _ in problem.capacities]  # heaps
    free = [i for i in range(problem.mentees) if lists[i]]
    while free:
        i = free.pop()
        if nxt[i] >= len(lists[i]):
            continue
        j = lists[i][nxt[i]]
        nxt[i] += 1
        capacity = int(problem.capacities[j])
        if capacity <= 0:
            free.append(i)
            continue
        # a max-heap of the held mentees by priority (worst on top)
        heapq.heappush(held[j], (-mentor_priority[j].get(i, 1 << 30), i))
        if len(held[j]) > capacity:
            _worst, rejected = heapq.heappop(held[j])
            free.append(rejected)
    pairs = sorted((i, j) for j, heap in enumerate(held) for _p, i in heap)
    result = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    score = sum(allowed[i * width + j] for i, j in pairs)
    return Solution(pairs=result, score=score, dropped=notes)
