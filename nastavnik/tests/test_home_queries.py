"""The home pages cost as many queries for a big organisation, municipality
or region as for a small one: every figure is counted in SQL, none per row."""

from __future__ import annotations

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nastavnik.orgs.models import Organisation
from nastavnik.people.models import MenteeProfile, MentorProfile
from nastavnik.people.tests.factory import (
    give_consent,
    make_guardian,
    make_person,
    make_pupil,
)
from nastavnik.programmes import services
from nastavnik.programmes.models import Item, Stage
from nastavnik.programmes.tests.roadmaps import make_roadmap
from nastavnik.test import BaseTestCase

URL = reverse("home")


def grow(organisation: Organisation, n: int) -> None:
    """``n`` more of everything a home page counts: classes with and without
    consents, teachers who mentor, pupils in the mentee base, roadmap items
    (in the organisation's one programme of the year)."""
    for i in range(n):
        pupil = make_pupil(organisation, f"Зайцев{i}", class_name=f"{5 + i % 6}А{i}")
        give_consent(pupil, make_guardian(pupil))
        MenteeProfile.objects.create(
            person=make_pupil(organisation, f"Орлов{i}", class_name=f"9Б{i}"),
            category=MenteeProfile.Category.OTHER,
        )
        MentorProfile.objects.create(
            person=make_person(organisation, f"Соколов{i}"),
            source=MentorProfile.Source.TEACHER,
            status=MentorProfile.Status.APPROVED,
        )
    items = [("15.10.2026", "done"), ("20.10.2026", "planned")] * n
    stage = Stage.objects.filter(roadmap__programme__organisation=organisation).first()
    if stage is None:
        make_roadmap(organisation, items)
        return
    for position, (deadline, status) in enumerate(items, start=stage.items.count() + 1):
        item = Item(
            stage=stage,
            position=position,
            activity=f"Мероприятие {position}",
            deadline_text=deadline,
            status=status,
        )
        services.item_save(item, since=stage.roadmap.period_start)


@time_machine.travel("2026-11-23 10:00+03:00", tick=False)
class HomeQueriesTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        grow(cls.school_a, 1)
        grow(cls.school_a2, 1)

    def queries(self, user, url: str = URL) -> int:
        self.client.force_login(user)
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(captured)

    def more_schools(self, n: int) -> None:
        for i in range(n):
            school = Organisation.objects.create(
                municipality=self.municipality_a,
                type=Organisation.Type.SCHOOL,
                name=f"Муниципальное общеобразовательное учреждение СОШ № {10 + i}",
                short_name=f"СОШ № {10 + i}",
                inn=f"43300001{i:02d}",
            )
            grow(school, 3)

    def test_the_curator_home_costs_the_same_however_big_the_school(self) -> None:
        small = self.queries(self.alice)
        grow(self.school_a, 5)
        self.assertEqual(self.queries(self.alice), small)

    def test_the_curator_home_costs_the_same_however_many_programmes(self) -> None:
        small = self.queries(self.alice)
        for n in range(3):
            make_roadmap(
                self.school_a,
                [("15.10.2026", "done"), ("20.10.2026", "planned")],
                title=f"Программа {n}",
            )
        self.assertEqual(self.queries(self.alice), small)

    def test_the_municipal_home_costs_the_same_however_many_schools(self) -> None:
        small = self.queries(self.mila)
        self.more_schools(3)
        grow(self.school_a, 3)
        self.assertEqual(self.queries(self.mila), small)

    def test_the_region_home_costs_the_same_however_many_schools(self) -> None:
        small = self.queries(self.rita)
        self.more_schools(3)
        self.assertEqual(self.queries(self.rita), small)

    def test_the_municipality_page_costs_the_same_however_many_schools(
        self,
    ) -> None:
        url = reverse("home-municipality", args=[self.municipality_a.code])
        small = self.queries(self.rita, url)
        self.more_schools(3)
        self.assertEqual(self.queries(self.rita, url), small)
