from __future__ import annotations

import time_machine
from django.test import override_settings
from django.urls import reverse

from nastavnik.people.importing import batch_mapping
from nastavnik.people.models import GuardianLink, ImportBatch, Person
from nastavnik.people.tests.test_import_guardians import CLASS_7B, TODAY
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

    def post(self, content: bytes, name: str = "7b.xlsx"):
        return self.client.post(self.url, {"file": upload(content, name)})

    def test_it_shows_the_form(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, 'enctype="multipart/form-data"')
        self.assertContains(r, "«ФИО родителя», «Телефон родителя»")
        self.assertContains(r, reverse("people-export", args=[self.school_a.code]))

    def test_it_does_not_ask_who_is_in_the_file(self) -> None:
        self.client.force_login(self.alice)
        self.assertNotContains(self.client.get(self.url), 'name="category"')

    def test_it_works(self) -> None:
        self.client.force_login(self.alice)
        r = self.post(make_xlsx(CLASS_LIST))
        batch = ImportBatch.objects.get()
        self.assertRedirects(r, reverse("people-import-detail", args=[batch.code]))
        self.assertEqual(batch.organisation, self.school_a)
        self.assertEqual(batch.created_by, self.alice)
        self.assertEqual(batch.category, "")
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
        r = self.client.post(self.url, {})
        self.assertContains(r, "Обязательное поле")


@time_machine.travel(TODAY, tick=False)
class ImportClassListTestCase(MediaMixin, BaseTestCase):
    """A class list with its parents, through the pages, never asked a category."""

    def test_a_class_list_goes_through_without_a_category(self) -> None:
        self.client.force_login(self.alice)
        url = reverse("people-import-upload", args=[self.school_a.code])
        r = self.client.post(url, {"file": upload(make_xlsx(CLASS_7B), "7Б.xlsx")})
        batch = ImportBatch.objects.get()
        detail = reverse("people-import-detail", args=[batch.code])
        self.assertRedirects(r, detail)

        r = self.client.get(detail)
        self.assertContains(r, "обучающиеся: в файле есть столбец «Класс»")
        self.assertContains(r, '<option value="parent2_phone" selected>')
        mapping = {f"col_{i}": name for i, name in batch_mapping(batch).items()}
        self.assertRedirects(self.client.post(detail, mapping), detail)

        r = self.client.get(detail)
        self.assertContains(r, "новых родителей")
        self.assertContains(r, "1 замечание о родителях")
        self.assertContains(r, "у родителя «Волкова Ирина Сергеевна» нет телефона")

        commit = reverse("people-import-commit", args=[batch.code])
        r = self.client.post(commit, follow=True)
        self.assertContains(r, "Импортировано: новых — 4")
        self.assertContains(r, "Проверьте родителей")
        self.assertEqual(Person.objects.filter(category="pupil").count(), 4)
        self.assertEqual(Person.objects.filter(category="parent").count(), 4)
        self.assertEqual(GuardianLink.objects.count(), 6)

    def test_a_file_that_does_not_say_who_is_in_it_asks(self) -> None:
        self.client.force_login(self.alice)
        url = reverse("people-import-upload", args=[self.school_a.code])
        rows = [["ФИО", "Должность"], ["Иванова Мария Петровна", "учитель"]]
        self.client.post(url, {"file": upload(make_xlsx(rows))})
        batch = ImportBatch.objects.get()
        detail = reverse("people-import-detail", args=[batch.code])
        mapping = {"col_0": "full_name", "col_1": "position", "category": ""}
        r = self.client.post(detail, mapping)
        self.assertContains(
            r, "В файле нет ни столбца «Категория», ни столбца «Класс»: выберите"
        )
        self.assertFalse(Person.objects.exists())
        r = self.client.post(detail, {**mapping, "category": "teacher"})
        self.assertRedirects(r, detail)
