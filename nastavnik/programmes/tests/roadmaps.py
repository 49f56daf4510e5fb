"""A roadmap with items of given deadlines and statuses, for the tests of
progress, reminders and the home pages."""

from __future__ import annotations

from nastavnik.lib.dates import SchoolYear
from nastavnik.orgs.models import Organisation
from nastavnik.programmes import services
from nastavnik.programmes.models import Item, Programme, Roadmap, Stage


def make_roadmap(
    organisation: Organisation,
    items: list[tuple[str, str]],
    *,
    year: int = 2026,
    title: str = "Программа наставничества",
    status: str = Programme.Status.RUNNING,
) -> Roadmap:
    """A programme of ``year`` (running unless ``status`` says otherwise)
    whose roadmap has one stage with ``items`` given as (deadline, status)."""
    school_year = SchoolYear(year)
    programme = Programme.objects.create(
        organisation=organisation, school_year=year, title=title, status=status
    )
    roadmap = Roadmap.objects.create(
        programme=programme,
        title="Дорожная карта",
        template="r145",
        period_start=school_year.start,
        period_end=school_year.end,
    )
    stage = Stage.objects.create(roadmap=roadmap, position=1, title="Подготовка")
    for position, (deadline, status) in enumerate(items, start=1):
        item = Item(
            stage=stage,
            position=position,
            activity=f"Мероприятие {position}",
            deadline_text=deadline,
            status=status,
        )
        services.item_save(item, since=school_year.start)
    return roadmap
