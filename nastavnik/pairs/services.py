"""Writes of the pairs app: each change with its rules, history and audit,
in one transaction."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.accounts.models import AuditEvent, User
from nastavnik.accounts.services import audit_log
from nastavnik.pairs import rules
from nastavnik.pairs.candidates import candidate, with_rule_facts
from nastavnik.pairs.models import (
    Pairing,
    PairingEvent,
    PairingMember,
    PairingOrder,
)
from nastavnik.people.models import MenteeProfile, MentorProfile, Person
from nastavnik.programmes.models import MentorshipForm, Programme


class Refused(Exception):
    """A change the rules forbid; ``messages`` say why, for the curator."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def form_rule(form: MentorshipForm) -> rules.FormRule:
    return rules.FormRule(form.mentor_category, form.mentee_category, form.name)


def check(
    *,
    mentors: list[Person],
    mentees: list[Person],
    form: MentorshipForm,
    on: date | None = None,
) -> list[str]:
    """What would stop these people from forming a pair of ``form``: the rules
    of ``rules.violations`` on the people as the database has them now."""
    on = on or timezone.localdate()
    people = {
        p.pk: p
        for p in with_rule_facts(
            Person.objects.filter(pk__in=[p.pk for p in mentors + mentees]), on
        )
    }
    return rules.violations(
        [candidate(people[p.pk], "mentor", on) for p in mentors],
        [candidate(people[p.pk], "mentee", on) for p in mentees],
        form_rule(form),
    )


@transaction.atomic
def pairing_create(
    *,
    programme: Programme,
    form: MentorshipForm,
    mentors: list[Person],
    mentees: list[Person],
    user: User | None,
    period_start: date,
    period_end: date,
    goal: str = "",
    variant: str = "",
    status: str = Pairing.Status.CONFIRMED,
) -> Pairing:
    """Form a pair or group; raises Refused with the rules it would break.

    The capacity is checked again after the members are written: of two
    curators giving a mentor their last place at once, the second is refused
    (the check runs inside each one's transaction)."""
    today = timezone.localdate()
    errors = check(mentors=mentors, mentees=mentees, form=form, on=today)
    if errors:
        raise Refused(errors)
    pairing = Pairing.objects.create(
        organisation=programme.organisation,
        programme=programme,
        form=form,
        variant=variant,
        goal=goal,
        period_start=period_start,
        period_end=period_end,
        status=status,
        created_by=user if user and user.is_authenticated else None,
    )
    PairingMember.objects.bulk_create(
        [
            PairingMember(pairing=pairing, person=p, role="mentor", since=today)
            for p in mentors
        ]
        + [
            PairingMember(pairing=pairing, person=p, role="mentee", since=today)
            for p in mentees
        ]
    )
    full = [
        rules.capacity_violation(mentor, 0)
        for mentor in (
            candidate(p, "mentor", today)
            for p in with_rule_facts(
                Person.objects.filter(pk__in=[m.pk for m in mentors]), today
            )
        )
    ]
    if any(full):
        raise Refused([message for message in full if message])
    _mark_profiles(mentors, mentees, in_pair=True)
    record_event(pairing, user, PairingEvent.Action.CREATED, _names(mentors, mentees))
    audit_log(
        user=user,
        organisation=pairing.organisation,
        action=AuditEvent.Action.CREATE,
        object_type="pairing",
        object_code=pairing.code,
        summary=f"{len(mentors)}+{len(mentees)}",
    )
    return pairing


def _names(mentors: list[Person], mentees: list[Person]) -> str:
    return "{} — {}".format(
        ", ".join(p.short_name for p in mentors),
        ", ".join(p.short_name for p in mentees),
    )


