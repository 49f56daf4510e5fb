"""Demo data: a programme with its roadmap for every demo educational
organisation, and the municipal plan of «Уни».

Needs ``ctx["organisations"]``, ``ctx["municipalities"]`` (orgs.demo) and the
cast's memberships (accounts.demo). Each organisation runs a programme of the
current school year built from the seed template that fits it (the ЦВР of Уни
is seed 000's own organisation) with the forms that fit its type; its curator
is the organisation's curator user. The roadmap has been worked on up to
``ctx["today"]``: most items already due are done (some with a comment or a
link to a news item on the organisation's site), a few are late, one or two
cancelled, those whose time has come are in progress and the later ones
planned. A template that gives no deadlines (seed 002) gets a month per stage,
as a curator adapting it would write. An organisation that already has a
programme this year, and a municipality that already has a plan, are left
alone. Schools 1 and 2 also ran the same programme the year before: it is
completed, every item of its roadmap done in its time.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from nastavnik.accounts.models import Membership, Role, User
from nastavnik.lib.dates import SchoolYear
from nastavnik.orgs.models import Municipality, Organisation
from nastavnik.programmes import deadlines, services
from nastavnik.programmes.models import (
    Comment,
    Evidence,
    Item,
    MentorshipForm,
    Programme,
    Roadmap,
)
from nastavnik.programmes.roadmap_templates import DEFAULT, TEMPLATES

# Organisation key of orgs.demo → (template, forms of mentorship).
PROGRAMMES: dict[str, tuple[str, list[str]]] = {
    "cvr": ("seed_000", ["teacher_pupil", "pupil_pupil"]),
    "school1": ("seed_001", ["teacher_pupil", "pupil_pupil", "employer_pupil"]),
    "school2": ("seed_002", ["teacher_teacher", "experienced_young"]),
    "kindergarten": ("seed_004", ["teacher_teacher", "experienced_young"]),
    "college": ("r145", ["employer_student", "student_pupil"]),
    "school_other": ("r145", ["teacher_pupil", "pupil_pupil"]),
    "ddt_other": ("seed_000", ["teacher_pupil", "pupil_pupil"]),
}
OTHER = (DEFAULT, ["teacher_pupil"])
# The organisations that also ran a programme the year before.
LAST_YEAR = ["school1", "school2"]
MUNICIPAL_PLANS = {"uni": "seed_003"}

# The months a curator gives the stages of a template without deadlines.
STAGE_MONTHS = [
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
]
DONE_NOTES = [
    "Выполнено в срок, материалы у куратора.",
    "Проведено, протокол в папке куратора.",
    "Обсудили на педагогическом совете, решение принято.",
    "Выполнено; итоги размещены на сайте организации.",
]
LATE_NOTES = [
    "Перенесли: ждём согласования с руководителем.",
    "Не успели из-за карантина, проведём до конца месяца.",
]


def _title(template_key: str, year: SchoolYear) -> str:
    template = TEMPLATES[template_key]
    whom = "педагогических работников" if template.tracks == ["teachers"] else ""
    base = f"Программа наставничества {whom}".strip()
    return f"{base} на {year.label} учебный год"


def _fill_deadlines(items: list[Item]) -> None:
    """Give a month to the stages of a template that has no deadlines."""
    if any(item.deadline_text for item in items):
        return
    positions = sorted({item.stage.position for item in items})
    last = max(len(positions) - 1, 1)
    month_of = {
        p: STAGE_MONTHS[k * (len(STAGE_MONTHS) - 1) // last]
        for k, p in enumerate(positions)
    }
    for item in items:
        item.deadline_text = month_of[item.stage.position]
        item.schedule(item.stage.roadmap.period_start)


def _redate(item: Item, day: date) -> None:
    """Move a one-off item to ``day``, written as a date like a curator would."""
    item.deadline_text = day.strftime("%d.%m.%Y")
    item.deadline_kind = deadlines.Kind.DATE
    item.due_on = day


def _ensure_both_sides(one_off: list[Item], today: date) -> None:
    """At the very start or end of a school year nearly nothing is due yet, or
    everything is: date a few items back, or forward, so that the roadmap still
    shows items in every status (three past, two to come)."""
    one_off.sort(key=lambda i: i.due_on)
    later = [i for i in one_off if i.due_on >= today]
    missing = max(0, 3 - (len(one_off) - len(later)))
    for k, item in enumerate(later[:missing]):
        _redate(item, today - timedelta(days=3 + 7 * k))
    past = [i for i in one_off if i.due_on < today]
    missing = max(0, 2 - (len(one_off) - len(past)))
    spare = past[3:]
    for k, item in enumerate(spare[len(spare) - missing :] if missing else []):
        _redate(item, today + timedelta(days=10 + 7 * k))
    one_off.sort(key=lambda i: i.due_on)


def _ensure_every_status(items: list[Item], today: date) -> None:
    """Planned and in progress both shown, even when every item to come has
    started, or none has."""
    statuses = {i.effective_status(today) for i in items}
    later = sorted(
        (i for i in items if i.due_on and i.due_on >= today and not i.is_recurring),
        key=lambda i: i.due_on,
    )
    if Item.Status.IN_PROGRESS not in statuses and later:
        later[0].status = Item.Status.IN_PROGRESS
    elif Item.Status.PLANNED not in statuses and len(later) > 1:
        later[-1].status = Item.Status.PLANNED


def _work_on(
    items: list[Item], today: date, rnd: random.Random, users: dict[str, User]
) -> tuple[list[Comment], list[Evidence]]:
    """Set the items' statuses as of ``today``; return the comments and the
    evidence to create."""
    _fill_deadlines(items)
    for item in items:
        text = item.responsible_text.casefold()
        for word, user in users.items():
            if word in text and user is not None:
                item.responsible_user = user
                break
    recurring = [i for i in items if i.is_recurring and i.due_on]
    one_off = [i for i in items if i.due_on and not i.is_recurring]
    _ensure_both_sides(one_off, today)
    for item in recurring:
        # Every past occurrence was done: the item waits for the next one.
        while item.status != Item.Status.DONE and item.due_on < today:
            item.mark_done(on=item.due_on - timedelta(days=rnd.randint(0, 3)))
    past = [i for i in one_off if i.due_on < today]
    # Late items are among the recent ones; cancelled ones anywhere.
    recent = past[len(past) // 2 :]
    k = max(1, round(len(past) * rnd.uniform(0.1, 0.3)))
    late = set(rnd.sample(recent, k=min(k, len(recent), len(past) - 2)))
    rest = [i for i in past if i not in late]
    k = 1 if len(past) < 12 else 2
    cancelled = set(rnd.sample(rest, k=min(k, len(rest) - 1)))
    comments, evidence = [], []
    # The curator (or the МНЦ coordinator) writes the notes.
    curator = next((user for user in users.values() if user is not None), None)
    for item in one_off:
        window = item.deadline.window(
            item.stage.roadmap.period_start, item.stage.roadmap.period_end
        )
        if item in cancelled:
            item.status = Item.Status.CANCELLED
            note = "Отменено: мероприятие потеряло актуальность."
            comments.append(_comment(item, curator, note, today))
        elif item in late:
            item.status = rnd.choice([Item.Status.PLANNED, Item.Status.IN_PROGRESS])
            if rnd.random() < 0.5:
                comments.append(_comment(item, curator, rnd.choice(LATE_NOTES), today))
        elif item.due_on < today:
            item.status = Item.Status.DONE
            start = window[0] if window else item.due_on
            span = max((item.due_on - start).days, 0)
            item.done_on = min(item.due_on - timedelta(rnd.randint(0, span)), today)
            if rnd.random() < 0.3:
                comments.append(_comment(item, curator, rnd.choice(DONE_NOTES), today))
            if rnd.random() < 0.25:
                evidence.append(_link(item, curator))
        elif window is None or window[0] <= today:
            item.status = Item.Status.IN_PROGRESS
    _ensure_every_status(items, today)
    return comments, evidence


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(15, 0)))


def _comment(item: Item, author: User | None, text: str, today: date) -> Comment:
    day = item.done_on or min(item.due_on, today)
    return Comment(item=item, author=author, text=text, created_at=_at(day))


def _link(item: Item, author: User | None) -> Evidence:
    roadmap = item.stage.roadmap
    owner = roadmap.programme.organisation if roadmap.programme_id else None
    site = (owner.email.split("@")[0] if owner and owner.email else "mnc") + ".demo"
    return Evidence(
        item=item,
        title="Новость на сайте организации",
        url=f"https://{site}.nastavnik.local/nastavnichestvo/{item.code.hex[:8]}/",
        added_by=author,
        added_at=_at(item.done_on),
    )


def _new_programmes(
    ctx: dict[str, Any], year: SchoolYear, rnd: random.Random
) -> list[tuple[Roadmap, dict[str, User]]]:
    organisations = {
        key: o for key, o in ctx["organisations"].items() if o.is_educational
    }
    running = set(
        Programme.objects.filter(
            organisation__in=organisations.values(), school_year=year.start_year
        ).values_list("organisation_id", flat=True)
    )
    curators = {
        m.organisation_id: m.user
        for m in Membership.objects.active()
        .filter(role=Role.CURATOR, organisation__in=organisations.values())
        .select_related("user")
        .order_by("-pk")
    }
    forms = {f.slug: f for f in MentorshipForm.objects.filter(organisation=None)}
    built = []
    for key, organisation in organisations.items():
        if organisation.pk in running:
            continue
        template_key, form_slugs = PROGRAMMES.get(key, OTHER)
        if template_key not in TEMPLATES:
            template_key = DEFAULT
        roadmap = _programme(
            organisation,
            year,
            template_key,
            curator=curators.get(organisation.pk),
            forms=[forms[s] for s in form_slugs if s in forms],
            today=ctx["today"],
            rnd=rnd,
        )
        built.append((roadmap, {"куратор": curators.get(organisation.pk)}))
    return built


def _programme(
    organisation: Organisation,
    year: SchoolYear,
    template_key: str,
    *,
    curator: User | None,
    forms: list[MentorshipForm],
    today: date,
    rnd: random.Random,
) -> Roadmap:
    programme = Programme.objects.create(
        organisation=organisation,
        school_year=year.start_year,
        title=_title(template_key, year),
        curator=curator,
        order_number=f"{rnd.randint(20, 140)}-од",
        order_date=min(year.start + timedelta(days=rnd.randint(0, 9)), today),
        status=Programme.Status.RUNNING,
    )
    programme.forms.set(forms)
    return services.build_roadmap(
        TEMPLATES[template_key],
        programme=programme,
        school_year=year,
        since=year.start,
    )


def _new_plans(
    ctx: dict[str, Any], year: SchoolYear
) -> list[tuple[Roadmap, dict[str, User]]]:
    built = []
    municipalities: dict[str, Municipality] = ctx["municipalities"]
    for key, template_key in MUNICIPAL_PLANS.items():
        municipality = municipalities.get(key)
        if municipality is None or template_key not in TEMPLATES:
            continue
        plans = Roadmap.objects.filter(
            municipality=municipality, period_start=year.start
        )
        if plans.exists():
            continue
        coordinator = (
            Membership.objects.active()
            .filter(role=Role.MUNICIPAL, municipality=municipality)
            .select_related("user")
            .first()
        )
        roadmap = services.build_roadmap(
            TEMPLATES[template_key],
            municipality=municipality,
            school_year=year,
            since=year.start,
        )
        built.append((roadmap, {"мнц": coordinator.user if coordinator else None}))
    return built


def _all_done(items: list[Item], rnd: random.Random) -> None:
    """Last year's roadmap, worked through: every occurrence of a recurring
    item and every one-off item done in its time."""
    _fill_deadlines(items)
    for item in items:
        roadmap = item.stage.roadmap
        if item.due_on is None:
            item.mark_done(on=roadmap.period_end - timedelta(days=rnd.randint(20, 40)))
            continue
        while not item.mark_done(on=item.due_on - timedelta(days=rnd.randint(0, 3))):
            pass
        item.done_on = max(item.done_on, roadmap.period_start)


def _last_year(ctx: dict[str, Any], rnd: random.Random) -> None:
    """The programmes of the previous school year at the organisations of
    ``LAST_YEAR``: completed, their roadmaps done."""
    year = SchoolYear.of(ctx["today"]).previous()
    forms = {f.slug: f for f in MentorshipForm.objects.filter(organisation=None)}
    roadmaps = []
    for key in LAST_YEAR:
        organisation = ctx["organisations"].get(key)
        if (
            organisation is None
            or Programme.objects.filter(
                organisation=organisation, school_year=year.start_year
            ).exists()
        ):
            continue
        template_key, form_slugs = PROGRAMMES[key]
        current = Programme.objects.filter(
            organisation=organisation, school_year=year.start_year + 1
        ).first()
        roadmap = _programme(
            organisation,
            year,
            template_key,
            curator=current.curator if current else None,
            forms=[forms[s] for s in form_slugs if s in forms],
            today=ctx["today"],
            rnd=rnd,
        )
        Programme.objects.filter(pk=roadmap.programme_id).update(
            status=Programme.Status.COMPLETED
        )
        roadmaps.append(roadmap)
    items = list(
        Item.objects.filter(stage__roadmap__in=roadmaps)
        .select_related("stage__roadmap")
        .order_by("stage__roadmap", "stage__position", "position")
    )
    _all_done(items, rnd)
    Item.objects.bulk_update(
        items,
        ["deadline_text", "deadline_kind", "due_on", "status", "done_on"],
        batch_size=500,
    )


def load(ctx: dict[str, Any]) -> None:
    today: date = ctx["today"]
    rnd: random.Random = ctx["faker"].random
    year = SchoolYear.of(today)
    built = _new_programmes(ctx, year, rnd) + _new_plans(ctx, year)
    if built:
        _work_on_all(built, today, rnd)
    _last_year(ctx, rnd)


def _work_on_all(
    built: list[tuple[Roadmap, dict[str, User]]], today: date, rnd: random.Random
) -> None:
    items = list(
        Item.objects.filter(stage__roadmap__in=[roadmap for roadmap, _ in built])
        .select_related("stage__roadmap__programme__organisation")
        .order_by("stage__roadmap", "stage__position", "position")
    )
    by_roadmap: dict[int, list[Item]] = {}
    for item in items:
        by_roadmap.setdefault(item.stage.roadmap_id, []).append(item)
    comments, evidence = [], []
    for roadmap, users in built:
        more_comments, more_evidence = _work_on(
            by_roadmap.get(roadmap.pk, []), today, rnd, users
        )
        comments += more_comments
        evidence += more_evidence
    Item.objects.bulk_update(
        items,
        [
            "deadline_text",
            "deadline_kind",
            "due_on",
            "status",
            "done_on",
            "responsible_user",
        ],
        batch_size=500,
    )
    Comment.objects.bulk_create(comments)
    Evidence.objects.bulk_create(evidence)
