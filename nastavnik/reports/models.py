"""Reports of an organisation to its municipal centre (МНЦ): monthly (by the
25th, seed 003), quarterly with the per-person annex, and half-year.

A report is filled from the data, edited by the school's curator while it is
a draft or returned, then submitted; the municipal coordinator accepts it or
returns it with a comment. Each step is kept in the report's history.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from nastavnik.orgs.models import Organisation
from nastavnik.reports import filling
from nastavnik.reports.periods import Kind, Period


class ReportQuerySet(models.QuerySet):
    def for_municipality(self, municipality) -> ReportQuerySet:
        return self.filter(organisation__municipality=municipality)


class Report(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("report", "draft")
        SUBMITTED = "submitted", pgettext_lazy("report", "submitted")
        ACCEPTED = "accepted", pgettext_lazy("report", "accepted")
        RETURNED = "returned", pgettext_lazy("report", "returned for corrections")

    # The school may change the report in these states only.
    EDITABLE = [Status.DRAFT, Status.RETURNED]

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        models.CASCADE,
        related_name="municipal_reports",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    # The snapshot of filling.fill(): figures, pairs by form, targets.
    data = models.JSONField(_("figures"), default=dict, blank=True)
    # {figure key: {"value": n, "note": why}}: the curator's corrections.
    corrections = models.JSONField(_("corrections"), default=dict, blank=True)
    events = models.TextField(
        _("informing events and trainings"),
        blank=True,
        help_text=_("What was held in the period: dates, topics, who took part."),
    )
    monitoring = models.TextField(
        _("monitoring (stages 1 and 2)"),
        blank=True,
        help_text=_("Questionnaires, SWOT, entry and exit measurements done."),
    )
    cases = models.TextField(
        _("cases and publications"),
        blank=True,
        help_text=_("Cases written, publications on the website and in the media."),
    )
    notes = models.TextField(_("other remarks"), blank=True)
    # Received as a signed file from the school's own server (transfer.py):
    # its figures are as the school stated them, and its per-person annex
    # stayed with the school.
    imported = models.BooleanField(
        _("imported from the school's server"), default=False
    )
    submitted_on = models.DateField(
        _("first submitted on"),
        null=True,
        blank=True,
        help_text=_("The day of the first submission: it tells whether it was late."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("curator"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report to the municipal centre")
        verbose_name_plural = _("reports to the municipal centre")
        ordering = ["-period_start", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "period_start"],
                name="report_one_per_organisation_and_period",
                violation_error_message=_(
                    "The organisation has a report for this period already."
                ),
            ),
            models.CheckConstraint(
                condition=Q(period_start__lte=models.F("period_end")),
                name="report_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.period}"

    @property
    def period(self) -> Period:
        return Period(self.period_start, self.kind)

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def has_annex(self) -> bool:
        """The quarterly report carries the per-person annex (seed 003),
        unless it came from the school's own server: the annex names people
        and does not travel with the file."""
        return self.kind == Kind.QUARTERLY and not self.imported

    def is_late(self, today: date) -> bool:
        """Late: first submitted after the due day, or not submitted and the
        due day is past. A returned report keeps its first submission."""
        return is_late(self.due_on, self.submitted_on, today)

    def days_late(self, today: date) -> int:
        until = self.submitted_on or today
        return max((until - self.due_on).days, 0)

    def value(self, key: str) -> Any:
        """A figure as the report states it: the curator's correction, if
        any, else the one filled from the data."""
        if key in self.corrections:
            return self.corrections[key]["value"]
        return self.data.get("figures", {}).get(key)

    def figures(self) -> dict[str, Any]:
        return {field.key: self.value(field.key) for field in filling.FIELDS}

    def rows(self) -> list[dict]:
        """Each figure with its section, its filled value and its correction."""
        filled = self.data.get("figures", {})
        return [
            {
                "field": field,
                "filled": filled.get(field.key),
                "value": self.value(field.key),
                "correction": self.corrections.get(field.key),
            }
            for field in filling.FIELDS
        ]

    def kpi_figures(self, *, suppress: bool) -> list:
        return filling.kpi_figures(
            self.figures(), self.data.get("targets", {}), suppress=suppress
        )

    def check_editable(self) -> None:
        if not self.is_editable:
            raise ValidationError(
                gettext(
                    "The report is %(status)s: the school may change it only "
                    "while it is a draft or returned for corrections."
                )
                % {"status": self.get_status_display()}
            )


def is_late(due_on: date, submitted_on: date | None, today: date) -> bool:
    """The rule of lateness, for a report or for a period with no report yet
    (``submitted_on`` None)."""
    if submitted_on is not None:
        return submitted_on > due_on
    return today > due_on


class ReportEvent(models.Model):
    """One step of a report's history: who, when, what, and the comment of
    a return."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        SUBMITTED = "submitted", _("submitted")
        ACCEPTED = "accepted", _("accepted")
        RETURNED = "returned", _("returned with a comment")
        EXPORTED = "exported", _("exported for sending to the municipal centre")
        IMPORTED = "imported", _("imported from the school's server")

    report = models.ForeignKey(
        Report, models.CASCADE, related_name="events_log", verbose_name=_("report")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    comment = models.TextField(_("comment"), blank=True)
    created = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("report history entry")
        verbose_name_plural = _("report history")
        ordering = ["created", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(action="returned") | ~Q(comment=""),
                name="report_return_has_a_comment",
                violation_error_message=_("A return needs a comment."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.get_action_display()}"


class TransferKey(models.Model):
    """The key that signs the reports a school sends from its own server to
    the municipal one (transfer.py). The municipal coordinator issues it on
    the municipal server; the school's head or curator enters the same key
    on the school's server. HMAC needs the key itself, so it is kept as it
    is: it is shown once, when issued, and never written to a log or a page
    again."""

    organisation = models.OneToOneField(
        Organisation,
        models.CASCADE,
        related_name="report_transfer_key",
        verbose_name=_("organisation"),
    )
    secret = models.CharField(_("key"), max_length=100)
    # Issued here by the municipal coordinator (this is the municipal
    # server), not entered by the school: the school's staff may not replace
    # or remove it.
    issued = models.BooleanField(_("issued by the municipal centre"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    created = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("report transfer key")
        verbose_name_plural = _("report transfer keys")

    def __str__(self) -> str:
        # never the secret
        return str(self.organisation)
