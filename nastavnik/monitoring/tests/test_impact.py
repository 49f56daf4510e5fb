"""Stage 2 of monitoring: the change of the entry and exit questionnaires'
parameters, overall, per form and per person."""

from __future__ import annotations

from datetime import date

import time_machine
from django.urls import reverse

from nastavnik.monitoring import impact
from nastavnik.monitoring.tests.factory import pair, person
from nastavnik.people.models import Person
from nastavnik.surveys import services, stats
from nastavnik.surveys.models import Question
from nastavnik.surveys.tests.factory import make_campaign
from nastavnik.surveys.tests.test_profiles import make_version
from nastavnik.test import BaseTestCase

T = Question.Type


def change(parameter, people, entry=None, exit=None, count=1):
    return stats.ParameterChange(
        parameter,
        parameter,
        entry,
        exit,
        count,
        count,
        [stats.PersonChange(*p) for p in people],
    )


class ReadingTests(BaseTestCase):
    """How the figures read, on hand-built changes (the means themselves are
    surveys.stats.impact's and tested there)."""

    def test_less_anxiety_is_better_and_less_self_esteem_worse(self) -> None:
        rows = impact.overall(
            [
                change("anxiety", [(1, 8, 5)], 8, 5),
                change("self_esteem", [(1, 6, 5)], 6, 5),
            ]
        )
        anxiety, esteem = rows
        self.assertTrue(anxiety.better)
        self.assertTrue(esteem.worse)
        self.assertEqual(anxiety.both, 1)

    def test_the_largest_change_for_its_level_draws_the_full_bar(self) -> None:
        rows = impact.overall(
            [
                change("self_esteem", [], 5, 7),  # +2 on a level of 7
                change("clubs", [], 10, 12),  # +2 on a level of 12
                change("grades", [], 4, None),  # no exit yet
            ]
        )
        self.assertEqual([row.bar for row in rows], [100, 58, 0])
        self.assertIsNone(rows[2].change)

    def test_a_form_counts_only_its_people_measured_at_both_moments(self) -> None:
        item = change("grades", [(1, 3.5, 4.1), (2, 3.9, 4.3), (3, 2.8, None)])
        forms = {1: "ученик – ученик", 2: "ученик – ученик", 3: "учитель – ученик"}
        [(form, [row])] = impact.by_form([item], forms)
        self.assertEqual(form, "ученик – ученик")
        self.assertEqual((row.entry, row.exit, row.change), (3.7, 4.2, 0.5))
        self.assertEqual(row.both, 2)


@time_machine.travel(date(2026, 12, 6), tick=False)
class ImpactPageTests(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse("monitoring-organisation-impact", args=[self.school_a.code])
        teacher = person(
            self.school_a, "Наставникова", category=Person.Category.TEACHER
        )
        self.anna = person(self.school_a, "Андреева")
        pair(self.school_a, [teacher], [self.anna])

    def test_without_answers_the_page_says_how_to_start(self) -> None:
        self.client.force_login(self.alice)
        page = self.client.get(self.url, {"year": "2026"})
        self.assertContains(page, "Никто ещё не ответил")
        self.assertContains(page, "2026/2027")

    def test_only_the_organisations_staff_open_it(self) -> None:
        for user in (self.charlie, self.mila, self.rita):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 404)
        self.demote_bob()
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_a_year_out_of_range_is_not_found(self) -> None:
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get(self.url, {"year": "1800"}).status_code, 404)

    def test_the_curator_sees_the_change_and_the_people_behind_it(self) -> None:
        entry = make_version(
            "entry",
            {"key": "a_in", "type": T.SCALE, "parameter": "anxiety"},
        )
        exit_ = make_version(
            "exit",
            {"key": "a_out", "type": T.SCALE, "parameter": "anxiety"},
        )
        for version, answers, day in (
            (entry, {"a_in": 8}, date(2026, 9, 20)),
            (exit_, {"a_out": 5}, date(2026, 12, 1)),
        ):
            campaign = make_campaign(version, self.school_a)
            services.response_submit(
                campaign, answers, person=self.anna, source="paper", today=day
            )
        self.client.force_login(self.alice)
        page = self.client.get(self.url, {"year": "2026", "parameter": "anxiety"})
        self.assertContains(page, "-3,00")
        self.assertContains(page, "лучше")
        self.assertContains(page, "Андреева")  # the people behind «anxiety»
        self.assertContains(page, "учитель – ученик")  # her form
