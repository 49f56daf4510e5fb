"""Pairs and groups («наставнические пары и группы») and their life.

A ``Pairing`` is one or more mentors with one or more mentees in a programme
and a form of mentorship: an individual pair, a group of mentees, or a team of
mentors. It moves through the lifecycle of DOMAIN.md: proposed → confirmed →
fixed by an order → the working stages marked by the meetings held
(introduced, trial meeting, planning, regular work, final meeting) → closed,
or closed early with a reason; paused, and a mentor replaced under a new
order, are side paths. Every change is a ``PairingEvent``.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from nastavnik.orgs.models import Organisation
from nastavnik.people.models import Person
from nastavnik.programmes.models import MentorshipForm, Programme


class ClosureReason(models.Model):
    """Why a pair ended early: a list an organisation may extend; the rows
    without an organisation are offered to everyone."""

    organisation = models.ForeignKey(
        Organisation,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="closure_reasons",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("reason"), max_length=200)
    position = models.PositiveSmallIntegerField(pgettext_lazy("order", "position"))
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("reason for early closure")
        verbose_name_plural = _("reasons for early closure")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class PairingQuerySet(models.QuerySet):
    def for_organisation(self, organisation: Organisation) -> PairingQuerySet:
        return self.filter(organisation=organisation)

    def live(self) -> PairingQuerySet:
        """Pairs at work: confirmed, fixed, in a working stage or paused."""
        return self.filter(status__in=Pairing.LIVE)

    def of_person(self, person: Person) -> PairingQuerySet:
        return self.filter(members__person=person).distinct()


class Pairing(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        CONFIRMED = "confirmed", _("confirmed")
        FIXED = "fixed", _("fixed by order")
        INTRODUCED = "introduced", _("first meeting held")
        TRIAL = "trial", _("trial meeting held")
        PLANNING = "planning", _("plan agreed")
        WORKING = "working", _("regular meetings")
        FINAL = "final", _("final meeting held")
        CLOSED = "closed", _("closed successfully")
        CLOSED_EARLY = "closed_early", _("closed early")
        PAUSED = "paused", pgettext_lazy("pair", "paused")

    # the stages a fixed pair goes through, in order (the curator's board)
    WORKING_STAGES = [
        Status.FIXED,
        Status.INTRODUCED,
        Status.TRIAL,
        Status.PLANNING,
        Status.WORKING,
        Status.FINAL,
    ]
    ENDED = [Status.CLOSED, Status.CLOSED_EARLY]
    # pairs at work: they count against a mentor's capacity
    LIVE = [Status.CONFIRMED, *WORKING_STAGES, Status.PAUSED]

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        models.CASCADE,
        related_name="pairings",
        verbose_name=_("organisation"),
    )
    programme = models.ForeignKey(
        Programme,
        models.PROTECT,
        related_name="pairings",
        verbose_name=_("programme"),
    )
    form = models.ForeignKey(
        MentorshipForm,
        models.PROTECT,
        related_name="pairings",
        verbose_name=_("form of mentorship"),
    )
    variant = models.CharField(_("variant"), max_length=200, blank=True)
    goal = models.TextField(_("goal"), blank=True)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    paused_status = models.CharField(
        _("status before the pause"), max_length=20, choices=Status.choices, blank=True
    )
    closure_reason = models.ForeignKey(
        ClosureReason,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="pairings",
        verbose_name=_("reason for early closure"),
    )
    closure_note = models.TextField(_("result"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("formed by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = PairingQuerySet.as_manager()

    class Meta:
        verbose_name = _("pair or group")
        verbose_name_plural = _("pairs and groups")
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__lte=models.F("period_end")),
                name="pairing_period_in_order",
                violation_error_message=_("The period ends before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(status="closed_early") | Q(closure_reason__isnull=True),
                name="pairing_reason_only_when_closed_early",
            ),
            models.CheckConstraint(
                condition=Q(status="paused") | Q(paused_status=""),
                name="pairing_paused_status_only_when_paused",
            ),
        ]

    def __str__(self) -> str:
        return str(self.code)

    @property
    def is_ended(self) -> bool:
        return self.status in self.ENDED

    @property
    def earns_thanks(self) -> bool:
        """Its mentors may get a letter of thanks: the final meeting is held
        or the pair closed successfully (not early)."""
        return self.status in (self.Status.FINAL, self.Status.CLOSED)

    @property
    def is_group(self) -> bool:
        """Several mentees (a group) or several mentors (a team)."""
        members = self.current_members()
        return sum(1 for m in members if m.role == PairingMember.Role.MENTEE) > 1

    def current_members(self) -> list[PairingMember]:
        return [m for m in self.members.all() if m.until is None]

    def mentors(self) -> list[Person]:
        return [
            m.person
            for m in self.current_members()
            if m.role == PairingMember.Role.MENTOR
        ]

    def mentees(self) -> list[Person]:
        return [
            m.person
            for m in self.current_members()
            if m.role == PairingMember.Role.MENTEE
        ]


class PairingMember(models.Model):
    """A person in a pair, as mentor or mentee, from ``since`` to ``until``
    (a replaced mentor keeps their row, with the day they left)."""

    class Role(models.TextChoices):
        MENTOR = "mentor", _("mentor")
        MENTEE = "mentee", _("mentee")

    pairing = models.ForeignKey(
        Pairing, models.CASCADE, related_name="members", verbose_name=_("pair")
    )
    person = models.ForeignKey(
        Person, models.PROTECT, related_name="pairings", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    since = models.DateField(_("since"), default=timezone.localdate)
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("member of a pair")
        verbose_name_plural = _("members of pairs")
        ordering = ["role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pairing", "person"],
                condition=Q(until__isnull=True),
                name="pairing_member_once",
                violation_error_message=_("This person is in the pair already."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.person}"


class PairingOrder(models.Model):
    """The head's order fixing pairs and groups («приказ о закреплении
    наставнических пар/групп»), or replacing a mentor. A draft until its
    number and date are entered; entering them fixes the pairs it lists."""

    class Kind(models.TextChoices):
        FIXING = "fixing", _("fixing pairs and groups")
        REPLACEMENT = "replacement", _("replacing a mentor")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        models.CASCADE,
        related_name="pairing_orders",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.FIXING
    )
    number = models.CharField(_("order number"), max_length=50, blank=True)
    date = models.DateField(_("order date"), null=True, blank=True)
    pairings = models.ManyToManyField(
        Pairing, related_name="orders", verbose_name=_("pairs and groups")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("prepared by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("order on pairs")
        verbose_name_plural = _("orders on pairs")
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(number="") & Q(date__isnull=True))
                | (~Q(number="") & Q(date__isnull=False)),
                name="pairing_order_number_with_date",
                violation_error_message=_("An order has both a number and a date."),
            ),
            models.UniqueConstraint(
                fields=["organisation", "number", "date"],
                condition=~Q(number=""),
                name="pairing_order_unique_number",
                violation_error_message=_(
                    "The organisation has an order with this number and date."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.number or str(_("draft order"))

    @property
    def is_signed(self) -> bool:
        return bool(self.number)


class PairingEvent(models.Model):
    """One line of a pair's history: who changed what, and when."""

    class Action(models.TextChoices):
        CREATED = "created", pgettext_lazy("pair history", "formed")
        STATUS = "status", _("status changed")
        MEMBER_ADDED = "member_added", _("member added")
        MEMBER_LEFT = "member_left", _("member left")
        ORDER = "order", _("order")
        EDITED = "edited", pgettext_lazy("pair history", "edited")
        MEETING = "meeting", _("meeting")
        PLAN = "plan", _("personalised programme")

    pairing = models.ForeignKey(
        Pairing, models.CASCADE, related_name="events", verbose_name=_("pair")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    text = models.TextField(_("details"), blank=True)
    created = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("event of a pair")
        verbose_name_plural = _("history of pairs")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.text}"


