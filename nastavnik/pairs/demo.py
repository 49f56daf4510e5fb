"""Demo data: pairs at school 1 in several states.

The cast's ``mentor`` and ``mentee`` form a teacher – pupil pair fixed by an
order; other mentors and mentees of the bases form a pair waiting for its
order, a proposed pair and a pair closed early. The rest of the mentee base
stays on the support list. Before them, school 1's pairs of the previous
school year (``load_last_year``): fixed by an order in its September, meeting
every two weeks through May, most completed at the end of May and two closed
early; the bases keep the statuses they have this year. Needs
``ctx["organisations"]``, ``ctx["people"]`` and school 1's programmes of
both years (programmes.demo).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from nastavnik.lib.dates import SchoolYear
from nastavnik.pairs import meetings, nudges, plans, services
from nastavnik.pairs.models import (
    ClosureReason,
    Meeting,
    Pairing,
    PairingEvent,
    PairingMember,
    PersonalPlan,
)
from nastavnik.people.models import MenteeProfile, MentorProfile, Person
from nastavnik.programmes.models import MentorshipForm, Programme


def _form(slug: str) -> MentorshipForm:
    return MentorshipForm.objects.get(organisation=None, slug=slug)


def _first_allowed(mentors, mentees, form, taken: set[int]):
    """The first mentor and mentee, not yet used, that the rules allow."""
    for mentor in mentors:
        if mentor.pk in taken:
            continue
        for mentee in mentees:
            if mentee.pk in taken:
                continue
            if not services.check(mentors=[mentor], mentees=[mentee], form=form):
                return mentor, mentee
    return None


def fix_by_order(school, pairings: list, number: str, year: SchoolYear) -> date:
    """Fix the pairs by an order signed in the first week of ``year``; their
    members count from that day, not from the day the demo is loaded (the
    reports and KPIs of past periods count them from the order on)."""
    ordered = year.start + timedelta(days=7)
    order = services.order_create(organisation=school, pairings=pairings, user=None)
    services.order_sign(order, number=number, day=ordered, user=None)
    PairingMember.objects.filter(pairing__in=pairings).update(since=ordered)
    return ordered


def load(ctx: dict[str, Any]) -> None:
    school = ctx["organisations"]["school1"]
    load_last_year(ctx)
    today: date = ctx["today"]
    year = SchoolYear.of(today)
    programme = (
        Programme.objects.filter(organisation=school, status__in=Programme.ACTIVE)
        .order_by("-school_year")
        .first()
    )
    if programme is None or programme.school_year != year.start_year:
        return
    if Pairing.objects.filter(programme=programme).exists():
        return
    start = max(year.start, today - timedelta(days=40))
    period = {"period_start": start, "period_end": year.end}
    cast = ctx["people"]
    teacher_pupil = _form("teacher_pupil")
    main = services.pairing_create(
        programme=programme,
        form=teacher_pupil,
        mentors=[cast["mentor"]],
        mentees=[cast["mentee"]],
        user=None,
        goal="Повысить успеваемость по физике и подготовиться к олимпиаде",
        **period,
    )
    order = services.order_create(organisation=school, pairings=[main], user=None)
    services.order_sign(order, number="112-о", day=start, user=None)

    people = Person.objects.for_organisation(school)
    mentors = list(people.mentors().filter(category="teacher").order_by("pk"))
    mentees = list(people.mentees().filter(category="pupil").order_by("pk"))
    taken = {cast["mentor"].pk, cast["mentee"].pk}
    for status in (Pairing.Status.CONFIRMED, Pairing.Status.PROPOSED, "early"):
        found = _first_allowed(mentors, mentees, teacher_pupil, taken)
        if found is None:
            break
        mentor, mentee = found
        taken |= {mentor.pk, mentee.pk}
        pairing = services.pairing_create(
            programme=programme,
            form=teacher_pupil,
            mentors=[mentor],
            mentees=[mentee],
            user=None,
            status=Pairing.Status.PROPOSED
            if status == Pairing.Status.PROPOSED
            else Pairing.Status.CONFIRMED,
            **period,
        )
        if status == "early":
            services.pairing_close(
                pairing,
                user=None,
                reason=ClosureReason.objects.filter(organisation=None).first(),
                note="Наставляемый перешёл в другую школу",
                day=today,
            )
    _load_meetings(main, cast, today)
    load_plans(ctx)
    _nudges(ctx)


def _load_meetings(pairing: Pairing, cast: dict, today: date) -> None:
    """The cast pair: an introductory meeting held and confirmed by both, a
    regular meeting held with the mentee's feedback, one planned next week,
    at times of the school's own time zone."""
    with timezone.override(pairing.organisation.zoneinfo()):
        _meet(pairing, cast["mentor"], cast["mentee"], today)


