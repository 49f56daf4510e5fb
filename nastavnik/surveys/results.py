"""Results of a campaign: the counts, shares and means of the summary page,
its XLSX sheet and the text of each answer, all computed by SQL aggregates.

The number of queries does not grow with the number of respondents: numbers
(scale, yes/no, number) are grouped and averaged by the database; the values
of choice, ranking and open questions come in one query per campaign and are
counted here, since JSON values group differently on SQLite and PostgreSQL.

Anonymity: an anonymous campaign shows nothing until ``MIN_ANONYMOUS_GROUP``
people have answered, offers no filter that would shrink the group, and
lists open answers in an order that says nothing about who answered when.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Q, QuerySet
from django.utils.crypto import salted_hmac
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nastavnik.people.models import Person, Topic
from nastavnik.surveys.answers import is_shown
from nastavnik.surveys.models import (
    NO,
    SATISFACTION_KINDS,
    YES,
    Answer,
    Campaign,
    Question,
    Response,
    Version,
)
from nastavnik.surveys.services import questions_of

T = Question.Type
# Results of an anonymous campaign answered by fewer people are not shown:
# in a small group everyone knows whose answer is whose.
MIN_ANONYMOUS_GROUP = 5
CHART_TYPES = (T.SINGLE, T.MULTIPLE, T.YES_NO, T.SCALE, T.TOPICS)
MEAN_TYPES = (T.SCALE, T.NUMBER)
NUMBER_TYPES = (T.SCALE, T.YES_NO, T.NUMBER)
OPEN_TYPES = (T.SHORT_TEXT, T.LONG_TEXT, T.DATE)
# Answers whose values are read row by row (one query for the campaign).
VALUE_TYPES = (T.SINGLE, T.MULTIPLE, T.TOPICS, T.RANKING, *OPEN_TYPES)
OTHER = "other:"


def percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def plain_number(value: Decimal | float | int | None, digits: int = 2) -> str:
    """«7», «7,5», «6,83»: a mean or threshold without trailing zeros."""
    if value is None:
        return ""
    text = number_format(round(Decimal(str(value)), digits), digits)
    if "," in text or "." in text:
        text = text.rstrip("0").rstrip(",.")
    return text


@dataclass
class Bar:
    """One answer of a chart: how many chose it, and their share of those
    who answered the question (several choices may add up over 100 %)."""

    label: str
    count: int
    percent: float

    @property
    def width(self) -> str:
        """The bar's length in the chart's SVG, with a dot whatever the
        language."""
        return str(self.percent)

    @property
    def percent_text(self) -> str:
        """«33» for 33.3 %: the share the page prints."""
        return str(Decimal(str(self.percent)).quantize(Decimal(1), ROUND_HALF_UP))


@dataclass
class Ranked:
    """A candidate of a ranking question: the mean place given and how many
    put them first."""

    name: str
    ranked_by: int
    mean_rank: float
    first_places: int


@dataclass
class QuestionResult:
    question: Question
    number: int
    answered: int = 0
    bars: list[Bar] = field(default_factory=list)
    mean: float | None = None
    low: float | None = None
    high: float | None = None
    texts: list[str] = field(default_factory=list)
    ranking: list[Ranked] = field(default_factory=list)

    @property
    def answered_text(self) -> str:
        return ngettext("%(n)s answer", "%(n)s answers", self.answered) % {
            "n": self.answered
        }

    @property
    def mean_text(self) -> str:
        return plain_number(self.mean)

    @property
    def low_text(self) -> str:
        return plain_number(self.low)

    @property
    def high_text(self) -> str:
        return plain_number(self.high)


@dataclass
class Satisfaction:
    """Satisfied: the mean of the scored 1–10 items at least ``threshold``."""

    threshold: Decimal
    satisfied: int
    scored: int
    mean: Decimal | None

    @property
    def share(self) -> float:
        return percent(self.satisfied, self.scored)

    @property
    def rule(self) -> str:
        return _(
            "satisfied: the mean score of the 1–10 items is at least %(threshold)s"
        ) % {"threshold": plain_number(self.threshold)}

    @property
    def mean_text(self) -> str:
        return plain_number(self.mean)


@dataclass
class Summary:
    campaign: Campaign
    invited: int
    answered: int
    hidden: bool
    satisfaction: Satisfaction | None = None
    questions: list[QuestionResult] = field(default_factory=list)

    @property
    def share(self) -> float:
        return min(percent(self.answered, self.invited), 100.0)


def responses_of(campaign: Campaign, class_name: str = "") -> QuerySet[Response]:
    """The campaign's responses, of one class only when asked (never for an
    anonymous campaign: its responses have no person)."""
    responses = Response.objects.filter(campaign=campaign)
    if class_name and not campaign.anonymous:
        responses = responses.filter(person__class_name=class_name)
    return responses


def classes_of(campaign: Campaign) -> list[str]:
    """The classes of the people invited, for the filter of a named campaign."""
    if campaign.anonymous:
        return []
    names = (
        campaign.invitations.exclude(person__class_name="")
        .values_list("person__class_name", flat=True)
        .distinct()
    )
    return sorted(names, key=_class_key)


def _class_key(name: str) -> tuple:
    digits = "".join(c for c in name if c.isdigit())
    return (int(digits) if digits else 0, name)


def is_hidden(campaign: Campaign, answered: int) -> bool:
    return campaign.anonymous and answered < MIN_ANONYMOUS_GROUP


def summary(campaign: Campaign, *, class_name: str = "") -> Summary:
    """Everything the summary page shows, in a fixed number of queries."""
    responses = responses_of(campaign, class_name)
    totals = responses.aggregate(
        answered=Count("pk"),
        scored=Count("score"),
        satisfied=Count("pk", filter=Q(score__gte=campaign.version.satisfied_from)),
        mean=Avg("score"),
    )
    invitations = campaign.invitations.all()
    if class_name and not campaign.anonymous:
        invitations = invitations.filter(person__class_name=class_name)
    result = Summary(
        campaign=campaign,
        invited=invitations.count(),
        answered=totals["answered"],
        hidden=is_hidden(campaign, totals["answered"]),
    )
    if result.hidden:
        return result
    if campaign.kind in SATISFACTION_KINDS:
        mean = totals["mean"]
        result.satisfaction = Satisfaction(
            threshold=campaign.version.satisfied_from,
            satisfied=totals["satisfied"],
            scored=totals["scored"],
            mean=None if mean is None else Decimal(str(mean)),
        )
    result.questions = question_results(campaign, responses)
    return result


def question_results(
    campaign: Campaign, responses: QuerySet[Response]
) -> list[QuestionResult]:
    questions = questions_of(campaign.version, with_sections=False)
    answers = Answer.objects.filter(response__in=responses)
    # How many gave each number, per question: the charts, the means and the
    # ranges of scales, yes/no and numbers, from one grouped query.
    counts: dict[str, Counter] = defaultdict(Counter)
    for key, number, n in (
        answers.filter(question__type__in=NUMBER_TYPES)
        .values_list("question__key", "number")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[key][number] += n
    values: dict[str, list[tuple[int, object]]] = defaultdict(list)
    if any(q.type in VALUE_TYPES for q in questions):
        rows = answers.filter(question__type__in=VALUE_TYPES).values_list(
            "pk", "question__key", "value"
        )
        for pk, key, value in rows.order_by("pk"):
            values[key].append((pk, value))
    names = Names.for_values(questions, values)
    results = []
    for number, question in enumerate(questions, start=1):
        item = QuestionResult(question=question, number=number)
        given = values.get(question.key, [])
        if question.type in (T.SCALE, T.YES_NO):
            _numeric(item, counts[question.key])
        elif question.type in (T.SINGLE, T.MULTIPLE, T.TOPICS):
            _choices(item, given, names)
            item.texts = _ordered(campaign, _own_answers(given))
        elif question.type == T.RANKING:
            _ranking(item, given, names)
        elif question.type in OPEN_TYPES:
            item.answered = len(given)
            if question.type == T.DATE:
                item.texts = [_day(v) for v in sorted(str(v) for _pk, v in given)]
            else:
                item.texts = _ordered(campaign, given)
        if question.type in MEAN_TYPES and question.key in counts:
            _mean(item, counts[question.key])
        results.append(item)
    return results


def _mean(item: QuestionResult, counts: Counter) -> None:
    """The mean, lowest and highest of the numbers given (none for a question
    answered without one)."""
    given = {number: n for number, n in counts.items() if number is not None}
    if given:
        item.mean = sum(number * n for number, n in given.items()) / sum(given.values())
        item.low, item.high = min(given), max(given)
    if item.question.type == T.NUMBER:
        item.answered = sum(counts.values())


def _numeric(item: QuestionResult, counts: Counter) -> None:
    question = item.question
    item.answered = sum(counts.values())
    if question.type == T.YES_NO:
        options = [(1.0, _("yes")), (0.0, _("no"))]
    else:
        options = [
            (float(n), str(n))
            for n in range(question.scale_min, question.scale_max + 1)
        ]
    item.bars = [
        Bar(label, counts.get(value, 0), percent(counts.get(value, 0), item.answered))
        for value, label in options
    ]


def _choices(item: QuestionResult, given: list, names: Names) -> None:
    question = item.question
    item.answered = len(given)
    counts: Counter = Counter()
    for _pk, value in given:
        chosen = value if isinstance(value, list) else [value]
        for one in dict.fromkeys(str(v) for v in chosen):
            counts[OTHER if one.startswith(OTHER) else one] += 1
    if question.type == T.TOPICS:
        options = sorted(counts, key=lambda code: (-counts[code], names.topic(code)))
        labels = [(code, names.topic(code)) for code in options]
    else:
        labels = list(question.labels.items())
        known = {value for value, _label in labels}
        # Values of choices since removed from the question still count.
        labels += [(v, v) for v in counts if v not in known and v != OTHER]
    if counts.get(OTHER) or (question.allow_other and question.type != T.TOPICS):
        labels.append((OTHER, _("own answer")))
    item.bars = [
        Bar(label, counts.get(value, 0), percent(counts.get(value, 0), item.answered))
        for value, label in labels
    ]


def _own_answers(given: list) -> list[tuple[int, str]]:
    own = []
    for pk, value in given:
        for one in value if isinstance(value, list) else [value]:
            if str(one).startswith(OTHER):
                own.append((pk, str(one)[len(OTHER) :]))
    return own


def _ranking(item: QuestionResult, given: list, names: Names) -> None:
    item.answered = len(given)
    places: dict[str, list[int]] = defaultdict(list)
    for _pk, value in given:
        for place, code in enumerate(value or [], start=1):
            places[str(code)].append(place)
    ranked = [
        Ranked(
            name=names.person(code),
            ranked_by=len(got),
            mean_rank=sum(got) / len(got),
            first_places=got.count(1),
        )
        for code, got in places.items()
    ]
    item.ranking = sorted(ranked, key=lambda r: (r.mean_rank, -r.ranked_by, r.name))


def _ordered(campaign: Campaign, given: Iterable[tuple[int, object]]) -> list[str]:
    """Open answers as text: in the order given for a named campaign, in a
    random but stable order for an anonymous one (keyed by a secret, so the
    order cannot be traced back to who answered first)."""
    given = [(pk, str(value)) for pk, value in given if str(value).strip()]
    if campaign.anonymous:
        salt = f"surveys.results:{campaign.code}"
        given.sort(key=lambda row: salted_hmac(salt, str(row[0])).hexdigest())
    return [text for _pk, text in given]


def _day(value: str) -> str:
    try:
        return date.fromisoformat(value).strftime("%d.%m.%Y")
    except ValueError:
        return value


class Names:
    """Names of the topics and people that answers refer to by code, looked
    up in one query each."""

    def __init__(self, topics: dict[str, str], people: dict[str, str]) -> None:
        self.topics = topics
        self.people = people

    @classmethod
    def for_values(
        cls, questions: list[Question], values: dict[str, list[tuple[int, object]]]
    ) -> Names:
        codes: dict[str, set[str]] = {T.TOPICS: set(), T.RANKING: set()}
        for question in questions:
            if question.type in codes:
                for _pk, value in values.get(question.key, []):
                    chosen = value if isinstance(value, list) else [value]
                    codes[question.type].update(str(v) for v in chosen)
        return cls.load(codes[T.TOPICS], codes[T.RANKING])

    @classmethod
    def load(cls, topic_codes: set[str], person_codes: set[str]) -> Names:
        topics, people = {}, {}
        if topic_codes:
            topics = dict(
                Topic.objects.filter(code__in=topic_codes).values_list("code", "name")
            )
        valid = [code for code in person_codes if _is_uuid(code)]
        if valid:
            people = {
                str(person.code): person.full_name
                for person in Person.objects.filter(code__in=valid)
            }
        return cls(topics, people)

    def topic(self, code: str) -> str:
        return self.topics.get(code, code)

    def person(self, code: str) -> str:
        return self.people.get(code, _("a person no longer in the base"))


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def answer_text(question: Question, value: object, names: Names) -> str:
    """An answer as a person reads it: labels of choices, not codes; «own
    answer: …» for an own answer; ranked names for a ranking."""
    if value is None or value == "" or value == []:
        return ""
    kind = question.type
    if kind == T.YES_NO:
        return {YES: _("yes"), NO: _("no")}.get(str(value), str(value))
    if kind in (T.SINGLE, T.MULTIPLE):
        labels = question.labels
        chosen = value if isinstance(value, list) else [value]
        return "; ".join(_choice_label(str(v), labels) for v in chosen)
    if kind == T.TOPICS:
        return "; ".join(names.topic(str(v)) for v in value)
    if kind == T.RANKING:
        return "; ".join(
            f"{place}. {names.person(str(code))}"
            for place, code in enumerate(value, start=1)
        )
    if kind == T.DATE:
        return _day(str(value))
    if kind in (T.SCALE, T.NUMBER):
        return plain_number(value, 6)
    return str(value)


def _choice_label(value: str, labels: dict[str, str]) -> str:
    if value.startswith(OTHER):
        return _("own answer: %(text)s") % {"text": value[len(OTHER) :]}
    return labels.get(value, value)


def version_answers(
    version: Version, answers: dict[str, object]
) -> list[tuple[Question, int, str]]:
    """A response's answers with the questions of its own version, numbered
    as the form numbers them; questions its conditions hid are left out."""
    questions = questions_of(version)
    names = Names.for_values(
        questions, {key: [(0, value)] for key, value in answers.items()}
    )
    return [
        (question, number, answer_text(question, answers.get(question.key), names))
        for number, question in enumerate(questions, start=1)
        if is_shown(question, answers)
    ]
