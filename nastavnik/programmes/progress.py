"""How far each organisation of a municipality has got with its roadmap.

One row per organisation for a school year. Only active programmes count
(``ProgrammeQuerySet.active``): a draft's items are neither counted nor give
the current stage, and each row says how many drafts it has. Every figure is
counted by the database in correlated subqueries (like
``nastavnik.views._count``), so the table costs the same three queries for
five organisations or five hundred: the organisations with their figures,
their programmes of the year, and the overdue items to list.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import (
    Exists,
    F,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
)

from nastavnik.lib.dates import SchoolYear
from nastavnik.lib.queries import count_subquery
from nastavnik.orgs.models import Organisation
from nastavnik.programmes.models import (
    STATUS_COUNT_KEYS,
    Item,
    Programme,
    Stage,
)
from nastavnik.programmes.roadmap_templates import TEMPLATES

ORGANISATION = "stage__roadmap__programme__organisation"
# The figures of a row, in the order of the table's columns.
FIELDS = [
    "num_items",
    "num_done",
    "num_in_progress",
    "num_planned",
    "num_overdue",
    "num_cancelled",
]


def percent_done(done: int, total: int, cancelled: int) -> int:
    """Done items as a whole percentage of those not cancelled."""
    planned = total - cancelled
    return done * 100 // planned if planned > 0 else 0


def template_name(key: str) -> str:
    template = TEMPLATES.get(key)
    return template.name if template else key


def organisations_progress(
    organisations: QuerySet[Organisation], year: SchoolYear, today: date
) -> list[Organisation]:
    """``organisations`` ordered by name, each with the figures of its
    programmes of ``year`` as of ``today``:

    - ``num_items``, ``num_done``, ``num_in_progress``, ``num_planned``,
      ``num_overdue``, ``num_cancelled`` (an overdue item is neither in
      progress nor planned) and ``percent_done``;
    - ``current_stage``: the title of the first stage with open items;
    - ``next_activity``, ``next_due``, ``next_code``: the next open item due;
    - ``year_programmes``: its active programmes of the year with their
      roadmaps, empty when it has none;
    - ``num_drafts``: how many draft programmes of the year it has, which
      count in none of the figures above;
    - ``overdue_items``: the overdue items, earliest first.
    """
    items = Item.objects.filter(
        stage__roadmap__programme__school_year=year.start_year,
        stage__roadmap__programme__status__in=Programme.ACTIVE,
    )
    open_items = Item.objects.open().filter(stage=OuterRef("pk"))
    stages = (
        Stage.objects.filter(
            roadmap__programme__organisation=OuterRef("pk"),
            roadmap__programme__school_year=year.start_year,
            roadmap__programme__status__in=Programme.ACTIVE,
        )
        .filter(Exists(open_items))
        .order_by("roadmap__programme__title", "position")
    )
    upcoming = (
        items.open()
        .filter(**{ORGANISATION: OuterRef("pk")}, due_on__gte=today)
        .order_by("due_on", "stage__position", "position")
    )
    programmes = (
        Programme.objects.active()
        .filter(school_year=year.start_year)
        .select_related("roadmap")
        .order_by("title")
    )
    drafts = Programme.objects.drafts().filter(school_year=year.start_year)
    rows = list(
        organisations.annotate(
            current_stage=Subquery(stages.values("title")[:1]),
            next_id=Subquery(upcoming.values("pk")[:1]),
            num_drafts=count_subquery(drafts, "organisation"),
        )
        .prefetch_related(
            Prefetch("programmes", queryset=programmes, to_attr="year_programmes")
        )
        .order_by("short_name")
    )
    overdue = defaultdict(list)
    late_items = (
        items.overdue(today)
        .filter(**{f"{ORGANISATION}__in": organisations.values("pk")})
        .annotate(organisation_id=F(ORGANISATION))
        .order_by("due_on", "stage__position", "position")
    )
    for item in late_items:
        item.days_late = (today - item.due_on).days
        overdue[item.organisation_id].append(item)
    # the items of every organisation by status, in one grouped query
    counts = items.filter(
        **{f"{ORGANISATION}__in": organisations.values("pk")}
    ).status_counts_by(ORGANISATION, today)
    none = dict.fromkeys(STATUS_COUNT_KEYS, 0)
    # the next items, read by id in one query
    upcoming_ids = [row.next_id for row in rows if row.next_id]
    nexts = Item.objects.only("code", "activity", "due_on").in_bulk(upcoming_ids)
    for row in rows:
        following = nexts.get(row.next_id)
        row.next_code = following.code if following else None
        row.next_activity = following.activity if following else None
        row.next_due = following.due_on if following else None
        mine = counts.get(row.pk, none)
        row.num_items = mine["total"]
        for key in STATUS_COUNT_KEYS[1:]:
            setattr(row, f"num_{key}", mine[key])
        row.percent_done = percent_done(row.num_done, row.num_items, row.num_cancelled)
        row.overdue_items = overdue[row.pk]
        for programme in row.year_programmes:
            roadmap = getattr(programme, "roadmap", None)
            programme.template_name = template_name(roadmap.template) if roadmap else ""
    return rows


def totals(rows: list[Organisation]) -> dict[str, int]:
    """The sums of the figures over ``rows``, with the overall ``percent_done``,
    the number of organisations without an active programme and of drafts."""
    sums = {field: sum(getattr(row, field) for row in rows) for field in FIELDS}
    sums["percent_done"] = percent_done(
        sums["num_done"], sums["num_items"], sums["num_cancelled"]
    )
    sums["num_without_programme"] = sum(1 for row in rows if not row.year_programmes)
    sums["num_drafts"] = sum(row.num_drafts for row in rows)
    return sums


def programmes_with_stages(
    organisation: Organisation, year: SchoolYear, today: date
) -> list[Programme]:
    """The organisation's programmes of ``year`` for its home page. Each has
    ``counts`` (``ItemQuerySet.status_counts``) and ``percent_done``; each
    stage of its roadmap, in ``stage_list``, has the counts of
    ``StageQuerySet.with_status_counts`` (``num_total``, ``num_done``,
    ``num_overdue``…) and a ``state``: «done», «current» (the first stage
    with open items) or «later». Two queries, however many programmes."""
    stages = Stage.objects.order_by("position").with_status_counts(today)
    programmes = list(
        Programme.objects.filter(organisation=organisation, school_year=year.start_year)
        .select_related("roadmap")
        .prefetch_related(
            Prefetch("roadmap__stages", queryset=stages, to_attr="stage_list")
        )
        .order_by("title")
    )
    for programme in programmes:
        roadmap = getattr(programme, "roadmap", None)
        if roadmap is None:
            continue
        # the roadmap's counts are the sums of its stages'
        programme.counts = {
            key: sum(getattr(stage, f"num_{key}") for stage in roadmap.stage_list)
            for key in STATUS_COUNT_KEYS
        }
        programme.percent_done = percent_done(
            programme.counts["done"],
            programme.counts["total"],
            programme.counts["cancelled"],
        )
        current = None
        for stage in roadmap.stage_list:
            if stage.num_done + stage.num_cancelled == stage.num_total:
                stage.state = "done" if stage.num_total else "later"
            elif current is None:
                current = stage
                stage.state = "current"
            else:
                stage.state = "later"
    return programmes
