from __future__ import annotations

import io
from datetime import UTC, date, datetime

import time_machine
from django.utils import timezone
from openpyxl import load_workbook

from nastavnik.accounts.models import AuditEvent
from nastavnik.people import exporting, importing
from nastavnik.people.models import Person, SensitiveInfo
from nastavnik.test import BaseTestCase

HEADERS = [
    "Фамилия",
    "Имя",
    "Отчество",
    "Дата рождения",
    "Категория",
    "Класс",
    "Должность",
    "Стаж",
    "Место работы",
    "ИНН",
    "E-mail",
    "Телефон",
]


class ExportingTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.pupil = Person.objects.create(
            organisation=self.school_a,
            last_name="Д'Артаньян-Семёнов",
            first_name="<script>alert(1)</script>",
            patronymic="Пётрович",
            birth_date=date(2012, 3, 12),
            category=Person.Category.PUPIL,
            class_name="7Б",
            snils="112-233-445 95",
        )
        SensitiveInfo.objects.create(
            person=self.pupil, disability=True, note="на учёте у психиатра"
        )
        self.mentor = Person.objects.create(
            organisation=self.school_a,
            last_name="Кузнецова",
            first_name="Ольга",
            category=Person.Category.EMPLOYEE,
            position='=HYPERLINK("http://evil")',
            experience_years=12,
            employer_name="@ООО «Ромашка»",
            employer_inn="4330000013",
            email="olga@example.org",
            phone="+7 (912) 000-00-00",
        )
        Person.objects.create(
            organisation=self.school_c,
            last_name="Чужой",
            first_name="Человек",
            category=Person.Category.TEACHER,
        )

    def sheet(self, content: bytes):
        wb = load_workbook(io.BytesIO(content))
        return wb.worksheets[0]

    def test_it_writes_the_columns_the_import_reads(self) -> None:
        _name, content = exporting.people_export(organisation=self.school_a, user=None)
        ws = self.sheet(content)
        header = [c.value for c in ws[1]]
        self.assertEqual(header, HEADERS)
        mapping = importing.propose_mapping(header)
        self.assertEqual(len(mapping), len(HEADERS))

    def test_it_writes_one_row_per_person_of_the_organisation(self) -> None:
        _name, content = exporting.people_export(organisation=self.school_a, user=None)
        ws = self.sheet(content)
        rows = list(ws.iter_rows(min_row=2, values_only=True))
        self.assertEqual([r[0] for r in rows], ["Д'Артаньян-Семёнов", "Кузнецова"])
        self.assertEqual(rows[0][1], "<script>alert(1)</script>")
        self.assertEqual(rows[0][4], "обучающийся")
        self.assertEqual(rows[1][7], 12)

    def test_it_writes_the_birth_date_as_a_date_cell(self) -> None:
        _name, content = exporting.people_export(organisation=self.school_a, user=None)
        cell = self.sheet(content)["D2"]
        self.assertEqual(cell.value, datetime(2012, 3, 12))
        self.assertEqual(cell.number_format, "DD.MM.YYYY")

    def test_it_writes_formula_like_text_as_text(self) -> None:
        _name, content = exporting.people_export(organisation=self.school_a, user=None)
        ws = self.sheet(content)
        for ref in ("G3", "I3", "L3"):
            with self.subTest(ref=ref):
                self.assertEqual(ws[ref].data_type, "s")
                self.assertTrue(ws[ref].quotePrefix)
        self.assertEqual(ws["G3"].value, '=HYPERLINK("http://evil")')
        self.assertFalse(ws["A3"].quotePrefix)

    def test_it_never_exports_snils_or_sensitive_information(self) -> None:
        _name, content = exporting.people_export(organisation=self.school_a, user=None)
        values = [
            str(v)
            for row in self.sheet(content).iter_rows(values_only=True)
            for v in row
        ]
        self.assertNotIn("112-233-445 95", values)
        self.assertFalse([v for v in values if "учёте" in v or "СНИЛС" in v])

    def test_it_leaves_out_anonymised_people(self) -> None:
        Person.objects.filter(pk=self.mentor.pk).update(anonymised_at=timezone.now())
        _name, content = exporting.people_export(organisation=self.school_a, user=None)
        self.assertEqual(self.sheet(content).max_row, 2)

    @time_machine.travel(datetime(2026, 12, 5, 9, tzinfo=UTC), tick=False)
    def test_it_filters_by_category(self) -> None:
        name, content = exporting.people_export(
            organisation=self.school_a, user=None, category="employee"
        )
        rows = list(self.sheet(content).iter_rows(min_row=2, values_only=True))
        self.assertEqual([r[0] for r in rows], ["Кузнецова"])
        self.assertEqual(
            name, "База сотрудников предприятий — СОШ № 1 — 05.12.2026.xlsx"
        )

    def test_a_round_trip_is_lossless(self) -> None:
        _name, content = exporting.people_export(organisation=self.school_a, user=None)
        table = importing.read_table(io.BytesIO(content), "baza.xlsx", len(content))
        mapping = importing.propose_mapping(table.headers)
        check = importing.check_rows(table, mapping, self.school_a)
        self.assertEqual(check.errors, [])
        self.assertEqual(
            check.counts, {"new": 0, "update": 0, "duplicate": 2, "error": 0}
        )

    def test_a_round_trip_into_an_empty_base_recreates_the_people(self) -> None:
        _name, content = exporting.people_export(organisation=self.school_a, user=None)
        table = importing.read_table(io.BytesIO(content), "baza.xlsx", len(content))
        mapping = importing.propose_mapping(table.headers)
        check = importing.check_rows(table, mapping, self.school_a2)
        fields = [
            "last_name",
            "first_name",
            "patronymic",
            "birth_date",
            "category",
            "class_name",
            "position",
            "experience_years",
            "employer_name",
            "employer_inn",
            "email",
            "phone",
        ]
        importing.write_rows(self.school_a2, check.valid, "")
        originals = Person.objects.filter(organisation=self.school_a)
        copies = Person.objects.filter(organisation=self.school_a2)
        self.assertEqual(
            list(copies.values_list(*fields)), list(originals.values_list(*fields))
        )

    def test_it_writes_an_audit_line(self) -> None:
        exporting.people_export(organisation=self.school_a, user=self.alice)
        event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
        self.assertEqual(event.user, self.alice)
        self.assertEqual(event.organisation, self.school_a)
        self.assertEqual(event.summary, "xlsx, 2 people")
