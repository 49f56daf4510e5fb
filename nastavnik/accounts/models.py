from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from nastavnik.orgs.models import Municipality, Organisation, Region


class User(AbstractUser):
    """A person who logs in. Logs in by username or e-mail."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patronymic = models.CharField(_("patronymic"), max_length=150, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # Login by e-mail needs e-mails to be unique, ignoring case.
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="user_unique_email",
                violation_error_message=_("A user with this e-mail already exists."),
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        """Фамилия Имя Отчество, as Russian documents write it."""
        parts = (self.last_name, self.first_name, self.patronymic)
        return " ".join(p for p in parts if p)

    def get_short_name(self) -> str:
        """Фамилия И. О."""
        initials = "".join(f"{p[0]}." for p in (self.first_name, self.patronymic) if p)
        return f"{self.last_name} {initials}".strip() or self.username


class Role(models.TextChoices):
    REGIONAL = "regional", _("regional operator")
    MUNICIPAL = "municipal", _("municipal coordinator")
    HEAD = "head", _("head of organisation")
    CURATOR = "curator", _("curator")
    MENTOR = "mentor", _("mentor")
    MENTEE = "mentee", _("mentee")


# Roles whose scope is one organisation, and those that may read its people.
ORGANISATION_ROLES = (Role.HEAD, Role.CURATOR, Role.MENTOR, Role.MENTEE)
STAFF_ROLES = (Role.HEAD, Role.CURATOR)
# When a user holds several memberships, the first in this order opens by default.
ROLE_ORDER = [
    Role.CURATOR,
    Role.HEAD,
    Role.MUNICIPAL,
    Role.REGIONAL,
    Role.MENTOR,
    Role.MENTEE,
]


class MembershipQuerySet(models.QuerySet):
    def active(self) -> MembershipQuerySet:
        return self.filter(is_active=True)

    def with_scope(self) -> MembershipQuerySet:
        return self.select_related(
            "region",
            "municipality__region",
            "organisation__municipality__region",
        )


class Membership(models.Model):
    """A user holds a role in a scope: a region, a municipality or an organisation."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        User, models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        Region,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("region"),
    )
    municipality = models.ForeignKey(
        Municipality,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("municipality"),
    )
    organisation = models.ForeignKey(
        Organisation,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user", "role"]
        constraints = [
            # Exactly one scope, and the one that fits the role.
            models.CheckConstraint(
                condition=(
                    Q(
                        role=Role.REGIONAL,
                        region__isnull=False,
                        municipality__isnull=True,
                        organisation__isnull=True,
                    )
                    | Q(
                        role=Role.MUNICIPAL,
                        region__isnull=True,
                        municipality__isnull=False,
                        organisation__isnull=True,
                    )
                    | Q(
                        role__in=ORGANISATION_ROLES,
                        region__isnull=True,
                        municipality__isnull=True,
                        organisation__isnull=False,
                    )
                ),
                name="membership_scope_fits_role",
                violation_error_message=_(
                    "A regional role needs a region, a municipal role a "
                    "municipality, any other role an organisation."
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "region"],
                condition=Q(region__isnull=False),
                name="membership_unique_region",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "municipality"],
                condition=Q(municipality__isnull=False),
                name="membership_unique_municipality",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "organisation"],
                condition=Q(organisation__isnull=False),
                name="membership_unique_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.scope}"

    @property
    def scope(self) -> Region | Municipality | Organisation | None:
        return self.organisation or self.municipality or self.region

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES

    def display_time_zone(self) -> str:
        """The zone in which this membership's pages show dates and times."""
        scope = self.scope
        if isinstance(scope, Region):
            return scope.time_zone
        return scope.display_time_zone() if scope else ""


class AuditEventQuerySet(models.QuerySet):
    def for_organisation(self, organisation: Organisation) -> AuditEventQuerySet:
        return self.filter(organisation=organisation).select_related("user")


class AuditEvent(models.Model):
    """Who did what to whom and when: every card read, change, export and import.

    The summary never holds personal data: a person is named by ``object_code``,
    so that anonymising the person also anonymises the log.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        EXPORT = "export", _("exported")
        IMPORT = "import", _("imported")
        PRINT = "print", _("printed")
        CONSENT = "consent", _("consent")
        ANONYMISE = "anonymise", _("anonymised")

    user = models.ForeignKey(
        User,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=40, blank=True)
    object_code = models.UUIDField(_("object"), null=True, blank=True, db_index=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    created = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["organisation", "-created"])]

    def __str__(self) -> str:
        return f"{self.created:%d.%m.%Y %H:%M} {self.user} {self.get_action_display()}"
