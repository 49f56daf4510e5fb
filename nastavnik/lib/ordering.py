"""Rows kept in an order the user chooses: the sections and questions of a
questionnaire, the stages and items of a roadmap.

Such a row has a position field (``position`` unless told otherwise), and the
rows of one parent (the siblings) are numbered 1, 2, 3… with no gap:

    section.position = ordering.next_position(version.sections.all())
    ordering.move(list(version.sections.order_by("position")), section, delta=-1)
    ordering.renumber(list(version.sections.order_by("position")))  # after a delete

The writes stay correct under a unique constraint on (parent, position): the
rows that change places first step past every number in use, then take their
new ones. Call these inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import models
from django.db.models import Max

UP, DOWN = -1, 1


def next_position(siblings: models.QuerySet, field: str = "position") -> int:
    """The position of a row added after ``siblings``."""
    last = siblings.aggregate(last=Max(field))["last"]
    return (last or 0) + 1


def renumber(siblings: Sequence[models.Model], field: str = "position") -> None:
    """Number ``siblings`` 1, 2, 3… in the order given, and save the rows
    whose number changed (only that field)."""
    changed = [
        (number, row)
        for number, row in enumerate(siblings, start=1)
        if getattr(row, field) != number
    ]
    if not changed:
        return
    rows = [row for _number, row in changed]
    manager = type(rows[0])._default_manager
    top = max(getattr(row, field) or 0 for row in siblings)
    for step, row in enumerate(rows, start=1):
        setattr(row, field, top + step)
    manager.bulk_update(rows, [field])
    for number, row in changed:
        setattr(row, field, number)
    manager.bulk_update(rows, [field])


def move(
    siblings: Sequence[models.Model],
    row: models.Model,
    delta: int,
    field: str = "position",
) -> bool:
    """Swap ``row`` with its neighbour ``delta`` places away among
    ``siblings`` (in order): UP (-1) or DOWN (+1); then number them 1, 2, 3….
    False, and nothing written, when ``row`` is already at that end."""
    siblings = list(siblings)
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == row.pk)
    other = index + delta
    if not 0 <= other < len(siblings):
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    renumber(siblings, field)
    setattr(row, field, getattr(siblings[other], field))
    return True
