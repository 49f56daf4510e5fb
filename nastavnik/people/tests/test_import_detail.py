from __future__ import annotations

from datetime import date

from django.urls import reverse

from nastavnik.people import importing
from nastavnik.people.models import ImportBatch, Person
from nastavnik.people.tests.test_importing import (
    CLASS_LIST,
    MediaMixin,
    make_xlsx,
    upload,
)
from nastavnik.test import BaseTestCase


class ImportDetailTestCase(MediaMixin, BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.batch = self.upload(CLASS_LIST)
        self.url = reverse("people-import-detail", args=[self.batch.code])
        self.mapping = {
            "col_0": "full_name",
            "col_1": "birth_date",
            "col_2": "class_name",
        }

    def upload(self, rows, category: str = "pupil") -> ImportBatch:
        return importing.import_upload(
            organisation=self.school_a,
            user=self.alice,
            file=upload(make_xlsx(rows)),
            category=category,
        )

    def check(self, **data):
        return self.client.post(self.url, {**self.mapping, "category": "pupil", **data})

    def test_it_shows_the_mapping_and_the_first_rows(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, '<option value="full_name" selected>')
        self.assertContains(r, '<option value="class_name" selected>')
        self.assertContains(r, "Первые строки файла")
        self.assertContains(r, "Иванов Иван Иванович")
        self.assertContains(r, "Проверить")

    def test_it_lists_skipped_columns_and_explains_snils(self) -> None:
        batch = self.upload([["ФИО", "СНИЛС", "Пол"], ["Иванова Мария", "1", "ж"]])
        self.client.force_login(self.alice)
        r = self.client.get(reverse("people-import-detail", args=[batch.code]))
        self.assertContains(r, "Пропущенные столбцы: СНИЛС, Пол.")
        self.assertContains(r, "СНИЛС загружается, только если")

    def test_it_runs_the_dry_run(self) -> None:
        self.client.force_login(self.alice)
        self.assertRedirects(self.check(), self.url)
        self.batch.refresh_from_db()
        self.assertEqual(self.batch.status, ImportBatch.Status.CHECKED)
        self.assertEqual(self.batch.report["counts"]["new"], 2)
        self.assertEqual(Person.objects.count(), 0)
        r = self.client.get(self.url)
        self.assertContains(r, "новый", count=2)
        self.assertContains(r, "Импортировать")
        self.assertNotContains(r, "только корректные строки")

    def test_it_saves_a_changed_mapping(self) -> None:
        batch = self.upload([["Ученик", "ФИО"], ["Иванов Иван", "х"]], "teacher")
        self.client.force_login(self.alice)
        url = reverse("people-import-detail", args=[batch.code])
        self.client.post(
            url, {"col_0": "full_name", "col_1": "", "category": "teacher"}
        )
        batch.refresh_from_db()
        self.assertEqual(batch.mapping, {"0": "full_name"})
        self.assertEqual(batch.rows, [[2, "new", "Иванов", "Иван"]])

    def test_it_shows_errors_first_with_their_messages(self) -> None:
        rows = [*CLASS_LIST, ["Сидоров Пётр", "31.02.2012", "13А"]]
        batch = self.upload(rows)
        self.client.force_login(self.alice)
        url = reverse("people-import-detail", args=[batch.code])
        self.client.post(url, {**self.mapping, "category": "pupil"})
        r = self.client.get(url)
        page = r.content.decode()
        self.assertIn("Строка 4, «Дата рождения»: «31.02.2012» — такой даты нет", page)
        self.assertIn("Строка 4, «Класс»: «13А» — такого класса нет", page)
        self.assertLess(page.index("Сидоров Пётр"), page.index("Иванов Иван"))
        self.assertContains(r, "Импортировать только корректные строки")
        self.assertContains(r, 'name="valid_only" value="on" required')

    def test_it_escapes_what_the_file_says(self) -> None:
        rows = [
            CLASS_LIST[0],
            ["<script>alert(1)</script> О'Брайен Семёновна", "1.1.2012", "<b>"],
        ]
        batch = self.upload(rows)
        self.client.force_login(self.alice)
        url = reverse("people-import-detail", args=[batch.code])
        r = self.client.get(url)
        self.assertNotContains(r, "<script>alert(1)</script>")
        self.assertContains(r, "&lt;script&gt;alert(1)&lt;/script&gt;")
        self.client.post(url, {**self.mapping, "category": "pupil"})
        r = self.client.get(url)
        self.assertNotContains(r, "<script>alert")
        self.assertNotContains(r, "<b>")
        self.assertContains(r, "О&#x27;Брайен Семёновна")

    def test_it_explains_a_mapping_without_names(self) -> None:
        self.client.force_login(self.alice)
        r = self.check(col_0="")
        self.assertContains(r, "Нет столбца с именами")
        self.batch.refresh_from_db()
        self.assertEqual(self.batch.status, ImportBatch.Status.UPLOADED)

    def test_it_explains_a_field_chosen_twice(self) -> None:
        self.client.force_login(self.alice)
        r = self.check(col_2="birth_date")
        self.assertContains(r, "выбрано для нескольких столбцов")

    def test_it_refuses_a_tampered_mapping(self) -> None:
        self.client.force_login(self.alice)
        self.assertEqual(self.check(col_0="is_superuser").status_code, 400)
        self.assertEqual(self.check(category="wizard").status_code, 400)

    def test_it_pages_the_outcomes(self) -> None:
        rows = [["ФИО", "Дата рождения", "Класс"]]
        rows += [[f"Иванов Иван{n}", date(2012, 1, 1), "7Б"] for n in range(250)]
        batch = self.upload(rows)
        self.client.force_login(self.alice)
        url = reverse("people-import-detail", args=[batch.code])
        self.client.post(url, {**self.mapping, "category": "pupil"})
        r = self.client.get(url)
        self.assertContains(r, "новый", count=200)
        self.assertContains(self.client.get(url + "?page=2"), "новый", count=50)

    def test_it_shows_the_result_of_a_committed_import(self) -> None:
        self.client.force_login(self.alice)
        self.check()
        self.batch.refresh_from_db()
        importing.import_commit(batch=self.batch, user=self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "людей добавлено")
        self.assertContains(r, reverse("people-person-list", args=[self.school_a.code]))
        self.assertNotContains(r, "Иванов")

    def test_it_does_not_check_a_committed_import_again(self) -> None:
        self.client.force_login(self.alice)
        self.check()
        self.batch.refresh_from_db()
        importing.import_commit(batch=self.batch, user=self.alice)
        self.assertRedirects(self.check(), self.url)
        self.batch.refresh_from_db()
        self.assertEqual(self.batch.status, ImportBatch.Status.COMMITTED)

    def test_it_works_for_the_teammate(self) -> None:
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 200)
        self.assertEqual(self.check().status_code, 302)

    def test_it_requires_rw_access(self) -> None:
        self.demote_bob()
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.check().status_code, 404)

    def test_it_checks_ownership(self) -> None:
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.check().status_code, 404)

    def test_the_municipal_coordinator_cannot_see_it(self) -> None:
        self.client.force_login(self.mila)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_handles_an_unknown_code(self) -> None:
        self.client.force_login(self.alice)
        url = reverse("people-import-detail", args=[self.school_a.code])
        self.assertEqual(self.client.get(url).status_code, 404)
