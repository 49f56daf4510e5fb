from __future__ import annotations

import io
from datetime import date

import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from nastavnik.accounts.models import AuditEvent, Membership, Role
from nastavnik.people.models import SensitiveInfo
from nastavnik.people.tests.factory import give_consent, make_guardian, make_pupil
from nastavnik.test import BaseTestCase, make_user


@time_machine.travel(date(2026, 12, 6), tick=False)
class PersonExportTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.pupil = make_pupil(
            self.school_a, "Зайцева", first_name="Анна", snils="123-456-789 64"
        )
        self.mother = make_guardian(self.pupil, "Зайцева", first_name="Вера")
        self.consent = give_consent(self.pupil, signer=self.mother)
        SensitiveInfo.objects.create(person=self.pupil, on_register=True)
        self.url = reverse("people-person-export", args=[self.pupil.code])

    def _workbook(self, response):
        return load_workbook(io.BytesIO(response.content))

    def _text(self, ws) -> str:
        return " ".join(
            str(value) for row in ws.iter_rows(values_only=True) for value in row
        )

    def test_the_curator_downloads_everything_held_about_the_person(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 200)
        self.assertIn("attachment", r["Content-Disposition"])
        wb = self._workbook(r)
        self.assertEqual(wb.sheetnames[0], "Карточка")
        self.assertIn("Согласия", wb.sheetnames)
        self.assertIn("Журнал действий", wb.sheetnames)
        card = self._text(wb["Карточка"])
        # it is the subject's own data: SNILS and the special categories too
        self.assertIn("123-456-789 64", card)
        self.assertIn("Состоит на профилактическом учёте", card)
        self.assertIn("Зайцева Вера", self._text(wb["Родители и дети"]))
        self.assertIn("Подписано", self._text(wb["Согласия"]))

    def test_it_lists_who_read_the_card_and_is_audited_itself(self) -> None:
        self.client.force_login(self.bob)
        self.client.get(reverse("people-person-detail", args=[self.pupil.code]))
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        log = self._text(self._workbook(r)["Журнал действий"])
        self.assertIn("Борисов Борис", log)
        self.assertIn("просмотр", log.lower())
        event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
        self.assertEqual((event.user, event.object_code), (self.alice, self.pupil.code))

    def test_the_head_may_not(self) -> None:
        head = make_user("head")
        Membership.objects.create(user=head, role=Role.HEAD, organisation=self.school_a)
        self.client.force_login(head)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_a_mentor_may_not(self) -> None:
        self.demote_bob()
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_the_municipal_coordinator_may_not(self) -> None:
        self.client.force_login(self.mila)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_checks_ownership(self) -> None:
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertFalse(AuditEvent.objects.filter(action="export").exists())
