from __future__ import annotations

import uuid
import zoneinfo
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from nastavnik.lib import docx
from nastavnik.lib.validators import validate_inn

# Russia's time zones, as a school would recognise them.
TIME_ZONES = [
    ("Europe/Kaliningrad", _("Kaliningrad (UTC+2)")),
    ("Europe/Moscow", _("Moscow (UTC+3)")),
    ("Europe/Kirov", _("Kirov (UTC+3)")),
    ("Europe/Samara", _("Samara (UTC+4)")),
    ("Asia/Yekaterinburg", _("Yekaterinburg (UTC+5)")),
    ("Asia/Omsk", _("Omsk (UTC+6)")),
    ("Asia/Novosibirsk", _("Novosibirsk (UTC+7)")),
    ("Asia/Krasnoyarsk", _("Krasnoyarsk (UTC+7)")),
    ("Asia/Irkutsk", _("Irkutsk (UTC+8)")),
    ("Asia/Yakutsk", _("Yakutsk (UTC+9)")),
    ("Asia/Vladivostok", _("Vladivostok (UTC+10)")),
    ("Asia/Magadan", _("Magadan (UTC+11)")),
    ("Asia/Kamchatka", _("Kamchatka (UTC+12)")),
]


def _zoneinfo(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name or settings.DEFAULT_DISPLAY_TIME_ZONE)


class Region(models.Model):
    """A federal subject: its regional mentorship centre (РНЦ) sees all below it."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    time_zone = models.CharField(
        _("time zone"), max_length=40, choices=TIME_ZONES, default="Europe/Moscow"
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def zoneinfo(self) -> zoneinfo.ZoneInfo:
        """The clock the region's figures count days by."""
        return _zoneinfo(self.time_zone)


class MunicipalityQuerySet(models.QuerySet):
    def with_counts(self) -> MunicipalityQuerySet:
        return self.annotate(num_organisations=Count("organisations", distinct=True))


class Municipality(models.Model):
    """A municipal district: its municipal mentorship centre (МНЦ) oversees schools."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        Region,
        models.PROTECT,
        related_name="municipalities",
        verbose_name=_("region"),
    )
    name = models.CharField(_("name"), max_length=200)
    centre_name = models.CharField(
        _("municipal mentorship centre"),
        max_length=300,
        blank=True,
        help_text=_("The body that runs the municipal mentorship centre."),
    )
    time_zone = models.CharField(
        _("time zone"), max_length=40, choices=TIME_ZONES, blank=True
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"], name="municipality_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def display_time_zone(self) -> str:
        return self.time_zone or self.region.time_zone

    def zoneinfo(self) -> zoneinfo.ZoneInfo:
        return _zoneinfo(self.display_time_zone())


class OrganisationQuerySet(models.QuerySet):
    def educational(self) -> OrganisationQuerySet:
        return self.exclude(type=Organisation.Type.PARTNER)


class Organisation(models.Model):
    """A school, kindergarten, college, additional-education centre or partner."""

    class Type(models.TextChoices):
        SCHOOL = "school", _("school")
        KINDERGARTEN = "kindergarten", _("kindergarten")
        ADDITIONAL = "additional", _("additional education")
        COLLEGE = "college", _("college")
        PARTNER = "partner", _("partner enterprise or NGO")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        Municipality,
        models.PROTECT,
        related_name="organisations",
        verbose_name=_("municipality"),
    )
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    name = models.CharField(_("full name"), max_length=500)
    short_name = models.CharField(_("short name"), max_length=200)
    inn = models.CharField(
        _("INN"), max_length=12, unique=True, validators=[validate_inn]
    )
    address = models.CharField(_("address"), max_length=500, blank=True)
    head_name = models.CharField(
        _("head's full name"),
        max_length=200,
        blank=True,
        help_text=_("As it is printed in orders: Иванова Мария Петровна."),
    )
    head_position = models.CharField(
        _("head's position"), max_length=100, blank=True, default="Директор"
    )
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=40,
        choices=TIME_ZONES,
        blank=True,
        help_text=_("Leave empty to use the municipality's time zone."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.short_name

    def display_time_zone(self) -> str:
        """The zone dates and times of this organisation are shown in."""
        return self.time_zone or self.municipality.display_time_zone()

    def zoneinfo(self) -> zoneinfo.ZoneInfo:
        return _zoneinfo(self.display_time_zone())

    @property
    def is_educational(self) -> bool:
        return self.type != self.Type.PARTNER

    def document_template(self, name: str) -> Path | bytes:
        """The template a document of this organisation is printed from: its
        own upload of <app>/documents/<name>, or the default file."""
        own = self.document_templates.filter(name=name).values_list("content")
        row = own.first()
        return bytes(row[0]) if row else docx.document_template(name)

    def place(self) -> str:
        """Where its documents are drawn up (ГОСТ Р 7.0.97-2016, the place of
        compilation): the settlement of its municipality."""
        return self.municipality.name


class DocumentTemplate(models.Model):
    """An organisation's own version of one of the DOCX templates in
    <app>/documents/: printed instead of the default, until reverted.

    Kept in the database, not in MEDIA: a template is a few dozen kilobytes,
    and a backup of the database then carries it."""

    organisation = models.ForeignKey(
        Organisation,
        models.CASCADE,
        related_name="document_templates",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("document"), max_length=100)
    content = models.BinaryField(_("file"))
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    uploaded = models.DateTimeField(_("uploaded"), auto_now=True)

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="document_template_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name
