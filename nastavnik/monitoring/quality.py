"""Stage 1 of monitoring, the quality of the programme: the curator's SWOT
analysis and the curator questionnaire (shipped with the surveys app, answered
in campaigns, usually entered as a paper form), gathered for a school year,
each marked intermediate (September to January) or final (February on)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from nastavnik.lib.dates import SchoolYear
from nastavnik.orgs.models import Organisation
from nastavnik.surveys.models import Answer, Kind, Response
from nastavnik.surveys.results import Names, answer_text

KINDS = [Kind.SWOT, Kind.CURATOR]
# The SWOT grid, in reading order: strengths and weaknesses inside, then
# opportunities and threats outside.
QUADRANTS = ["strengths", "weaknesses", "opportunities", "threats"]
# The final analysis starts with the second half of the school year.
FINAL_FROM_MONTH = 2


def is_final(day: date) -> bool:
    return FINAL_FROM_MONTH <= day.month < 9


@dataclass
class Item:
    question: str
    text: str


@dataclass
class Section:
    title: str
    items: list[Item] = field(default_factory=list)


@dataclass
class Analysis:
    """One answered SWOT or curator questionnaire."""

    response: Response
    final: bool
    quadrants: list[Item] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.response.version.questionnaire.kind


def analyses(organisation: Organisation, year: SchoolYear) -> list[Analysis]:
    """The SWOT and curator questionnaires answered in the organisation in the
    school year, oldest first, with their answers; two queries."""
    responses = list(
        Response.objects.filter(
            campaign__organisation=organisation,
            version__questionnaire__kind__in=KINDS,
            submitted_on__range=(year.start, year.end),
        )
        .select_related("campaign", "version__questionnaire")
        .order_by("submitted_on", "pk")
    )
    answers = (
        Answer.objects.filter(response__in=responses)
        .select_related("question__section")
        .order_by("question__section__position", "question__position")
    )
    found = {r.pk: Analysis(r, is_final(r.submitted_on)) for r in responses}
    names = Names.load(set(), set())
    for answer in answers:
        analysis = found[answer.response_id]
        question = answer.question
        text = answer_text(question, answer.value, names)
        if not text:
            continue
        item = Item(question.text, text)
        if analysis.kind == Kind.SWOT and question.key in QUADRANTS:
            analysis.quadrants.append(item)
            continue
        title = question.section.title
        if not analysis.sections or analysis.sections[-1].title != title:
            analysis.sections.append(Section(title))
        analysis.sections[-1].items.append(item)
    return list(found.values())
