from __future__ import annotations

from datetime import date

import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from nastavnik.programmes.models import Roadmap
from nastavnik.programmes.tests.factory import make_programme
from nastavnik.test import BaseTestCase


@time_machine.travel("2026-11-16 10:00+03:00", tick=False)
class RoadmapInvariantsTestCase(BaseTestCase):
    """The database keeps the roadmap's rules even when a form is bypassed,
    and says in Russian which one is broken."""

    def _plan(self, **fields) -> Roadmap:
        values = {
            "municipality": self.municipality_a,
            "title": "План",
            "period_start": date(2026, 9, 1),
            "period_end": date(2027, 8, 31),
        }
        return Roadmap(**values | fields)

    def test_a_period_that_ends_before_it_starts_is_refused(self) -> None:
        plan = self._plan(period_end=date(2026, 8, 31))
        with self.assertRaises(ValidationError) as error:
            plan.full_clean()
        self.assertIn(
            "Период должен заканчиваться позже, чем начинается.",
            error.exception.messages,
        )
        with self.assertRaises(IntegrityError), transaction.atomic():
            plan.save()
        self.assertFalse(Roadmap.objects.exists())

    def test_a_municipality_has_one_plan_a_school_year(self) -> None:
        self._plan().save()
        second = self._plan(title="Ещё план")
        with self.assertRaises(ValidationError) as error:
            second.full_clean()
        self.assertIn(
            "У муниципалитета уже есть план на этот учебный год.",
            error.exception.messages,
        )
        with self.assertRaises(IntegrityError), transaction.atomic():
            second.save()
        # another year, or another municipality, is fine
        self._plan(period_start=date(2027, 9, 1), period_end=date(2028, 8, 31)).save()
        self._plan(municipality=self.municipality_b).save()
        self.assertEqual(Roadmap.objects.count(), 3)

    def test_a_roadmap_belongs_to_a_programme_or_a_municipality(self) -> None:
        both = self._plan(programme=make_programme(self.school_a))
        with self.assertRaises(ValidationError) as error:
            both.validate_constraints()
        self.assertIn(
            "Дорожная карта относится либо к программе, либо к муниципалитету.",
            error.exception.messages,
        )
