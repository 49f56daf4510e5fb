from __future__ import annotations

from datetime import date

import time_machine
from django.urls import reverse

from nastavnik.accounts.models import Membership, Role
from nastavnik.programmes.models import Item, MentorshipForm
from nastavnik.programmes.tests.factory import make_programme
from nastavnik.test import BaseTestCase, make_user


@time_machine.travel("2026-11-16 10:00+03:00", tick=False)
class ProgrammeListTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.programme = make_programme(cls.school_a, curator=cls.alice)
        cls.programme.forms.add(MentorshipForm.objects.get(slug="teacher_pupil"))
        cls.last_year = make_programme(cls.school_a, year=2025, title="Прошлогодняя")
        make_programme(cls.school_c, title="Программа другой школы")
        items = Item.objects.filter(stage__roadmap=cls.programme.roadmap)
        cls.total = items.count()
        done = items.order_by("stage__position", "position")[:3]
        Item.objects.filter(pk__in=done).update(status="done")

    def setUp(self) -> None:
        self.url = reverse("programmes-programme-list", args=[self.school_a.code])

    def test_it_works(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "Программа наставничества")
        self.assertContains(r, "Прошлогодняя")
        self.assertContains(r, "2026/2027 учебный год")
        self.assertContains(r, "2025/2026 учебный год")
        self.assertContains(r, "учитель – ученик")
        self.assertContains(r, "Алексеева А.")
        self.assertNotContains(r, "Программа другой школы")
        self.assertContains(
            r, reverse("programmes-roadmap-detail", args=[self.programme.roadmap.code])
        )
        self.assertContains(
            r, reverse("programmes-programme-add", args=[self.school_a.code])
        )

    def test_progress_counts_are_right(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        this_year = next(p for p in r.context["programmes"] if p == self.programme)
        roadmap_items = Item.objects.filter(stage__roadmap=self.programme.roadmap)
        overdue = roadmap_items.overdue(date(2026, 11, 16)).count()
        self.assertEqual(this_year.progress["done"], 3)
        self.assertEqual(this_year.progress["overdue"], overdue)
        self.assertEqual(this_year.progress["total"], self.total)
        self.assertContains(r, f"выполнено 3 из {self.total}")
        # last year's roadmap is over: every open item of it is late
        last = next(p for p in r.context["programmes"] if p == self.last_year)
        self.assertEqual(last.progress["overdue"], last.progress["total"])

    def test_it_works_for_the_head(self) -> None:
        head = make_user("head")
        Membership.objects.create(user=head, role=Role.HEAD, organisation=self.school_a)
        self.client.force_login(head)
        self.assertContains(self.client.get(self.url), "Программа наставничества")

    def test_the_menu_leads_here(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(
            reverse("programmes-roadmap-detail", args=[self.programme.roadmap.code])
        )
        self.assertContains(
            r, f'<a href="{self.url}" aria-current="page">Программа</a>', html=True
        )

    def test_readers_see_it_without_buttons(self) -> None:
        for user in (self.mila, self.rita):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                r = self.client.get(self.url)
                self.assertContains(r, "Программа наставничества")
                self.assertNotContains(
                    r, reverse("programmes-programme-add", args=[self.school_a.code])
                )
                self.assertNotContains(
                    r,
                    reverse("programmes-programme-edit", args=[self.programme.code]),
                )

    def test_it_shows_a_programme_renamed_between_two_visits(self) -> None:
        self.client.force_login(self.alice)
        self.assertContains(self.client.get(self.url), "Прошлогодняя")
        self.last_year.title = "Программа позапрошлого года"
        self.last_year.save(update_fields=["title"])
        r = self.client.get(self.url)
        self.assertContains(r, "Программа позапрошлого года")
        self.assertNotContains(r, "Прошлогодняя")

    def test_a_reader_after_a_curator_does_not_get_the_curators_buttons(
        self,
    ) -> None:
        edit = reverse("programmes-programme-edit", args=[self.programme.code])
        self.client.force_login(self.alice)
        self.assertContains(self.client.get(self.url), edit)
        self.client.force_login(self.mila)
        r = self.client.get(self.url)
        self.assertContains(r, "Программа наставничества")
        self.assertNotContains(r, edit)
        self.client.force_login(self.alice)
        self.assertContains(self.client.get(self.url), edit)

    def test_it_checks_ownership(self) -> None:
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_mentors_see_nothing(self) -> None:
        self.demote_bob()
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_says_when_there_is_no_programme(self) -> None:
        self.client.force_login(self.alice)
        url = reverse("programmes-programme-list", args=[self.school_a2.code])
        Membership.objects.create(
            user=self.alice, role=Role.CURATOR, organisation=self.school_a2
        )
        self.assertContains(self.client.get(url), "Программы пока нет")
