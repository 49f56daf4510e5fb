"""Builders for programme tests: a programme with its roadmap, a custom roadmap."""

from __future__ import annotations

from datetime import date

from nastavnik.lib.dates import SchoolYear
from nastavnik.orgs.models import Organisation
from nastavnik.programmes import services
from nastavnik.programmes.models import Item, Programme, Roadmap, Stage
from nastavnik.programmes.roadmap_templates import TEMPLATES


def make_programme(
    organisation: Organisation,
    year: int = 2026,
    template: str = "r145",
    since: date | None = None,
    **fields,
) -> Programme:
    """A programme of ``year``/``year + 1`` with its roadmap built from ``template``."""
    fields.setdefault("title", "Программа наставничества")
    programme = Programme.objects.create(
        organisation=organisation, school_year=year, **fields
    )
    services.build_roadmap(
        TEMPLATES[template],
        programme=programme,
        school_year=SchoolYear(year),
        since=since or date(year, 9, 1),
    )
    return programme


def add_item(
    roadmap: Roadmap, deadline: str, activity: str = "Мероприятие", **fields
) -> Item:
    """An item with ``deadline`` in a new stage at the end of the roadmap."""
    since = fields.pop("since", roadmap.period_start)
    position = roadmap.stages.count() + 1
    stage = Stage.objects.create(roadmap=roadmap, position=position, title="Этап")
    item = Item(stage=stage, position=1, activity=activity, deadline_text=deadline)
    for name, value in fields.items():
        setattr(item, name, value)
    return services.item_save(item, since=since)
