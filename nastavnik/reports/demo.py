"""Demo reports of the municipality «Уни» to its centre: the monthly reports
of the last three months whose due day is past, accepted, with two
exceptions for the coordinator to act on: school 2 submitted its latest
report three days late (he opens it and returns it with a comment), and
school 1's latest was returned with a comment (the curator fixes it and
submits it again). School 1 also has its last quarterly report accepted,
with the per-person annex. Behind them, every school has submitted on time,
and the centre accepted, every monthly report since the start of the
previous school year, and its quarterly and half-year reports, so that the
coordinator's history is full."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from nastavnik.lib.dates import SchoolYear
from nastavnik.orgs.models import Organisation
from nastavnik.reports import services
from nastavnik.reports.models import Report, ReportEvent
from nastavnik.reports.periods import Kind, Period

MONTHS_BACK = 3
# Days after the due day school 2's latest report came in.
LATE_BY = 3
RETURN_COMMENT = (
    "Число проведённых встреч не совпадает с журналом встреч за месяц: "
    "проверьте его и отправьте отчёт снова. Добавьте информационные мероприятия."
)
TEXTS = {
    "events": "Информационная встреча с родителями 5-х классов; "
    "установочная сессия наставников (12 человек).",
    "monitoring": "Проведено анкетирование удовлетворённости наставляемых "
    "7-х классов, SWOT-анализ куратора.",
    "cases": "Кейс «Проект по робототехнике» опубликован на сайте школы.",
}


def _past(kind: str, today: date, count: int) -> list[Period]:
    """The last ``count`` periods whose due day is far enough past for a
    late submission to have happened, oldest first."""
    period = Period.containing(kind, today)
    while period.due_on + timedelta(days=LATE_BY + 2) > today:
        period = period.previous()
    periods = [period]
    while len(periods) < count:
        periods.insert(0, periods[0].previous())
    return periods


def _at(report: Report, action: str, day: date) -> None:
    """Date the history entry as if the step was taken on ``day``."""
    moment = datetime.combine(day, time(11, 0), tzinfo=report.organisation.zoneinfo())
    ReportEvent.objects.filter(report=report, action=action).update(created=moment)


def _report(
    organisation: Organisation,
    period: Period,
    users: dict,
    fate: str,
    today: date,
) -> None:
    curator = users.get("curator2" if organisation.inn == "4330000020" else "curator")
    if organisation.inn not in ("4330000013", "4330000020"):
        curator = None
    coordinator = users.get("municipal")
    report = services.report_create(
        organisation=organisation, period=period, user=curator, today=today
    )
    for field, text in TEXTS.items():
        setattr(report, field, text)
    report.save()
    _at(report, ReportEvent.Action.CREATED, period.due_on - timedelta(days=6))
    submitted = period.due_on + timedelta(
        days=LATE_BY if fate == "late" else -2 - (fate == "returned")
    )
    services.report_submit(report=report, user=curator, today=submitted)
    _at(report, ReportEvent.Action.SUBMITTED, submitted)
    if fate == "accepted":
        services.report_accept(report=report, user=coordinator)
        _at(report, ReportEvent.Action.ACCEPTED, submitted + timedelta(days=3))
    elif fate == "returned":
        services.report_return(report=report, user=coordinator, comment=RETURN_COMMENT)
        _at(report, ReportEvent.Action.RETURNED, submitted + timedelta(days=2))


def load(ctx: dict[str, Any]) -> None:
    school1 = ctx["organisations"]["school1"]
    if Report.objects.filter(organisation=school1).exists():
        return
    today: date = ctx["today"]
    users = ctx.get("users", {})
    organisations = [
        o
        for o in ctx["organisations"].values()
        if isinstance(o, Organisation)
        and o.is_educational
        and o.municipality_id == school1.municipality_id
    ]
    months = _past(Kind.MONTHLY, today, MONTHS_BACK)
    for organisation in organisations:
        for period in months:
            fate = "accepted"
            if period == months[-1] and organisation.inn == "4330000013":
                fate = "returned"
            elif period == months[-1] and organisation.inn == "4330000020":
                fate = "late"
            _report(organisation, period, users, fate, today)
    quarter = _past(Kind.QUARTERLY, today, 1)[0]
    _report(school1, quarter, users, "accepted", today)
    last_year = SchoolYear.of(today).previous().start
    half_years = _past(Kind.HALF_YEAR, today, 1)[0].next()
    for kind, before in (
        (Kind.MONTHLY, months[0]),
        (Kind.QUARTERLY, quarter.next()),
        (Kind.HALF_YEAR, half_years),
    ):
        for period in _since(kind, last_year, before):
            for organisation in organisations:
                if (organisation, period) != (school1, quarter):
                    _report(organisation, period, users, "accepted", today)


def _since(kind: str, day: date, before: Period) -> list[Period]:
    """The periods of ``kind`` from the one containing ``day`` to the one
    before ``before``."""
    periods = []
    period = Period.containing(kind, day)
    while period < before:
        periods.append(period)
        period = period.next()
    return periods
