from __future__ import annotations

from datetime import date

from django.urls import reverse

from nastavnik.programmes.models import MentorshipForm, Programme, Roadmap
from nastavnik.programmes.tests.factory import make_programme
from nastavnik.test import BaseTestCase


class ProgrammeEditTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.programme = make_programme(
            cls.school_a, order_number="12-о", order_date=date(2026, 8, 28)
        )
        cls.form = MentorshipForm.objects.get(slug="pupil_pupil")

    def setUp(self) -> None:
        self.url = reverse("programmes-programme-edit", args=[self.programme.code])

    def post(self, **fields):
        data = {
            "title": "Программа наставничества",
            "forms": [str(self.form.code)],
            "curator": str(self.bob.code),
            "order_number": "12-о",
            "order_date": "28.08.2026",
            "silent_weeks": "3",
            "status": "running",
            **fields,
        }
        return self.client.post(self.url, data)

    def test_it_shows_the_form(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, 'value="12-о"')
        self.assertContains(r, 'value="28.08.2026"')
        self.assertContains(r, "реализуется")
        self.assertNotContains(r, 'name="template"')

    def test_it_works(self) -> None:
        self.client.force_login(self.alice)
        r = self.post()
        self.assertRedirects(
            r, reverse("programmes-programme-list", args=[self.school_a.code])
        )
        self.programme.refresh_from_db()
        self.assertEqual(self.programme.status, "running")
        self.assertEqual(self.programme.curator, self.bob)
        self.assertEqual(list(self.programme.forms.all()), [self.form])

    def test_a_new_order_goes_to_the_roadmap_that_showed_the_old_one(self) -> None:
        self.client.force_login(self.alice)
        self.post(order_number="15-о", order_date="01.09.2026")
        roadmap = Roadmap.objects.get(programme=self.programme)
        self.assertEqual(roadmap.approval_order_number, "15-о")
        self.assertEqual(roadmap.approval_order_date, date(2026, 9, 1))

    def test_a_roadmap_approved_by_another_order_keeps_it(self) -> None:
        Roadmap.objects.filter(programme=self.programme).update(
            approval_order_number="3-р", approval_order_date=date(2026, 8, 30)
        )
        self.client.force_login(self.alice)
        self.post(order_number="15-о", order_date="01.09.2026")
        roadmap = Roadmap.objects.get(programme=self.programme)
        self.assertEqual(roadmap.approval_order_number, "3-р")
        self.assertEqual(roadmap.approval_order_date, date(2026, 8, 30))

    def test_it_checks_the_order_date(self) -> None:
        self.client.force_login(self.alice)
        r = self.post(order_date="2026-13-45")
        self.assertContains(r, "Напишите дату в виде дд.мм.гггг")

    def test_the_curator_sets_how_long_a_pair_may_stay_without_meetings(self) -> None:
        self.client.force_login(self.alice)
        self.post(silent_weeks="4")
        self.programme.refresh_from_db()
        self.assertEqual(self.programme.silent_weeks, 4)
        r = self.post(silent_weeks="0")
        self.assertContains(r, "больше либо равно 1")
        r = self.post(silent_weeks="27")
        self.assertContains(r, "меньше либо равно 26")
        self.programme.refresh_from_db()
        self.assertEqual(self.programme.silent_weeks, 4)

    def test_it_refuses_the_title_of_another_programme_of_the_year(self) -> None:
        make_programme(self.school_a, title="Вторая программа")
        self.client.force_login(self.alice)
        r = self.post(title="Вторая программа")
        self.assertContains(r, "уже есть программа с таким названием")

    def test_it_rejects_a_forged_status(self) -> None:
        self.client.force_login(self.alice)
        self.assertEqual(self.post(status="archived").status_code, 400)

    def test_readers_cannot_edit(self) -> None:
        for user in (self.mila, self.rita, self.charlie):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 404)
                self.assertEqual(self.post().status_code, 404)
        self.assertEqual(Programme.objects.get(pk=self.programme.pk).status, "draft")

    def test_mentors_cannot_edit(self) -> None:
        self.demote_bob()
        self.client.force_login(self.bob)
        self.assertEqual(self.post().status_code, 404)
