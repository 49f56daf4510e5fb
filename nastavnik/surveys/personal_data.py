"""The questionnaires' share of a person's data (``people.personal_data``):
their responses in the export, and their own words removed on anonymising."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from nastavnik.people.models import Person
from nastavnik.people.personal_data import REMOVED, Part, Section
from nastavnik.surveys.models import Answer, Invitation, Question, Response
from nastavnik.surveys.results import OTHER, version_answers

FREE_TEXT = [Question.Type.SHORT_TEXT, Question.Type.LONG_TEXT]
CHOICES = [Question.Type.SINGLE, Question.Type.MULTIPLE]


def sections(person: Person) -> list[Section]:
    """One sheet: every answer of every response the person gave, in the
    words of the question of its own version."""
    section = Section(
        _("Questionnaires"),
        [_("Questionnaire"), _("Submitted"), _("No."), _("Question"), _("Answer")],
    )
    responses = (
        Response.objects.filter(person=person)
        .select_related("campaign", "version")
        .prefetch_related("answers__question")
        .order_by("submitted_on", "pk")
    )
    for response in responses:
        given = {a.question.key: a.value for a in response.answers.all()}
        day = response.submitted_on.strftime("%d.%m.%Y")
        for question, number, text in version_answers(response.version, given):
            section.rows.append(
                [response.campaign.title, day, number, question.text, text]
            )
    return [section]


def _neutral(value: object) -> object:
    """A choice answer with its own words («other:…») keeps the choice only."""
    if isinstance(value, list):
        return [_neutral(one) for one in value]
    if isinstance(value, str) and value.startswith(OTHER):
        return OTHER + str(REMOVED)
    return value


@transaction.atomic
def anonymise(person: Person) -> None:
    """Free-text answers read «[removed]», own answers of choices lose their
    words; every response, score and number stays for the aggregates."""
    answers = Answer.objects.filter(response__person=person)
    answers.filter(question__type__in=FREE_TEXT).update(value=str(REMOVED))
    for answer in answers.filter(question__type__in=CHOICES):
        value = _neutral(answer.value)
        if value != answer.value:
            answer.value = value
            answer.save(update_fields=["value"])
    Invitation.objects.filter(person=person).update(draft={})


PART = Part(name="surveys", sections=sections, anonymise=anonymise)
