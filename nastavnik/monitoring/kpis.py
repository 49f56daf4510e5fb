"""The six KPIs of the target model (seed 001), computed from the product's
data at any date for an organisation, a municipality or a region.

The numerators are distinct people (a person in two pairs counts once) who
were members of a pair fixed by an order at some time from the start of the
school year to the date: mentees aged 10–19 (1), mentors aged 15–19 (2),
teacher mentees with 0–3 years of experience (3), enterprises (INN) whose
employee was a mentor (4); then the satisfied share of the mentees (5) and of
the mentors (6) who answered a satisfaction questionnaire in that time.
Ages are full years on the reference date of the period's denominators.
Each level's four people-counts come from one SQL aggregate; on the pages
of a municipality and of a region, each row's (organisation, municipality)
and the whole level's come from the same query, grouped both ways in one
pass. The pages' queries are built and compiled once per process
(``monitoring.prepared``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property

from django.db import connections
from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from nastavnik.lib import prepared
from nastavnik.lib.dates import SchoolYear
from nastavnik.monitoring.models import Denominators, Target
from nastavnik.orgs.models import Municipality, Organisation, Region
from nastavnik.pairs.models import Pairing, PairingMember
from nastavnik.people.models import Person
from nastavnik.surveys import stats
from nastavnik.surveys.models import Kind

# A pair counts from the order that fixed it on, whatever became of it.
COUNTED_STATUSES = [*Pairing.WORKING_STAGES, *Pairing.ENDED, Pairing.Status.PAUSED]
# Figures of fewer people than this do not leave the organisation.
SMALLEST_GROUP = 5
MENTEE, MENTOR = PairingMember.Role.MENTEE, PairingMember.Role.MENTOR


@dataclass(frozen=True)
class Indicator:
    number: int
    title: str
    # the Denominators field it divides by; None for the satisfaction KPIs
    denominator: str | None
    people: bool = True


INDICATORS = [
    Indicator(1, _("Children aged 10–19 in the role of mentee"), "children"),
    Indicator(2, _("Youths aged 15–19 in the role of mentor"), "youths"),
    Indicator(
        3, _("Young teachers (0–3 years) in the role of mentee"), "young_teachers"
    ),
    Indicator(4, _("Enterprises that provided mentors"), "enterprises", people=False),
    Indicator(5, _("Mentees satisfied with the programme"), None),
    Indicator(6, _("Mentors satisfied with the programme"), None),
]
PEOPLE_COUNTS = ["children", "youths", "young_teachers", "enterprises"]
SATISFACTION_KINDS = {5: Kind.SATISFACTION_MENTEE, 6: Kind.SATISFACTION_MENTOR}

# Seed 001's targets, per cent, for 2020…2024 in the order of INDICATORS.
SEED_TARGETS = {
    2020: (10, 2, 10, 2, 50, 50),
    2021: (25, 4, 25, 10, 60, 60),
    2022: (40, 6, 40, 20, 70, 70),
    2023: (55, 8, 55, 25, 80, 80),
    2024: (70, 10, 70, 30, 85, 85),
}
SEED_FIRST, SEED_LAST = min(SEED_TARGETS), max(SEED_TARGETS)


def years_before(day: date, years: int) -> date:
    """The same day ``years`` earlier; 29 February of a common year is 28
    February, so that «born on or before it» means «at least ``years`` old»
    exactly as ``lib.dates.age_on`` counts it."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def aged(reference: date, youngest: int, oldest: int, prefix: str = "person__") -> Q:
    """People of ``youngest``…``oldest`` full years on ``reference``."""
    return Q(
        **{
            f"{prefix}birth_date__lte": years_before(reference, youngest),
            f"{prefix}birth_date__gt": years_before(reference, oldest + 1),
        }
    )


def counted_filters(reference: date) -> dict[str, Q]:
    """Which pair members each people-count takes."""
    return _counted_filters(**_birth_bounds(reference))


