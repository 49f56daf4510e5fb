"""The KPIs of a region on PostgreSQL: each of the product's aggregates
against a hand-written query, and the regional page (issue 14, «Speed»).

The issue's targets: for a region of 1 000 000 people, 300 000 pairs and
2 000 organisations, the regional KPI page renders in under 2 s, and each
KPI is one SQL aggregate whose time is within 3 times a hand-written
COUNT(DISTINCT …) over the same tables, in the same run.

A throw-away PostgreSQL server is started as for BENCH_POSTGRES
(bench/serving.py, the way bin/test-postgres starts one), migrated, and
filled by bench/gen_region.py; then VACUUM ANALYZE. Timed, best of
``REPEAT``, the product's aggregate and the hand-written SQL in turn:

- the region's KPIs 1–4 (``kpis.people_counts``, one query for the four)
  against four COUNT(DISTINCT …), one per KPI (each one's time printed);
- the region's KPIs 1–4 per municipality (``people_counts_by_municipality``)
  and, on the page of the largest municipality, per organisation
  (``people_counts_by_organisation``) and in total, against one GROUP BY
  with four COUNT(DISTINCT …) FILTER;
- the pages' one query of KPIs 1–4 per row and in total
  (``kpis._people_and_total``: per municipality and for the region, per
  organisation and for the largest municipality), against the same
  COUNT(DISTINCT …) FILTER grouped by GROUPING SETS ((row), ());
- KPIs 5–6 (``stats.satisfaction_by_organisation``, the SQL of the pages)
  of the region and of that municipality, against a DISTINCT ON the
  respondent (their latest scored answer) grouped by organisation and
  questionnaire.

Each pair of queries must give the same numbers, each product call must be
one query whose plan is one aggregate (EXPLAIN), and the row's ratio is
product over hand, target 3. The last row is the regional page, fetched with
Django's test client by a regional operator, against the 2 s budget (the
row's baseline). The number of queries the page's ``kpis.for_region`` makes
is printed, with the plan of the slowest.

Where the time goes at full size (the shared 2-core machine, December 2026;
the figures of one run are in CHANGELOG.md): each product call is one
aggregate, within 0.6–1.6 times the hand-written SQL. KPIs 1–4 cost what
the hand-written SQL costs, 1–1.5 s, mostly the parallel hash joins of
about 500 000 counted members with their pairs and the 1 000 000 people,
then the sorts of COUNT(DISTINCT), partly on disk; the pages group their
rows and the total in one pass (GROUPING SETS on PostgreSQL), where they
once ran the query twice. KPIs 5–6 rank each person's answers in one sort
(rank() over the person and questionnaire kind, newest first) and count
the first in SQL around that subquery: 0.5–1.0 s against 0.35–0.7 s for
DISTINCT ON, where NOT EXISTS a newer answer, a subplan per response,
took 3.8 s with JIT (0.8 s without) and 1.2 s in a municipality (23×).
The page's ``kpis.for_region``: 7 queries, those two about 95 % of their
time; the page 1.3–1.9 s, as the other work on the machine allows.

BENCH_SHORT=1 builds a tenth of the region (``SHORT_SCALE``).
Run this module directly for the rows: ``.venv/bin/python
bench/bench_kpis_postgres.py`` (``--scale 0.02`` for a quick try).
"""

from __future__ import annotations

import json
import os
import sys
import time
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHORT = os.environ.get("BENCH_SHORT", "") not in ("", "0")
SHORT_SCALE = 0.1
REPEAT = 3
TARGET_RATIO = 3.0
PAGE_BUDGET_S = 2.0  # the budget for the regional page

