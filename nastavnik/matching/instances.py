"""Matching instances as files: the format ``match-instance/1`` of
../shared/bench/README.md, read into plain lists (``read``, for
``small.solve``) or into an ``algorithm.Problem`` (``parse``), and the
solution written back.

    {"format": "match-instance/1",
     "mentors": [{"id": "t0", "capacity": 3}, ...],
     "mentees": [{"id": "s0"}, ...],
     "edges":   [[mentee_index, mentor_index, score], ...]}

A municipality's file holds a million edges, and parsing them into lists of
lists costs more than solving: the edges, a flat run of integers between
brackets, are read straight from the text (by ``json`` as one flat list, or
by numpy into an array), and only the short lists of mentors and mentees go
through ``json`` as objects. This module imports numpy only in ``parse``: a
school's file is solved in less time than numpy takes to import.
"""

from __future__ import annotations

import json
import re

FORMAT = "match-instance/1"
_EDGES = re.compile(rb'"edges"\s*:\s*\[')
_BRACKETS = bytes.maketrans(b"[]", b"  ")
_NUMBERS = b"0123456789-,[] \t\r\n"
_EDGE_SHAPE = "each edge must be [mentee_index, mentor_index, score]"
_NOT_INTEGERS = "the edges hold something other than integers"


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


def _document(
    data: bytes,
) -> tuple[dict, bytes | None, list[int], list[str], list[str]]:
    """The instance without its edges, the edges as a flat comma-separated
    run of integers when the text has them so (else None: they are in the
    document), the mentors' capacities, the ids of mentees and mentors."""
    span = _edges_span(data)
    if span is None:
        rest, flat = data, None
    else:
        start, end = span
        rest, flat = data[:start] + data[end:], data[start:end].translate(_BRACKETS)
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
        # a mentor cannot take more than every mentee: the bound keeps the
        # capacities within the solver's integers
        capacities = [min(int(m["capacity"]), len(mentees)) for m in mentors]
        mentor_ids = [str(m.get("id", n)) for n, m in enumerate(mentors)]
        mentee_ids = [str(m.get("id", n)) for n, m in enumerate(mentees)]
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise BadInstance(f"the file is not an instance: {error!r}") from None
    return document, flat, capacities, mentee_ids, mentor_ids


def _listed_edges(document: dict) -> list[list[int]]:
    """The edges of a document whose edges json has read, as integers."""
    try:
        return [[int(v) for v in edge] for edge in document.get("edges", [])]
    except (TypeError, ValueError, AttributeError) as error:
        raise BadInstance(f"the file is not an instance: {error!r}") from None


def read(data: bytes) -> tuple[list[int], list[int], list[str], list[str]]:
    """The mentors' capacities, the edges as one flat list (mentee, mentor,
    score, mentee, …) and the ids of mentees and mentors, from the file's
    bytes, as plain lists."""
    document, flat, capacities, mentee_ids, mentor_ids = _document(data)
    if flat is None:
        listed = _listed_edges(document)
        if any(len(edge) != 3 for edge in listed):
            raise BadInstance(_EDGE_SHAPE)
        edges = [v for edge in listed for v in edge]
    else:
        try:
            edges = json.loads(b"[" + flat + b"]")
        except json.JSONDecodeError:
            raise BadInstance(_NOT_INTEGERS) from None
        if len(edges) % 3:
            raise BadInstance(_EDGE_SHAPE)
    return capacities, edges, mentee_ids, mentor_ids


def parse(data: bytes):
    """The ``algorithm.Problem`` and the ids of mentees and mentors, from
    the file's bytes, the edges read by numpy."""
    import warnings

    import numpy as np

    from nastavnik.matching.algorithm import Problem

    document, flat, capacities, mentee_ids, mentor_ids = _document(data)
    if flat is None:
        listed = _listed_edges(document)
        try:
            edges = np.array(listed, dtype=np.int64)
        except ValueError:
            raise BadInstance(_EDGE_SHAPE) from None
    elif not flat.strip():
        edges = np.zeros(0, dtype=np.int64)
    else:
        text = flat.decode("ascii")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                edges = np.fromstring(text, dtype=np.int64, sep=",")
        except ValueError:
            edges = None
        if edges is None or len(edges) != text.count(",") + 1:
            raise BadInstance(_NOT_INTEGERS)
    if edges.size % 3 or (edges.ndim == 2 and edges.shape[1:] != (3,)):
        raise BadInstance(_EDGE_SHAPE)
    table = edges.reshape(-1, 3)
    problem = Problem(
        mentees=len(mentee_ids),
        capacities=np.array(capacities, dtype=np.int64),
        edge_mentee=table[:, 0],
        edge_mentor=table[:, 1],
        edge_score=table[:, 2],
    )
    return problem, mentee_ids, mentor_ids


def dump(pairs: list) -> str:
    """The pairs (mentee, mentor) as ``{"pairs": [[mentee, mentor], ...]}``."""
    body = ",".join(f"[{a},{b}]" for a, b in pairs)
    return f'{{"pairs":[{body}]}}'
