"""A matching run and its proposals, kept with their inputs so that a past
proposal can be reopened and explained later."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from nastavnik.orgs.models import Organisation
from nastavnik.pairs.models import PairingOrder
from nastavnik.people.models import Person
from nastavnik.programmes.models import MentorshipForm, Programme


class Run(models.Model):
    """One matching of a programme's support list with its mentor base for a
    form of mentorship: the weights and options it ran with, what it saw
    (``inputs``) and what it proposed."""

    class Status(models.TextChoices):
        # a cohort too large for the request waits for the worker, then runs
        QUEUED = "queued", pgettext_lazy("matching run", "queued")
        RUNNING = "running", _("matching in progress")
        FAILED = "failed", pgettext_lazy("matching run", "failed")
        READY = "ready", _("proposed, under review")
        APPROVED = "approved", pgettext_lazy("matching run", "approved")
        REPLACED = "replaced", _("replaced by a new run")

    class Step(models.IntegerChoices):
        """The steps of a run in the background, in their order."""

        COHORT = 1, _("reading the support list and the mentor base")
        SCORING = 2, _("scoring the allowed pairs")
        SOLVING = 3, _("choosing the best proposal")
        SAVING = 4, _("saving the proposals")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        models.CASCADE,
        related_name="matching_runs",
        verbose_name=_("organisation"),
    )
    programme = models.ForeignKey(
        Programme,
        models.CASCADE,
        related_name="matching_runs",
        verbose_name=_("programme"),
    )
    form = models.ForeignKey(
        MentorshipForm,
        models.PROTECT,
        related_name="matching_runs",
        verbose_name=_("form of mentorship"),
    )
    weights = models.JSONField(_("weights of the criteria"), default=dict)
    min_score = models.PositiveSmallIntegerField(
        _("minimum score"),
        default=0,
        help_text=_(
            "A mentee stays unmatched rather than get a pair scoring less "
            "(0 to 1000; 0 matches as many as possible)."
        ),
    )
    training_required = models.BooleanField(
        _("only mentors who finished the training"), default=False
    )
    groups = models.BooleanField(
        _("a mentor's mentees work as one group"), default=False
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.READY
    )
    # the step a run in the background is at (``Step``), and why it failed
    step = models.PositiveSmallIntegerField(
        _("step"), choices=Step.choices, null=True, blank=True
    )
    error = models.TextField(_("why it failed"), blank=True)
    previous = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("re-run of"),
    )
    # What the run saw: the people's facts and the notes of what it left out.
    inputs = models.JSONField(_("inputs"), default=dict)
    matched = models.PositiveIntegerField(_("matched"), default=0)
    unmatched = models.PositiveIntegerField(_("unmatched"), default=0)
    total_score = models.PositiveIntegerField(_("total score"), default=0)
    order = models.ForeignKey(
        PairingOrder,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("order"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("run by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_score__lte=1000),
                name="matching_run_min_score_range",
                violation_error_message=_("The minimum score is from 0 to 1000."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} — {self.form}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.READY

    @property
    def is_pending(self) -> bool:
        """Queued or running in the background: no proposals yet."""
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def has_failed(self) -> bool:
        return self.status == self.Status.FAILED

    @property
    def steps(self) -> int:
        return len(self.Step)

    @property
    def steps_done(self) -> int:
        """How many steps of the background work are over."""
        return self.step - 1 if self.step else 0


class Proposal(models.Model):
    """A mentee's outcome in a run: a mentor with the score per criterion,
    or none with the reason; the best alternatives and why the others were
    not allowed are kept for «почему не этот»."""

    run = models.ForeignKey(
        Run, models.CASCADE, related_name="proposals", verbose_name=_("run")
    )
    mentee = models.ForeignKey(
        Person, models.CASCADE, related_name="+", verbose_name=_("mentee")
    )
    mentor = models.ForeignKey(
        Person,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mentor"),
    )
    score = models.PositiveSmallIntegerField(_("score"), default=0)
    parts = models.JSONField(_("points per criterion"), default=dict)
    locked = models.BooleanField(_("locked"), default=False)
    removed = models.BooleanField(_("removed by the curator"), default=False)
    reason = models.TextField(_("why unmatched"), blank=True)
    # [{"id", "name", "score", "parts"}] of the best other allowed mentors
    alternatives = models.JSONField(_("alternatives"), default=list)
    # [{"id", "name", "messages"}] of mentors the rules excluded
    excluded = models.JSONField(_("excluded mentors"), default=list)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["run", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "mentee"], name="matching_proposal_one_per_mentee"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentee} → {self.mentor or '—'}"