def _birth_bounds(reference: date) -> dict[str, date]:
    """The birth dates of 10, 15 and 20 full years on ``reference``: the
    bounds of the ages the people-counts take."""
    return {f"born_{n}": years_before(reference, n) for n in (10, 15, 20)}


def _counted_filters(born_10: date, born_15: date, born_20: date) -> dict[str, Q]:
    """``counted_filters`` from the bounds of ``_birth_bounds``: aged 10–19
    is born on or before ``born_10`` and after ``born_20``."""
    return {
        "children": Q(
            role=MENTEE, person__birth_date__lte=born_10, person__birth_date__gt=born_20
        ),
        "youths": Q(
            role=MENTOR, person__birth_date__lte=born_15, person__birth_date__gt=born_20
        ),
        "young_teachers": Q(
            role=MENTEE,
            person__category=Person.Category.TEACHER,
            person__experience_years__lte=3,
        ),
        "enterprises": Q(role=MENTOR) & ~Q(person__employer_inn=""),
    }


def participants(
    organisations: Iterable[Organisation] | QuerySet, since: date, until: date
) -> QuerySet[PairingMember]:
    """Members of the organisations' pairs fixed by order, in a pair at some
    time from ``since`` to ``until``: not of a pair closed before ``since``
    (closing a pair leaves its members' ``until`` empty)."""
    return (
        PairingMember.objects.filter(
            pairing__organisation__in=organisations,
            pairing__status__in=COUNTED_STATUSES,
            since__lte=until,
        )
        .filter(Q(until__isnull=True) | Q(until__gte=since))
        .exclude(pairing__closed_on__lt=since)
    )


def _count_expressions(reference: date) -> dict[str, Count]:
    return _counts(counted_filters(reference))


def _counts(filters: dict[str, Q]) -> dict[str, Count]:
    return {
        name: Count(
            "person__employer_inn" if name == "enterprises" else "person",
            distinct=True,
            filter=condition,
        )
        for name, condition in filters.items()
    }


def people_counts(
    organisations, since: date, until: date, reference: date
) -> dict[str, int]:
    """The four people-counts of all the organisations together: a person,
    and an enterprise, counts once however many pairs and schools."""
    return participants(organisations, since, until).aggregate(
        **_count_expressions(reference)
    )


def people_counts_by_organisation(
    organisations, since: date, until: date, reference: date
) -> dict[int, dict[str, int]]:
    rows = (
        participants(organisations, since, until)
        .values("pairing__organisation")
        .annotate(**_count_expressions(reference))
        .order_by()
    )
    return {row.pop("pairing__organisation"): row for row in rows}


def people_behind(
    organisation: Organisation, kpi: int, since: date, until: date, reference: date
) -> QuerySet[Person]:
    """The people a KPI of 1–4 counts in the organisation (for 4: the mentors
    who brought their enterprise)."""
    name = INDICATORS[kpi - 1].denominator
    members = participants([organisation], since, until).filter(
        counted_filters(reference)[name]
    )
    return Person.objects.filter(pk__in=members.values("person")).order_by(
        "last_name", "first_name", "patronymic"
    )


@dataclass
class Figure:
    """One KPI at one level: numerator, denominator, target and what the
    reader needs to trust it."""

    indicator: Indicator
    numerator: int | None
    denominator: int | None
    target: Decimal | None = None
    suppressed: bool = False

    @cached_property
    def percent(self) -> Decimal | None:
        """None («нет данных») without a denominator, or when suppressed."""
        if self.suppressed or not self.denominator or self.numerator is None:
            return None
        return (Decimal(100) * self.numerator / self.denominator).quantize(
            Decimal("0.1")
        )

    @property
    def reached(self) -> bool | None:
        if self.percent is None or self.target is None:
            return None
        return self.percent >= self.target


