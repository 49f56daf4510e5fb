from __future__ import annotations

from django.urls import reverse

from nastavnik.accounts.models import AuditEvent
from nastavnik.people import importing
from nastavnik.people.models import ImportBatch, Person
from nastavnik.people.tests.test_importing import (
    CLASS_LIST,
    MediaMixin,
    make_xlsx,
    upload,
)
from nastavnik.test import BaseTestCase

WITH_AN_ERROR = [*CLASS_LIST, ["Сидоров Пётр", "31.02.2012", "7Б"]]


class ImportCommitTestCase(MediaMixin, BaseTestCase):
    def checked(self, rows=CLASS_LIST) -> ImportBatch:
        batch = importing.import_upload(
            organisation=self.school_a,
            user=self.alice,
            file=upload(make_xlsx(rows)),
            category="pupil",
        )
        return importing.import_check(
            batch=batch, mapping=importing.batch_mapping(batch)
        )

    def setUp(self) -> None:
        super().setUp()
        self.batch = self.checked()
        self.url = reverse("people-import-commit", args=[self.batch.code])
        self.detail = reverse("people-import-detail", args=[self.batch.code])

    def test_it_works(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(self.url, follow=True)
        self.assertRedirects(r, self.detail)
        self.assertContains(r, "Импортировано: новых — 2, обновлено — 0.")
        self.assertEqual(Person.objects.filter(organisation=self.school_a).count(), 2)
        self.batch.refresh_from_db()
        self.assertEqual(self.batch.status, ImportBatch.Status.COMMITTED)
        event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORT)
        self.assertEqual(event.user, self.alice)

    def test_it_works_for_the_teammate(self) -> None:
        self.client.force_login(self.bob)
        self.assertRedirects(self.client.post(self.url), self.detail)
        self.assertEqual(Person.objects.count(), 2)

    def test_it_writes_nothing_when_the_file_has_errors(self) -> None:
        batch = self.checked(WITH_AN_ERROR)
        self.client.force_login(self.alice)
        url = reverse("people-import-commit", args=[batch.code])
        r = self.client.post(url, follow=True)
        self.assertContains(r, "Ничего не импортировано: в файле есть ошибки.")
        self.assertEqual(Person.objects.count(), 0)
        batch.refresh_from_db()
        self.assertEqual(batch.status, ImportBatch.Status.CHECKED)

    def test_it_imports_only_the_valid_rows_when_asked(self) -> None:
        batch = self.checked(WITH_AN_ERROR)
        self.client.force_login(self.alice)
        url = reverse("people-import-commit", args=[batch.code])
        r = self.client.post(url, {"valid_only": "on"}, follow=True)
        self.assertContains(r, "Из-за ошибок не импортированы строки: 4.")
        self.assertEqual(Person.objects.count(), 2)
        batch.refresh_from_db()
        self.assertEqual(batch.report["counts"]["errors"], 1)

    def test_it_cannot_commit_twice(self) -> None:
        self.client.force_login(self.alice)
        self.client.post(self.url)
        r = self.client.post(self.url, follow=True)
        self.assertContains(r, "Этот импорт уже завершён.")
        self.assertEqual(Person.objects.count(), 2)
        self.assertEqual(AuditEvent.objects.filter(action="import").count(), 1)

    def test_it_refuses_an_import_that_was_not_checked(self) -> None:
        batch = importing.import_upload(
            organisation=self.school_a,
            user=self.alice,
            file=upload(make_xlsx(CLASS_LIST)),
            category="pupil",
        )
        self.client.force_login(self.alice)
        url = reverse("people-import-commit", args=[batch.code])
        self.assertEqual(self.client.post(url).status_code, 400)
        self.assertEqual(Person.objects.count(), 0)

    def test_it_requires_post(self) -> None:
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get(self.url).status_code, 405)

    def test_it_requires_rw_access(self) -> None:
        self.demote_bob()
        self.client.force_login(self.bob)
        self.assertEqual(self.client.post(self.url).status_code, 404)
        self.assertEqual(Person.objects.count(), 0)

    def test_it_checks_ownership(self) -> None:
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.post(self.url).status_code, 404)
        self.assertEqual(Person.objects.count(), 0)

    def test_the_municipal_coordinator_cannot_commit(self) -> None:
        self.client.force_login(self.mila)
        self.assertEqual(self.client.post(self.url).status_code, 404)
        self.assertEqual(Person.objects.count(), 0)
