"""The assignment of ``algorithm.solve`` over plain lists, without numpy: the
path of ``python -m nastavnik.matching solve`` for a school-sized file.

A school's instance is solved in a few hundredths of a second, while
importing numpy takes a tenth: the whole process is quicker when it builds
OR-Tools' graph arc by arc from Python lists. The graph and the objective
are those of ``algorithm`` (its docstring says why a max flow of min cost is
the optimum), on the whole graph at once (finding its components in Python
would cost more than it saves), and so are the notes on the edges it cannot
use. The tests hold it against ``algorithm.brute_force`` and against
``algorithm.solve``.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import deque
from itertools import compress, repeat

from ortools.graph.python import min_cost_flow

MAX_SCORE = 1000


def check(
    mentees: int, capacities: list[int], edges: list[int]
) -> tuple[list[int], list[int], list[str]]:
    """``algorithm.check`` over lists: the capacities (none negative) and the
    edges (flat: mentee, mentor, score, …) it can use, and notes on the
    others. Valid input is recognised at C speed, from the sets of the
    mentors and scores named and the first and last mentee."""
    notes = []
    tails, heads, scores = edges[0::3], edges[1::3], edges[2::3]
    if tails:
        rising = _rising(tails)
        low, high = (tails[0], tails[-1]) if rising else (min(tails), max(tails))
        named, scored = set(heads), set(scores)
        within = (
            low >= 0
            and high < mentees
            and min(named) >= 0
            and max(named) < len(capacities)
            and min(scored) >= 1
            and max(scored) <= MAX_SCORE
        )
        if not within:
            edges = _usable(mentees, len(capacities), tails, heads, scores, notes)
    negative = sum(1 for c in capacities if c < 0)
    if negative:
        notes.append(f"{negative} mentors have a negative capacity")
        capacities = [max(c, 0) for c in capacities]
    return capacities, edges, notes


def _usable(mentees, mentors, tails, heads, scores, notes) -> list[int]:
    """The edges (flat) naming a listed mentee and mentor with a score in
    1..1000; what the others were is added to ``notes``."""
    kept, unknown, unscored = [], 0, 0
    for a, b, c in zip(tails, heads, scores, strict=True):
        if not (0 <= a < mentees and 0 <= b < mentors):
            unknown += 1
        elif not 1 <= c <= MAX_SCORE:
            unscored += 1
        else:
            kept += (a, b, c)
    if unknown:
        notes.append(f"{unknown} edges name a mentee or mentor not listed")
    if unscored:
        notes.append(f"{unscored} edges have a score outside 1..1000")
    return kept


def _rising(values: list[int]) -> bool:
    """Whether ``values`` never go down (a sorted list is one run: quick)."""
    return values == sorted(values)


def solve(
    mentees: int, capacities: list[int], edges: list[int], *, min_score: int = 0
) -> tuple[list[tuple[int, int]], int, list[str]]:
    """The optimal pairs (mentee, mentor) in mentee order, their total score
    and the notes of ``check``: most mentees matched, then the largest total
    score, with no edge scoring under ``min_score``. ``edges`` is flat:
    mentee, mentor, score, mentee, mentor, score, …"""
    capacities, edges, notes = check(mentees, capacities, edges)
    tails, heads, scores = edges[0::3], edges[1::3], edges[2::3]
    if min_score > 1:
        usable = [c >= min_score for c in scores]
        tails, heads, scores = (
            list(compress(x, usable)) for x in (tails, heads, scores)
        )
    if not tails:
        return [], 0, notes
    # nodes: mentees 0..n-1, mentors n..n+m-1, the source and the sink;
    # arcs: the edges 0..e-1, then source → mentee, then mentor → sink
    n, m, e = mentees, len(capacities), len(tails)
    source, sink = n + m, n + m + 1
    solver = min_cost_flow.SimpleMinCostFlow()
    add = solver.add_arc_with_capacity_and_unit_cost
    _each(
        add, tails, map(n.__add__, heads), repeat(1, e), map(MAX_SCORE.__sub__, scores)
    )
    _each(add, repeat(source, n), range(n), repeat(1, n), repeat(0, n))
    _each(add, range(n, n + m), repeat(sink, m), capacities, repeat(0, m))
    # the source offers a unit per mentee; the sink takes what it can get
    solver.set_node_supply(source, n)
    solver.set_node_supply(sink, -n)
    status = solver.solve_max_flow_with_min_cost()
    if status != solver.OPTIMAL:  # pragma: no cover - the graph is always feasible
        raise RuntimeError(f"min cost flow failed: {status}")
    flow = solver.flow
    matched = compress(range(n), map(flow, range(e, e + n)))
    if _rising(tails):
        # edges in mentee order (as the generator writes them): read each
        # matched mentee's arcs up to the one that carries the unit
        used = []
        for mentee in matched:
            arc = bisect_left(tails, mentee)
            while not flow(arc):
                arc += 1
            used.append(arc)
    else:
        used = sorted(compress(range(e), map(flow, range(e))), key=tails.__getitem__)
    pairs = [(tails[arc], heads[arc]) for arc in used]
    return pairs, sum(scores[arc] for arc in used), notes


def _each(function, *arguments) -> None:
    """Call ``function`` over the arguments in step, at C speed."""
    deque(map(function, *arguments), maxlen=0)
