from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nastavnik.people.models import MentorProfile, Topic
from nastavnik.people.tests.factory import give_consent, make_person
from nastavnik.test import BaseTestCase


class MentorListTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for name, status, trained, forms in [
            ("Соколов", "approved", True, ["teacher_pupil"]),
            ("Орлов", "paused", True, ["teacher_teacher"]),
            ("Ушёл", "left", False, []),
            ("Новиков", "candidate", False, ["teacher_pupil"]),
        ]:
            person = make_person(cls.school_a, name)
            give_consent(person)
            profile = MentorProfile.objects.create(
                person=person,
                source="teacher",
                status=status,
                training_done=trained,
                forms_ready=forms,
            )
            if name == "Соколов":
                profile.topics.add(Topic.objects.get(code="olympiads"))

    def setUp(self) -> None:
        self.url = reverse("people-mentor-list", args=[self.school_a.code])

    def _names(self, response) -> list[str]:
        return [p.last_name for p in response.context["page"]]

    def test_it_lists_the_base_without_those_who_left(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertEqual(self._names(r), ["Новиков", "Орлов", "Соколов"])
        self.assertContains(r, "Олимпиады и конкурсы")

    def test_it_filters(self) -> None:
        self.client.force_login(self.alice)
        cases = [
            ({"status": "paused"}, ["Орлов"]),
            ({"training": "not_done"}, ["Новиков"]),
            ({"form": "teacher_pupil"}, ["Новиков", "Соколов"]),
            ({"topic": "olympiads"}, ["Соколов"]),
        ]
        for params, names in cases:
            with self.subTest(params=params):
                self.assertEqual(self._names(self.client.get(self.url, params)), names)

    def test_it_works_for_the_teammate(self) -> None:
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_it_checks_ownership(self) -> None:
        for user in (self.charlie, self.mila):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 404)

    def _add_mentors(self, n: int) -> None:
        topics = [Topic.objects.get(code="olympiads"), Topic.objects.last()]
        for i in range(n):
            person = make_person(self.school_a, f"Наставник{i:03}", class_name="")
            give_consent(person)
            profile = MentorProfile.objects.create(person=person, source="teacher")
            profile.topics.set(topics)

    def test_its_queries_do_not_grow_with_the_base(self) -> None:
        self.client.force_login(self.alice)
        self.client.get(self.url)
        with CaptureQueriesContext(connection) as few:
            self.client.get(self.url, {"topic": "olympiads"})
        self._add_mentors(60)
        with self.assertNumQueries(len(few)):
            r = self.client.get(self.url, {"topic": "olympiads"})
        self.assertEqual(len(r.context["page"]), 50)

    def test_it_shows_fifty_rows_a_page(self) -> None:
        self._add_mentors(60)
        self.client.force_login(self.alice)
        first = self.client.get(self.url)
        self.assertEqual(len(first.context["page"]), 50)
        self.assertEqual(first.context["total"], 63)
        last = self.client.get(self.url, {"page": 2})
        self.assertEqual(len(last.context["page"]), 13)

    def test_it_searches_by_name(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url, {"q": "соколов"})
        self.assertEqual(self._names(r), ["Соколов"])

    def test_it_shows_a_status_changed_between_two_visits(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url, {"status": "approved"})
        self.assertEqual(self._names(r), ["Соколов"])
        MentorProfile.objects.filter(person__last_name="Новиков").update(
            status="approved"
        )
        r = self.client.get(self.url, {"status": "approved"})
        self.assertEqual(self._names(r), ["Новиков", "Соколов"])
        self.assertContains(r, "Новиков")