def _meet(pairing: Pairing, mentor: Person, mentee: Person, today: date) -> None:
    intro = meetings.meeting_plan(
        pairing,
        kind=Meeting.Kind.INTRO,
        starts_at=meetings.starts_at_of(today - timedelta(days=14), time(15, 0)),
        place="Кабинет физики, 214",
        topic="Знакомство, интересы и цели на год",
        user=None,
    )
    meetings.meeting_hold(
        intro, outcome="Познакомились, договорились о целях", user=None
    )
    meetings.meeting_confirm(intro, person=mentor, user=None)
    meetings.meeting_confirm(intro, person=mentee, user=None)
    regular = meetings.meeting_plan(
        pairing,
        kind=Meeting.Kind.REGULAR,
        starts_at=meetings.starts_at_of(today - timedelta(days=7), time(15, 0)),
        place="Кабинет физики, 214",
        topic="Разбор олимпиадных задач по механике",
        user=None,
    )
    meetings.meeting_hold(regular, outcome="Решили пять задач", user=None)
    meetings.meeting_confirm(regular, person=mentor, user=None)
    meetings.feedback_give(
        regular,
        person=mentee,
        rating=9,
        comment="Стало понятнее, как решать задачи на движение",
        user=None,
    )
    meetings.meeting_plan(
        pairing,
        kind=Meeting.Kind.REGULAR,
        starts_at=meetings.starts_at_of(today + timedelta(days=7), time(15, 0)),
        online=True,
        place="Сферум",
        topic="Электричество: подготовка к контрольной",
        user=None,
    )


def load_plans(ctx: dict[str, Any]) -> None:
    """The cast pair's personalised programme: from the template, with its
    deficits and tasks, the first row done, approved by the curator."""
    cast = ctx["people"]
    pairing = (
        Pairing.objects.live()
        .of_person(cast["mentor"])
        .filter(members__person=cast["mentee"])
        .select_related("programme__curator", "form")
        .first()
    )
    if pairing is None or PersonalPlan.objects.filter(pairing=pairing).exists():
        return
    curator = pairing.programme.curator
    plan = plans.plan_start(pairing, user=curator)
    plans.plan_edit(
        plan,
        deficits="Пробелы в решении задач по механике; нет опыта олимпиад",
        goal=pairing.goal,
        tasks="Разобрать темы «Кинематика» и «Динамика»; решить задачи "
        "муниципального этапа прошлых лет; выступить на олимпиаде",
        user=curator,
    )
    first = plan.rows.order_by("position").first()
    plans.row_done(
        first, done=True, user=None, on=pairing.period_start + timedelta(days=7)
    )
    plans.plan_approve(plan, user=curator)


def _nudges(ctx: dict[str, Any]) -> None:
    """The pairs that need attention now: recorded, not e-mailed (the
    scheduled ``send_pair_nudges`` e-mails them)."""
    nudges.record()


# School 1's pairs of the previous school year: (days after the order it
# closed early, reason by position), or None for a pair that met every two
# weeks through May and completed the year at its end.
LAST_YEAR = [None, None, None, None, None, None, None, (50, 2), (125, 4)]
LAST_YEAR_ORDER = "96-о"
# The last month of meetings: the pairs complete the year on its last day.
LAST_MONTH = 5


