from __future__ import annotations

import time_machine
from django.urls import reverse

from nastavnik.people.models import Person
from nastavnik.people.tests.class_cast import NOW, ClassCastTestCase
from nastavnik.people.tests.factory import give_consent, make_pupil


@time_machine.travel(NOW, tick=False)
class ClassListTestCase(ClassCastTestCase):
    def setUp(self) -> None:
        self.url = reverse("people-class-list", args=[self.school_a.code])
        self.client.force_login(self.alice)

    def test_each_class_shows_its_consents(self) -> None:
        r = self.client.get(self.url)
        self.assertContains(r, "согласия: 1 из 4")
        self.assertContains(r, "согласия: 0 из 1")
        page = r.content.decode()
        self.assertLess(page.index(">5А<"), page.index(">7Б<"))
        self.assertContains(
            r,
            reverse("people-class-consents", args=[self.school_a.code])
            + "?class_name=7%D0%91",
        )

    def test_the_counts_are_one_grouped_query(self) -> None:
        people = Person.objects.for_organisation(self.school_a).present()
        with self.assertNumQueries(1):
            rows = people.consent_counts_by_class()
        self.assertEqual(
            rows,
            [
                {"class_name": "5А", "total": 1, "consented": 0, "missing": 1},
                {"class_name": "7Б", "total": 4, "consented": 1, "missing": 3},
            ],
        )

    def test_more_classes_take_no_more_queries(self) -> None:
        with self.assertNumQueries(4) as before:
            self.client.get(self.url)
        for name in ("10А", "11Б", "1В", "2Г"):
            give_consent(make_pupil(self.school_a, "Новиков", class_name=name))
        with self.assertNumQueries(len(before.captured_queries)):
            r = self.client.get(self.url)
        page = r.content.decode()
        self.assertLess(page.index(">1В<"), page.index(">2Г<"), page.index(">10А<"))

    def test_an_anonymised_pupil_is_not_counted(self) -> None:
        self.volkov.last_name = "Обезличено"
        self.volkov.anonymised_at = self.volkov.created
        self.volkov.save()
        self.assertContains(self.client.get(self.url), "согласия: 1 из 3")

    def test_the_list_filtered_by_class_shows_its_consents(self) -> None:
        url = reverse("people-person-list", args=[self.school_a.code])
        r = self.client.get(f"{url}?class_name=7б")
        self.assertContains(r, "7Б класс")
        self.assertContains(r, "согласия: 1 из 4")

    def test_the_teammate_sees_the_classes(self) -> None:
        self.client.force_login(self.bob)
        self.assertContains(self.client.get(self.url), "согласия: 1 из 4")

    def test_an_outsider_gets_404(self) -> None:
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 404)
