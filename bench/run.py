"""Run the benchmarks: ``make bench`` (or ``.venv/bin/python bench/run.py``).

Every ``bench/bench_*.py`` module has ``run() -> list[dict]`` returning rows
{"name", "baseline_s", "measured_s", "ratio", "target_ratio"}. Each module
runs in a process of its own (each may set Django up its own way). Prints one
table, writes bench/results.json, and exits 1 when a ratio exceeds its target.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"


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


def _table(rows: list[dict]) -> str:
    header = ("benchmark", "baseline, s", "measured, s", "ratio", "target", "result")
    lines = [
        (
            row["name"],
            f"{row['baseline_s']:.3f}",
            f"{row['measured_s']:.3f}",
            f"{row['ratio']:.2f}",
            f"≤ {row['target_ratio']}",
            "ok" if row["ratio"] <= row["target_ratio"] else "TOO SLOW",
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in [header, *lines]) for i in range(6)]
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
    names = sorted(path.stem for path in HERE.glob("bench_*.py"))
    rows, failed = [], []
    for name in names:
        print(f"running {name}…", file=sys.stderr, flush=True)
        try:
            rows += _run_module(name)
        except (RuntimeError, ValueError, IndexError) as e:
            failed.append(name)
            print(e, file=sys.stderr)
    RESULTS.write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    print(_table(rows))
    too_slow = [row["name"] for row in rows if row["ratio"] > row["target_ratio"]]
    return 1 if too_slow or failed else 0


if __name__ == "__main__":
    sys.exit(main())