COUNTED = (
    "'fixed', 'introduced', 'trial', 'planning', 'working', 'final', "
    "'closed', 'closed_early', 'paused'"
)
# Pair members in a pair fixed by order at some time from since to until,
# not of a pair closed before since (closing leaves the members' until empty).
MEMBERS = f"""
    FROM pairs_pairingmember m
    JOIN pairs_pairing p ON p.id = m.pairing_id
    JOIN orgs_organisation o ON o.id = p.organisation_id
    JOIN orgs_municipality mu ON mu.id = o.municipality_id
    JOIN people_person pe ON pe.id = m.person_id
    WHERE {{scope}} AND o.type <> 'partner'
      AND p.status IN ({COUNTED})
      AND m.since <= %(until)s AND (m.until IS NULL OR m.until >= %(since)s)
      AND (p.closed_on IS NULL OR p.closed_on >= %(since)s)
"""
AGED = (
    "pe.birth_date <= (%(reference)s::date - interval '{youngest} years')::date "
    "AND pe.birth_date > (%(reference)s::date - interval '{older} years')::date"
)
# Which members each people-count takes, and what it counts.
KPIS = {
    "children": (
        "m.person_id",
        "m.role = 'mentee' AND " + AGED.format(youngest=10, older=20),
    ),
    "youths": (
        "m.person_id",
        "m.role = 'mentor' AND " + AGED.format(youngest=15, older=20),
    ),
    "young_teachers": (
        "m.person_id",
        "m.role = 'mentee' AND pe.category = 'teacher' AND pe.experience_years <= 3",
    ),
    "enterprises": ("pe.employer_inn", "m.role = 'mentor' AND pe.employer_inn <> ''"),
}
NUMBER = {"children": 1, "youths": 2, "young_teachers": 3, "enterprises": 4}
# The latest scored answer of each respondent to each questionnaire kind (each
# anonymous answer is one; a mentee who also mentors counts in both KPIs).
SATISFACTION = """
    SELECT organisation_id, kind, count(*), count(*) FILTER (WHERE satisfied)
    FROM (
        SELECT DISTINCT ON (q.kind, coalesce(r.person_id, -r.id))
            c.organisation_id, q.kind, r.score >= v.satisfied_from AS satisfied
        FROM surveys_response r
        JOIN surveys_campaign c ON c.id = r.campaign_id
        JOIN orgs_organisation o ON o.id = c.organisation_id
        JOIN orgs_municipality mu ON mu.id = o.municipality_id
        JOIN surveys_version v ON v.id = r.version_id
        JOIN surveys_questionnaire q ON q.id = v.questionnaire_id
        WHERE {scope} AND o.type <> 'partner'
          AND q.kind IN ('satisfaction_mentee', 'satisfaction_mentor')
          AND r.submitted_on BETWEEN %(since)s AND %(until)s
          AND r.score IS NOT NULL
        ORDER BY q.kind, coalesce(r.person_id, -r.id), r.submitted_on DESC, r.id DESC
    ) latest
    GROUP BY organisation_id, kind
"""


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nastavnik.settings")
    sys.path[:0] = [str(HERE), str(ROOT)]
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _sql(sql: str, params: dict) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _best(call) -> tuple[float, object]:
    """The best time of ``REPEAT`` calls, and the result."""
    times = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - started)
    return min(times), result


def _one_aggregate(call, what: str) -> None:
    """The product's call is one query, and its plan one aggregate."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        call()
    if len(queries) != 1:
        raise AssertionError(f"{what}: {len(queries)} queries, not one")
    plan = _sql("EXPLAIN (FORMAT JSON) " + queries[0]["sql"], {})[0][0]
    top = plan[0]["Plan"]
    if top["Node Type"] != "Aggregate":
        raise AssertionError(f"{what}: the plan's top is {top['Node Type']}")


def _compare(name: str, product, hand, ratio_of=None) -> dict:
    """Time the product's call and the hand SQL in turn; a row."""
    (product_s, product_result), (hand_s, hand_result) = _timed(product, hand)
    if product_result != hand_result:
        raise AssertionError(
            f"{name}: the product says {_short(product_result)}, "
            f"the hand-written SQL {_short(hand_result)}"
        )
    log(
        f"{name}: product {product_s * 1000:.0f} ms, hand-written "
        f"{hand_s * 1000:.0f} ms, ratio {product_s / hand_s:.2f}"
    )
    return {
        "name": name,
        "baseline_s": round(hand_s, 4),
        "measured_s": round(product_s, 4),
        "ratio": round(product_s / hand_s, 2),
        "target_ratio": TARGET_RATIO,
    }


def _timed(product, hand) -> tuple:
    product(), hand()  # warm both: the same pages in the cache
    product_times, hand_times = [], []
    for _ in range(REPEAT):
        for call, times in ((product, product_times), (hand, hand_times)):
            started = time.perf_counter()
            result = call()
            times.append(time.perf_counter() - started)
            if call is product:
                product_result = result
            else:
                hand_result = result
    return (min(product_times), product_result), (min(hand_times), hand_result)


def _short(value) -> str:
    text = repr(value)
    return text if len(text) < 300 else text[:300] + "…"


