"""``python -m nastavnik.matching solve INSTANCE.json``: the contract of
DESIGN.md, on good files, on files laid out otherwise, and on bad ones."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

from nastavnik.matching import instances

INSTANCE = {
    "format": "match-instance/1",
    "mentors": [{"id": "t0", "capacity": 1}, {"id": "t1", "capacity": 2}],
    "mentees": [{"id": "s0"}, {"id": "s1"}, {"id": "s2"}],
    "edges": [[0, 0, 900], [0, 1, 100], [1, 0, 500], [2, 1, 300]],
}


def _solve(content: str | bytes, *args: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "instance.json"
        if isinstance(content, str):
            content = content.encode()
        path.write_bytes(content)
        return subprocess.run(
            [sys.executable, "-m", "nastavnik.matching", "solve", str(path), *args],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=60,
        )


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
        done = _solve(json.dumps(INSTANCE), "--min-score", "400")
        self.assertEqual(json.loads(done.stdout)["pairs"], [[0, 0]])

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
        done = subprocess.run(
            [sys.executable, "-m", "nastavnik.matching", "solve", "/nonexistent.json"],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=60,
        )
        self.assertEqual(done.returncode, 2)
        self.assertIn("cannot read /nonexistent.json", done.stderr)


class ParseTestCase(SimpleTestCase):
    def test_the_fast_path_and_json_read_the_same_edges(self) -> None:
        compact = json.dumps(INSTANCE, separators=(",", ":")).encode()
        spaced = json.dumps(INSTANCE, indent=1).encode()
        self.assertIsNotNone(instances._edges_span(compact))
        fast, mentees, mentors = instances.parse(compact)
        slow, *_ = instances.parse(spaced)
        self.assertEqual(mentees, ["s0", "s1", "s2"])
        self.assertEqual(mentors, ["t0", "t1"])
        for field in ("edge_mentee", "edge_mentor", "edge_score", "capacities"):
            self.assertEqual(
                getattr(fast, field).tolist(), getattr(slow, field).tolist()
            )