@dataclass
class Period:
    """The time a KPI looks at: from the start of the school year of ``on``
    to ``on``, with the ages taken on ``reference``."""

    on: date
    since: date
    reference: date
    school_year: SchoolYear
    denominators: Denominators | None

    @classmethod
    def of(cls, on: date, denominators: Denominators | None) -> Period:
        year = SchoolYear.of(on)
        reference = (
            denominators.reference_date
            if denominators
            else Denominators.default_reference_date(year.start_year)
        )
        return cls(on, year.start, reference, year, denominators)


def _denominators_query(field: str, level: int, school_year: int) -> QuerySet:
    fields = [f.attname for f in Denominators._meta.concrete_fields]
    return Denominators.objects.filter(
        **{field: level, "school_year": school_year}
    ).values_list(*fields)


def _denominators(field: str, level: int, school_year: int) -> list[Denominators]:
    """The denominators of ``school_year`` whose ``field`` is ``level``:
    a level («region») or a path to one («municipality__region»)."""
    found = prepared.rows(
        _denominators_query, (field,), level=level, school_year=school_year
    )
    return [Denominators(*row) for row in found]


def denominators_of(level, school_year: SchoolYear) -> Denominators | None:
    field = {
        Organisation: "organisation",
        Municipality: "municipality",
        Region: "region",
    }[type(level)]
    found = _denominators(field, level.pk, school_year.start_year)
    return found[0] if found else None


def seed_targets(year: int) -> dict[int, tuple[Decimal, str]]:
    """{kpi: (value, source)} of seed 001 for the year: none before 2020, its
    last year's after 2024."""
    if year < SEED_FIRST:
        return {}
    seed = SEED_TARGETS[min(year, SEED_LAST)]
    return {n: (Decimal(v), _("seed 001")) for n, v in enumerate(seed, start=1)}


def inherited_targets(level: Municipality | Region, year: int) -> dict:
    """The targets a municipality or a region has when it sets none of its own."""
    if isinstance(level, Municipality):
        return targets(None, level.region, year)
    return seed_targets(year)


def targets(municipality: Municipality | None, region: Region, year: int) -> dict:
    """{kpi: (value, source)} for the year: the municipality's own, else the
    region's, else seed 001's (its last year's after 2024)."""
    found = seed_targets(year)
    values = {"region": region.pk, "year": year}
    if municipality is not None:
        values["municipality"] = municipality.pk
    rows = prepared.rows(_targets_query, **values)
    # the region's first, so that the municipality's own override them
    for kpi, value, municipality_id in sorted(rows, key=lambda t: t[2] is not None):
        found[kpi] = (
            value,
            _("municipal target") if municipality_id else _("regional target"),
        )
    return found


def _municipal_targets_query(region: int, year: int) -> QuerySet:
    return Target.objects.filter(municipality__region=region, year=year).values_list(
        "municipality", "kpi", "value"
    )


def _targets_query(region: int, year: int, municipality: int | None = None):
    level = Q(region=region)
    if municipality is not None:
        level |= Q(municipality=municipality)
    return Target.objects.filter(level, year=year).values_list(
        "kpi", "value", "municipality"
    )


def figures(
    counts: dict[str, int] | None,
    satisfaction: dict[int, tuple[int, int]],
    denominators: Denominators | None,
    target_values: dict,
    suppress: bool = False,
) -> list[Figure]:
    """The six figures from one level's counts. ``suppress``: the level is
    shown outside its organisation, so groups under five people are hidden."""
    result = []
    for indicator in INDICATORS:
        if indicator.denominator:
            numerator = (counts or {}).get(indicator.denominator, 0)
            denominator = getattr(denominators, indicator.denominator, None)
            small = indicator.people and 0 < numerator < SMALLEST_GROUP
        else:
            denominator, numerator = satisfaction.get(indicator.number, (0, 0))
            small = 0 < denominator < SMALLEST_GROUP
        target = target_values.get(indicator.number)
        result.append(
            Figure(
                indicator,
                numerator,
                denominator,
                target[0] if target else None,
                suppressed=suppress and small,
            )
        )
    return result