def _hand_counts(
    scope: str, params: dict, group: str = "", total: bool = False
) -> object:
    """The four people-counts with COUNT(DISTINCT …) FILTER, grouped by
    ``group`` ({key: counts}) or not (counts); with ``total``, by GROUPING
    SETS ((group), ()): ({key: counts}, counts of all)."""
    counts = ", ".join(
        f"count(DISTINCT {what}) FILTER (WHERE {condition})"
        for what, condition in KPIS.values()
    )
    select = f"SELECT {group + ', ' if group else ''}{counts}"
    grouping = f"GROUPING SETS (({group}), ())" if total else group
    sql = (
        select
        + MEMBERS.format(scope=scope)
        + (f" GROUP BY {grouping}" if group else "")
    )
    rows = _sql(sql, params)
    if not group:
        return dict(zip(KPIS, rows[0], strict=True))
    found = {row[0]: dict(zip(KPIS, row[1:], strict=True)) for row in rows}
    return (found, found.pop(None)) if total else found


def _hand_satisfaction(scope: str, params: dict) -> dict:
    return {
        (organisation, kind): (surveyed, satisfied)
        for organisation, kind, surveyed, satisfied in _sql(
            SATISFACTION.format(scope=scope), params
        )
    }


def measure(region, on) -> list[dict]:
    from nastavnik.lib.dates import SchoolYear
    from nastavnik.monitoring import kpis
    from nastavnik.orgs.models import Organisation
    from nastavnik.surveys import stats

    period = kpis.Period.of(on, kpis.denominators_of(region, SchoolYear.of(on)))
    since, reference = period.since, period.reference
    params = {"since": since, "until": on, "reference": reference}
    educational = Organisation.objects.educational()
    ids = list(
        educational.filter(municipality__region=region).values_list("pk", flat=True)
    )
    municipalities = list(region.municipalities.order_by("name"))
    kinds = list(kpis.SATISFACTION_KINDS.values())
    in_region = "mu.region_id = %(region)s"
    rows = []

    def region_counts():
        return kpis.people_counts(ids, since, on, reference)

    _one_aggregate(region_counts, "the region's KPIs 1–4")
    singles = {
        name: f"SELECT count(DISTINCT {what})"
        + MEMBERS.format(scope=f"{in_region} AND {condition}")
        for name, (what, condition) in KPIS.items()
    }
    in_the_region = {**params, "region": region.pk}
    for name, sql in singles.items():
        seconds, _count = _best(lambda sql=sql: _sql(sql, in_the_region))
        log(
            f"KPI {NUMBER[name]} of the region alone, hand-written: "
            f"{seconds * 1000:.0f} ms"
        )
    rows.append(
        _compare(
            "KPIs 1–4 of the region (hand: a COUNT(DISTINCT) per KPI)",
            region_counts,
            lambda: {
                name: _sql(sql, in_the_region)[0][0] for name, sql in singles.items()
            },
        )
    )

    def by_municipality():
        return kpis.people_counts_by_municipality(municipalities, since, on, reference)

    _one_aggregate(by_municipality, "KPIs 1–4 by municipality")
    rows.append(
        _compare(
            "KPIs 1–4 of the region by municipality",
            by_municipality,
            lambda: _hand_counts(
                in_region, {**params, "region": region.pk}, "o.municipality_id"
            ),
        )
    )

    def region_page_counts():
        return kpis._people_and_total(
            "pairing__organisation__municipality",
            "municipality__region",
            True,
            region.pk,
            period,
        )

    _one_aggregate(region_page_counts, "the regional page's KPIs 1–4")
    rows.append(
        _compare(
            "KPIs 1–4 of the region by municipality and in total, the page's "
            "one query (hand: GROUPING SETS)",
            region_page_counts,
            lambda: _hand_counts(
                in_region, in_the_region, "o.municipality_id", total=True
            ),
        )
    )

    def region_satisfaction():
        return stats.satisfaction_by_organisation(ids, kinds, since, on)

    _one_aggregate(region_satisfaction, "KPIs 5–6 of the region")
    rows.append(
        _compare(
            "KPIs 5–6 of the region by organisation",
            region_satisfaction,
            lambda: _hand_satisfaction(in_region, {**params, "region": region.pk}),
        )
    )

    largest = max(
        municipalities,
        key=lambda m: m.organisations.filter(pairings__isnull=False).count(),
    )
    own = list(educational.filter(municipality=largest).values_list("pk", flat=True))
    in_municipality = {**params, "municipality": largest.pk}
    scope = "o.municipality_id = %(municipality)s"
    log(f"the largest municipality: {largest.name}, {len(own)} organisations")

    def by_organisation():
        return kpis.people_counts_by_organisation(own, since, on, reference)

    def municipality_counts():
        return kpis.people_counts(own, since, on, reference)

    def municipality_satisfaction():
        return stats.satisfaction_by_organisation(own, kinds, since, on)

    def municipality_page_counts():
        return kpis._people_and_total(
            "pairing__organisation", "municipality", True, largest.pk, period
        )

    _one_aggregate(by_organisation, "KPIs 1–4 by organisation")
    _one_aggregate(municipality_page_counts, "the municipal page's KPIs 1–4")
    _one_aggregate(municipality_counts, "KPIs 1–4 of the municipality")
    _one_aggregate(municipality_satisfaction, "KPIs 5–6 of the municipality")
    rows.append(
        _compare(
            "KPIs 1–4 of a municipality by organisation",
            by_organisation,
            lambda: _hand_counts(scope, in_municipality, "p.organisation_id"),
        )
    )
    rows.append(
        _compare(
            "KPIs 1–4 of a municipality",
            municipality_counts,
            lambda: _hand_counts(scope, in_municipality),
        )
    )
    rows.append(
        _compare(
            "KPIs 1–4 of a municipality by organisation and in total, the "
            "page's one query (hand: GROUPING SETS)",
            municipality_page_counts,
            lambda: _hand_counts(
                scope, in_municipality, "p.organisation_id", total=True
            ),
        )
    )
    rows.append(
        _compare(
            "KPIs 5–6 of a municipality by organisation",
            municipality_satisfaction,
            lambda: _hand_satisfaction(scope, in_municipality),
        )
    )
    _queries_of_the_page(region, on)
    rows.append(_page(region, on))
    return rows


