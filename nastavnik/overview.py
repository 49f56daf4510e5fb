"""The coordinator's and the regional operator's overview: the
organisations of a municipality (or the municipalities of a region) side by
side with their pairs of the school year, the meetings held, how far their
roadmaps have got, and who is late with the monthly report.

Each figure is one grouped SQL query over the whole level, so the page costs
the same few queries for five organisations or two thousand. Only counts
leave the organisations: no names, no people.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Count, Q, QuerySet

from nastavnik.lib.dates import SchoolYear
from nastavnik.orgs.models import Municipality, Organisation, Region
from nastavnik.pairs.models import Meeting, Pairing, meetings_counted
from nastavnik.programmes.models import STATUS_COUNT_KEYS, Item, Programme
from nastavnik.programmes.progress import percent_done
from nastavnik.reports.models import Report, is_late
from nastavnik.reports.periods import Kind, Period, started

PAIR_FIGURES = ["pairs", "live", "closed", "closed_early"]


@dataclass
class Row:
    """One organisation or municipality of the table."""

    level: Organisation | Municipality
    organisations: int = 1
    pairs: int = 0
    live: int = 0
    closed: int = 0
    closed_early: int = 0
    meetings: int = 0
    items: dict[str, int] = field(default_factory=dict)
    # the organisation's report of the last period due (None: not started)
    report: Report | None = None
    # organisations late with that report
    late: int = 0

    @property
    def percent_done(self) -> int:
        return percent_done(
            self.items.get("done", 0),
            self.items.get("total", 0),
            self.items.get("cancelled", 0),
        )

    @property
    def overdue(self) -> int:
        return self.items.get("overdue", 0)


def last_due_period(year: SchoolYear, today: date) -> Period | None:
    """The last monthly period of the school year whose report was due
    before today; None in the first weeks of September."""
    due = [p for p in started(Kind.MONTHLY, year.start, today) if p.due_on < today]
    return due[-1] if due else None


def _pairs(organisations: QuerySet, key: str, year: SchoolYear) -> dict:
    S = Pairing.Status
    rows = (
        Pairing.objects.filter(
            organisation__in=organisations, programme__school_year=year.start_year
        )
        .values(key)
        .annotate(
            pairs=Count("pk"),
            live=Count("pk", filter=Q(status__in=Pairing.LIVE)),
            closed=Count("pk", filter=Q(status=S.CLOSED)),
            closed_early=Count("pk", filter=Q(status=S.CLOSED_EARLY)),
        )
        .order_by()
    )
    return {row.pop(key): row for row in rows}


def _meetings(
    organisations: QuerySet, key: str, year: SchoolYear, zone, today: date
) -> dict:
    """Meetings held from 1 September to today; a group meeting of several
    pairs counts once."""
    since = datetime.combine(year.start, time(0), tzinfo=zone)
    until = datetime.combine(today, time(23, 59, 59), tzinfo=zone)
    rows = (
        Meeting.objects.filter(
            pairing__organisation__in=organisations,
            status=Meeting.Status.HELD,
            starts_at__gte=since,
            starts_at__lte=until,
        )
        .values(f"pairing__{key}")
        .annotate(held=meetings_counted())
        .order_by()
    )
    return {row[f"pairing__{key}"]: row["held"] for row in rows}


def _items(organisations: QuerySet, key: str, year: SchoolYear, today: date) -> dict:
    programme = "stage__roadmap__programme"
    return Item.objects.filter(
        **{
            f"{programme}__school_year": year.start_year,
            f"{programme}__status__in": Programme.ACTIVE,
            f"{programme}__organisation__in": organisations,
        }
    ).status_counts_by(f"{programme}__{key}", today)


def _fill(rows: dict, organisations: QuerySet, key: str, today: date, zone) -> None:
    year = SchoolYear.of(today)
    for pk, figures in _pairs(organisations, key, year).items():
        for name in PAIR_FIGURES:
            setattr(rows[pk], name, figures[name])
    for pk, held in _meetings(organisations, key, year, zone, today).items():
        rows[pk].meetings = held
    for pk, counts in _items(organisations, key, year, today).items():
        rows[pk].items = counts


def totals(rows: list[Row], level) -> Row:
    """The sum of the rows, as a row of ``level``."""
    total = Row(level, organisations=sum(r.organisations for r in rows))
    for name in [*PAIR_FIGURES, "meetings", "late"]:
        setattr(total, name, sum(getattr(r, name) for r in rows))
    total.items = {k: sum(r.items.get(k, 0) for r in rows) for k in STATUS_COUNT_KEYS}
    return total


def for_municipality(municipality: Municipality, today: date) -> dict:
    """Its educational organisations side by side, each with its report of
    the last monthly period due and whether it is late."""
    organisations = Organisation.objects.educational().filter(municipality=municipality)
    rows = {
        o.pk: Row(o)
        for o in organisations.only("code", "short_name", "type").order_by("short_name")
    }
    _fill(rows, organisations, "organisation", today, municipality.zoneinfo())
    period = last_due_period(SchoolYear.of(today), today)
    if period is not None:
        reports = (
            Report.objects.filter(
                organisation__in=organisations,
                kind=Kind.MONTHLY,
                period_start=period.start,
            )
            .only("code", "organisation", "status", "submitted_on")
            .order_by()
        )
        for report in reports:
            rows[report.organisation_id].report = report
        for row in rows.values():
            submitted = row.report.submitted_on if row.report else None
            row.late = int(is_late(period.due_on, submitted, today))
    listed = list(rows.values())
    return {
        "rows": listed,
        "total": totals(listed, municipality),
        "period": period,
    }


def for_region(region: Region, today: date) -> dict:
    """Its municipalities side by side: the sums of their organisations, and
    how many of them are late with the last monthly report due."""
    municipalities = Municipality.objects.filter(region=region).order_by("name")
    rows = {m.pk: Row(m, organisations=0) for m in municipalities.only("code", "name")}
    organisations = Organisation.objects.educational().filter(
        municipality__region=region
    )
    counted = organisations.values("municipality").annotate(n=Count("pk")).order_by()
    for row in counted:
        rows[row["municipality"]].organisations = row["n"]
    zone = region.zoneinfo()
    _fill(rows, organisations, "organisation__municipality", today, zone)
    period = last_due_period(SchoolYear.of(today), today)
    if period is not None:
        on_time = (
            Report.objects.filter(
                organisation__in=organisations,
                kind=Kind.MONTHLY,
                period_start=period.start,
                submitted_on__lte=period.due_on,
            )
            .values("organisation__municipality")
            .annotate(n=Count("organisation", distinct=True))
            .order_by()
        )
        timely = {r["organisation__municipality"]: r["n"] for r in on_time}
        for pk, row in rows.items():
            row.late = row.organisations - timely.get(pk, 0)
    listed = list(rows.values())
    return {"rows": listed, "total": totals(listed, region), "period": period}
