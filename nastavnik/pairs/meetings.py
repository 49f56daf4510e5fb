"""Meetings of a pair: planned, held, confirmed by both sides (in the cabinet
or on the signed paper form) and given feedback by the mentee.

Holding a meeting moves a pair fixed by order along its working stages
(never backwards). A group meeting of many pairs is a meeting per pair, all
sharing one ``gathering`` id, planned and logged as held all at once under
the same rules. Every change writes a ``PairingEvent``; a refusal raises
``services.Refused`` with its message and writes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.accounts.models import User
from nastavnik.pairs.models import (
    Feedback,
    Meeting,
    Pairing,
    PairingEvent,
    PairingMember,
)
from nastavnik.pairs.services import Refused, record_event
from nastavnik.people.models import Person

# a meeting further than this from today asks «are you sure?»
FAR_AHEAD = timedelta(days=365)
FAR_BEHIND = timedelta(days=60)

# the working stage a held meeting of each kind brings a fixed pair to
STAGE_OF_KIND = {
    Meeting.Kind.INTRO: Pairing.Status.INTRODUCED,
    Meeting.Kind.TRIAL: Pairing.Status.TRIAL,
    Meeting.Kind.PLANNING: Pairing.Status.PLANNING,
    Meeting.Kind.REGULAR: Pairing.Status.WORKING,
    Meeting.Kind.FINAL: Pairing.Status.FINAL,
    Meeting.Kind.GROUP_FINAL: Pairing.Status.FINAL,
}


def _day(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%d.%m.%Y}"


def _when(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%d.%m.%Y %H:%M}"


def is_far(starts_at: datetime, now: datetime | None = None) -> bool:
    """More than a year ahead, or more than 60 days ago."""
    now = now or timezone.now()
    return starts_at > now + FAR_AHEAD or starts_at < now - FAR_BEHIND


def _check_open(pairing: Pairing) -> None:
    if pairing.is_ended:
        raise Refused([_("The pair is closed: its meetings cannot change.")])
    if pairing.status == Pairing.Status.PROPOSED:
        raise Refused(
            [_("The pair is only proposed: confirm it before planning meetings.")]
        )


def with_current_members(pairings: QuerySet[Pairing]) -> QuerySet[Pairing]:
    """The pairs with their current members and their people, for
    ``pair_label``: two queries however many pairs."""
    members = PairingMember.objects.filter(until__isnull=True).select_related("person")
    return pairings.prefetch_related(Prefetch("members", queryset=members))


def pair_label(pairing: Pairing) -> str:
    """«Орлова А. Б. → Зайцев В. Г., Белов А. А.»; read the pair
    ``with_current_members``."""
    mentors = ", ".join(p.short_name for p in pairing.mentors())
    mentees = ", ".join(p.short_name for p in pairing.mentees())
    return f"{mentors} → {mentees}"


def member_role(pairing: Pairing, person: Person | None) -> str | None:
    """«mentor» or «mentee» for a current member of the pair, else None."""
    if person is None:
        return None
    return (
        PairingMember.objects.filter(pairing=pairing, person=person, until__isnull=True)
        .values_list("role", flat=True)
        .first()
    )


def _check_meeting(
    *,
    starts_at: datetime,
    duration_minutes: int,
    place: str,
    online: bool,
    confirmed_far: bool,
) -> None:
    """The rules of a meeting's own fields, whatever its pair."""
    if is_far(starts_at) and not confirmed_far:
        raise Refused(
            [
                _(
                    "The meeting is more than a year ahead or more than 60 days "
                    "ago. Are you sure? Tick the box to confirm the date."
                )
            ]
        )
    if not (5 <= duration_minutes <= 600):
        raise Refused([_("A meeting lasts from 5 minutes to 10 hours.")])
    if not online and not place.strip():
        raise Refused([_("Give the place of the meeting, or mark it online.")])


@transaction.atomic
def meeting_plan(
    pairing: Pairing,
    *,
    kind: str,
    starts_at: datetime,
    user: User | None,
    duration_minutes: int = 45,
    place: str = "",
    online: bool = False,
    topic: str = "",
    confirmed_far: bool = False,
    gathering: uuid.UUID | None = None,
) -> Meeting:
    """Plan a meeting of a live pair; a date far away must be confirmed.
    ``gathering`` makes it one pair's part of a group meeting."""
    _check_open(pairing)
    _check_meeting(
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        place=place,
        online=online,
        confirmed_far=confirmed_far,
    )
    meeting = Meeting.objects.create(
        pairing=pairing,
        gathering=gathering,
        kind=kind,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        place=place.strip(),
        online=online,
        topic=topic.strip(),
        created_by=user if user and user.is_authenticated else None,
    )
    record_event(
        pairing,
        user,
        PairingEvent.Action.MEETING,
        _("Planned: %(meeting)s, %(when)s")
        % {"meeting": meeting.get_kind_display(), "when": _when(starts_at)},
    )
    return meeting