def _mark_profiles(mentors: list[Person], mentees: list[Person], *, in_pair: bool):
    """The bases show who is mentoring and who is in a pair."""
    if in_pair:
        MentorProfile.objects.filter(
            person__in=mentors,
            status__in=[MentorProfile.Status.CANDIDATE, MentorProfile.Status.APPROVED],
        ).update(status=MentorProfile.Status.ACTIVE)
        MenteeProfile.objects.filter(
            person__in=mentees,
            status__in=[MenteeProfile.Status.CANDIDATE, MenteeProfile.Status.WAITING],
        ).update(status=MenteeProfile.Status.IN_PAIR)


def record_event(
    pairing: Pairing, user: User | None, action: str, text: str = ""
) -> None:
    """One line of the pair's history; the services of meetings and plans write
    theirs through it too."""
    PairingEvent.objects.create(
        pairing=pairing,
        user=user if user and user.is_authenticated else None,
        action=action,
        text=text,
    )


@transaction.atomic
def order_create(
    *, organisation, pairings: list[Pairing], user: User | None
) -> PairingOrder:
    """A draft order listing confirmed pairs; it fixes them when signed."""
    waiting = [p for p in pairings if p.status == Pairing.Status.CONFIRMED]
    if not waiting:
        raise Refused([_("Choose at least one confirmed pair for the order.")])
    order = PairingOrder.objects.create(
        organisation=organisation,
        created_by=user if user and user.is_authenticated else None,
    )
    order.pairings.set(waiting)
    return order


def order_sign(
    order: PairingOrder, *, number: str, day: date, user: User | None
) -> PairingOrder:
    """Enter the order's number and date: the pairs it lists are fixed (a
    replacement order only records its number and date).

    Of two curators signing orders on the same pairs at once, one wins; the
    other is refused with a message and nothing of theirs is written."""
    number = number.strip()
    try:
        with transaction.atomic():
            signed = PairingOrder.objects.filter(pk=order.pk, number="").update(
                number=number, date=day
            )
            if not signed:
                raise Refused([_("The order is signed already.")])
            pairings = list(order.pairings.all())
            # A replacement order confirms a change already made: its pairs
            # keep their stage.
            fixed = (
                len(pairings)
                if order.kind == PairingOrder.Kind.REPLACEMENT
                else Pairing.objects.filter(
                    pk__in=[p.pk for p in pairings], status=Pairing.Status.CONFIRMED
                ).update(status=Pairing.Status.FIXED)
            )
            if fixed != len(pairings):
                raise Refused(
                    [
                        _(
                            "Some of the pairs of this order are fixed by another "
                            "order or changed meanwhile: open the order again."
                        )
                    ]
                )
            text = _("Order № %(number)s of %(date)s") % {
                "number": number,
                "date": day.strftime("%d.%m.%Y"),
            }
            for pairing in pairings:
                record_event(pairing, user, PairingEvent.Action.ORDER, text)
    except IntegrityError:
        raise Refused(
            [_("The organisation has an order with this number and date.")]
        ) from None
    order.refresh_from_db()
    return order


