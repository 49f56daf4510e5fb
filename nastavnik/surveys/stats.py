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

from django.db import connections
from django.db.models import Avg, Count, F, Q, QuerySet, Window
from django.db.models.functions import Coalesce, Rank

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


def _newest(queryset: QuerySet, partition: list[str], to_response: str = ""):
    """Of ``queryset``, the rows of responses without a person and each
    person's latest rows per ``partition`` (fields of the rows): those of no
    later day nor, on the same day, later response. One sort, not a subquery
    per row: the rows ranked over each person's, newest first, and filtered
    by rank in a subquery, whose rows the ORM can read but not group. A
    response without a person is a person of its own (its negated id, which
    no person's id is). ``to_response`` is the path from the rows to their
    Response («response__» for answers)."""
    day = f"{to_response}submitted_on"
    response = f"{to_response}pk" if to_response else "pk"
    respondent = Coalesce(f"{to_response}person", -F(response))
    ranked = queryset.annotate(
        place=Window(
            Rank(),
            partition_by=[*map(F, partition), respondent],
            order_by=[F(day).desc(), F(response).desc()],
        )
    )
    return ranked.filter(place=1)


def _latest_per_person(
    queryset: QuerySet, partition: list[str], to_response: str = ""
) -> QuerySet:
    """``_newest`` as a query of the model to filter, group and join on."""
    newest = _newest(queryset, partition, to_response)
    return queryset.model.objects.filter(pk__in=newest.values("pk"))


def _scored(organisations, kinds: list[str], since: date, until: date) -> QuerySet:
    return Response.objects.filter(
        campaign__organisation__in=organisations,
        version__questionnaire__kind__in=kinds,
        submitted_on__range=(since, until),
        score__isnull=False,
    )


def scored_latest(organisations, kinds: list[str], since: date, until: date):
    """The scored responses of the ``kinds`` questionnaires answered in the
    organisations from ``since`` to ``until``, both included, the latest per
    person and kind (someone who answered as a mentee and as a mentor counts
    in both). Only responses with a score count: one with no scored item
    answered says nothing about satisfaction."""
    responses = _scored(organisations, kinds, since, until)
    return _latest_per_person(responses, ["version__questionnaire__kind"])


def latest_scores(organisations, kinds: list[str], since: date, until: date):
    """The responses of ``scored_latest`` as rows of their organisation, its
    municipality, the questionnaire's kind, the version's threshold and
    whether the score reached it (``satisfied``): to be counted in SQL
    around them (``COUNTED``), which reads the ranked rows directly where
    ``scored_latest`` would look each one up again."""
    responses = _scored(organisations, kinds, since, until)
    columns = {
        "organisation": F("campaign__organisation"),
        "municipality": F("campaign__organisation__municipality"),
        "kind": F("version__questionnaire__kind"),
        "satisfied_from": F("version__satisfied_from"),
        "satisfied": Q(score__gte=F("version__satisfied_from")),
    }
    newest = _newest(responses, ["version__questionnaire__kind"])
    return newest.annotate(**columns).values_list(*columns).order_by()


# The rows of ``latest_scores`` counted per organisation, kind and threshold:
# the organisation, its municipality, the kind, the threshold, respondents,
# satisfied respondents.
COUNTED = """
    SELECT organisation, municipality, kind, satisfied_from,
        COUNT(*), COUNT(*) FILTER (WHERE satisfied)
    FROM ({rows}) latest
    GROUP BY organisation, municipality, kind, satisfied_from
"""


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
    one grouped query (``COUNTED``): what the KPIs of satisfaction divide."""
    latest = latest_scores(organisations, kinds, since, until)
    sql, params = latest.query.get_compiler(using=latest.db).as_sql()
    with connections[latest.db].cursor() as cursor:
        cursor.execute(COUNTED.format(rows=sql), params)
        found = cursor.fetchall()
    result: dict[tuple[int, str], tuple[int, int]] = {}
    # one row per threshold of the organisation's questionnaire versions
    for organisation, _municipality, kind, _threshold, surveyed, satisfied in found:
        before = result.get((organisation, kind), (0, 0))
        result[organisation, kind] = (before[0] + surveyed, before[1] + satisfied)
    return result


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
        ["response__version__questionnaire__kind", "question__parameter"],
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