@transaction.atomic
def meeting_hold(meeting: Meeting, *, outcome: str, user: User | None) -> Meeting:
    """Log a planned meeting as held with its outcome; a pair fixed by order
    moves on to the stage the meeting marks (never backwards)."""
    pairing = Pairing.objects.select_for_update().get(pk=meeting.pairing_id)
    _check_open(pairing)
    if meeting.status != Meeting.Status.PLANNED:
        raise Refused([_("Only a planned meeting can be logged as held.")])
    if meeting.starts_at > timezone.now():
        raise Refused([_("The meeting has not started yet: log it after it.")])
    meeting.status = Meeting.Status.HELD
    meeting.outcome = outcome.strip()
    meeting.save(update_fields=["status", "outcome", "updated"])
    record_event(
        pairing,
        user,
        PairingEvent.Action.MEETING,
        _("Held: %(meeting)s") % {"meeting": meeting},
    )
    stages = Pairing.WORKING_STAGES
    target = STAGE_OF_KIND[meeting.kind]
    if pairing.status in stages and stages.index(target) > stages.index(pairing.status):
        pairing.status = target
        pairing.save(update_fields=["status", "updated"])
        record_event(
            pairing, user, PairingEvent.Action.STATUS, pairing.get_status_display()
        )
    # A paused pair that met all the same resumes at the stage the meeting marks.
    paused_at = pairing.paused_status
    if (
        pairing.status == Pairing.Status.PAUSED
        and paused_at in stages
        and stages.index(target) > stages.index(paused_at)
    ):
        pairing.paused_status = target
        pairing.save(update_fields=["paused_status", "updated"])
        record_event(
            pairing,
            user,
            PairingEvent.Action.STATUS,
            _("Resumes at: %(stage)s") % {"stage": Pairing.Status(target).label},
        )
    meeting.pairing = pairing
    return meeting


def _naming(pairing: Pairing, refused: Refused) -> Refused:
    """The refusal of one pair of a group meeting, each message naming it."""
    return Refused(
        [
            _("%(pair)s: %(reason)s") % {"pair": pair_label(pairing), "reason": m}
            for m in refused.messages
        ]
    )


@transaction.atomic
def gathering_plan(
    pairings: Iterable[Pairing],
    *,
    kind: str,
    starts_at: datetime,
    user: User | None,
    duration_minutes: int = 45,
    place: str = "",
    online: bool = False,
    topic: str = "",
    confirmed_far: bool = False,
) -> list[Meeting]:
    """A group meeting of several pairs of one organisation: a meeting for
    each pair under the rules of ``meeting_plan``, all sharing a new
    ``gathering`` id. All or nothing: if the rules refuse a pair, the
    refusal names it and no meeting is written."""
    chosen = list(
        with_current_members(
            Pairing.objects.filter(pk__in=[p.pk for p in pairings])
        ).order_by("pk")
    )
    if len(chosen) < 2:
        raise Refused([_("Choose at least two pairs for a group meeting.")])
    if len({p.organisation_id for p in chosen}) > 1:
        raise Refused([_("The pairs of a group meeting belong to one organisation.")])
    _check_meeting(
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        place=place,
        online=online,
        confirmed_far=confirmed_far,
    )
    refusals = []
    for pairing in sorted(chosen, key=pair_label):
        try:
            _check_open(pairing)
        except Refused as refused:
            refusals += _naming(pairing, refused).messages
    if refusals:
        raise Refused(refusals)
    gathering = uuid.uuid4()
    return [
        meeting_plan(
            pairing,
            kind=kind,
            starts_at=starts_at,
            user=user,
            duration_minutes=duration_minutes,
            place=place,
            online=online,
            topic=topic,
            confirmed_far=confirmed_far,
            gathering=gathering,
        )
        for pairing in chosen
    ]


@transaction.atomic
def gathering_hold(
    meeting: Meeting, *, outcome: str, user: User | None
) -> list[Meeting]:
    """Log the group meeting ``meeting`` belongs to as held: every planned
    meeting of it, with one outcome, each through ``meeting_hold`` so that
    each pair moves on as after a meeting of its own. The meetings of pairs
    closed since are left as they are (they cannot change). All or nothing:
    a refusal names the pair and writes nothing."""
    if meeting.gathering is None:
        raise Refused([_("The meeting is not a group meeting.")])
    if meeting.starts_at > timezone.now():
        raise Refused([_("The meeting has not started yet: log it after it.")])
    planned = list(
        Meeting.objects.filter(
            gathering=meeting.gathering, status=Meeting.Status.PLANNED
        )
        .exclude(pairing__status__in=Pairing.ENDED)
        .prefetch_related(
            Prefetch("pairing", queryset=with_current_members(Pairing.objects.all()))
        )
        .order_by("pk")
    )
    if not planned:
        raise Refused([_("Every meeting of this group meeting is logged already.")])
    for each in planned:
        pairing = each.pairing  # meeting_hold swaps it for a fresh copy
        try:
            meeting_hold(each, outcome=outcome, user=user)
        except Refused as refused:
            raise _naming(pairing, refused) from None
    return planned


