"""The best-practice bank: cases written from pairs, published on the public
page of the municipality."""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Exists, ExpressionWrapper, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nastavnik.orgs.models import Municipality, Organisation
from nastavnik.pairs.models import Pairing, PairingMember
from nastavnik.people.models import Consent, Topic
from nastavnik.programmes.models import MentorshipForm


def members_with_consent(on: date | None = None):
    """The current members of pairs with their person, each annotated with
    ``may_publish``: a dissemination consent valid ``on`` (152-ФЗ, ст. 10.1)
    of a person not anonymised. Read at display time, never copied, so that
    a withdrawn consent takes the name off the public page at once."""
    valid = Consent.objects.dissemination().valid(on).filter(person=OuterRef("person"))
    return (
        PairingMember.objects.filter(until__isnull=True)
        .select_related("person")
        .annotate(
            may_publish=ExpressionWrapper(
                Q(Exists(valid)) & Q(person__anonymised_at__isnull=True),
                output_field=models.BooleanField(),
            )
        )
    )


class CaseQuerySet(models.QuerySet):
    def published(self) -> CaseQuerySet:
        return self.filter(status=Case.Status.PUBLISHED)

    def of_municipality(self, municipality: Municipality) -> CaseQuerySet:
        return self.filter(organisation__municipality=municipality)

    def for_list(self) -> CaseQuerySet:
        """With the form, the organisation and the topics; names are never
        shown on a list, so the pairs are not read."""
        return self.select_related("form", "organisation").prefetch_related("topics")

    def for_display(self, on: date | None = None) -> CaseQuerySet:
        """With the form, the organisation, the topics and the pair's members
        (consent read today): a list asks the same few queries for any size."""
        return self.select_related("form", "organisation").prefetch_related(
            "topics",
            Prefetch(
                "pairing__members",
                queryset=members_with_consent(on),
                to_attr="members_now",
            ),
        )


class Case(models.Model):
    """A case of the best-practice bank, written by the curator from one of
    the organisation's pairs. The mentor and the mentee are always described
    without names; their names are shown besides only when the case names
    them and each of them has a valid dissemination consent on the day the
    page is read."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        models.CASCADE,
        related_name="cases",
        verbose_name=_("organisation"),
    )
    pairing = models.ForeignKey(
        Pairing,
        models.PROTECT,
        related_name="cases",
        verbose_name=_("pair or group"),
    )
    title = models.CharField(_("title"), max_length=300)
    form = models.ForeignKey(
        MentorshipForm,
        models.PROTECT,
        related_name="+",
        verbose_name=_("form of mentorship"),
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="+", verbose_name=_("topics")
    )
    mentor_description = models.CharField(
        _("the mentor, without a name"),
        max_length=300,
        help_text=_("For example, «a mathematics teacher»."),
    )
    mentee_description = models.CharField(
        _("the mentee, without a name"),
        max_length=300,
        help_text=_("For example, «a pupil of the 7th form»."),
    )
    names_mentors = models.BooleanField(_("name the mentors"), default=False)
    names_mentees = models.BooleanField(_("name the mentees"), default=False)
    done = models.TextField(_("what was done"))
    result = models.TextField(_("the result"))
    lesson = models.TextField(_("a lesson for others"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-published_at", "-created"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="case_published_has_time",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def named_roles(self) -> set[str]:
        roles = set()
        if self.names_mentors:
            roles.add(PairingMember.Role.MENTOR)
        if self.names_mentees:
            roles.add(PairingMember.Role.MENTEE)
        return roles

    def lacking_consent(self, on: date | None = None) -> list[str]:
        """The full names of the people the case names who have no valid
        dissemination consent ``on``: publishing is refused while any is left."""
        members = members_with_consent(on).filter(
            pairing_id=self.pairing_id, role__in=self.named_roles()
        )
        return [m.person.full_name for m in members if not m.may_publish]

    def _public_names(self, role: str) -> list[str]:
        """Names shown for ``role``: read from the members prefetched by
        ``CaseQuerySet.for_display``, only of those with a consent today."""
        if role not in self.named_roles():
            return []
        return [
            m.person.full_name
            for m in self.pairing.members_now
            if m.role == role and m.may_publish
        ]

    def public_mentor_names(self) -> list[str]:
        return self._public_names(PairingMember.Role.MENTOR)

    def public_mentee_names(self) -> list[str]:
        return self._public_names(PairingMember.Role.MENTEE)

    def publish(self) -> None:
        self.status = self.Status.PUBLISHED
        self.published_at = timezone.now()

    def withdraw(self) -> None:
        self.status = self.Status.DRAFT
        self.published_at = None


class AwardOrder(models.Model):
    """The head's order «О награждении наставников»: its number and date, and
    the awards it gives (a numbered list in the printed order)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        models.CASCADE,
        related_name="award_orders",
        verbose_name=_("organisation"),
    )
    number = models.CharField(_("order number"), max_length=50)
    date = models.DateField(_("order date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("award order")
        verbose_name_plural = _("award orders")
        ordering = ["-date", "-created"]

    def __str__(self) -> str:
        return f"№ {self.number} от {self.date:%d.%m.%Y}"


class Award(models.Model):
    """An award to a mentor, given by an award order."""

    class Kind(models.TextChoices):
        CERTIFICATE = "certificate", _("certificate of honour")
        THANKS = "thanks", _("letter of thanks")
        BEST_MENTOR = "best_mentor", _("«Best mentor» title")
        # the contest's name is from secondary sources (DOMAIN.md: check)
        FEDERAL = "federal", _("nomination to the federal contest «Mentorship»")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    order = models.ForeignKey(
        AwardOrder, models.CASCADE, related_name="awards", verbose_name=_("order")
    )
    person = models.ForeignKey(
        "people.Person",
        models.PROTECT,
        related_name="awards",
        verbose_name=_("mentor"),
    )
    kind = models.CharField(_("award"), max_length=20, choices=Kind.choices)
    reason = models.TextField(
        _("for what"),
        help_text=_("For example, «for preparing the winner of the olympiad»."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "person", "kind"],
                name="award_once_per_order",
                violation_error_message=_(
                    "This mentor already has this award in the order."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()}"

    # What the order says for each kind: the wording of the order's list.
    ORDER_WORDING = {
        Kind.CERTIFICATE: "наградить Почётной грамотой",
        Kind.THANKS: "объявить благодарность с вручением благодарственного письма",
        Kind.BEST_MENTOR: "присвоить звание «Лучший наставник»",
        Kind.FEDERAL: "выдвинуть на Всероссийский конкурс «Наставничество»",
    }

    def order_line(self) -> str:
        """The line of the printed order: «Фамилия Имя Отчество, должность, —
        наградить Почётной грамотой за …»."""
        who = ", ".join(p for p in (self.person.full_name, self.person.position) if p)
        reason = self.reason.strip().rstrip(".")
        return f"{who}, — {self.ORDER_WORDING[self.kind]} {reason}."