def load_last_year(ctx: dict[str, Any]) -> None:
    """The pairs of the previous school year, fixed by an order in its
    September, most of them completed at the end of May, two closed early;
    their meetings every two weeks. Their mentors (not the cast's) mentor
    again this year where the rules allow, and their mentees keep the status
    in the bases they had, as the curator enrolled them again; once."""
    school = ctx["organisations"]["school1"]
    year = SchoolYear.of(ctx["today"]).previous()
    programme = Programme.objects.filter(
        organisation=school, school_year=year.start_year
    ).first()
    if programme is None or programme.pairings.exists():
        return
    form = _form("teacher_pupil")
    people = Person.objects.for_organisation(school)
    mentors = list(people.mentors().filter(category="teacher").order_by("-pk"))
    mentees = list(people.mentees().filter(category="pupil").order_by("pk"))
    cast = ctx["people"]
    taken = {cast["mentor"].pk, cast["mentee"].pk}
    statuses = {
        model: dict(
            model.objects.filter(person__in=mentors + mentees).values_list(
                "person", "status"
            )
        )
        for model in (MentorProfile, MenteeProfile)
    }
    completed = date(year.start_year + 1, LAST_MONTH + 1, 1) - timedelta(days=1)
    pairings = []
    for fate in LAST_YEAR:
        found = _first_allowed(mentors, mentees, form, taken)
        if found is None:
            break
        taken |= {found[0].pk, found[1].pk}
        pairing = services.pairing_create(
            programme=programme,
            form=form,
            mentors=[found[0]],
            mentees=[found[1]],
            user=None,
            period_start=year.start,
            period_end=completed,
        )
        pairings.append((pairing, fate))
    if not pairings:
        return
    ordered = fix_by_order(school, [p for p, _ in pairings], LAST_YEAR_ORDER, year)
    reasons = list(ClosureReason.objects.filter(organisation=None))
    held = []
    with timezone.override(school.zoneinfo()):
        for pairing, fate in pairings:
            last = completed if fate is None else ordered + timedelta(days=fate[0])
            held += _held(pairing, ordered + timedelta(days=3), last, fate is None)
    Meeting.objects.bulk_create(held)
    for pairing, fate in pairings:
        if fate is None:
            services.pairing_close(pairing, user=None, day=completed)
        else:
            services.pairing_close(
                pairing,
                user=None,
                reason=reasons[fate[1] % len(reasons)],
                note="",
                day=ordered + timedelta(days=fate[0]),
            )
    _date_history(pairings, ordered)
    # A new school year: the curator enrolled them again as they were.
    for model, status_of in statuses.items():
        for person, status in status_of.items():
            model.objects.filter(person=person).exclude(status=status).update(
                status=status
            )


def _date_history(pairings: list[tuple[Pairing, Any]], ordered: date) -> None:
    """The pairs' history as it happened: formed the week before the order,
    fixed by it, closed on the day they closed."""
    zone = pairings[0][0].organisation.zoneinfo()

    def at(day: date) -> datetime:
        return datetime.combine(day, time(11, 0), tzinfo=zone)

    events = PairingEvent.objects.filter(pairing__in=[p for p, _ in pairings])
    events.filter(action=PairingEvent.Action.CREATED).update(
        created=at(ordered - timedelta(days=5))
    )
    events.filter(action=PairingEvent.Action.ORDER).update(created=at(ordered))
    for pairing, _fate in pairings:
        events.filter(pairing=pairing, action=PairingEvent.Action.STATUS).update(
            created=at(pairing.closed_on)
        )


def _held(pairing: Pairing, first: date, last: date, final: bool) -> list[Meeting]:
    """A meeting held every two weeks from ``first`` to before ``last``: the
    introductory one first and, for a pair that completed the year, the final
    one last."""
    held = []
    day = first
    while day < last:
        held.append(
            Meeting(
                pairing=pairing,
                kind=Meeting.Kind.REGULAR if held else Meeting.Kind.INTRO,
                status=Meeting.Status.HELD,
                starts_at=meetings.starts_at_of(day, time(15, 0)),
                place="Кабинет 105",
                topic="Встреча по плану",
                outcome="Проведена",
            )
        )
        day += timedelta(days=14)
    if final and len(held) > 1:
        held[-1].kind = Meeting.Kind.FINAL
    return held
