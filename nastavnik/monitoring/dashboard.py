"""The organisation's dashboard: its pairs by stage and by form, the meetings
held in each month of the school year, and match survival: how long the
pairs fixed by an order last and why some end early.

Every figure is one grouped SQL query; Python only adds up the few groups it
returns (a status, a month, a length in months), never the rows. The queries
are built and compiled once per process (``prepared``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID
from zoneinfo import ZoneInfo

from django.db.models import (
    Avg,
    Case,
    Count,
    DateField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import (
    Coalesce,
    ExtractDay,
    ExtractMonth,
    ExtractYear,
    TruncMonth,
)
from django.utils import dateformat
from django.utils.formats import get_format
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from nastavnik.lib import prepared
from nastavnik.lib.dates import SchoolYear
from nastavnik.orgs.models import Organisation
from nastavnik.pairs.models import Meeting, Pairing, PairingOrder, meetings_counted
from nastavnik.programmes.models import (
    STATUS_COUNT_KEYS,
    Item,
    Programme,
    status_count_expressions,
)
from nastavnik.programmes.progress import percent_done
from nastavnik.surveys import stats

S = Pairing.Status
GOING = "going"
# The survival chart's plot area in the SVG's 600 × 230 box (axes and labels
# around it; the template draws them at the same numbers).
CHART_LEFT, CHART_TOP, CHART_WIDTH, CHART_HEIGHT = 48, 12, 536, 180


@dataclass
class Bar:
    """One row of a bar chart: its label, its value and the bar's length in
    per cent of the longest, for the SVG."""

    label: str
    value: int
    length: str = "0"
    # where a column chart draws it (the meetings by month), and the
    # month's name in the chart and in full
    x: str = "0"
    short: str = ""
    long: str = ""


def _scaled(bars: list[Bar]) -> list[Bar]:
    """Give each bar its length; the coordinates are plain strings so that
    the template does not write them with a Russian decimal comma."""
    longest = max((bar.value for bar in bars), default=0)
    for bar in bars:
        bar.length = f"{100 * bar.value / longest:.1f}" if longest else "0"
    return bars


def _year_pairs(organisation: int, school_year: int) -> QuerySet[Pairing]:
    return Pairing.objects.filter(
        organisation=organisation, programme__school_year=school_year
    )


def _by_status_query(organisation: int, school_year: int) -> QuerySet:
    return (
        _year_pairs(organisation, school_year)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )


def pairs_by_status(organisation: Organisation, year: SchoolYear) -> list[Bar]:
    """The pairs of the organisation's programmes of ``year`` by their
    status now, in the order of the lifecycle; every status is listed."""
    counts = dict(
        prepared.rows(
            _by_status_query,
            organisation=organisation.pk,
            school_year=year.start_year,
        )
    )
    return _scaled([Bar(label, counts.get(value, 0)) for value, label in S.choices])


@dataclass
class FormRow:
    name: str
    total: int
    live: int
    closed: int
    closed_early: int


def _by_form_query(organisation: int, school_year: int) -> QuerySet:
    return (
        _year_pairs(organisation, school_year)
        .values_list("form__name")
        .annotate(
            total=Count("pk"),
            live=Count("pk", filter=Q(status__in=Pairing.LIVE)),
            closed=Count("pk", filter=Q(status=S.CLOSED)),
            closed_early=Count("pk", filter=Q(status=S.CLOSED_EARLY)),
        )
        .order_by("-total", "form__name")
    )


def pairs_by_form(organisation: Organisation, year: SchoolYear) -> list[FormRow]:
    """The same pairs by form of mentorship: all of them, those at work, those
    closed successfully and those closed early."""
    rows = prepared.rows(
        _by_form_query, organisation=organisation.pk, school_year=year.start_year
    )
    return [FormRow(*row) for row in rows]


def _midnight(day: date, organisation: Organisation) -> datetime:
    return datetime.combine(day, time(0), tzinfo=organisation.zoneinfo())


@functools.lru_cache(maxsize=256)
def _month_names(year: int, month: int, language: str) -> tuple[str, str]:
    """A month's name as the chart shows it («дек») and in full («Декабрь
    2026»): made once per language rather than by a date filter per bar."""
    with override(language):
        day = date(year, month, 1)
        return dateformat.format(day, "b"), dateformat.format(day, "F Y")


def _meetings_query(
    zone: str, organisation: int, since: datetime, before: datetime
) -> QuerySet:
    return (
        Meeting.objects.filter(
            pairing__organisation=organisation,
            status=Meeting.Status.HELD,
            starts_at__gte=since,
            starts_at__lt=before,
        )
        .annotate(month=TruncMonth("starts_at", tzinfo=ZoneInfo(zone)))
        .values_list("month")
        .annotate(held=meetings_counted())
        .order_by()
    )


def meetings_by_month(organisation: Organisation, year: SchoolYear) -> list[Bar]:
    """The meetings held in each month of the school year, September to
    August, by the organisation's clock; a group meeting of several pairs
    counts once. Each bar's label is the month's first day; ``short`` and
    ``long`` name it in the chart and in its table."""
    rows = prepared.rows(
        _meetings_query,
        # the time zone is written into the SQL on PostgreSQL
        (organisation.zoneinfo().key,),
        organisation=organisation.pk,
        since=_midnight(year.start, organisation),
        before=_midnight(year.next().start, organisation),
    )
    held = {month.date().replace(day=1): n for month, n in rows}
    months = []
    for n in range(12):
        month = date(year.start_year + (8 + n) // 12, (8 + n) % 12 + 1, 1)
        short, long = _month_names(month.year, month.month, get_language())
        bar = Bar(month, held.get(month, 0), x=str(50 * n), short=short, long=long)
        months.append(bar)
    return _scaled(months)


def started_pairs(organisation: Organisation | int, on: date) -> QuerySet[Pairing]:
    """The organisation's pairs fixed by a signed order on or before ``on``,
    each with ``started`` (the first fixing order's date), ``ended`` (the day
    it closed, if it did by ``on``) and ``months``: the full months from the
    start to the end, or to ``on`` for a pair still going."""
    first_order = (
        PairingOrder.objects.filter(
            pairings=OuterRef("pk"),
            kind=PairingOrder.Kind.FIXING,
            date__isnull=False,
        )
        .order_by("date")
        .values("date")[:1]
    )
    end = Coalesce("ended", Value(on), output_field=DateField())
    whole_months = (
        (ExtractYear(end) - ExtractYear("started")) * 12
        + ExtractMonth(end)
        - ExtractMonth("started")
        # a month is whole on the same day of the month as the start
        - Case(
            When(Q(ended_day__lt=ExtractDay("started")), then=Value(1)),
            default=Value(0),
        )
    )
    return (
        Pairing.objects.filter(organisation=organisation)
        .annotate(
            started=Subquery(first_order, output_field=DateField()),
            ended=Case(
                When(closed_on__lte=on, status__in=Pairing.ENDED, then="closed_on"),
                output_field=DateField(),
            ),
        )
        .filter(started__lte=on)
        .annotate(ended_day=ExtractDay(end))
        .annotate(
            months=whole_months,
            outcome=Case(
                When(ended__isnull=True, then=Value(GOING)),
                default="status",
            ),
        )
    )


@dataclass
class SurvivalRow:
    """Month ``month`` since the start: the pairs still under observation at
    its beginning, those of them closed early during it, and the share of
    pairs still together (not closed early) at its end."""

    month: int
    at_risk: int
    closed_early: int
    share: Decimal
    x: str = "0"
    y: str = "0"
    # the share as the page writes it, «92,3» or «100»
    share_text: str = ""


@dataclass
class Survival:
    started: int
    going: int
    closed: int
    closed_early: int
    rows: list[SurvivalRow]
    reasons: list[Bar]

    @property
    def path(self) -> str:
        """The step line of the SVG: from 100 % at the start, across each
        month and down to its share at the month's end."""
        if not self.rows:
            return ""
        steps = [f"M{CHART_LEFT},{CHART_TOP}"]
        steps += [f"H{row.x} V{row.y}" for row in self.rows]
        return " ".join(steps)


