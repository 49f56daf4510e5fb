"""Roadmap templates: the five seed roadmaps and the default Р-145 plan.

A template is data: stages and items written as the seed writes them (numbers,
activity, deadline text, responsible, indicator or result), the seed's column
layout and whether it carries an approval header. ``services.build_roadmap``
turns one into a Roadmap for an organisation (or a municipality) and a period.

A plan belongs to the organisation that makes it, so the seed's own people,
places and years are not written in the texts but stand as placeholders that
``render`` fills from the owner and the period (``Owner``):

- ``{organisation}``: the organisation's short name;
- ``{territory}``: the municipality in the genitive («муниципального
  образования «Уни»»), for «в организациях …», «на территории …»;
- ``{year}`` and ``{next_year}``: the first and second years of the school
  year (it starts on 1 September), so that September to December take
  ``{year}`` and January to August take ``{next_year}``;
- ``{head_position}``: the head's position («Директор», «Заведующий»).

Who is responsible is a role (``Responsible``), not a person: the roadmap
names the organisation's own curator or head where there is one, and leaves
the person to pick otherwise (``services.build_roadmap``).

Each template lives in its own module here and is registered in ``TEMPLATES``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.db import models
from django.utils.translation import gettext_lazy as _

from nastavnik.programmes.models import Item


class Responsible(models.TextChoices):
    """The role an item of a template makes responsible. The curator, the
    head and the municipal coordinator are found among the memberships of the
    organisation (or municipality); the others have no membership of their
    own, so the roadmap names the role and the user picks the person."""

    NONE = "", _("no role")
    CURATOR = "curator", _("Curator")
    HEAD = "head", _("Head of the organisation")
    DEPUTY_HEAD = "deputy_head", _("Deputy head")
    CLASS_TEACHER = "class_teacher", _("Class teacher")
    MUNICIPAL = "municipal", _("Municipal coordinator")


# What a roadmap prints for a role that no one has been picked for yet: it is
# the document's text, in Russian as the seeds write it.
ROLE_TEXT = {
    Responsible.CURATOR: "Куратор",
    Responsible.HEAD: "Руководитель ОО",
    Responsible.DEPUTY_HEAD: "Заместитель руководителя",
    Responsible.CLASS_TEACHER: "Классный руководитель",
    Responsible.MUNICIPAL: "МНЦ",
}


@dataclass(frozen=True)
class TemplateItem:
    activity: str
    deadline: str = ""
    responsible: str = ""  # as printed, when it is not a person's name
    result: str = ""
    number: str = ""
    action: str = Item.Action.NONE
    role: str = Responsible.NONE


@dataclass(frozen=True)
class Owner:
    """Whom a roadmap is built for and its period, as the placeholders of a
    template's texts name them; ``people`` are the names of those who take a
    role (``Responsible``), as the roadmap prints them."""

    organisation: str
    year: int
    territory: str = ""
    head_position: str = ""
    people: dict[str, str] = field(default_factory=dict)

    def values(self) -> dict[str, str]:
        return {
            "organisation": self.organisation,
            "territory": self.territory,
            "year": str(self.year),
            "next_year": str(self.year + 1),
            "head_position": self.head_position,
        }


def render(text: str, owner: Owner) -> str:
    """``text`` of a template with its placeholders filled for ``owner``."""
    return text.format_map(owner.values())


def responsible_text(text: str, role: str, person: str = "") -> str:
    """Who a roadmap's item names as responsible: the person who takes the
    role and the text as printed; the role itself when no one takes it."""
    if not text and not person:
        text = ROLE_TEXT.get(role, "")
    return ", ".join(part for part in (person, text) if part)


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
    municipal: bool = False
    stage_rows: bool = False  # stages as heading rows across the table
    approval: bool = False  # prints «УТВЕРЖДАЮ» with the head and the order
    approval_word: str = "УТВЕРЖДАЮ"
    agreed_note: str = ""
    source: str = ""  # the seed file it reproduces
    # The seed's own organisation, people and year, as its text names them.
    seed_owner: Owner | None = None
    tracks: list[str] = field(default_factory=list)

    @property
    def items(self) -> list[TemplateItem]:
        return [item for stage in self.stages for item in stage.items]

    def written_for(self, owner: Owner) -> RoadmapTemplate:
        """The template with its texts written for ``owner``: its placeholders
        filled and each role responsible named (``responsible_text``)."""
        stages = [
            replace(
                stage,
                title=render(stage.title, owner),
                items=[
                    replace(
                        item,
                        activity=render(item.activity, owner),
                        deadline=render(item.deadline, owner),
                        responsible=responsible_text(
                            render(item.responsible, owner),
                            item.role,
                            owner.people.get(item.role, ""),
                        ),
                        result=render(item.result, owner),
                    )
                    for item in stage.items
                ],
            )
            for stage in self.stages
        ]
        return replace(self, title=render(self.title, owner), stages=stages)

    def as_seed(self) -> RoadmapTemplate:
        """The template written for its seed's own organisation and year: the
        seed's text."""
        return self.written_for(self.seed_owner)


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
