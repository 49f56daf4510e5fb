"""Demo data: pairs at school 1 in several states.

The cast's ``mentor`` and ``mentee`` form a teacher – pupil pair fixed by an
order; other mentors and mentees of the bases form a pair waiting for its
order, a proposed pair and a pair closed early. The rest of the mentee base
stays on the support list. Needs ``ctx["organisations"]``, ``ctx["people"]``
and school 1's programme (programmes.demo).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from nastavnik.lib.dates import SchoolYear
from nastavnik.pairs import nudges, services
from nastavnik.pairs.models import ClosureReason, Pairing
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
    _nudges(ctx)


def _nudges(ctx: dict[str, Any]) -> None:
    """The pairs that need attention now: recorded, not e-mailed (the
    scheduled ``send_pair_nudges`` e-mails them)."""
    nudges.record()