@transaction.atomic
def mentor_replace(
    pairing: Pairing,
    *,
    old: Person,
    new: Person,
    day: date,
    note: str = "",
    user: User | None,
) -> PairingOrder:
    """Replace a mentor of a pair fixed by order: the old one leaves on
    ``day``, the new one joins the same day, and a draft order «о замене
    наставника» lists the pair for the head to sign. The new mentor keeps
    the rules of the pair's form, and their capacity is checked again after
    the write, as when a pair is formed."""
    if pairing.status not in [*Pairing.WORKING_STAGES, Pairing.Status.PAUSED]:
        raise Refused(
            [_("A mentor is replaced in a pair fixed by order and not closed.")]
        )
    members = list(pairing.members.filter(until__isnull=True))
    mentors = [m for m in members if m.role == PairingMember.Role.MENTOR]
    leaving = next((m for m in mentors if m.person_id == old.pk), None)
    if leaving is None:
        raise Refused(
            [_("%(name)s is not a mentor of this pair.") % {"name": old.short_name}]
        )
    if any(m.person_id == new.pk for m in members):
        raise Refused(
            [_("%(name)s is in this pair already.") % {"name": new.short_name}]
        )
    if day < leaving.since:
        raise Refused(
            [
                _("The mentor joined the pair on %(day)s: replace them later.")
                % {"day": f"{leaving.since:%d.%m.%Y}"}
            ]
        )
    mentees = pairing.mentees()
    errors = check(mentors=[new], mentees=mentees, form=pairing.form, on=day)
    if errors:
        raise Refused(errors)
    leaving.until = day
    leaving.save(update_fields=["until"])
    PairingMember.objects.create(
        pairing=pairing, person=new, role=PairingMember.Role.MENTOR, since=day
    )
    (facts,) = with_rule_facts(Person.objects.filter(pk=new.pk), day)
    full = rules.capacity_violation(candidate(facts, "mentor", day), 0)
    if full:
        raise Refused([full])
    _mark_profiles([new], [], in_pair=True)
    order = PairingOrder.objects.create(
        organisation=pairing.organisation,
        kind=PairingOrder.Kind.REPLACEMENT,
        created_by=user if user and user.is_authenticated else None,
    )
    order.pairings.set([pairing])
    record_event(pairing, user, PairingEvent.Action.MEMBER_LEFT, old.short_name)
    text = _("%(new)s instead of %(old)s") % {
        "new": new.short_name,
        "old": old.short_name,
    }
    record_event(
        pairing, user, PairingEvent.Action.MEMBER_ADDED, f"{text}. {note}".strip(". ")
    )
    audit_log(
        user=user,
        organisation=pairing.organisation,
        action=AuditEvent.Action.UPDATE,
        object_type="pairing",
        object_code=pairing.code,
        summary="mentor replaced",
    )
    return order


@transaction.atomic
def pairing_close(
    pairing: Pairing,
    *,
    user: User | None,
    day: date,
    reason=None,
    note: str = "",
) -> Pairing:
    """Close a pair: successfully, or early with a reason. An early closure
    puts its mentees back on the support list."""
    if pairing.is_ended:
        raise Refused([_("The pair is closed already.")])
    early = reason is not None
    pairing.status = Pairing.Status.CLOSED_EARLY if early else Pairing.Status.CLOSED
    pairing.closure_reason = reason
    pairing.closure_note = note
    pairing.closed_on = day
    pairing.paused_status = ""
    pairing.save()
    mentees = pairing.mentees()
    MenteeProfile.objects.filter(
        person__in=mentees, status=MenteeProfile.Status.IN_PAIR
    ).update(
        status=MenteeProfile.Status.WAITING if early else MenteeProfile.Status.COMPLETED
    )
    text = f"{reason}. {note}".strip(". ") if early else note
    record_event(
        pairing,
        user,
        PairingEvent.Action.STATUS,
        f"{pairing.get_status_display()}: {text}".rstrip(": "),
    )
    return pairing


@transaction.atomic
def pairing_pause(pairing: Pairing, *, user: User | None) -> Pairing:
    """Pause a pair at work; it resumes at the stage it had."""
    if pairing.status not in Pairing.WORKING_STAGES:
        raise Refused([_("Only a pair fixed by order and at work can be paused.")])
    pairing.paused_status = pairing.status
    pairing.status = Pairing.Status.PAUSED
    pairing.save(update_fields=["status", "paused_status", "updated"])
    record_event(
        pairing, user, PairingEvent.Action.STATUS, pairing.get_status_display()
    )
    return pairing


@transaction.atomic
def pairing_resume(pairing: Pairing, *, user: User | None) -> Pairing:
    if pairing.status != Pairing.Status.PAUSED:
        raise Refused([_("The pair is not paused.")])
    pairing.status = pairing.paused_status or Pairing.Status.FIXED
    pairing.paused_status = ""
    pairing.save(update_fields=["status", "paused_status", "updated"])
    record_event(
        pairing, user, PairingEvent.Action.STATUS, pairing.get_status_display()
    )
    return pairing
