from __future__ import annotations

from datetime import date

import time_machine
from django.urls import reverse

from nastavnik.accounts.models import AuditEvent
from nastavnik.people.models import Person
from nastavnik.people.tests.factory import give_consent, make_pupil
from nastavnik.test import BaseTestCase


@time_machine.travel(date(2026, 12, 6), tick=False)
class PersonAnonymiseViewTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.pupil = make_pupil(self.school_a, "Зайцева", first_name="Анна")
        give_consent(self.pupil)
        self.url = reverse("people-person-anonymise", args=[self.pupil.code])

    def _anonymised(self) -> bool:
        return Person.objects.get(pk=self.pupil.pk).is_anonymised

    def test_it_says_what_happens_and_that_it_cannot_be_undone(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "Это нельзя отменить")
        self.assertContains(r, "человек попросил удалить свои данные")
        self.assertFalse(self._anonymised())

    def test_the_curator_anonymises_the_person_on_their_request(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(self.url, {"reason": "request"})
        self.assertRedirects(r, reverse("people-person-detail", args=[self.pupil.code]))
        self.assertTrue(self._anonymised())
        event = AuditEvent.objects.get(action=AuditEvent.Action.ANONYMISE)
        self.assertEqual(event.user, self.alice)

    def test_it_asks_why(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(self.url, {})
        self.assertEqual(r.status_code, 200)
        self.assertFalse(self._anonymised())

    def test_it_refuses_a_forged_reason(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(self.url, {"reason": "retention"})
        self.assertEqual(r.status_code, 400)
        self.assertFalse(self._anonymised())

    def test_a_person_anonymised_already_is_left_alone(self) -> None:
        self.client.force_login(self.alice)
        self.client.post(self.url, {"reason": "request"})
        r = self.client.post(self.url, {"reason": "request"}, follow=True)
        self.assertContains(r, "уже обезличены")
        self.assertEqual(AuditEvent.objects.filter(action="anonymise").count(), 1)

    def test_a_mentor_may_not(self) -> None:
        self.demote_bob()
        self.client.force_login(self.bob)
        r = self.client.post(self.url, {"reason": "request"})
        self.assertEqual(r.status_code, 404)
        self.assertFalse(self._anonymised())

    def test_the_municipal_coordinator_may_not(self) -> None:
        self.client.force_login(self.mila)
        r = self.client.post(self.url, {"reason": "request"})
        self.assertEqual(r.status_code, 404)
        self.assertFalse(self._anonymised())

    def test_it_checks_ownership(self) -> None:
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        r = self.client.post(self.url, {"reason": "request"})
        self.assertEqual(r.status_code, 404)
        self.assertFalse(self._anonymised())
