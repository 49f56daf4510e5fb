"""Stage 1 of monitoring: the curator's SWOT analyses and questionnaires of a
school year, intermediate and final, on one page."""

from __future__ import annotations

from datetime import date

import time_machine
from django.urls import reverse

from nastavnik.lib.dates import SchoolYear
from nastavnik.monitoring import quality
from nastavnik.surveys import services
from nastavnik.surveys.models import Version
from nastavnik.surveys.tests.factory import make_campaign
from nastavnik.test import BaseTestCase


def shipped(slug: str) -> Version:
    return Version.objects.get(
        questionnaire__slug=slug, questionnaire__organisation=None
    )


SWOT = {
    "strengths": "Наставники с опытом",
    "weaknesses": "Мало встреч в декабре",
    "opportunities": "Технопарк рядом",
    "threats": "Нагрузка педагогов",
    "requests_met": 8,
}


class QualityTests(BaseTestCase):
    def answer(self, slug: str, answers: dict, day: date, school=None) -> None:
        with time_machine.travel(day, tick=False):
            campaign = make_campaign(shipped(slug), school or self.school_a)
            services.response_submit(campaign, answers, source="paper", today=day)

    def test_a_swot_in_december_is_intermediate_and_in_may_final(self) -> None:
        self.answer("swot", SWOT, date(2026, 12, 20))
        self.answer("swot", SWOT | {"weaknesses": "Исправлено"}, date(2027, 5, 20))
        first, second = quality.analyses(self.school_a, SchoolYear(2026))
        self.assertFalse(first.final)
        self.assertTrue(second.final)
        quadrants = [item.text for item in second.quadrants]
        self.assertEqual(
            quadrants,
            [
                "Наставники с опытом",
                "Исправлено",
                "Технопарк рядом",
                "Нагрузка педагогов",
            ],
        )
        [rated] = second.sections
        self.assertEqual(rated.items[0].text, "8")

    def test_the_first_of_february_starts_the_final_analysis(self) -> None:
        self.assertFalse(quality.is_final(date(2027, 1, 31)))
        self.assertTrue(quality.is_final(date(2027, 2, 1)))
        self.assertTrue(quality.is_final(date(2028, 2, 29)))
        self.assertFalse(quality.is_final(date(2026, 9, 1)))

    def test_only_the_school_years_analyses_of_the_organisation_count(self) -> None:
        self.answer("swot", SWOT, date(2026, 8, 31))  # the year before
        self.answer("swot", SWOT, date(2026, 10, 1), school=self.school_c)
        self.assertEqual(quality.analyses(self.school_a, SchoolYear(2026)), [])

    def test_the_page_shows_both_questionnaires_and_is_the_staffs(self) -> None:
        self.answer("swot", SWOT, date(2026, 12, 20))
        self.answer("curator", {"order": "yes", "model": 7}, date(2026, 12, 21))
        url = reverse("monitoring-organisation-quality", args=[self.school_a.code])
        self.client.force_login(self.alice)
        page = self.client.get(url, {"year": "2026"})
        self.assertContains(page, "Технопарк рядом")
        self.assertContains(page, "Промежуточный · 20.12.2026")
        self.assertContains(page, "Издан приказ о внедрении целевой модели")
        self.assertContains(page, "?kind=curator")
        for user in (self.charlie, self.mila):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(url).status_code, 404)
