"""Run the benchmarks: ``make bench`` (or ``.venv/bin/python bench/run.py``).

Every ``bench/bench_*.py`` module, and ``bench/pages.py``, has
``run() -> list[dict]`` returning rows {"name", "baseline_s", "measured_s",
"ratio", "target_ratio"}: times, where the ratio must stay at most the target.
A row with "higher_is_better" has "baseline", "measured" and "unit" instead
(requests per second), its ratio must reach the target, and "p95_ms" beside;
a row with "max_p95_ms" must keep its p95 under it, and one with "errors"
must have none. A row whose "target_ratio" is None is reported for
comparison and holds no target.
Each module runs in a process of its own (each may set Django up its own way).
Prints one table, writes bench/results.json, and exits 1 when a module fails or
a ratio misses its target. With BENCH_SHORT=1 (CI) the modules run short and
only a failing module fails the run: short timings on a shared machine are
too noisy to hold against a target.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"
SHORT = os.environ.get("BENCH_SHORT", "") not in ("", "0")


def _run_module(name: str) -> list[dict]:
    """Run one module in a child process; its last stdout line is the JSON rows."""
    done = subprocess.run(
        [sys.executable, __file__, "--module", name],
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{name} failed with exit code {done.returncode}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _ok(row: dict) -> bool:
    if row.get("errors") or row.get("p95_ms", 0) > row.get("max_p95_ms", 1e9):
        return False
    if row["target_ratio"] is None:
        return True
    if row.get("higher_is_better"):
        return row["ratio"] >= row["target_ratio"]
    return row["ratio"] <= row["target_ratio"]


def _cells(row: dict) -> tuple[str, ...]:
    if row.get("higher_is_better"):
        unit = row["unit"]
        figures = (
            f"{row['baseline']:.1f} {unit}",
            f"{row['measured']:.1f} {unit}",
            f"{row['p95_ms']:.0f} ms",
            f"{row['ratio']:.2f}×",
            "—" if row["target_ratio"] is None else f"≥ {row['target_ratio']}",
        )
    else:
        figures = (
            f"{row['baseline_s']:.3f} s",
            f"{row['measured_s']:.3f} s",
            "",
            f"{row['ratio']:.2f}×",
            f"≤ {row['target_ratio']}",
        )
    result = "ok" if _ok(row) else "ERRORS" if row.get("errors") else "TOO SLOW"
    return (row["name"], *figures, result)


def _table(rows: list[dict]) -> str:
    header = ("benchmark", "baseline", "measured", "p95", "ratio", "target", "result")
    lines = [_cells(row) for row in rows]
    widths = [
        max(len(line[i]) for line in [header, *lines]) for i in range(len(header))
    ]
    out = []
    for i, line in enumerate([header, *lines]):
        out.append(
            "  ".join(
                cell.ljust(width) for cell, width in zip(line, widths, strict=True)
            )
        )
        if i == 0:
            out.append("  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in out)


def main() -> int:
    if sys.argv[1:2] == ["--module"]:
        sys.path.insert(0, str(HERE))
        module = importlib.import_module(sys.argv[2])
        print(json.dumps(module.run()))
        return 0
    names = [
        *sorted(path.stem for path in HERE.glob("bench_*.py")),
        *("pages", "faults", "load"),
    ]
    rows, failed = [], []
    with tempfile.TemporaryDirectory(prefix="nastavnik-bench-") as cache:
        # faults and load start from one demo database (bench/serving.py).
        os.environ["BENCH_DEMO_CACHE"] = cache
        for name in names:
            print(f"running {name}…", file=sys.stderr, flush=True)
            started = time.monotonic()
            try:
                rows += _run_module(name)
            except (RuntimeError, ValueError, IndexError) as e:
                failed.append(name)
                print(e, file=sys.stderr)
            took = time.monotonic() - started
            print(f"{name}: {took:.0f} s", file=sys.stderr, flush=True)
    RESULTS.write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    print(_table(rows))
    too_slow = [row["name"] for row in rows if not _ok(row)]
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    if too_slow and SHORT:
        print("BENCH_SHORT: targets not enforced on a short run", file=sys.stderr)
    return 1 if failed or (too_slow and not SHORT) else 0


if __name__ == "__main__":
    sys.exit(main())
