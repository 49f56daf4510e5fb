"""Roadmap templates: the five seed roadmaps and the default Р-145 plan.

A template is data: stages and items written as the seed writes them (numbers,
activity, deadline text, responsible, indicator or result), the seed's column
layout and whether it carries an approval header. ``services.build_roadmap``
turns one into a Roadmap; deadlines whose text names years are moved to the
programme's school year (``deadlines.shift_years``).

Each template lives in its own module here and is registered in ``TEMPLATES``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nastavnik.programmes.models import Item


@dataclass(frozen=True)
class TemplateItem:
    activity: str
    deadline: str = ""
    responsible: str = ""
    result: str = ""
    number: str = ""
    action: str = Item.Action.NONE


@dataclass(frozen=True)
class TemplateStage:
    title: str
    items: list[TemplateItem]
    number: str = ""


@dataclass(frozen=True)
class RoadmapTemplate:
    key: str
    name: str  # shown in the list of templates
    description: str
    title: str  # the heading printed above the table
    columns: list[tuple[str, str]]  # (key, heading) in the seed's order
    stages: list[TemplateStage]
    # The school year the seed was written for (its deadlines name it), or None.
    year: int | None = None
    municipal: bool = False
    stage_rows: bool = False  # stages as heading rows across the table
    approval: bool = False  # prints «УТВЕРЖДАЮ» with the head and the order
    approval_word: str = "УТВЕРЖДАЮ"
    agreed_note: str = ""
    source: str = ""  # the seed file it reproduces
    # The seed's own organisation (or territory) as its title names it: a
    # roadmap built from the template names its own owner there instead.
    owner_name: str = ""
    tracks: list[str] = field(default_factory=list)

    @property
    def items(self) -> list[TemplateItem]:
        return [item for stage in self.stages for item in stage.items]


def _registry() -> dict[str, RoadmapTemplate]:
    # Imported here: the template modules import the dataclasses above.
    from nastavnik.programmes.roadmap_templates import (
        r145,
        seed_000,
        seed_001,
        seed_002,
        seed_003,
        seed_004,
    )

    templates = [r145, seed_000, seed_001, seed_002, seed_003, seed_004]
    return {t.TEMPLATE.key: t.TEMPLATE for t in templates}


TEMPLATES: dict[str, RoadmapTemplate] = _registry()
DEFAULT = "r145"


def for_organisations() -> list[RoadmapTemplate]:
    return [t for t in TEMPLATES.values() if not t.municipal]


def for_municipalities() -> list[RoadmapTemplate]:
    return [t for t in TEMPLATES.values() if t.municipal]


def get(key: str) -> RoadmapTemplate:
    return TEMPLATES[key]
