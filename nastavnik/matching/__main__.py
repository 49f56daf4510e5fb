"""``python -m nastavnik.matching solve INSTANCE.json``: the optimal
assignment of a ``match-instance/1`` file as ``{"pairs": [...]}`` on stdout
(the contract of ../shared/DESIGN.md). What it had to leave out of the file
(edges naming nobody, scores out of range) is said on stderr; a file it
cannot read gives a message and exit status 2, never a traceback."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nastavnik.matching import algorithm, instances


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nastavnik.matching")
    commands = parser.add_subparsers(dest="command", required=True)
    solve = commands.add_parser("solve", help="solve a match-instance/1 file")
    solve.add_argument("instance", type=Path)
    solve.add_argument(
        "--min-score",
        type=int,
        default=0,
        help="leave a mentee unmatched rather than give them a pair scoring less",
    )
    args = parser.parse_args(argv)
    try:
        data = args.instance.read_bytes()
        problem, _mentees, _mentors = instances.parse(data)
    except OSError as error:
        print(f"cannot read {args.instance}: {error.strerror}", file=sys.stderr)
        return 2
    except instances.BadInstance as error:
        print(f"{args.instance}: {error}", file=sys.stderr)
        return 2
    solution = algorithm.solve(problem, min_score=args.min_score)
    for note in solution.dropped:
        print(f"{args.instance}: {note}", file=sys.stderr)
    sys.stdout.write(instances.dump(solution))
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
