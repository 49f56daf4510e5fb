"""The head counts of the home pages: a college's students are its learners
(«Обучающиеся»), on the municipal page, the regional page and its own."""

from __future__ import annotations

from django.urls import reverse

from nastavnik.accounts.models import Membership, Role
from nastavnik.orgs.models import Organisation
from nastavnik.people.models import MenteeProfile, Person
from nastavnik.test import BaseTestCase, make_user

URL = reverse("home")


class CollegeHeadcountsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.college = Organisation.objects.create(
            municipality=cls.municipality_a,
            type=Organisation.Type.COLLEGE,
            name="КОГПОБУ «Унинский аграрный техникум»",
            short_name="Аграрный техникум",
            inn="4330000039",
        )
        for n in range(4):
            student = Person.objects.create(
                organisation=cls.college,
                category=Person.Category.STUDENT,
                last_name=f"Студентов{n}",
                first_name="Иван",
                class_name="ТМ-25",
            )
            if n < 3:
                MenteeProfile.objects.create(
                    person=student, category=MenteeProfile.Category.OTHER
                )

    def test_the_municipal_page_counts_the_colleges_students(self) -> None:
        self.client.force_login(self.mila)
        r = self.client.get(URL)
        rows = {o.short_name: o for o in r.context["organisations"]}
        self.assertEqual(rows["Аграрный техникум"].num_pupils, 4)
        self.assertEqual(rows["Аграрный техникум"].num_mentees, 3)
        self.assertEqual(r.context["totals"]["num_pupils"], 4)

    def test_the_regional_page_counts_them_too(self) -> None:
        self.client.force_login(self.rita)
        r = self.client.get(URL)
        self.assertEqual(r.context["totals"]["num_pupils"], 4)
        self.assertEqual(r.context["totals"]["num_mentees"], 3)

    def test_the_colleges_own_page_shows_the_same_figures(self) -> None:
        curator = make_user("curator")
        Membership.objects.create(
            user=curator, role=Role.CURATOR, organisation=self.college
        )
        self.client.force_login(curator)
        r = self.client.get(URL)
        self.assertEqual(r.context["num_pupils"], 4)
        self.assertEqual(r.context["num_mentees"], 3)
