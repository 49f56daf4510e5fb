from __future__ import annotations

from django.urls import reverse

from nastavnik.accounts.models import Membership, Role
from nastavnik.people.tests.factory import make_pupil
from nastavnik.test import BaseTestCase, make_user


class AuditListTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.pupil = make_pupil(self.school_a, "Зайцев")
        self.url = reverse("people-audit-list", args=[self.school_a.code])
        self.client.force_login(self.bob)
        self.client.get(reverse("people-person-detail", args=[self.pupil.code]))

    def test_the_curator_sees_who_read_which_card(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "Борисов Б.")
        self.assertContains(r, "Зайцев И.")
        self.assertContains(r, "Просмотр")

    def test_the_head_reads_it_too(self) -> None:
        head = make_user("head")
        Membership.objects.create(user=head, role=Role.HEAD, organisation=self.school_a)
        self.client.force_login(head)
        self.assertContains(self.client.get(self.url), "Зайцев И.")

    def test_it_filters_by_action(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url, {"action": "export"})
        self.assertNotContains(r, "Зайцев И.")

    def test_it_checks_ownership(self) -> None:
        for user in (self.charlie, self.mila):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 404)
