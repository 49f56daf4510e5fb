"""Demo data: pairs at school 1 in several states.

The cast's ``mentor`` and ``mentee`` form a teacher – pupil pair fixed by an
order; other mentors and mentees of the bases form a pair waiting for its
order, a proposed pair and a pair closed early. The rest of the mentee base
stays on the support list. Needs ``ctx["organisations"]``, ``ctx["people"]``
and school 1's programme (programmes.demo).
"""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from django.utils import timezone

from nastavnik.lib.dates import SchoolYear
from nastavnik.pairs import meetings, nudges, plans, services
from nastavnik.pairs.models import ClosureReason, Meeting, Pairing, PersonalPlan
from nastavnik.people.models import Person
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


def load(ctx: dict[str, Any]) -> None:
    school = ctx["organisations"]["school1"]
    if Pairing.objects.filter(organisation=school).exists():
        return
    today: date = ctx["today"]
    year = SchoolYear.of(today)
    programme = (
        Programme.objects.filter(organisation=school, status__in=Programme.ACTIVE)
        .order_by("-school_year")
        .first()
    )
    if programme is None:
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
