"""``python -m nastavnik.matching solve INSTANCE.json``: the contract of
DESIGN.md, on good files, on files laid out otherwise, and on bad ones."""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.test import SimpleTestCase

from nastavnik.matching import __main__ as cli
from nastavnik.matching import instances

INSTANCE = {
    "format": "match-instance/1",
    "mentors": [{"id": "t0", "capacity": 1}, {"id": "t1", "capacity": 2}],
    "mentees": [{"id": "s0"}, {"id": "s1"}, {"id": "s2"}],
    "edges": [[0, 0, 900], [0, 1, 100], [1, 0, 500], [2, 1, 300]],
}


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nastavnik.matching", *args],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _solve(content: str | bytes, *args: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "instance.json"
        if isinstance(content, str):
            content = content.encode()
        path.write_bytes(content)
        return _run("solve", str(path), *args)


def _main(path: Path, *args: str, small_file: int) -> tuple[int, str, str]:
    """The command run in this process with ``SMALL_FILE`` set: (status,
    stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with (
        mock.patch.object(cli, "SMALL_FILE", small_file),
        redirect_stdout(out),
        redirect_stderr(err),
    ):
        status = cli.main(["solve", str(path), *args])
    return status, out.getvalue(), err.getvalue()


class SolveCommandTestCase(SimpleTestCase):
    def test_it_prints_the_optimal_pairs(self) -> None:
        done = _solve(json.dumps(INSTANCE, separators=(",", ":")))
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(json.loads(done.stdout), {"pairs": [[0, 1], [1, 0], [2, 1]]})
        self.assertEqual(done.stderr, "")

    def test_a_pretty_printed_file_gives_the_same_answer(self) -> None:
        for layout in [{"indent": 2}, {"indent": None}, {"indent": "\t"}]:
            with self.subTest(layout=layout):
                done = _solve(json.dumps(INSTANCE, **layout))
                self.assertEqual(
                    json.loads(done.stdout), {"pairs": [[0, 1], [1, 0], [2, 1]]}
                )

    def test_the_edges_may_come_first_or_be_empty(self) -> None:
        reordered = {"edges": INSTANCE["edges"], **INSTANCE}
        done = _solve(json.dumps(reordered))
        self.assertEqual(json.loads(done.stdout)["pairs"], [[0, 1], [1, 0], [2, 1]])
        done = _solve(json.dumps({**INSTANCE, "edges": []}))
        self.assertEqual(json.loads(done.stdout), {"pairs": []})

    def test_an_edge_naming_nobody_is_left_out_and_the_rest_solved(self) -> None:
        bad = {**INSTANCE, "edges": [*INSTANCE["edges"], [9, 0, 50], [1, 5, 50]]}
        done = _solve(json.dumps(bad))
        self.assertEqual(done.returncode, 0)
        self.assertEqual(json.loads(done.stdout)["pairs"], [[0, 1], [1, 0], [2, 1]])
        self.assertIn("2 edges name a mentee or mentor not listed", done.stderr)

    def test_a_minimum_score_is_an_option(self) -> None:
        for option in (["--min-score", "400"], ["--min-score=400"]):
            with self.subTest(option=option):
                done = _solve(json.dumps(INSTANCE), *option)
                self.assertEqual(json.loads(done.stdout)["pairs"], [[0, 0]])

    def test_a_command_it_does_not_know_gives_the_usage(self) -> None:
        cases = [
            ([], "the command is: solve"),
            (["match", "x.json"], "the command is: solve"),
            (["solve"], "the instance file is missing"),
            (["solve", "a.json", "b.json"], "unrecognised argument: b.json"),
            (["solve", "a.json", "--fast"], "unrecognised argument: --fast"),
            (["solve", "a.json", "--min-score"], "--min-score needs a whole number"),
            (["solve", "a.json", "--min-score", "x"], "needs a whole number"),
        ]
        for args, message in cases:
            with self.subTest(args=args):
                done = _run(*args)
                self.assertEqual(done.returncode, 2)
                self.assertIn("usage: python -m nastavnik.matching solve", done.stderr)
                self.assertIn(message, done.stderr)
                self.assertNotIn("Traceback", done.stderr)
                self.assertEqual(done.stdout, "")

    def test_help_says_what_the_command_does(self) -> None:
        done = _run("solve", "--help")
        self.assertEqual(done.returncode, 0)
        self.assertIn("--min-score N", done.stdout)

    def test_a_school_is_solved_without_importing_numpy(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "instance.json"
            path.write_text(json.dumps(INSTANCE))
            code = (
                "import sys; from nastavnik.matching import __main__ as cli; "
                f"cli.main(['solve', {str(path)!r}]); "
                "print('numpy' in sys.modules, file=sys.stderr)"
            )
            done = subprocess.run(
                [sys.executable, "-c", code],
                cwd=settings.BASE_DIR,
                capture_output=True,
                text=True,
                timeout=60,
            )
        self.assertEqual(done.stderr, "False\n")

    def test_bad_files_give_a_message_not_a_traceback(self) -> None:
        cases = [
            ("{not json", "the file is not JSON"),
            ("[1, 2, 3]", "a JSON object is expected"),
            ('{"format": "other/2"}', "unknown format 'other/2'"),
            ('{"mentors": [{"id": "t0"}], "mentees": [], "edges": []}', "capacity"),
            (json.dumps({**INSTANCE, "edges": [[0, 1]]}), "[mentee_index"),
            (json.dumps({**INSTANCE, "edges": [[0, "x", 1]]}), "not an instance"),
            (b"\xff\xfe", "the file is not JSON"),
        ]
        for content, message in cases:
            with self.subTest(content=content):
                done = _solve(content)
                self.assertEqual(done.returncode, 2)
                self.assertIn(message, done.stderr)
                self.assertNotIn("Traceback", done.stderr)
                self.assertEqual(done.stdout, "")

    def test_a_missing_file_says_so(self) -> None:
        done = _run("solve", "/nonexistent.json")
        self.assertEqual(done.returncode, 2)
        self.assertIn("cannot read /nonexistent.json", done.stderr)


def _random_instance(rng: random.Random) -> dict:
    mentees, mentors = rng.randint(0, 60), rng.randint(1, 12)
    edges = [
        [a, b, rng.randint(1, 1000)]
        for a in range(mentees)
        for b in range(mentors)
        if rng.random() < 0.3
    ]
    if rng.random() < 0.5:
        rng.shuffle(edges)
    if edges and rng.random() < 0.3:
        edges += [[mentees + 3, 0, 10], [0, 0, 1001], edges[0]]
    return {
        "format": "match-instance/1",
        "mentors": [
            {"id": f"t{j}", "capacity": rng.randint(-1, 4)} for j in range(mentors)
        ],
        "mentees": [{"id": f"s{i}"} for i in range(mentees)],
        "edges": edges,
    }


class PathsTestCase(SimpleTestCase):
    """A file is solved over lists up to ``SMALL_FILE`` bytes, with numpy
    above: both paths give the same optimum and the same notes."""

    def test_both_paths_give_the_same_optimum_and_notes(self) -> None:
        rng = random.Random(41)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "instance.json"
            for n in range(40):
                instance = _random_instance(rng)
                indent = rng.choice([None, 1])
                path.write_text(json.dumps(instance, indent=indent))
                min_score = str(rng.choice([0, 0, 500]))
                with self.subTest(n=n):
                    small = _main(path, "--min-score", min_score, small_file=10**9)
                    large = _main(path, "--min-score", min_score, small_file=0)
                    self.assertEqual(small[0], 0)
                    self.assertEqual(small[2], large[2])  # the notes
                    self.assertEqual(
                        _figures(instance, small[1]), _figures(instance, large[1])
                    )

    def test_bad_files_give_the_same_message_on_both_paths(self) -> None:
        cases = [
            "{not json",
            json.dumps({**INSTANCE, "edges": [[0, 1]]}),
            json.dumps({**INSTANCE, "edges": [[0, "x", 1]]}),
            json.dumps({**INSTANCE, "edges": [[0, 1, 2, 3], [1]]}, indent=1),
            '{"mentors": [], "mentees": [], "edges": [[0,1-2,1]]}',
            '{"mentors": [], "mentees": [], "edges": [[0,,1,2]]}',
        ]
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "instance.json"
            for content in cases:
                path.write_text(content)
                with self.subTest(content=content):
                    small = _main(path, small_file=10**9)
                    large = _main(path, small_file=0)
                    self.assertEqual(small[0], 2)
                    self.assertEqual(small, large)


def _figures(instance: dict, answer: str) -> tuple[int, int]:
    """(pairs, total score) of an answer, checked to be an assignment."""
    pairs = [tuple(p) for p in json.loads(answer)["pairs"]]
    score = {(a, b): c for a, b, c in instance["edges"]}
    self_check = [p for p in pairs if p in score]
    assert self_check == pairs == sorted(pairs), "pairs are allowed, in order"
    assert len({a for a, _b in pairs}) == len(pairs), "a mentee twice"
    for j, mentor in enumerate(instance["mentors"]):
        assert sum(b == j for _a, b in pairs) <= max(mentor["capacity"], 0)
    return len(pairs), sum(score[p] for p in pairs)


class ParseTestCase(SimpleTestCase):
    def test_every_reading_gives_the_same_edges(self) -> None:
        compact = json.dumps(INSTANCE, separators=(",", ":")).encode()
        spaced = json.dumps(INSTANCE, indent=1).encode()
        # edges with a float are read by json whole, not as a run of integers
        floated = json.dumps(
            {**INSTANCE, "edges": [[0, 0, 900.0], *INSTANCE["edges"][1:]]}
        )
        self.assertIsNotNone(instances._edges_span(compact))
        self.assertIsNone(instances._edges_span(floated.encode()))
        flat = [v for edge in INSTANCE["edges"] for v in edge]
        for data in (compact, spaced, floated.encode()):
            with self.subTest(data=data):
                problem, mentees, mentors = instances.parse(data)
                self.assertEqual(mentees, ["s0", "s1", "s2"])
                self.assertEqual(mentors, ["t0", "t1"])
                self.assertEqual(problem.capacities.tolist(), [1, 2])
                table = [problem.edge_mentee, problem.edge_mentor, problem.edge_score]
                rows = zip(*(column.tolist() for column in table), strict=True)
                self.assertEqual([list(row) for row in rows], INSTANCE["edges"])
                capacities, edges, mentees, mentors = instances.read(data)
                self.assertEqual((capacities, edges), ([1, 2], flat))
                self.assertEqual((mentees, mentors), (["s0", "s1", "s2"], ["t0", "t1"]))

    def test_a_capacity_beyond_every_mentee_counts_as_every_mentee(self) -> None:
        huge = {
            **INSTANCE,
            "mentors": [{"id": "t0", "capacity": 10**30}, {"id": "t1", "capacity": 1}],
        }
        capacities, *_ = instances.read(json.dumps(huge).encode())
        self.assertEqual(capacities, [3, 1])