def _satisfaction_of(rows: dict, organisation_ids: Iterable[int]) -> dict:
    """{5: (surveyed, satisfied), 6: …} summed over the organisations."""
    result = {}
    for number, kind in SATISFACTION_KINDS.items():
        pairs = [rows.get((pk, kind), (0, 0)) for pk in organisation_ids]
        result[number] = (sum(p[0] for p in pairs), sum(p[1] for p in pairs))
    return result


# The pages' queries: the same counts as above, built and compiled once per
# process (``prepared``). A level's organisations are a subquery of
# ``scope`` = the level's id, the educational ones or all of them.


def _organisations(scope: str, educational: bool, level: int) -> QuerySet:
    organisations = Organisation.objects.all()
    if educational:
        organisations = organisations.educational()
    return organisations.filter(**{scope: level})


def _people_query(
    group: str, scope: str, educational: bool, level: int, since, until, **born
) -> QuerySet:
    return (
        participants(_organisations(scope, educational, level), since, until)
        .values_list(group)
        .annotate(**_counts(_counted_filters(**born)))
        .order_by()
    )


def _people(
    group: str, scope: str, educational: bool, level: int, period: Period
) -> dict[int, dict[str, int]]:
    """The four people-counts of the level's organisations from the start of
    the period to its day, by ``group`` (organisation, municipality…)."""
    found = prepared.rows(
        _people_query,
        (group, scope, educational),
        level=level,
        since=period.since,
        until=period.on,
        **_birth_bounds(period.reference),
    )
    return {row[0]: dict(zip(PEOPLE_COUNTS, row[1:], strict=True)) for row in found}


def _members_query(
    group: str, scope: str, educational: bool, level: int, since, until, **born
) -> QuerySet:
    """The level's counted members as rows: the ``group`` they count in, the
    person, their employer's INN and which of the people-counts take them."""
    columns = {
        "key": F(group),
        "who": F("person"),
        "inn": F("person__employer_inn"),
        **_counted_filters(**born),
    }
    members = participants(_organisations(scope, educational, level), since, until)
    return members.annotate(**columns).values_list(*columns).order_by()


# The four people-counts of ``_members_query``'s rows per key and, in a row of
# key NULL, of all of them: a person in the pairs of two keys counts once in
# all, so the total is no sum of the rows. PostgreSQL groups both ways in one
# pass (GROUPING SETS); SQLite has none, and reads the rows twice.
_PEOPLE_COUNTED = """
    COUNT(DISTINCT who) FILTER (WHERE children),
    COUNT(DISTINCT who) FILTER (WHERE youths),
    COUNT(DISTINCT who) FILTER (WHERE young_teachers),
    COUNT(DISTINCT inn) FILTER (WHERE enterprises)
"""
_PEOPLE_AND_TOTAL = {
    "postgresql": f"""
        SELECT key, {_PEOPLE_COUNTED} FROM ({{rows}}) members
        GROUP BY GROUPING SETS ((key), ())
    """,
    "sqlite": f"""
        WITH members AS ({{rows}})
        SELECT key, {_PEOPLE_COUNTED} FROM members GROUP BY key
        UNION ALL
        SELECT NULL, {_PEOPLE_COUNTED} FROM members
    """,
}


def _people_and_total_query(
    group: str, scope: str, educational: bool, level: int, since, until, **born
) -> prepared.Around:
    members = _members_query(group, scope, educational, level, since, until, **born)
    sql = _PEOPLE_AND_TOTAL[connections[members.db].vendor]
    return prepared.Around(members, sql, kept=1)


def _people_and_total(
    group: str, scope: str, educational: bool, level: int, period: Period
) -> tuple[dict[int, dict[str, int]], dict[str, int]]:
    """``_people`` by ``group`` and of the whole level, from one query."""
    found = prepared.rows(
        _people_and_total_query,
        (group, scope, educational),
        level=level,
        since=period.since,
        until=period.on,
        **_birth_bounds(period.reference),
    )
    rows = {row[0]: dict(zip(PEOPLE_COUNTS, row[1:], strict=True)) for row in found}
    return rows, rows.pop(None)


