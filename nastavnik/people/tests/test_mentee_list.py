from __future__ import annotations

from django.urls import reverse

from nastavnik.people.models import MenteeProfile
from nastavnik.people.tests.factory import give_consent, make_pupil
from nastavnik.test import BaseTestCase


class MenteeListTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for name, status in [("Зайцев", "waiting"), ("Орлова", "candidate")]:
            pupil = make_pupil(cls.school_a, name)
            give_consent(pupil)
            MenteeProfile.objects.create(
                person=pupil,
                category="low_results",
                status=status,
                request="Трудно даётся математика",
            )
        make_pupil(cls.school_a, "Вне базы")

    def setUp(self) -> None:
        self.url = reverse("people-mentee-list", args=[self.school_a.code])

    def test_it_lists_the_mentee_base(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertEqual([p.last_name for p in r.context["page"]], ["Зайцев", "Орлова"])
        self.assertContains(r, "Трудно даётся математика")

    def test_it_filters_by_status(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url, {"status": "waiting"})
        self.assertEqual([p.last_name for p in r.context["page"]], ["Зайцев"])

    def test_it_works_for_the_teammate(self) -> None:
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_it_checks_ownership(self) -> None:
        for user in (self.charlie, self.mila):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 404)