@transaction.atomic
def meeting_confirm(
    meeting: Meeting, *, person: Person | None, user: User | None
) -> Meeting:
    """A member of the pair confirms the meeting from their cabinet."""
    pairing = meeting.pairing
    role = member_role(pairing, person)
    if role is None:
        raise Refused([_("Only the mentor or the mentee of the pair can confirm.")])
    _check_open(pairing)
    if meeting.status == Meeting.Status.CANCELLED:
        raise Refused([_("The meeting is cancelled.")])
    field = (
        "mentor_confirmed_at"
        if role == PairingMember.Role.MENTOR
        else "mentee_confirmed_at"
    )
    confirmed = Meeting.objects.filter(pk=meeting.pk, **{field: None}).update(
        **{field: timezone.now()}
    )
    if not confirmed:
        raise Refused([_("You have confirmed this meeting already.")])
    record_event(
        pairing,
        user,
        PairingEvent.Action.MEETING,
        _("Confirmed by %(name)s: %(meeting)s")
        % {"name": person.short_name, "meeting": meeting},
    )
    meeting.refresh_from_db()
    return meeting


@transaction.atomic
def meeting_mark_paper(meeting: Meeting, *, day: date, user: User | None) -> Meeting:
    """The curator marks the printed confirmation form as signed."""
    if meeting.status != Meeting.Status.HELD:
        raise Refused([_("Only a held meeting is confirmed on paper.")])
    if day > timezone.localdate():
        raise Refused([_("The form cannot be signed in the future.")])
    if day < timezone.localtime(meeting.starts_at).date():
        raise Refused([_("The form cannot be signed before the meeting.")])
    meeting.paper_confirmed_on = day
    meeting.save(update_fields=["paper_confirmed_on", "updated"])
    record_event(
        meeting.pairing,
        user,
        PairingEvent.Action.MEETING,
        _("Confirmation form signed on %(day)s: %(meeting)s")
        % {"day": day.strftime("%d.%m.%Y"), "meeting": meeting},
    )
    return meeting


def feedback_give(
    meeting: Meeting,
    *,
    person: Person | None,
    rating: int,
    comment: str = "",
    user: User | None,
) -> Feedback:
    """The mentee's feedback on a held meeting, once."""
    if member_role(meeting.pairing, person) != PairingMember.Role.MENTEE:
        raise Refused([_("Only a mentee of the pair gives feedback.")])
    if meeting.status != Meeting.Status.HELD:
        raise Refused([_("Feedback is given after the meeting is held.")])
    if not (1 <= rating <= 10):
        raise Refused([_("The rating is from 1 to 10.")])
    try:
        with transaction.atomic():
            feedback = Feedback.objects.create(
                meeting=meeting, person=person, rating=rating, comment=comment.strip()
            )
            record_event(
                meeting.pairing,
                user,
                PairingEvent.Action.MEETING,
                _("Feedback by %(name)s on %(meeting)s: %(rating)s of 10")
                % {"name": person.short_name, "meeting": meeting, "rating": rating},
            )
    except IntegrityError:
        raise Refused([_("The feedback on this meeting is given.")]) from None
    return feedback


def next_step(
    pairing: Pairing, now: datetime | None = None, meetings: list | None = None
) -> str:
    """The pair's next expected step, a short sentence. Reads ``meetings``,
    or ``pairing.meetings.all()``: prefetch them for a list."""
    now = now or timezone.now()
    status = pairing.status
    if status == Pairing.Status.PROPOSED:
        return _("Waits for the curator to confirm the pair")
    if status == Pairing.Status.CONFIRMED:
        return _("Waits for the order fixing the pair")
    if pairing.is_ended:
        return _("The pair is closed")
    if status == Pairing.Status.PAUSED:
        return _("The pair is paused")
    if meetings is None:
        meetings = pairing.meetings.all()
    meetings = sorted(meetings, key=lambda m: m.starts_at)
    for meeting in meetings:
        if meeting.status == Meeting.Status.HELD and not meeting.is_confirmed:
            return _("Confirm the meeting of %(day)s") % {
                "day": _day(meeting.starts_at)
            }
    for meeting in meetings:
        if meeting.status == Meeting.Status.PLANNED:
            if meeting.starts_at <= now:
                return _("Log the meeting of %(day)s") % {
                    "day": _day(meeting.starts_at)
                }
            return _("Hold the meeting of %(day)s") % {"day": _day(meeting.starts_at)}
    return {
        Pairing.Status.FIXED: _("Hold the introductory meeting"),
        Pairing.Status.INTRODUCED: _("Hold the trial working meeting"),
        Pairing.Status.TRIAL: _("Hold the planning meeting"),
        Pairing.Status.PLANNING: _("Hold the first regular meeting"),
        Pairing.Status.WORKING: _("Plan the next meeting"),
        Pairing.Status.FINAL: _("Close the pair and record its result"),
    }[status]


def starts_at_of(day: date, time) -> datetime:
    """A local date and time as an aware moment."""
    return timezone.make_aware(datetime.combine(day, time))
