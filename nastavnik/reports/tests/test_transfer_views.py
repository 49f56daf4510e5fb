"""The pages of sending a report from a school's own server: the school
enters its key and exports a report; the coordinator issues the keys and
uploads the files. Nobody else reaches them."""

from __future__ import annotations

import json
from io import BytesIO

import time_machine
from django.urls import reverse

from nastavnik.accounts.models import Membership, Role
from nastavnik.reports import services
from nastavnik.reports.models import Report, ReportEvent, TransferKey
from nastavnik.reports.tests.factory import make_report
from nastavnik.test import BaseTestCase, make_user

KEY = "Abc-_" + "x" * 38


def upload(content: bytes, name: str = "отчёт.nastavnik-report.json") -> BytesIO:
    file = BytesIO(content)
    file.name = name
    return file


@time_machine.travel("2026-11-23 10:00+03:00", tick=False)
class SchoolSideTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.report = make_report(self.school_a, user=self.alice)
        self.key_url = reverse("reports-organisation-key", args=[self.school_a.code])
        self.export_url = reverse("reports-report-export", args=[self.report.code])
        self.client.force_login(self.alice)

    def test_the_curator_enters_the_key_and_exports_a_signed_file(self) -> None:
        page = self.client.get(self.key_url)
        self.assertContains(page, "Ключ ещё не введён")
        r = self.client.post(self.key_url, {"key": f"  {KEY} "}, follow=True)
        self.assertContains(r, "Ключ сохранён")
        self.assertNotContains(r, KEY)
        self.assertEqual(TransferKey.objects.get().secret, KEY)
        page = self.client.get(
            reverse("reports-report-detail", args=[self.report.code])
        )
        self.assertContains(page, "Выгрузить для отправки в МНЦ")
        r = self.client.get(self.export_url)
        self.assertEqual(r.status_code, 200)
        self.assertIn(".nastavnik-report.json", r["Content-Disposition"])
        doc = json.loads(r.content)
        self.assertEqual(doc["organisation"]["inn"], "4330000013")
        self.assertEqual(doc["report"]["period_start"], "2026-10-01")
        self.assertEqual(doc["report"]["curator"], "Алексеева Алиса")
        self.assertEqual(len(doc["signature"]), 64)
        self.assertEqual(
            self.report.events_log.last().action, ReportEvent.Action.EXPORTED
        )

    def test_a_wrong_key_is_shown_again_with_its_error(self) -> None:
        for key in ("", "short", KEY + "x", "ключ" * 11):
            with self.subTest(key=key):
                r = self.client.post(self.key_url, {"key": key})
                self.assertEqual(r.status_code, 200)
                self.assertContains(r, "field--error")
        self.assertFalse(TransferKey.objects.exists())

    def test_without_a_key_the_export_sends_the_curator_to_the_key_page(self) -> None:
        r = self.client.get(self.export_url, follow=True)
        self.assertRedirects(r, self.key_url)
        self.assertContains(r, "Сначала введите ключ передачи отчётов")

    def test_the_curator_removes_the_key(self) -> None:
        self.client.post(self.key_url, {"key": KEY})
        r = self.client.post(
            reverse("reports-organisation-key-remove", args=[self.school_a.code]),
            follow=True,
        )
        self.assertContains(r, "Ключ удалён")
        self.assertFalse(TransferKey.objects.exists())

    def test_a_key_the_centre_issued_on_this_server_stays_the_centres(self) -> None:
        # this is the municipal server: the coordinator issued the school's key
        _key, secret = services.transfer_key_issue(
            organisation=self.school_a, user=self.mila
        )
        page = self.client.get(self.key_url)
        self.assertContains(page, "МНЦ выдал ключ школы на этом сервере")
        self.assertNotContains(page, "Заменить ключ")
        r = self.client.post(self.key_url, {"key": KEY}, follow=True)
        self.assertContains(r, "только его координатор")
        r = self.client.post(
            reverse("reports-organisation-key-remove", args=[self.school_a.code]),
            follow=True,
        )
        self.assertContains(r, "только его координатор")
        self.assertEqual(TransferKey.objects.get().secret, secret)

    def test_the_coordinator_and_other_schools_get_404(self) -> None:
        services.report_submit(report=self.report, user=self.alice, today=None)
        for user in (self.mila, self.charlie, self.rita):
            self.client.force_login(user)
            for url in (self.key_url, self.export_url):
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(self.client.get(url).status_code, 404)
            r = self.client.post(self.key_url, {"key": KEY})
            self.assertEqual(r.status_code, 404)
        self.assertFalse(TransferKey.objects.exists())


