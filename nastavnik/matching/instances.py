"""Matching instances as files: the format ``match-instance/1`` of
../shared/bench/README.md, read into an ``algorithm.Problem``, and the
solution written back.

    {"format": "match-instance/1",
     "mentors": [{"id": "t0", "capacity": 3}, ...],
     "mentees": [{"id": "s0"}, ...],
     "edges":   [[mentee_index, mentor_index, score], ...]}

A municipality's file holds a million edges, and parsing them into Python
lists costs more than solving: the edges, a flat run of integers between
brackets, are read by numpy straight from the text, and only the short
lists of mentors and mentees go through ``json``.
"""

from __future__ import annotations

import json
import re
import warnings

import numpy as np

from nastavnik.matching.algorithm import Problem, Solution

FORMAT = "match-instance/1"
_EDGES = re.compile(rb'"edges"\s*:\s*\[')
_BRACKETS = bytes.maketrans(b"[]", b"  ")
_NUMBERS = b"0123456789-,[] \t\r\n"


class BadInstance(ValueError):
    """The file cannot be read as an instance; the message says why."""


def _edges_span(data: bytes) -> tuple[int, int] | None:
    """Where the inside of the edges array starts and ends in ``data``, or
    None when the text is not laid out so (then everything goes through
    json): the array ends at the first «]]» (or is «[]»), and holds nothing
    but integers, commas, brackets and spaces."""
    found = _EDGES.search(data)
    if found is None:
        return None
    start = found.end()
    if data[start:].lstrip()[:1] == b"]":
        return start, start  # no edges
    end = data.find(b"]]", start)
    if end < 0 or data[start:end].translate(None, _NUMBERS):
        return None
    return start, end + 1


def _integers(flat: str) -> np.ndarray:
    """The comma-separated integers of ``flat``, parsed in C."""
    if not flat.strip():
        return np.zeros(0, dtype=np.int64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        values = np.fromstring(flat, dtype=np.int64, sep=",")
    if len(values) != flat.count(",") + 1:
        raise BadInstance("the edges hold something other than integers")
    return values


def parse(data: bytes) -> tuple[Problem, list[str], list[str]]:
    """The problem and the ids of mentees and mentors, from the file's bytes."""
    span = _edges_span(data)
    if span is None:
        rest, edges = data, None
    else:
        start, end = span
        rest = data[:start] + data[end:]
        edges = _integers(data[start:end].translate(_BRACKETS).decode("ascii"))
    try:
        document = json.loads(rest)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BadInstance(f"the file is not JSON: {error}") from None
    if not isinstance(document, dict):
        raise BadInstance("the file is not an instance: a JSON object is expected")
    if document.get("format", FORMAT) != FORMAT:
        raise BadInstance(
            f"unknown format {document.get('format')!r}: {FORMAT} expected"
        )
    try:
        mentors = document["mentors"]
        mentees = document["mentees"]
        capacities = np.array([int(m["capacity"]) for m in mentors], dtype=np.int64)
        mentor_ids = [str(m.get("id", n)) for n, m in enumerate(mentors)]
        mentee_ids = [str(m.get("id", n)) for n, m in enumerate(mentees)]
        if edges is None:
            edges = np.array(
                [[int(v) for v in edge] for edge in document.get("edges", [])],
                dtype=np.int64,
            )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise BadInstance(f"the file is not an instance: {error!r}") from None
    if edges.size % 3 or (edges.ndim == 2 and edges.shape[1:] != (3,)):
        raise BadInstance("each edge must be [mentee_index, mentor_index, score]")
    table = edges.reshape(-1, 3)
    problem = Problem(
        mentees=len(mentee_ids),
        capacities=capacities,
        edge_mentee=table[:, 0],
        edge_mentor=table[:, 1],
        edge_score=table[:, 2],
    )
    return problem, mentee_ids, mentor_ids


def dump(solution: Solution) -> str:
    """The solution as ``{"pairs": [[mentee_index, mentor_index], ...]}``."""
    flat = solution.pairs.ravel().tolist()
    body = ",".join(f"[{a},{b}]" for a, b in zip(flat[::2], flat[1::2], strict=True))
    return f'{{"pairs":[{body}]}}'
