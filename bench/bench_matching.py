"""Matching: ``python -m nastavnik.matching solve`` against a plain script.

The issue's target (issue 13): on instances of the shared generator
(bench/gen_matching.py, a copy of ../shared/bench/gen_matching.py) at
school, municipality and region size, the whole ``solve`` process — from
reading the JSON to printing the answer — takes at most half as long as a
plain script that loads the same JSON with ``json`` and solves it with
OR-Tools' ``SimpleMinCostFlow`` on the whole graph (bench/matching_plain.py),
and its answer is exactly optimal: as many pairs and the same total score as
the plain script's, and, at school size, as an independent exact solver (the
linear programme of the assignment, whose optimum is whole, solved by
OR-Tools' simplex GLOP). Each answer is checked to be a valid assignment.

Each process is timed from start to exit, best of five rounds in which the
two take turns (at 0.15 s a busy moment of the machine would otherwise fall
on one side only), with the package compiled to bytecode first, as an
installed app runs (a shell with PYTHONDONTWRITEBYTECODE would otherwise
compile it on every run; numpy and OR-Tools come compiled from their wheels,
and the plain script is one small file). BENCH_SHORT=1 runs the school and
the municipality only (the region's file takes a minute to generate).

At school size start-up is most of the time: the interpreter and OR-Tools'
import take about 0.09 s of the CLI's 0.15–0.17 s, and numpy's import alone
0.10–0.15 s of the plain script's. So a file of up to SMALL_FILE bytes
(nastavnik/matching/__main__.py) is solved without numpy, over lists; the
crossover, measured whole process against whole process on this 2-core
machine: 60 000 edges (0.9 MB) 0.17 s by lists against 0.23 s by numpy,
150 000 edges (2.3 MB) about even (0.33 s), 300 000 edges (4.7 MB) 0.58 s
against 0.44 s.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# A copy of ../shared/bench/gen_matching.py, so that a clone runs on its own.
GENERATOR = HERE / "gen_matching.py"
SHORT = os.environ.get("BENCH_SHORT", "") not in ("", "0")
TARGET_RATIO = 0.5
REPEAT = 5

# (name, mentees, mentors, degree, seed, skew) of the generator
SIZES = [
    ("school", 2000, 300, 30, 3, 1.0),
    ("municipality", 20000, 3000, 50, 7, 1.0),
]
if not SHORT:
    SIZES += [
        ("municipality, skewed", 20000, 3000, 50, 8, 0.6),
        ("region", 150000, 25000, 30, 11, 1.0),
    ]


def _generate(path: Path, mentees, mentors, degree, seed, skew) -> None:
    arguments = ["--mentees", mentees, "--mentors", mentors, "--degree", degree]
    arguments += ["--seed", seed, "--skew", skew]
    with path.open("wb") as out:
        subprocess.run(
            [sys.executable, str(GENERATOR), *map(str, arguments)],
            stdout=out,
            check=True,
        )


def _timed(*commands: list[str]) -> list[tuple[float, bytes, bytes]]:
    """The best wall time of each command over ``REPEAT`` rounds, with its
    last run's output. The commands take turns in each round, so that a
    busy moment of the machine falls on both sides rather than on one."""
    best = [float("inf")] * len(commands)
    done = [None] * len(commands)
    for _ in range(REPEAT):
        for n, command in enumerate(commands):
            start = time.perf_counter()
            done[n] = subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
            best[n] = min(best[n], time.perf_counter() - start)
    return [(s, d.stdout, d.stderr) for s, d in zip(best, done, strict=True)]


def _figures(instance: dict, answer: bytes) -> tuple[int, int]:
    """(pairs, total score) of a valid answer; raises on an invalid one."""
    pairs = np.array(json.loads(answer)["pairs"], dtype=np.int64).reshape(-1, 2)
    edges = np.array(instance["edges"], dtype=np.int64).reshape(-1, 3)
    mentors = len(instance["mentors"])
    score = {
        int(a) * mentors + int(b): int(c) for a, b, c in zip(*edges.T, strict=True)
    }
    keys = pairs[:, 0] * mentors + pairs[:, 1]
    if len(np.unique(pairs[:, 0])) != len(pairs):
        raise RuntimeError("a mentee is matched twice")
    load = np.bincount(pairs[:, 1], minlength=mentors)
    capacity = np.array([m["capacity"] for m in instance["mentors"]])
    if (load > capacity).any():
        raise RuntimeError("a mentor is over capacity")
    if any(int(k) not in score for k in keys):
        raise RuntimeError("a pair is not an allowed edge")
    return len(pairs), sum(score[int(k)] for k in keys)


def _linear_programme(instance: dict) -> tuple[int, int]:
    """(pairs, score) of the optimum by the simplex method: maximise
    ``BIG × pairs + score`` with each mentee at most once and each mentor at
    most its capacity (the constraint matrix is totally unimodular, so the
    optimum is whole)."""
    from ortools.linear_solver import pywraplp

    solver = pywraplp.Solver.CreateSolver("GLOP")
    edges = instance["edges"]
    big = 1000 * len(instance["mentees"]) + 1
    x = [solver.NumVar(0, 1, "") for _ in edges]
    by_mentee: dict[int, list] = {}
    by_mentor: dict[int, list] = {}
    for var, (a, b, _c) in zip(x, edges, strict=True):
        by_mentee.setdefault(a, []).append(var)
        by_mentor.setdefault(b, []).append(var)
    for variables in by_mentee.values():
        solver.Add(sum(variables) <= 1)
    for b, variables in by_mentor.items():
        solver.Add(sum(variables) <= instance["mentors"][b]["capacity"])
    objective = solver.Objective()
    for var, (_a, _b, c) in zip(x, edges, strict=True):
        objective.SetCoefficient(var, big + c)
    objective.SetMaximization()
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        raise RuntimeError("the linear programme found no optimum")
    chosen = [e for var, e in zip(x, edges, strict=True) if var.solution_value() > 0.5]
    return len(chosen), sum(c for _a, _b, c in chosen)


def run() -> list[dict]:
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "nastavnik")],
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": ""},
        check=True,
    )
    rows = []
    with tempfile.TemporaryDirectory(prefix="nastavnik-matching-") as tmp:
        for name, *shape in SIZES:
            path = Path(tmp) / "instance.json"
            print(f"matching: generating the {name}…", file=sys.stderr, flush=True)
            _generate(path, *shape)
            instance = json.loads(path.read_bytes())
            (plain_s, plain_out, plain_err), (ours_s, ours_out, _) = _timed(
                [sys.executable, str(HERE / "matching_plain.py"), str(path)],
                [sys.executable, "-m", "nastavnik.matching", "solve", str(path)],
            )
            ours = _figures(instance, ours_out)
            plain = _figures(instance, plain_out)
            reported = json.loads(plain_err.decode().strip().splitlines()[-1])
            if plain != (reported["matched"], reported["score"]):
                raise RuntimeError(f"{name}: the plain script's figures disagree")
            if ours != plain:
                raise RuntimeError(f"{name}: not optimal: {ours} against {plain}")
            if name == "school" and ours != _linear_programme(instance):
                raise RuntimeError(f"{name}: the linear programme disagrees")
            mentees, mentors = len(instance["mentees"]), len(instance["mentors"])
            rows.append(
                {
                    "name": (
                        f"matching solve: {name} ({mentees}×{mentors}, "
                        f"{len(instance['edges'])} edges; {ours[0]} pairs, optimal)"
                    ),
                    "baseline_s": plain_s,
                    "measured_s": ours_s,
                    "ratio": ours_s / plain_s,
                    "target_ratio": TARGET_RATIO,
                }
            )
    return rows


if __name__ == "__main__":
    print(json.dumps(run(), ensure_ascii=False, indent=2))
