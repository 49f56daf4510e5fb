"""What monitoring keeps besides the product's data: the denominators of the
KPIs, entered per school year at each level, and the yearly targets a
municipality or a region sets (seed 001's when it sets none)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nastavnik.orgs.models import Municipality, Organisation, Region

# Exactly one of the three levels.
ONE_LEVEL = (
    Q(organisation__isnull=False, municipality__isnull=True, region__isnull=True)
    | Q(organisation__isnull=True, municipality__isnull=False, region__isnull=True)
    | Q(organisation__isnull=True, municipality__isnull=True, region__isnull=False)
)


class Denominators(models.Model):
    """The counts the KPIs divide by, for one school year of an organisation,
    a municipality or a region. They cannot be derived from the bases (not
    every child of the district is in a school's lists), so they are entered;
    a figure left empty makes its KPI «нет данных»."""

    organisation = models.ForeignKey(
        Organisation,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="kpi_denominators",
    )
    municipality = models.ForeignKey(
        Municipality,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="kpi_denominators",
    )
    region = models.ForeignKey(
        Region, models.CASCADE, null=True, blank=True, related_name="kpi_denominators"
    )
    school_year = models.PositiveSmallIntegerField(
        _("school year"), help_text=_("The year the school year starts in.")
    )
    reference_date = models.DateField(
        _("ages taken on"),
        help_text=_("The age of every participant is counted on this day."),
    )
    children = models.PositiveIntegerField(
        _("children aged 10–19"), null=True, blank=True
    )
    youths = models.PositiveIntegerField(_("youths aged 15–19"), null=True, blank=True)
    young_teachers = models.PositiveIntegerField(
        _("young teachers (0–3 years of experience)"), null=True, blank=True
    )
    enterprises = models.PositiveIntegerField(_("enterprises"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("KPI denominators")
        verbose_name_plural = _("KPI denominators")
        constraints = [
            models.CheckConstraint(
                condition=ONE_LEVEL,
                name="denominators_one_level",
                violation_error_message=_(
                    "Denominators belong to one organisation, municipality or region."
                ),
            ),
            *[
                models.UniqueConstraint(
                    fields=[level, "school_year"],
                    condition=Q(**{f"{level}__isnull": False}),
                    name=f"denominators_one_per_{level}_and_year",
                    violation_error_message=_(
                        "The denominators of this school year are already entered."
                    ),
                )
                for level in ("organisation", "municipality", "region")
            ],
        ]

    def __str__(self) -> str:
        owner = self.organisation or self.municipality or self.region
        return f"{owner} · {self.school_year}/{self.school_year + 1}"

    @staticmethod
    def default_reference_date(school_year: int) -> date:
        """1 September: the day the school year starts and lists are made."""
        return date(school_year, 9, 1)


class Target(models.Model):
    """A municipality's or a region's target for one KPI in one year, in per
    cent. Without one, the region's applies, then seed 001's."""

    municipality = models.ForeignKey(
        Municipality, models.CASCADE, null=True, blank=True, related_name="kpi_targets"
    )
    region = models.ForeignKey(
        Region, models.CASCADE, null=True, blank=True, related_name="kpi_targets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kpi = models.PositiveSmallIntegerField(
        _("indicator"), validators=[MinValueValidator(1), MaxValueValidator(6)]
    )
    value = models.DecimalField(
        _("target, %"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("KPI target")
        verbose_name_plural = _("KPI targets")
        constraints = [
            models.CheckConstraint(
                condition=Q(municipality__isnull=False, region__isnull=True)
                | Q(municipality__isnull=True, region__isnull=False),
                name="target_one_level",
                violation_error_message=_(
                    "A target belongs to one municipality or region."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kpi__gte=1, kpi__lte=6, value__gte=0, value__lte=100),
                name="target_is_a_share_of_a_known_kpi",
                violation_error_message=_(
                    "A target is a percentage from 0 to 100 for one of the six KPIs."
                ),
            ),
            *[
                models.UniqueConstraint(
                    fields=[level, "year", "kpi"],
                    condition=Q(**{f"{level}__isnull": False}),
                    name=f"target_one_per_{level}_year_and_kpi",
                    violation_error_message=_(
                        "This KPI already has a target for the year."
                    ),
                )
                for level in ("municipality", "region")
            ],
        ]

    def __str__(self) -> str:
        where = self.municipality or self.region
        return f"{where} · {self.year} · {self.kpi}: {self.value}"
