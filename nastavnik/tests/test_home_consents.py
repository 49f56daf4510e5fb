from __future__ import annotations

import time_machine
from django.urls import reverse

from nastavnik.people.tests.class_cast import NOW, ClassCastTestCase
from nastavnik.people.tests.factory import give_consent, make_pupil

URL = reverse("home")


@time_machine.travel(NOW, tick=False)
class HomeConsentsTestCase(ClassCastTestCase):
    def test_the_curator_sees_the_classes_with_missing_consents(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(URL)
        self.assertContains(r, "Классы, где не хватает согласий")
        self.assertContains(r, "согласия: 1 из 4")
        self.assertContains(r, "согласия: 0 из 1")
        self.assertContains(
            r,
            reverse("people-class-consents", args=[self.school_a.code])
            + "?class_name=7%D0%91",
        )

    def test_a_class_with_every_consent_is_not_listed(self) -> None:
        give_consent(make_pupil(self.school_a, "Дьяков", class_name="9А"))
        self.client.force_login(self.alice)
        r = self.client.get(URL)
        self.assertNotContains(r, "?class_name=9%D0%90")

    def test_nothing_is_shown_when_every_pupil_has_consented(self) -> None:
        self.client.force_login(self.charlie)
        give_consent(self.other)
        r = self.client.get(URL)
        self.assertNotContains(r, "Классы, где не хватает согласий")

    def test_the_home_shows_no_other_schools_classes(self) -> None:
        self.client.force_login(self.charlie)
        r = self.client.get(URL)
        self.assertContains(r, "согласия: 0 из 1")
        self.assertNotContains(r, "согласия: 1 из 4")