@time_machine.travel("2026-11-23 10:00+03:00", tick=False)
class MunicipalSideTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.keys_url = reverse(
            "reports-municipality-keys", args=[self.municipality_a.code]
        )
        self.import_url = reverse(
            "reports-municipality-import", args=[self.municipality_a.code]
        )
        self.issue_url = reverse("reports-key-issue", args=[self.school_a.code])
        self.client.force_login(self.mila)

    def a_file_from_school_a(self) -> bytes:
        """Exported on the school's server with the key issued to it, the
        report then known to the municipal server only through the file."""
        report = make_report(self.school_a, user=self.alice)
        content = services.report_export(
            report=report, user=self.alice, now=report.created
        )
        report.delete()
        return content

    def test_the_coordinator_issues_a_key_shown_once(self) -> None:
        page = self.client.get(self.keys_url)
        self.assertContains(page, "СОШ № 2")
        self.assertContains(page, "Выдать ключ")
        self.assertNotContains(page, "СОШ № 3")  # another municipality
        r = self.client.post(self.issue_url)
        secret = TransferKey.objects.get().secret
        self.assertContains(r, secret)
        self.assertContains(r, "Ключ показывается только сейчас")
        self.assertIn("no-store", r["Cache-Control"])
        page = self.client.get(self.keys_url)
        self.assertNotContains(page, secret)
        self.assertContains(page, "выдан 23.11.2026")
        self.client.post(self.issue_url)
        self.assertNotEqual(TransferKey.objects.get().secret, secret)
        r = self.client.post(
            reverse("reports-key-revoke", args=[self.school_a.code]), follow=True
        )
        self.assertContains(r, "отозван")
        self.assertFalse(TransferKey.objects.exists())

    def test_the_coordinator_uploads_a_file_and_it_becomes_the_submission(self):
        services.transfer_key_issue(organisation=self.school_a, user=self.mila)
        content = self.a_file_from_school_a()
        page = self.client.get(
            reverse("reports-municipality-list", args=[self.municipality_a.code])
        )
        self.assertContains(page, "Загрузить файл отчёта")
        r = self.client.post(self.import_url, {"file": upload(content)}, follow=True)
        report = Report.objects.get()
        self.assertRedirects(r, reverse("reports-report-detail", args=[report.code]))
        self.assertContains(r, "загружен")
        self.assertContains(r, "Загружен из файла, который школа выгрузила")
        self.assertContains(r, "Принять отчёт")
        self.assertEqual(
            (report.organisation, report.status), (self.school_a, "submitted")
        )

    def test_a_refused_file_is_shown_again_with_the_reason(self) -> None:
        services.transfer_key_issue(organisation=self.school_a, user=self.mila)
        content = self.a_file_from_school_a().replace(
            b'"kind": "monthly"', b'"kind": "quarterly"'
        )
        cases = [
            (content, "изменён после выгрузки"),
            (b"\x00\x01", "некорректный JSON"),
        ]
        for file, message in cases:
            with self.subTest(message=message):
                r = self.client.post(self.import_url, {"file": upload(file)})
                self.assertEqual(r.status_code, 200)
                self.assertContains(r, message)
                self.assertContains(r, "field--error")
        r = self.client.post(self.import_url, {})
        self.assertContains(r, "field--error")
        self.assertFalse(Report.objects.exists())

    def test_a_curator_and_another_coordinator_get_404(self) -> None:
        services.transfer_key_issue(organisation=self.school_a, user=self.mila)
        content = self.a_file_from_school_a()
        other = make_user("tanya")
        Membership.objects.create(
            user=other, role=Role.MUNICIPAL, municipality=self.municipality_b
        )
        for user in (self.alice, other, self.rita):
            self.client.force_login(user)
            with self.subTest(user=user.username):
                for url in (self.keys_url, self.import_url):
                    self.assertEqual(self.client.get(url).status_code, 404)
                r = self.client.post(self.import_url, {"file": upload(content)})
                self.assertEqual(r.status_code, 404)
                self.assertEqual(self.client.post(self.issue_url).status_code, 404)
        self.assertFalse(Report.objects.exists())
        self.assertEqual(TransferKey.objects.count(), 1)