def _satisfaction_query(
    scope: str, educational: bool, level: int, since, until
) -> prepared.Around:
    kinds = list(SATISFACTION_KINDS.values())
    organisations = _organisations(scope, educational, level)
    latest = stats.latest_scores(organisations, kinds, since, until)
    return prepared.Around(latest, stats.COUNTED, kept=4)


@dataclass
class _Satisfaction:
    """``stats.satisfaction_by_organisation`` ((surveyed, satisfied) per
    organisation id and kind) and the thresholds («satisfied from») of the
    questionnaire versions the counted responses answered, to print the rule
    beside the figure, of the level's organisations from one query;
    ``municipality`` of each organisation that answered."""

    rows: dict[tuple[int, str], tuple[int, int]]
    thresholds: list[Decimal]
    municipality: dict[int, int]


def _satisfaction(
    scope: str, educational: bool, level: int, period: Period
) -> _Satisfaction:
    found = prepared.rows(
        _satisfaction_query,
        (scope, educational),
        level=level,
        since=period.since,
        until=period.on,
    )
    rows: dict[tuple[int, str], tuple[int, int]] = {}
    municipality = {}
    for organisation, municipality_id, kind, _threshold, surveyed, satisfied in found:
        before = rows.get((organisation, kind), (0, 0))
        rows[organisation, kind] = (before[0] + surveyed, before[1] + satisfied)
        municipality[organisation] = municipality_id
    thresholds = sorted({row[3] for row in found})
    return _Satisfaction(rows, thresholds, municipality)


def for_organisation(organisation: Organisation, on: date) -> dict:
    """The organisation's six figures at ``on``, with its municipality's
    targets, the period and the satisfaction thresholds."""
    year = SchoolYear.of(on)
    period = Period.of(on, denominators_of(organisation, year))
    level = ("pk", False, organisation.pk)
    counts = _people("pairing__organisation", *level, period).get(organisation.pk)
    answered = _satisfaction(*level, period)
    municipality = organisation.municipality
    target_values = targets(municipality, municipality.region, on.year)
    return {
        "period": period,
        "figures": figures(
            counts,
            _satisfaction_of(answered.rows, [organisation.pk]),
            period.denominators,
            target_values,
        ),
        "target_values": target_values,
        "thresholds": answered.thresholds,
    }


def for_municipality(municipality: Municipality, on: date) -> dict:
    """The municipality's own six figures and each educational organisation's
    side by side, small groups suppressed (the figures leave the schools)."""
    year = SchoolYear.of(on)
    period = Period.of(on, denominators_of(municipality, year))
    organisations = list(
        Organisation.objects.educational()
        .filter(municipality=municipality)
        .order_by("short_name")
    )
    ids = [o.pk for o in organisations]
    level = ("municipality", True, municipality.pk)
    # Each school's ages on its own reference date would need a query per
    # school; the municipality's reference date is used for all of them.
    by_organisation, counts = _people_and_total("pairing__organisation", *level, period)
    answered = _satisfaction(*level, period)
    own = {
        d.organisation_id: d
        # of all its organisations: only the educational ones are looked up
        for d in _denominators(
            "organisation__municipality", municipality.pk, year.start_year
        )
    }
    target_values = targets(municipality, municipality.region, on.year)
    rows = [
        (
            organisation,
            figures(
                by_organisation.get(organisation.pk),
                _satisfaction_of(answered.rows, [organisation.pk]),
                own.get(organisation.pk),
                target_values,
                suppress=True,
            ),
        )
        for organisation in organisations
    ]
    total = figures(
        counts,
        _satisfaction_of(answered.rows, ids),
        period.denominators,
        target_values,
        suppress=True,
    )
    return {
        "period": period,
        "rows": rows,
        "total": total,
        "target_values": target_values,
        "thresholds": answered.thresholds,
    }


