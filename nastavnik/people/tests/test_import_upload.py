from __future__ import annotations

from django.test import override_settings
from django.urls import reverse

from nastavnik.people.models import ImportBatch
from nastavnik.people.tests.test_importing import (
    CLASS_LIST,
    MediaMixin,
    make_csv,
    make_xlsx,
    upload,
)
from nastavnik.test import BaseTestCase


class ImportUploadTestCase(MediaMixin, BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("people-import-upload", args=[self.school_a.code])

    def post(self, content: bytes, name: str = "7b.xlsx", category: str = "pupil"):
        return self.client.post(
            self.url, {"file": upload(content, name), "category": category}
        )

    def test_it_shows_the_form(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, 'enctype="multipart/form-data"')
        self.assertContains(r, "обучающийся")
        self.assertContains(r, reverse("people-export", args=[self.school_a.code]))

    def test_it_works(self) -> None:
        self.client.force_login(self.alice)
        r = self.post(make_xlsx(CLASS_LIST))
        batch = ImportBatch.objects.get()
        self.assertRedirects(r, reverse("people-import-detail", args=[batch.code]))
        self.assertEqual(batch.organisation, self.school_a)
        self.assertEqual(batch.created_by, self.alice)
        self.assertEqual(batch.category, "pupil")
        self.assertEqual(batch.status, ImportBatch.Status.UPLOADED)

    def test_it_works_for_the_teammate(self) -> None:
        self.client.force_login(self.bob)
        self.assertEqual(self.post(make_xlsx(CLASS_LIST)).status_code, 302)

    def test_it_accepts_csv_files(self) -> None:
        self.client.force_login(self.alice)
        for encoding in ("utf-8-sig", "cp1251"):
            with self.subTest(encoding=encoding):
                content = make_csv(CLASS_LIST, encoding=encoding)
                self.assertEqual(self.post(content, "7b.csv").status_code, 302)
        batch = ImportBatch.objects.first()
        self.assertEqual(batch.report["headers"], CLASS_LIST[0])

    def test_it_lists_recent_imports(self) -> None:
        self.client.force_login(self.alice)
        self.post(make_xlsx(CLASS_LIST), "список 7Б.xlsx")
        self.assertContains(self.client.get(self.url), "список 7Б.xlsx")

    def test_it_requires_rw_access(self) -> None:
        self.demote_bob()
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.post(make_xlsx(CLASS_LIST)).status_code, 404)
        self.assertFalse(ImportBatch.objects.exists())

    def test_it_checks_ownership(self) -> None:
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.post(make_xlsx(CLASS_LIST)).status_code, 404)

    def test_the_municipal_coordinator_cannot_import(self) -> None:
        self.client.force_login(self.mila)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.post(make_xlsx(CLASS_LIST)).status_code, 404)

    def test_it_requires_login(self) -> None:
        r = self.client.get(self.url)
        self.assertRedirects(r, f"{reverse('accounts-login')}?next={self.url}")

    def test_it_explains_a_file_that_is_not_a_spreadsheet(self) -> None:
        self.client.force_login(self.alice)
        r = self.post(b"%PDF-1.4\x00\x01", "list.pdf")
        self.assertContains(r, "Это не электронная таблица")
        self.assertFalse(ImportBatch.objects.exists())

    def test_it_explains_an_empty_file(self) -> None:
        self.client.force_login(self.alice)
        self.assertContains(self.post(make_xlsx([])), "Файл пуст")
        self.assertContains(self.post(make_xlsx([CLASS_LIST[0]])), "нет строк")
        self.assertFalse(ImportBatch.objects.exists())

    @override_settings(IMPORT_MAX_BYTES=2000)
    def test_it_explains_a_file_that_is_too_large(self) -> None:
        self.client.force_login(self.alice)
        r = self.post(make_xlsx(CLASS_LIST * 50))
        self.assertContains(r, "Файл больше")
        self.assertFalse(ImportBatch.objects.exists())

    def test_it_explains_a_file_without_names(self) -> None:
        self.client.force_login(self.alice)
        r = self.post(make_xlsx([["Ученик", "Класс"], ["Иванов Иван", "7Б"]]))
        self.assertContains(r, "Не найден столбец с именами")

    def test_it_requires_a_file(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(self.url, {"category": "pupil"})
        self.assertContains(r, "Обязательное поле")

    def test_it_refuses_a_tampered_category(self) -> None:
        self.client.force_login(self.alice)
        r = self.post(make_xlsx(CLASS_LIST), category="wizard")
        self.assertEqual(r.status_code, 400)
        self.assertFalse(ImportBatch.objects.exists())
