from __future__ import annotations

import io
from datetime import UTC, date, datetime

import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from nastavnik.accounts.models import AuditEvent
from nastavnik.lib.tests.checks import assert_file_name, assert_prints_on_a4, sheets
from nastavnik.people.models import Person
from nastavnik.test import BaseTestCase


class ExportTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse("people-export", args=[self.school_a.code])
        Person.objects.create(
            organisation=self.school_a,
            last_name="Иванов",
            first_name="Иван",
            birth_date=date(2012, 3, 12),
            category=Person.Category.PUPIL,
            class_name="7Б",
        )
        Person.objects.create(
            organisation=self.school_a,
            last_name="Петрова",
            first_name="Мария",
            category=Person.Category.TEACHER,
        )

    def rows(self, response) -> list[tuple]:
        wb = load_workbook(io.BytesIO(response.content))
        return list(wb.worksheets[0].iter_rows(min_row=2, values_only=True))

    @time_machine.travel(datetime(2026, 12, 5, 9, tzinfo=UTC), tick=False)
    def test_it_works(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(
            r["Content-Type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        assert_file_name(self, r, "База людей — СОШ № 1 — 05.12.2026.xlsx")
        self.assertEqual([row[0] for row in self.rows(r)], ["Иванов", "Петрова"])
        event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
        self.assertEqual((event.user, event.organisation), (self.alice, self.school_a))

    @time_machine.travel(datetime(2026, 12, 5, 9, tzinfo=UTC), tick=False)
    def test_it_filters_by_category(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url, {"category": "teacher"})
        self.assertEqual([row[0] for row in self.rows(r)], ["Петрова"])
        assert_file_name(self, r, "База педагогов — СОШ № 1 — 05.12.2026.xlsx")

    def test_it_prints_on_a4_with_the_header_on_every_page(self) -> None:
        self.client.force_login(self.alice)
        ws = sheets(self.client.get(self.url))[0]
        assert_prints_on_a4(self, ws, title_rows="1:1")
        self.assertEqual(ws.page_setup.orientation, "landscape")

    def test_it_refuses_a_tampered_category(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url, {"category": "wizard"})
        self.assertEqual(r.status_code, 400)
        self.assertFalse(AuditEvent.objects.exists())

    def test_it_works_for_the_teammate(self) -> None:
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_it_requires_rw_access(self) -> None:
        self.demote_bob()
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_checks_ownership(self) -> None:
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_the_municipal_coordinator_cannot_export_people(self) -> None:
        self.client.force_login(self.mila)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.client.force_login(self.rita)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertFalse(AuditEvent.objects.exists())