def people_counts_by_municipality(
    municipalities, since: date, until: date, reference: date
) -> dict[int, dict[str, int]]:
    """The four people-counts of each municipality's educational
    organisations (a partner's pairs count in no KPI, as in no total), in
    one query grouped by municipality."""
    rows = (
        participants(
            Organisation.objects.educational().filter(municipality__in=municipalities),
            since,
            until,
        )
        .values("pairing__organisation__municipality")
        .annotate(**_count_expressions(reference))
        .order_by()
    )
    return {row.pop("pairing__organisation__municipality"): row for row in rows}


def for_region(region: Region, on: date) -> dict:
    """The region's six figures and each municipality's side by side, each
    against its own denominators and targets; groups under five suppressed."""
    year = SchoolYear.of(on)
    period = Period.of(on, denominators_of(region, year))
    municipalities = list(region.municipalities.order_by("name"))
    level = ("municipality__region", True, region.pk)
    by_municipality, counts = _people_and_total(
        "pairing__organisation__municipality", *level, period
    )
    answered = _satisfaction(*level, period)
    own = {
        d.municipality_id: d
        for d in _denominators("municipality__region", region.pk, year.start_year)
    }
    own_targets = {}
    found = prepared.rows(_municipal_targets_query, region=region.pk, year=on.year)
    for municipality_id, kpi, value in found:
        own_targets.setdefault(municipality_id, {})[kpi] = (
            value,
            _("municipal target"),
        )
    target_values = targets(None, region, on.year)
    rows = [
        (
            municipality,
            figures(
                by_municipality.get(municipality.pk),
                _satisfaction_of(
                    answered.rows,
                    [
                        pk
                        for pk, m in answered.municipality.items()
                        if m == municipality.pk
                    ],
                ),
                own.get(municipality.pk),
                target_values | own_targets.get(municipality.pk, {}),
                suppress=True,
            ),
        )
        for municipality in municipalities
    ]
    total = figures(
        counts,
        # every organisation that answered
        _satisfaction_of(answered.rows, list(answered.municipality)),
        period.denominators,
        target_values,
        suppress=True,
    )
    return {
        "period": period,
        "rows": rows,
        "total": total,
        "target_values": target_values,
        "thresholds": answered.thresholds,
    }


def own_lists(organisation: Organisation, reference: date) -> dict[str, int]:
    """The organisation's own lists as a starting figure for its
    denominators, in one query: pupils and students aged 10–19 and 15–19 on
    the reference date, teachers with 0–3 years of experience, and the
    enterprises (INN) its people work for."""
    learners = Q(category__in=[Person.Category.PUPIL, Person.Category.STUDENT])
    return (
        Person.objects.for_organisation(organisation)
        .present()
        .aggregate(
            children=Count("pk", filter=learners & aged(reference, 10, 19, prefix="")),
            youths=Count("pk", filter=learners & aged(reference, 15, 19, prefix="")),
            young_teachers=Count(
                "pk",
                filter=Q(category=Person.Category.TEACHER, experience_years__lte=3),
            ),
            enterprises=Count(
                "employer_inn", distinct=True, filter=~Q(employer_inn="")
            ),
        )
    )


def sum_of_organisations(municipality: Municipality, school_year: int) -> dict:
    """The municipality's organisations' denominators added up, as a starting
    figure for the municipality's own."""
    return Denominators.objects.filter(
        organisation__municipality=municipality, school_year=school_year
    ).aggregate(**{name: Sum(name) for name in PEOPLE_COUNTS})


def sum_of_municipalities(region: Region, school_year: int) -> dict:
    """The region's municipalities' denominators added up, as a starting
    figure for the region's own."""
    return Denominators.objects.filter(
        municipality__region=region, school_year=school_year
    ).aggregate(**{name: Sum(name) for name in PEOPLE_COUNTS})
