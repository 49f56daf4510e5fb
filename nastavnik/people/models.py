from __future__ import annotations

import re
import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nastavnik.lib.dates import age_on
from nastavnik.lib.validators import validate_inn
from nastavnik.orgs.models import Organisation

CLASS_RE = re.compile(r"^(1[01]|[1-9])\s*[-–]?\s*([А-ЯЁA-Z])?$", re.IGNORECASE)


class PersonQuerySet(models.QuerySet):
    def for_organisation(self, organisation: Organisation) -> PersonQuerySet:
        return self.filter(organisation=organisation)

    def pupils(self) -> PersonQuerySet:
        return self.filter(category=Person.Category.PUPIL)


class Person(models.Model):
    """A pupil, teacher or other person in an organisation's bases."""

    class Category(models.TextChoices):
        PUPIL = "pupil", _("pupil")
        STUDENT = "student", _("student")
        TEACHER = "teacher", _("teacher")
        STAFF = "staff", _("other staff")
        PARENT = "parent", _("parent")
        ALUMNUS = "alumnus", _("alumnus")
        EMPLOYEE = "employee", _("enterprise employee")
        ENTREPRENEUR = "entrepreneur", _("entrepreneur")
        VETERAN = "veteran", _("veteran teacher")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        models.PROTECT,
        related_name="people",
        verbose_name=_("organisation"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("user account"),
    )
    last_name = models.CharField(_("last name"), max_length=100)
    first_name = models.CharField(_("first name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    class_name = models.CharField(
        _("class"), max_length=10, blank=True, help_text=_("For example, 7Б.")
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    experience_years = models.PositiveSmallIntegerField(
        _("teaching experience, years"), null=True, blank=True
    )
    employer_name = models.CharField(_("employer"), max_length=300, blank=True)
    employer_inn = models.CharField(
        _("employer's INN"), max_length=12, blank=True, validators=[validate_inn]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name", "patronymic"]
        indexes = [models.Index(fields=["organisation", "category"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(experience_years__lte=70),
                name="person_experience_plausible",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(
            p for p in (self.last_name, self.first_name, self.patronymic) if p
        )

    @property
    def short_name(self) -> str:
        initials = "".join(f"{p[0]}." for p in (self.first_name, self.patronymic) if p)
        return f"{self.last_name} {initials}".strip()

    def age(self, on: date | None = None) -> int | None:
        """Full years at ``on`` (today by default), or None without a birth date."""
        if self.birth_date is None:
            return None
        return age_on(self.birth_date, on or date.today())

    @property
    def grade(self) -> int | None:
        """The class number of «7Б» (7), or None for non-pupils and odd values."""
        match = CLASS_RE.match(self.class_name.strip())
        return int(match.group(1)) if match else None
