from __future__ import annotations

import time_machine
from django.urls import reverse

from nastavnik.people import services
from nastavnik.people.tests.class_cast import NOW, ClassCastTestCase


@time_machine.travel(NOW, tick=False)
class ClassConsentsTestCase(ClassCastTestCase):
    def setUp(self) -> None:
        url = reverse("people-class-consents", args=[self.school_a.code])
        self.url = f"{url}?class_name=7Б"
        self.client.force_login(self.alice)

    def test_it_shows_each_pupil_with_the_guardians_and_the_consent(self) -> None:
        services.consents_request(people=[self.abramov], user=self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "Согласия 7Б класса")
        self.assertContains(r, "согласия: 1 из 4")
        self.assertContains(r, "1 ожидает подписи")
        self.assertContains(r, "abramova@example.org")
        self.assertContains(r, "ожидает подписи с 05.10.2026")
        self.assertContains(r, "нет законного представителя")
        self.assertContains(r, reverse("people-guardian-add", args=[self.volkov.code]))
        self.assertContains(r, "согласие есть")
        self.assertContains(r, "не запрашивалось")
        self.assertNotContains(r, "Яковлев")
        page = r.content.decode()
        self.assertLess(page.index("Абрамов Артём"), page.index("Борисова Вера"))
        self.assertLess(page.index("Борисова Вера"), page.index("Волков Денис"))

    def test_a_class_name_is_read_as_a_teacher_writes_it(self) -> None:
        r = self.client.get(self.url.replace("7Б", "7 б"))
        self.assertContains(r, "согласия: 1 из 4")

    def test_an_unknown_class_is_404(self) -> None:
        self.assertEqual(self.client.get(self.url + "Я").status_code, 404)

    def test_without_a_class_it_goes_to_the_classes(self) -> None:
        r = self.client.get(self.url.split("?")[0])
        self.assertRedirects(r, reverse("people-class-list", args=[self.school_a.code]))

    def test_the_teammate_sees_the_class(self) -> None:
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_an_outsider_gets_404(self) -> None:
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_an_outsider_sees_only_their_own_class(self) -> None:
        self.client.force_login(self.charlie)
        url = reverse("people-class-consents", args=[self.school_c.code])
        r = self.client.get(f"{url}?class_name=7Б")
        self.assertContains(r, "Чужой Илья")
        self.assertNotContains(r, "Абрамов")
