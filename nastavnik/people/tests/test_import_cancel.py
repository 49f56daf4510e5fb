from __future__ import annotations

from django.urls import reverse

from nastavnik.people import importing
from nastavnik.people.models import ImportBatch
from nastavnik.people.tests.test_importing import (
    CLASS_LIST,
    MediaMixin,
    make_xlsx,
    upload,
)
from nastavnik.test import BaseTestCase


class ImportCancelTestCase(MediaMixin, BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.batch = importing.import_upload(
            organisation=self.school_a,
            user=self.alice,
            file=upload(make_xlsx(CLASS_LIST)),
            category="pupil",
        )
        self.url = reverse("people-import-cancel", args=[self.batch.code])

    def test_it_works(self) -> None:
        storage, name = self.batch.file.storage, self.batch.file.name
        self.client.force_login(self.alice)
        with self.captureOnCommitCallbacks(execute=True):
            r = self.client.post(self.url)
        self.assertRedirects(
            r, reverse("people-import-upload", args=[self.school_a.code])
        )
        self.batch.refresh_from_db()
        self.assertEqual(self.batch.status, ImportBatch.Status.CANCELLED)
        self.assertFalse(storage.exists(name))
        self.assertEqual(self.batch.report, {})
        detail = reverse("people-import-detail", args=[self.batch.code])
        self.assertContains(self.client.get(detail), "Импорт отменён, файл удалён.")

    def test_it_does_not_cancel_a_committed_import(self) -> None:
        importing.import_check(
            batch=self.batch, mapping=importing.batch_mapping(self.batch)
        )
        importing.import_commit(batch=self.batch, user=self.alice)
        self.client.force_login(self.alice)
        r = self.client.post(self.url, follow=True)
        self.assertContains(r, "Этот импорт уже завершён.")
        self.batch.refresh_from_db()
        self.assertEqual(self.batch.status, ImportBatch.Status.COMMITTED)

    def test_it_works_for_the_teammate(self) -> None:
        self.client.force_login(self.bob)
        self.assertEqual(self.client.post(self.url).status_code, 302)

    def test_it_requires_post(self) -> None:
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get(self.url).status_code, 405)

    def test_it_requires_rw_access(self) -> None:
        self.demote_bob()
        self.client.force_login(self.bob)
        self.assertEqual(self.client.post(self.url).status_code, 404)
        self.batch.refresh_from_db()
        self.assertEqual(self.batch.status, ImportBatch.Status.UPLOADED)

    def test_it_checks_ownership(self) -> None:
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.post(self.url).status_code, 404)

    def test_the_municipal_coordinator_cannot_cancel(self) -> None:
        self.client.force_login(self.mila)
        self.assertEqual(self.client.post(self.url).status_code, 404)
