"""``python -m nastavnik.matching solve INSTANCE.json``: the optimal
assignment of a ``match-instance/1`` file as ``{"pairs": [...]}`` on stdout
(the contract of ../shared/DESIGN.md). What it had to leave out of the file
(edges naming nobody, scores out of range) is said on stderr; a file it
cannot read, or a command it does not know, gives a message and exit status
2, never a traceback.

Most of a school's time is the process's start-up, so the command imports
only what its path needs: a file of up to ``SMALL_FILE`` bytes is solved
over plain lists (``small``: OR-Tools without numpy, whose import alone
takes longer than solving a school), a larger one with numpy, component by
component (``algorithm``). The two arguments are read by hand: argparse and
what it pulls in (gettext, locale, shutil) cost a few hundredths more.
"""

from __future__ import annotations

import sys

from nastavnik.matching import instances

# About 100 000 edges: below it the lists are quicker, above it numpy
# (measured in bench/bench_matching.py's docstring).
SMALL_FILE = 1_500_000

USAGE = "usage: python -m nastavnik.matching solve INSTANCE.json [--min-score N]"
HELP = f"""{USAGE}

Print the optimal assignment of a match-instance/1 file: most mentees
matched, then the largest total score.

  --min-score N  leave a mentee unmatched rather than give them a pair
                 scoring less than N
"""


class BadCommand(ValueError):
    """The command line is not ``solve INSTANCE.json [--min-score N]``."""


def arguments(argv: list[str]) -> tuple[str, int]:
    """The instance's path and the minimum score of the command line."""
    if not argv or argv[0] != "solve":
        raise BadCommand("the command is: solve")
    path, min_score, words = None, 0, list(argv[1:])
    while words:
        word = words.pop(0)
        if word.startswith("--min-score="):
            word, value = word.split("=", 1)
            words.insert(0, value)
        if word == "--min-score":
            if not words or not words[0].lstrip("-").isdigit():
                raise BadCommand("--min-score needs a whole number")
            min_score = int(words.pop(0))
        elif word.startswith("-") or path is not None:
            raise BadCommand(f"unrecognised argument: {word}")
        else:
            path = word
    if path is None:
        raise BadCommand("the instance file is missing")
    return path, min_score


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if {"-h", "--help"} & set(argv):
        sys.stdout.write(HELP)
        return 0
    try:
        path, min_score = arguments(argv)
    except BadCommand as error:
        print(f"{USAGE}\nerror: {error}", file=sys.stderr)
        return 2
    try:
        with open(path, "rb") as file:
            data = file.read()
        if len(data) <= SMALL_FILE:
            pairs, notes = _solve_small(data, min_score)
        else:
            pairs, notes = _solve_large(data, min_score)
    except OSError as error:
        print(f"cannot read {path}: {error.strerror}", file=sys.stderr)
        return 2
    except instances.BadInstance as error:
        print(f"{path}: {error}", file=sys.stderr)
        return 2
    for note in notes:
        print(f"{path}: {note}", file=sys.stderr)
    sys.stdout.write(instances.dump(pairs))
    sys.stdout.write("\n")
    return 0


def _solve_small(data: bytes, min_score: int) -> tuple[list, list[str]]:
    """The pairs and the notes, over plain lists (no numpy)."""
    from nastavnik.matching import small

    capacities, edges, mentee_ids, _mentor_ids = instances.read(data)
    pairs, _score, notes = small.solve(
        len(mentee_ids), capacities, edges, min_score=min_score
    )
    return pairs, notes


def _solve_large(data: bytes, min_score: int) -> tuple[list, list[str]]:
    """The pairs and the notes, with numpy, component by component."""
    from nastavnik.matching import algorithm

    problem, _mentee_ids, _mentor_ids = instances.parse(data)
    solution = algorithm.solve(problem, min_score=min_score)
    return solution.pairs.tolist(), solution.dropped


if __name__ == "__main__":
    sys.exit(main())
