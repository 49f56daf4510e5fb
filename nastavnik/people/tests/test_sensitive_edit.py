from __future__ import annotations

from django.urls import reverse

from nastavnik.accounts.models import Membership, Role
from nastavnik.people.models import SensitiveInfo
from nastavnik.people.tests.factory import make_pupil
from nastavnik.test import BaseTestCase, make_user


class SensitiveEditTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.pupil = make_pupil(self.school_a, "Зайцев")
        self.url = reverse("people-sensitive-edit", args=[self.pupil.code])

    def test_the_curator_records_special_categories(self) -> None:
        self.client.force_login(self.alice)
        self.client.post(self.url, {"on_register": "on", "note": "ПДН с 2025"})
        info = SensitiveInfo.objects.get(person=self.pupil)
        self.assertTrue(info.on_register)
        self.assertFalse(info.disability)

    def test_the_head_may_not(self) -> None:
        head = make_user("head")
        Membership.objects.create(user=head, role=Role.HEAD, organisation=self.school_a)
        self.client.force_login(head)
        r = self.client.post(self.url, {"on_register": "on"})
        self.assertEqual(r.status_code, 404)
        self.assertFalse(SensitiveInfo.objects.exists())

    def test_it_checks_ownership(self) -> None:
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 404)