def meetings_counted() -> models.Expression:
    """The number of meetings among the rows, a group meeting of several
    pairs (one row per pair, sharing a ``gathering``) counted once: for an
    aggregate or an annotation of grouped meetings."""
    return models.Count("pk", filter=Q(gathering__isnull=True)) + models.Count(
        "gathering", distinct=True
    )


class MeetingQuerySet(models.QuerySet):
    def with_gathering_size(self) -> MeetingQuerySet:
        """Annotate ``gathering_size``: how many pairs' meetings make the group
        meeting a meeting belongs to (None for a meeting of one pair)."""
        size = (
            Meeting.objects.filter(gathering=models.OuterRef("gathering"))
            .order_by()
            .values("gathering")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return self.annotate(
            gathering_size=models.Subquery(size, output_field=models.IntegerField())
        )


class Meeting(models.Model):
    """A meeting of a pair, planned or held. The meetings of a group event
    that gathers many pairs share a ``gathering`` id."""

    class Kind(models.TextChoices):
        INTRO = "intro", _("introductory meeting")
        TRIAL = "trial", _("trial working meeting")
        PLANNING = "planning", _("planning meeting")
        REGULAR = "regular", _("regular meeting")
        FINAL = "final", _("final meeting")
        GROUP_FINAL = "group_final", _("group final meeting")

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("meeting", "planned")
        HELD = "held", _("held")
        CANCELLED = "cancelled", pgettext_lazy("meeting", "cancelled")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pairing = models.ForeignKey(
        Pairing, models.CASCADE, related_name="meetings", verbose_name=_("pair")
    )
    gathering = models.UUIDField(_("group event"), null=True, blank=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    starts_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration, minutes"),
        default=45,
        validators=[MinValueValidator(5), MaxValueValidator(600)],
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    online = models.BooleanField(_("online"), default=False)
    topic = models.CharField(_("topic"), max_length=500, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    mentor_confirmed_at = models.DateTimeField(
        _("confirmed by the mentor"), null=True, blank=True
    )
    mentee_confirmed_at = models.DateTimeField(
        _("confirmed by the mentee"), null=True, blank=True
    )
    paper_confirmed_on = models.DateField(
        _("confirmation form signed on"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("planned by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5) & Q(duration_minutes__lte=600),
                name="meeting_duration_sensible",
                violation_error_message=_(
                    "A meeting lasts from 5 minutes to 10 hours."
                ),
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()} {timezone.localtime(self.starts_at):%d.%m.%Y}"
        )

    @property
    def is_confirmed(self) -> bool:
        """Confirmed by both sides in their cabinets, or on paper."""
        both = self.mentor_confirmed_at and self.mentee_confirmed_at
        return bool(both or self.paper_confirmed_on)


class Feedback(models.Model):
    """The mentee's short feedback after a meeting."""

    meeting = models.ForeignKey(
        Meeting, models.CASCADE, related_name="feedback", verbose_name=_("meeting")
    )
    person = models.ForeignKey(
        Person,
        models.CASCADE,
        related_name="meeting_feedback",
        verbose_name=_("mentee"),
    )
    rating = models.PositiveSmallIntegerField(
        _("how useful was the meeting, 1 to 10"),
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    comment = models.TextField(_("comment"), blank=True)
    created = models.DateTimeField(_("given"), auto_now_add=True)

    class Meta:
        verbose_name = _("feedback on a meeting")
        verbose_name_plural = _("feedback on meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="feedback_once_per_meeting",
                violation_error_message=_("The feedback on this meeting is given."),
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=10),
                name="feedback_rating_1_to_10",
                violation_error_message=_("The rating is from 1 to 10."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.rating}"


class PersonalPlan(models.Model):
    """The personalised programme of a pair («ППН»): deficits, goal, tasks,
    plan rows, the curator's approval and the final reflection."""

    pairing = models.OneToOneField(
        Pairing, models.CASCADE, related_name="plan", verbose_name=_("pair")
    )
    deficits = models.TextField(_("identified deficits"), blank=True)
    goal = models.TextField(_("goal"), blank=True)
    tasks = models.TextField(_("tasks"), blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    reflection = models.TextField(_("final reflection"), blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("personalised programme")
        verbose_name_plural = _("personalised programmes")

    def __str__(self) -> str:
        return str(self.pairing)


class PlanRow(models.Model):
    plan = models.ForeignKey(
        PersonalPlan, models.CASCADE, related_name="rows", verbose_name=_("programme")
    )
    position = models.PositiveSmallIntegerField(pgettext_lazy("order", "position"))
    section = models.CharField(_("section"), max_length=300, blank=True)
    activity = models.TextField(_("activity"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    expected_result = models.TextField(_("expected result"), blank=True)
    reporting_form = models.CharField(_("reporting form"), max_length=300, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("row of a personalised programme")
        verbose_name_plural = _("rows of personalised programmes")
        ordering = ["plan", "position", "pk"]

    def __str__(self) -> str:
        return self.activity

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.done_on is None and self.deadline is not None and self.deadline < today
        )


class Nudge(models.Model):
    """A reminder about a pair, recorded so that it is never sent twice for
    the same reason: ``key`` names the occasion (the silent weeks' start, the
    meeting, the plan row)."""

    class Reason(models.TextChoices):
        SILENT = "silent", _("no meeting for weeks")
        UNCONFIRMED = "unconfirmed", _("a meeting not confirmed")
        PLAN_OVERDUE = "plan_overdue", _("a plan row overdue")

    pairing = models.ForeignKey(
        Pairing, models.CASCADE, related_name="nudges", verbose_name=_("pair")
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    key = models.CharField(max_length=100)
    created = models.DateTimeField(_("noticed"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        verbose_name = _("nudge")
        verbose_name_plural = _("nudges")
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pairing", "reason", "key"], name="nudge_once_per_occasion"
            ),
        ]

    def __str__(self) -> str:
        return self.get_reason_display()
