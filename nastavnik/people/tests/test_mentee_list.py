from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nastavnik.people.models import MenteeProfile, Topic
from nastavnik.people.tests.factory import give_consent, make_guardian, make_pupil
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

    def _add_mentees(self, n: int, class_name: str = "8А", start: int = 0) -> None:
        topics = list(Topic.objects.all()[:2])
        for i in range(start, start + n):
            pupil = make_pupil(self.school_a, f"Ученик{i:03}", class_name=class_name)
            give_consent(pupil, signer=make_guardian(pupil))
            profile = MenteeProfile.objects.create(person=pupil, category="gifted")
            profile.topics.set(topics)

    def test_its_queries_do_not_grow_with_the_base(self) -> None:
        self._add_mentees(2)
        self.client.force_login(self.alice)
        self.client.get(self.url)
        with CaptureQueriesContext(connection) as few:
            self.client.get(self.url, {"class_name": "8А"})
        self._add_mentees(60, start=2)
        with self.assertNumQueries(len(few)):
            r = self.client.get(self.url, {"class_name": "8А"})
        self.assertEqual(len(r.context["page"]), 50)

    def test_it_shows_fifty_rows_a_page(self) -> None:
        self._add_mentees(55)
        self.client.force_login(self.alice)
        first = self.client.get(self.url)
        self.assertEqual(len(first.context["page"]), 50)
        self.assertEqual(first.context["total"], 57)
        self.assertEqual(len(self.client.get(self.url, {"page": 2}).context["page"]), 7)

    def test_it_filters_by_class_and_searches(self) -> None:
        self._add_mentees(3, class_name="9В")
        self.client.force_login(self.alice)
        r = self.client.get(self.url, {"class_name": "9 в"})
        self.assertEqual(len(r.context["page"]), 3)
        r = self.client.get(self.url, {"class_name": "7Б", "q": "зайц"})
        self.assertEqual([p.last_name for p in r.context["page"]], ["Зайцев"])

    def test_it_shows_a_request_changed_between_two_visits(self) -> None:
        self.client.force_login(self.alice)
        self.assertContains(self.client.get(self.url), "Трудно даётся математика")
        MenteeProfile.objects.filter(person__last_name="Зайцев").update(
            request="Хочет готовиться к олимпиаде"
        )
        self.assertContains(self.client.get(self.url), "Хочет готовиться к олимпиаде")
