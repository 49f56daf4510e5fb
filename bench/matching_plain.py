"""The yardstick of the matching benchmark: a plain script that loads a
match-instance/1 file with ``json`` and solves it with OR-Tools'
``SimpleMinCostFlow`` on the whole graph (max flow of min cost, the arcs
added as numpy arrays). It prints the solution, and on stderr one JSON line
with the number of pairs and their total score, which the benchmark
compares with ``nastavnik.matching``'s answer.

    python bench/matching_plain.py INSTANCE.json
"""

from __future__ import annotations

import json
import sys

import numpy as np
from ortools.graph.python import min_cost_flow


def main(path: str) -> None:
    with open(path, "rb") as f:
        instance = json.load(f)
    mentees, mentors = len(instance["mentees"]), len(instance["mentors"])
    capacities = np.array([m["capacity"] for m in instance["mentors"]], dtype=np.int64)
    edges = np.array(instance["edges"], dtype=np.int64).reshape(-1, 3)
    source, sink = mentees + mentors, mentees + mentors + 1
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        edges[:, 0],
        mentees + edges[:, 1],
        np.ones(len(edges), dtype=np.int64),
        1000 - edges[:, 2],
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        np.full(mentees, source),
        np.arange(mentees),
        np.ones(mentees, dtype=np.int64),
        np.zeros(mentees, dtype=np.int64),
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        mentees + np.arange(mentors),
        np.full(mentors, sink),
        capacities,
        np.zeros(mentors, dtype=np.int64),
    )
    flow.set_node_supply(source, mentees)
    flow.set_node_supply(sink, -mentees)
    if flow.solve_max_flow_with_min_cost() != flow.OPTIMAL:
        raise SystemExit("min cost flow failed")
    used = flow.flows(arcs) > 0
    pairs = edges[used]
    print(json.dumps({"pairs": pairs[:, :2].tolist()}, separators=(",", ":")))
    figures = {"matched": int(used.sum()), "score": int(pairs[:, 2].sum())}
    print(json.dumps(figures), file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