def _queries_of_the_page(region, on) -> None:
    """How many queries ``for_region`` makes, and the plan of the slowest."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from nastavnik.monitoring import kpis

    with CaptureQueriesContext(connection) as queries:
        kpis.for_region(region, on)
    slowest = max(queries.captured_queries, key=lambda q: float(q["time"]))
    log(
        f"kpis.for_region: {len(queries)} queries, "
        f"{sum(float(q['time']) for q in queries.captured_queries):.3f} s in SQL; "
        f"the slowest ({slowest['time']} s):"
    )
    plan = _sql("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"], {})
    log("\n".join("    " + line for (line,) in plan))


def _page(region, on) -> dict:
    """The regional KPI page by a regional operator: the first time and the
    best of ``REPEAT``."""
    from django.test import Client, override_settings
    from django.urls import reverse

    # static files are not collected: plain storage, and no whitenoise warning
    warnings.filterwarnings("ignore", message="No directory at")

    from nastavnik.accounts.models import Membership, Role, User

    user = User.objects.create_user("regional-bench")
    Membership.objects.create(user=user, role=Role.REGIONAL, region=region)
    client = Client()
    client.force_login(user)
    url = reverse("monitoring-region-kpis", args=[region.code])
    url += f"?on={on.isoformat()}"
    plain_static = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    times = []
    with override_settings(STORAGES=plain_static):
        for _ in range(REPEAT + 1):
            started = time.perf_counter()
            page = client.get(url)
            times.append(time.perf_counter() - started)
            if page.status_code != 200:
                raise AssertionError(f"the regional page answered {page.status_code}")
    if on.strftime("%d.%m.%Y").encode() not in page.content:
        raise AssertionError("the regional page is not of the day asked for")
    best = min(times[1:])
    log(
        f"the regional KPI page: first {times[0]:.3f} s, best of {REPEAT} "
        f"{best:.3f} s (budget {PAGE_BUDGET_S:.0f} s)"
    )
    return {
        "name": "the regional KPI page (budget 2 s)",
        "baseline_s": PAGE_BUDGET_S,
        "measured_s": round(best, 3),
        "ratio": round(best / PAGE_BUDGET_S, 2),
        "target_ratio": 1.0,
    }


def run(scale: float | None = None) -> list[dict]:
    import serving

    if scale is None:
        scale = SHORT_SCALE if SHORT else 1.0
    with serving._postgres() as url:
        _setup_django(url)
        import gen_region

        size = gen_region.sizes(scale)
        log(
            f"KPIs on PostgreSQL at scale {scale:g}: building {size['people']} "
            f"people, {size['pairs']} pairs and {size['organisations']} "
            f"organisations…"
        )
        started = time.perf_counter()
        region = gen_region.build(scale, log=log)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        log(f"built and analysed in {time.perf_counter() - started:.0f} s")
        rows = measure(region, gen_region.ON)
        connection.close()
    suffix = "" if scale == 1 else f", scale {scale:g}"
    for row in rows:
        row["name"] = f"KPIs on PostgreSQL{suffix}: {row['name']}"
    return rows


if __name__ == "__main__":
    chosen = None
    if sys.argv[1:2] == ["--scale"]:
        chosen = float(sys.argv[2])
    print(json.dumps(run(chosen), ensure_ascii=False))