def _survival_query(organisation: int, on: date) -> QuerySet:
    return (
        started_pairs(organisation, on)
        .values("months", "outcome")
        .annotate(n=Count("pk"))
        .values_list("months", "outcome", "n")
        .order_by()
    )


def _reasons_query(organisation: int, on: date) -> QuerySet:
    return (
        started_pairs(organisation, on)
        .filter(outcome=S.CLOSED_EARLY)
        .values_list("closure_reason__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "closure_reason__name")
    )


def survival(organisation: Organisation, on: date) -> Survival:
    """Match survival by the product-limit (Kaplan–Meier) estimate in whole
    months: a pair closed early ends in the month it closed; a pair still
    going or closed successfully is followed for as long as it lasted and
    then drops out of the count without ending early. Two queries: the pairs
    by length and outcome, and the early closures by reason."""
    groups = prepared.rows(_survival_query, organisation=organisation.pk, on=on)
    lasted: dict[int, int] = {}
    early: dict[int, int] = {}
    started = going = closed = closed_early = 0
    longest = 0
    for months, outcome, n in groups:
        months = max(months, 0)
        started += n
        lasted[months] = lasted.get(months, 0) + n
        longest = max(longest, months + (outcome == S.CLOSED_EARLY))
        if outcome == GOING:
            going += n
        elif outcome == S.CLOSED_EARLY:
            closed_early += n
            early[months] = early.get(months, 0) + n
        else:
            closed += n
    rows = []
    share = Decimal(1)
    # month m runs from m - 1 to m whole months after the start; a pair
    # whose whole months are k closed early during month k + 1
    for month in range(1, longest + 1):
        at_risk = sum(n for k, n in lasted.items() if k >= month - 1)
        ended_early = early.get(month - 1, 0)
        share *= 1 - Decimal(ended_early) / at_risk
        rows.append(SurvivalRow(month, at_risk, ended_early, 100 * share))
    comma = get_format("DECIMAL_SEPARATOR")
    for row in rows:
        row.share = row.share.quantize(Decimal("0.1"))
        row.share_text = str(row.share).removesuffix(".0").replace(".", comma)
        row.x = f"{CHART_LEFT + CHART_WIDTH * row.month / len(rows):.1f}"
        row.y = f"{CHART_TOP + CHART_HEIGHT * (100 - row.share) / 100:.1f}"
    reasons = _scaled(
        [
            Bar(name or _("not given"), n)
            for name, n in prepared.rows(
                _reasons_query, organisation=organisation.pk, on=on
            )
        ]
    )
    return Survival(started, going, closed, closed_early, rows, reasons)


def _satisfaction_query(
    kind: str, organisation: int, since: date, until: date
) -> QuerySet:
    latest = stats.scored_latest(
        Organisation.objects.filter(pk=organisation), [kind], since, until
    )
    return (
        latest.values_list("campaign__organisation")
        .annotate(surveyed=Count("pk"), satisfied=stats.SATISFIED, mean=Avg("score"))
        .order_by()
    )


def satisfaction(
    organisation: Organisation, kind: str, since: date, until: date
) -> stats.Satisfaction:
    """``stats.satisfaction``: the ``kind`` questionnaires answered in the
    organisation from ``since`` to ``until``."""
    found = prepared.rows(
        _satisfaction_query,
        (kind,),
        organisation=organisation.pk,
        since=since,
        until=until,
    )
    if not found:
        return stats.Satisfaction(0, 0, None)
    _organisation, surveyed, satisfied, mean = found[0]
    if mean is not None:
        mean = Decimal(str(mean)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return stats.Satisfaction(surveyed, satisfied, mean)


@dataclass
class ProgrammeProgress:
    """A programme of the year with its roadmap's items by status
    (``STATUS_COUNT_KEYS``) and the share done."""

    title: str
    roadmap_code: UUID | None
    counts: dict[str, int]
    percent_done: int


def _programmes_query(organisation: int, school_year: int) -> QuerySet:
    return (
        Programme.objects.filter(organisation=organisation, school_year=school_year)
        .values_list("pk", "title", "roadmap__code")
        .order_by("title")
    )


def _items_query(organisation: int, school_year: int, today: date) -> QuerySet:
    return (
        Item.objects.filter(
            stage__roadmap__programme__organisation=organisation,
            stage__roadmap__programme__school_year=school_year,
        )
        .values_list("stage__roadmap__programme")
        .annotate(**status_count_expressions(today))
        .order_by()
    )


def programmes_progress(
    organisation: Organisation, year: SchoolYear, today: date
) -> list[ProgrammeProgress]:
    """The organisation's programmes of ``year`` by title, each with the
    counts of its roadmap's items as of ``today``: two queries, one without
    a roadmap."""
    values = {"organisation": organisation.pk, "school_year": year.start_year}
    programmes = prepared.rows(_programmes_query, **values)
    counts = {}
    if any(roadmap_code for _pk, _title, roadmap_code in programmes):
        counts = {
            programme: dict(zip(STATUS_COUNT_KEYS, numbers, strict=True))
            for programme, *numbers in prepared.rows(
                _items_query, **values, today=today
            )
        }
    none = dict.fromkeys(STATUS_COUNT_KEYS, 0)
    result = []
    for pk, title, roadmap_code in programmes:
        found = counts.get(pk, none)
        done = percent_done(found["done"], found["total"], found["cancelled"])
        result.append(ProgrammeProgress(title, roadmap_code, found, done))
    return result
