"""What monitoring reads from the answers: satisfaction and the change
between the entry and exit measurements of stage 2. Pure reads, aggregated
in SQL.

A person who answered twice counts once, by their latest answer (the latest
day; on the same day the later response). In an anonymous campaign nothing
ties two responses to one person, so each response is a respondent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Exists, F, OuterRef, Q, QuerySet

from nastavnik.lib.dates import SchoolYear
from nastavnik.orgs.models import Organisation
from nastavnik.surveys.models import Answer, Kind, Question, Response

STAGE_2 = [Kind.ENTRY, Kind.EXIT]


@dataclass(frozen=True)
class Satisfaction:
    """Respondents with a score, those at or above their version's
    threshold, and the mean score (None without respondents)."""

    surveyed: int
    satisfied: int
    mean: Decimal | None

    @property
    def share(self) -> float | None:
        """The satisfied share in per cent, None without respondents."""
        return 100 * self.satisfied / self.surveyed if self.surveyed else None


def _latest_per_person(
    queryset: QuerySet, same_person: QuerySet, to_response: str = ""
) -> QuerySet:
    """Keep, of ``queryset``, the rows of responses without a person and the
    latest row per person. ``same_person`` is ``queryset`` narrowed to the
    outer row's person (and parameter); ``to_response`` is the path from the
    rows to their Response («response__» for answers)."""
    day = f"{to_response}submitted_on"
    pk = "response_id" if to_response else "pk"
    newer = same_person.filter(
        Q(**{f"{day}__gt": OuterRef(day)})
        | Q(**{day: OuterRef(day), f"{pk}__gt": OuterRef(pk)})
    )
    return queryset.filter(Q(**{f"{to_response}person__isnull": True}) | ~Exists(newer))


def scored_latest(organisations, kinds: list[str], since: date, until: date):
    """The scored responses of the ``kinds`` questionnaires answered in the
    organisations from ``since`` to ``until``, both included, the latest per
    person and kind (someone who answered as a mentee and as a mentor counts
    in both). Only responses with a score count: one with no scored item
    answered says nothing about satisfaction."""
    responses = Response.objects.filter(
        campaign__organisation__in=organisations,
        version__questionnaire__kind__in=kinds,
        submitted_on__range=(since, until),
        score__isnull=False,
    )
    same_person = responses.filter(
        person=OuterRef("person"),
        version__questionnaire__kind=OuterRef("version__questionnaire__kind"),
    )
    return _latest_per_person(responses, same_person)


SATISFIED = Count("pk", filter=Q(score__gte=F("version__satisfied_from")))


def satisfaction(
    organisation: Organisation, kind: str, since: date, until: date
) -> Satisfaction:
    """Satisfaction of the ``kind`` questionnaires (mentee or mentor) answered
    in the organisation from ``since`` to ``until``, both included."""
    latest = scored_latest([organisation], [kind], since, until)
    numbers = latest.aggregate(
        surveyed=Count("pk"), satisfied=SATISFIED, mean=Avg("score")
    )
    mean = numbers["mean"]
    if mean is not None:
        mean = Decimal(str(mean)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return Satisfaction(numbers["surveyed"], numbers["satisfied"], mean)


def satisfaction_by_organisation(
    organisations: QuerySet[Organisation], kinds: list[str], since: date, until: date
) -> dict[tuple[int, str], tuple[int, int]]:
    """(surveyed, satisfied) per organisation id and questionnaire kind, in
    one grouped query: what the KPIs of satisfaction divide."""
    rows = (
        scored_latest(organisations, kinds, since, until)
        .values("campaign__organisation", "version__questionnaire__kind")
        .annotate(surveyed=Count("pk"), satisfied=SATISFIED)
        .order_by()
    )
    return {
        (row["campaign__organisation"], row["version__questionnaire__kind"]): (
            row["surveyed"],
            row["satisfied"],
        )
        for row in rows
    }


def satisfied_thresholds(
    organisations: QuerySet[Organisation], kinds: list[str], since: date, until: date
) -> list[Decimal]:
    """The thresholds («satisfied from») of the questionnaire versions the
    counted responses answered, to print the rule beside the figure."""
    found = (
        scored_latest(organisations, kinds, since, until)
        .order_by()
        .values_list("version__satisfied_from", flat=True)
        .distinct()
    )
    return sorted(set(found))


@dataclass
class PersonChange:
    person_id: int
    entry: float | None
    exit: float | None

    @property
    def change(self) -> float | None:
        if self.entry is None or self.exit is None:
            return None
        return round(self.exit - self.entry, 2)


@dataclass
class ParameterChange:
    """One stage-2 parameter: the mean at entry and at exit over the
    respondents of each, and per person of the named campaigns their own."""

    parameter: str
    label: str
    entry: float | None = None
    exit: float | None = None
    entry_count: int = 0
    exit_count: int = 0
    people: list[PersonChange] = field(default_factory=list)

    @property
    def change(self) -> float | None:
        if self.entry is None or self.exit is None:
            return None
        return round(self.exit - self.entry, 2)


def _labels(organisation: Organisation, codes: set[str]) -> dict[str, str]:
    """The parameter's wording: of the exit question if there is one (the
    entry one is phrased as an expectation), in the order of the form."""
    rows = (
        Question.objects.filter(
            parameter__in=codes,
            section__version__campaigns__organisation=organisation,
            section__version__questionnaire__kind__in=STAGE_2,
        )
        .order_by("section__position", "position")
        .values_list("parameter", "text", "section__version__questionnaire__kind")
        .distinct()
    )
    labels: dict[str, str] = {}
    for code, text, kind in rows:
        if code not in labels or kind == Kind.EXIT:
            labels[code] = text
    return labels


def impact(
    organisation: Organisation, school_year: SchoolYear | int
) -> list[ParameterChange]:
    """Exit − entry per stage-2 parameter and per person, from the numeric
    answers (scale, number, yes = 1) of the entry and exit questionnaires
    answered in the school year. Each person counts by their latest answer
    to the parameter at entry and at exit."""
    if isinstance(school_year, int):
        school_year = SchoolYear(school_year)
    answers = Answer.objects.filter(
        response__campaign__organisation=organisation,
        response__version__questionnaire__kind__in=STAGE_2,
        response__submitted_on__range=(school_year.start, school_year.end),
        number__isnull=False,
    ).exclude(question__parameter="")
    latest = _latest_per_person(
        answers,
        answers.filter(
            response__person=OuterRef("response__person"),
            response__version__questionnaire__kind=OuterRef(
                "response__version__questionnaire__kind"
            ),
            question__parameter=OuterRef("question__parameter"),
        ),
        to_response="response__",
    )
    kind = "response__version__questionnaire__kind"
    means = (
        latest.values("question__parameter", kind)
        .annotate(mean=Avg("number"), n=Count("pk"))
        .order_by()
    )
    found: dict[str, ParameterChange] = {}
    for row in means:
        code = row["question__parameter"]
        item = found.setdefault(code, ParameterChange(code, code))
        mean = round(row["mean"], 2)
        if row[kind] == Kind.ENTRY:
            item.entry, item.entry_count = mean, row["n"]
        else:
            item.exit, item.exit_count = mean, row["n"]
    people: dict[tuple[str, int], PersonChange] = {}
    named = latest.filter(response__person__isnull=False).order_by(
        "response__person_id"
    )
    for code, person_id, which, number in named.values_list(
        "question__parameter", "response__person_id", kind, "number"
    ):
        change = people.get((code, person_id))
        if change is None:
            change = people[code, person_id] = PersonChange(person_id, None, None)
            found[code].people.append(change)
        if which == Kind.ENTRY:
            change.entry = number
        else:
            change.exit = number
    labels = _labels(organisation, set(found))
    order = list(labels)
    for code, item in found.items():
        item.label = labels.get(code, code)
    return sorted(
        found.values(),
        key=lambda i: order.index(i.parameter) if i.parameter in order else len(order),
    )
