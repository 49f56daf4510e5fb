"""Survey answers: the form of a questionnaire version as a respondent sees
it, and the check of what they sent.

``check_answers(version, data, candidates=..., person=...)`` reads what a
form sent (raw strings and lists, as from ``request.POST``), applies the
conditions (a question shown only if another has a given answer), and returns
the cleaned answers or the errors in Russian; each question type checks its
own answer (``Question.clean_answer``). The public page, the paper entry and
the demo all go through it.

Not a ``django.forms.Form``: the questions are data, and
``check_answers`` cleans the answers. This module only turns a
version, the raw values and the errors into what the partials render; the
public page, the builder's preview and the paper entry all use it:

    data = answers.data_from_post(request.POST)    # {key: str | [str]}
    checked = answers.check_answers(version, data, candidates=...)
    ctx = answers.render_context(version, data, checked.errors, candidates)
    {% include "surveys/_questions.html" with answer_form=ctx %}

- ``render_context(version, data=None, errors=None, candidates=None,
  person=None)`` gives
  ``{"sections": [...], "has_required": bool}``; each section has its
  ``fields``, one ``Field`` per question with what ``_question.html`` needs.
  ``data`` is what ``data_from_post`` read (or a draft, or
  ``data_from_answers`` of a stored response); ``errors`` maps a question key
  to its message; ``candidates`` are the people a ranking question offers
  (``campaign.candidates``), shown by name only; without them a ranking
  question says the list comes with the campaign (the preview); ``person``,
  the respondent when known, narrows the topics offered to their track
  (``topics.offered``).
- ``data_from_post(post)`` reads the inputs, named ``q-<key>`` (and
  ``q-<key>__other`` for an own answer), into ``{key: value}``.
- ``data_from_answers(answers)`` turns stored answers (``{key: value}``) back
  into raw values to re-display them.
- ``candidate_map(people)`` is the ``candidates`` argument of
  ``check_answers``.

Include ``css/survey.css`` on the page, and ``js/survey.js`` to hide the
conditional questions whose condition is not met (without it they show with
a note, and ``check_answers`` drops them anyway).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.translation import gettext as _

from nastavnik.lib.dates import parse_date
from nastavnik.people.models import Person, Topic
from nastavnik.surveys.models import NO, YES, Question, Version
from nastavnik.surveys.services import questions_of
from nastavnik.surveys.topics import offered as offered_topics

T = Question.Type
PREFIX = "q-"
OTHER = "__other"
# A ranking question offers this many places at most (the paper form too).
RANKING_PLACES = 5
# Short texts are one line: the checker caps them at 300 characters.
SHORT_TEXT_MAX = 300


@dataclass
class Option:
    value: str
    label: str
    checked: bool = False


@dataclass
class Place:
    number: int
    label: str
    selected: str = ""


@dataclass
class Field:
    """One question as the partial renders it."""

    question: Question
    number: int
    name: str
    value: str = ""
    error: str = ""
    options: list[Option] = field(default_factory=list)
    other_checked: bool = False
    other_value: str = ""
    places: list[Place] = field(default_factory=list)
    candidates: list[Option] = field(default_factory=list)
    maxlength: int = 0
    condition: str = ""
    condition_name: str = ""
    condition_value: str = ""

    @property
    def id(self) -> str:
        return self.name

    @property
    def type(self) -> str:
        return self.question.type


@dataclass
class SectionBlock:
    title: str
    instruction: str
    fields: list[Field]


def data_from_post(post: QueryDict) -> dict[str, object]:
    """The answer inputs of a posted form: one value per question, a list for
    multiple choice, topics and ranking (in the order of the places)."""
    data: dict[str, object] = {}
    for name in post:
        if not name.startswith(PREFIX):
            continue
        values = post.getlist(name)
        key = name[len(PREFIX) :]
        data[key] = values if len(values) > 1 else values[0]
    return data


def data_from_answers(answers: Mapping[str, object]) -> dict[str, object]:
    """Stored answers (``{key: value}``) as raw form values: own answers
    («other:…») go back into their text box."""
    data: dict[str, object] = {}
    for key, value in answers.items():
        if isinstance(value, list):
            plain = []
            for item in value:
                text = str(item)
                if text.startswith("other:"):
                    data[key + OTHER] = text[len("other:") :]
                    text = "other"
                plain.append(text)
            data[key] = plain
        elif isinstance(value, str) and value.startswith("other:"):
            data[key] = "other"
            data[key + OTHER] = value[len("other:") :]
        else:
            data[key] = "" if value is None else str(value)
    return data


def candidate_map(people: Iterable[Person]) -> dict[str, Person]:
    return {str(person.code): person for person in people}


def _values(raw) -> list[str]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raw = [raw]
    return [str(v) for v in raw]


def _one(raw) -> str:
    values = _values(raw)
    return values[0] if values else ""


def _date_value(text: str) -> str:
    """An ISO date for ``<input type=date>``; «31.12.2025» is converted, any
    other text is kept (a browser without date inputs shows it as typed)."""
    try:
        return parse_date(text).isoformat()
    except ValueError:
        return text


def _scale_options(question: Question, chosen: str) -> list[Option]:
    return [
        Option(str(n), str(n), str(n) == chosen)
        for n in range(question.scale_min, question.scale_max + 1)
    ]


def _condition_text(question: Question) -> str:
    given = question.show_if
    if given.type == T.YES_NO:
        answer = {YES: _("yes"), NO: _("no")}.get(question.show_if_value, "")
    else:
        answer = given.labels.get(question.show_if_value, question.show_if_value)
    return _("Answer if your answer to «%(question)s» is «%(answer)s».") % {
        "question": given.text.rstrip("?"),
        "answer": answer,
    }


def _field(
    question: Question,
    number: int,
    data: Mapping[str, object],
    error: str,
    topics: list[Topic],
    candidates: list[Person],
) -> Field:
    raw = data.get(question.key)
    item = Field(question=question, number=number, name=PREFIX + question.key)
    item.error = error
    item.other_value = _one(data.get(question.key + OTHER))
    kind = question.type
    chosen = _values(raw)
    if kind in (T.SINGLE, T.MULTIPLE):
        item.options = [
            Option(str(value), label, str(value) in chosen)
            for value, label in question.choices
        ]
        item.other_checked = "other" in chosen
    elif kind == T.YES_NO:
        item.options = [
            Option(YES, _("Yes"), YES in chosen),
            Option(NO, _("No"), NO in chosen),
        ]
    elif kind == T.SCALE:
        item.options = _scale_options(question, _one(raw))
    elif kind == T.TOPICS:
        item.options = [
            Option(topic.code, topic.name, topic.code in chosen) for topic in topics
        ]
    elif kind == T.RANKING:
        item.candidates = [
            Option(str(person.code), person.full_name) for person in candidates
        ]
        count = min(len(candidates), RANKING_PLACES)
        item.places = [
            Place(
                n,
                _("%(n)s place") % {"n": n},
                chosen[n - 1] if n <= len(chosen) else "",
            )
            for n in range(1, count + 1)
        ]
    elif kind == T.DATE:
        item.value = _date_value(_one(raw))
    else:
        item.value = _one(raw)
    if kind == T.SHORT_TEXT:
        item.maxlength = min(question.max_length, SHORT_TEXT_MAX)
    elif kind == T.LONG_TEXT:
        item.maxlength = question.max_length
    if question.show_if_id:
        item.condition = _condition_text(question)
        item.condition_name = PREFIX + question.show_if.key
        item.condition_value = question.show_if_value
    return item


def render_context(
    version: Version,
    data: Mapping[str, object] | None = None,
    errors: Mapping[str, str] | None = None,
    candidates: Iterable[Person] | None = None,
    person: Person | None = None,
) -> dict:
    """What ``surveys/_questions.html`` renders: see the module docstring."""
    data = data or {}
    errors = errors or {}
    candidates = list(candidates or [])
    questions = questions_of(version)
    topics = []
    if any(q.type == T.TOPICS for q in questions):
        topics = list(offered_topics(version, person))
    sections = {
        section.pk: SectionBlock(section.title, section.instruction, [])
        for section in version.sections.order_by("position")
    }
    for number, question in enumerate(questions, start=1):
        sections[question.section_id].fields.append(
            _field(
                question,
                number,
                data,
                errors.get(question.key, ""),
                topics,
                candidates,
            )
        )
    return {
        "sections": [block for block in sections.values() if block.fields],
        "has_required": any(q.required for q in questions),
        "errors": len(errors),
    }


# ------------------------------------------------------------ the check


@dataclass
class Checked:
    """Cleaned answers by question key, and errors by question key."""

    answers: dict[str, object] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    shown: list[Question] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def is_shown(question: Question, answers: dict[str, object]) -> bool:
    """A conditional question is shown when its condition's answer matches."""
    if question.show_if_id is None:
        return True
    given = answers.get(question.show_if.key)
    if isinstance(given, list):
        return question.show_if_value in [str(v) for v in given]
    return given is not None and str(given) == question.show_if_value


def check_answers(
    version: Version,
    data: dict[str, object],
    *,
    candidates: dict[str, Person] | None = None,
    person: Person | None = None,
    partial: bool = False,
) -> Checked:
    """Clean ``data`` (question key → raw value; «<key>__other» holds an own
    answer) against ``version``. Hidden conditional questions are dropped;
    ``partial`` (a draft) skips the required check. A topics answer must be
    among the topics offered to ``person`` (``topics.offered``), the
    respondent when known."""
    checked = Checked()
    candidates = candidates or {}
    questions = questions_of(version)
    topics: set[str] = set()
    if any(q.type == T.TOPICS for q in questions):
        topics = set(offered_topics(version, person).values_list("code", flat=True))
    for question in questions:
        if not is_shown(question, checked.answers):
            continue
        checked.shown.append(question)
        raw = data.get(question.key)
        other = _one(data.get(f"{question.key}{OTHER}")).strip()
        try:
            value = question.clean_answer(
                raw, other, candidates=candidates, topics=topics
            )
        except ValueError as e:
            checked.errors[question.key] = str(e)
            continue
        if value is None:
            if question.required and not partial:
                checked.errors[question.key] = _("This question needs an answer.")
            continue
        checked.answers[question.key] = value
    return checked
