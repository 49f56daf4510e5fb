"""The parent columns of a class list: guardians created once, linked to pupils."""

from __future__ import annotations

import json
import tempfile
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import time_machine
from django.core.management import call_command
from django.test import SimpleTestCase

from nastavnik.people import importing
from nastavnik.people.models import GuardianLink, Person
from nastavnik.people.tests.factory import make_guardian, make_pupil
from nastavnik.people.tests.test_importing import make_xlsx
from nastavnik.test import BaseTestCase

HEADER = [
    "№",
    "ФИО обучающегося",
    "Дата рождения",
    "Класс",
    "ФИО родителя (законного представителя)",
    "Телефон родителя",
    "E-mail родителя",
    "ФИО второго родителя",
    "Телефон второго родителя",
]
# A 7Б list as a class teacher keeps it: twins with the same parents (the
# phone typed differently), a pupil with one parent, one with no contacts.
CLASS_7B = [
    HEADER,
    [
        1,
        "Смирнов Артём Дмитриевич",
        "14.02.2013",
        "7Б",
        "Смирнова Елена Викторовна",
        "+7 (912) 345-67-89",
        "smirnova.ev@mail.ru",
        "Смирнов Дмитрий Олегович",
        "8 912 765-43-21",
    ],
    [
        2,
        "Смирнова Дарья Дмитриевна",
        "14.02.2013",
        "7Б",
        "Смирнова Елена Викторовна",
        "89123456789",
        "",
        "Смирнов Дмитрий Олегович",
        "+79127654321",
    ],
    [
        3,
        "Ковалёв Никита Сергеевич",
        "22.11.2012",
        "7Б",
        "Ковалёва Ольга Андреевна",
        "+7 922 111-22-33",
        "kovaleva@yandex.ru",
        "",
        "",
    ],
    [4, "Волкова Полина Игоревна", "30.06.2013", "7Б", "Волкова Ирина Сергеевна"],
]
TODAY = "2026-09-01 09:00+03:00"


def guardians_of(last_name: str, first_name: str) -> list[tuple[str, str]]:
    child = Person.objects.get(last_name=last_name, first_name=first_name)
    links = child.guardian_links.select_related("guardian").order_by("pk")
    return [(link.guardian.full_name, link.relation) for link in links]


class ParentHeaderTestCase(SimpleTestCase):
    def test_it_recognises_parent_columns(self) -> None:
        cases = [
            ("ФИО родителя (законного представителя)", "parent1_name"),
            ("ФИО родителя", "parent1_name"),
            ("Родитель", "parent1_name"),
            ("Законный представитель", "parent1_name"),
            ("ФИО законного представителя", "parent1_name"),
            ("Телефон родителя", "parent1_phone"),
            ("Контактный телефон родителя", "parent1_phone"),
            ("Тел. родителя", "parent1_phone"),
            ("E-mail родителя", "parent1_email"),
            ("Е-mail родителя", "parent1_email"),
            ("Электронная почта родителя", "parent1_email"),
            ("ФИО второго родителя", "parent2_name"),
            ("ФИО родителя 2", "parent2_name"),
            ("Родитель 2", "parent2_name"),
            ("Телефон второго родителя", "parent2_phone"),
            ("E-mail родителя 2", "parent2_email"),
            ("ФИО родителя 1", "parent1_name"),
            ("Мать", "parent1_name"),
            ("ФИО матери", "parent1_name"),
            ("Телефон мамы", "parent1_phone"),
            ("Отец", "parent2_name"),
            ("ФИО отца", "parent2_name"),
            ("Телефон отца", "parent2_phone"),
            ("Почта отца", "parent2_email"),
            ("ФИО опекуна", "parent1_name"),
            # the pupil's own columns stay the pupil's
            ("ФИО", "full_name"),
            ("ФИО обучающегося", "full_name"),
            ("Телефон", "phone"),
            ("E-mail", "email"),
            # a parent column that is none of name, phone, e-mail
            ("Место работы родителя", None),
            ("Дата рождения матери", None),
            ("ФИО и телефон родителя", None),
        ]
        for header, expected in cases:
            with self.subTest(header=header):
                self.assertEqual(importing.field_for_header(header), expected)

    def test_it_reads_the_relation_from_the_header(self) -> None:
        cases = [
            ("Мать", "mother"),
            ("ФИО матери", "mother"),
            ("Телефон мамы", "mother"),
            ("Отец", "father"),
            ("ФИО отца", "father"),
            ("ФИО опекуна", "guardian"),
            ("Попечитель", "trustee"),
            ("ФИО родителя (законного представителя)", ""),
        ]
        for header, expected in cases:
            with self.subTest(header=header):
                self.assertEqual(importing.relation_for_header(header), expected)

    def test_without_a_telling_header_the_name_tells_the_relation(self) -> None:
        cases = [
            ("Смирнова Елена Викторовна", "mother"),
            ("Смирнов Дмитрий Олегович", "father"),
            ("Алиева Лейла Рашид кызы", "mother"),
            ("Алиев Тимур Рашид оглы", "father"),
            ("Шевченко Оксана Ильинична", "mother"),
            ("Волкова Ирина", "mother"),
            ("Белозерский Павел", "father"),
            ("Шевченко Саша", "other"),
            ("Ким Ли", "other"),
        ]
        for name, expected in cases:
            with self.subTest(name=name):
                self.assertEqual(importing._relation_of_name(name), expected)

    def test_a_class_list_maps_both_parents(self) -> None:
        self.assertEqual(
            importing.propose_mapping(HEADER),
            {
                1: "full_name",
                2: "birth_date",
                3: "class_name",
                4: "parent1_name",
                5: "parent1_phone",
                6: "parent1_email",
                7: "parent2_name",
                8: "parent2_phone",
            },
        )

    def test_a_parent_contact_needs_the_parent_name_column(self) -> None:
        errors = importing.mapping_errors({0: "full_name", 1: "parent2_phone"})
        self.assertEqual(
            errors,
            ["«родитель 2: телефон» требует столбца с именем: «родитель 2: ФИО»."],
        )


@time_machine.travel(TODAY, tick=False)
class ImportGuardiansTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.dir = Path(self.enterContext(tempfile.TemporaryDirectory()))

    def run_command(self, rows: list[list[Any]], *args: str) -> list[str]:
        path = self.dir / "7Б.xlsx"
        path.write_bytes(make_xlsx(rows))
        stdout = StringIO()
        call_command(
            "import_people", path, "--organisation", "4330000013", *args, stdout=stdout
        )
        return stdout.getvalue().splitlines()

    def summary(self, rows: list[list[Any]], *args: str) -> dict[str, int]:
        return json.loads(self.run_command(rows, *args)[-1])

    def test_siblings_share_their_parents(self) -> None:
        result = self.summary(CLASS_7B)
        self.assertEqual(result["created"], 4)
        self.assertEqual(result["guardians_created"], 4)
        self.assertEqual(result["guardians_linked"], 6)
        mother = ("Смирнова Елена Викторовна", "mother")
        father = ("Смирнов Дмитрий Олегович", "father")
        self.assertEqual(guardians_of("Смирнов", "Артём"), [mother, father])
        self.assertEqual(guardians_of("Смирнова", "Дарья"), [mother, father])
        self.assertEqual(
            guardians_of("Ковалёв", "Никита"), [("Ковалёва Ольга Андреевна", "mother")]
        )
        elena = Person.objects.get(first_name="Елена")
        self.assertEqual(elena.category, Person.Category.PARENT)
        self.assertEqual(elena.organisation, self.school_a)
        self.assertEqual(elena.phone, "+7 (912) 345-67-89")
        self.assertEqual(elena.email, "smirnova.ev@mail.ru")
        self.assertTrue(elena.ward_links.filter(is_legal_representative=True).exists())
        pupils = Person.objects.filter(category=Person.Category.PUPIL)
        self.assertEqual(pupils.count(), 4)

    def test_a_second_run_adds_nothing(self) -> None:
        self.run_command(CLASS_7B)
        people, links = Person.objects.count(), GuardianLink.objects.count()
        result = self.summary(CLASS_7B)
        self.assertEqual(
            result,
            {
                "created": 0,
                "updated": 0,
                "duplicates": 4,
                "errors": 0,
                "guardians_created": 0,
                "guardians_linked": 0,
            },
        )
        self.assertEqual(Person.objects.count(), people)
        self.assertEqual(GuardianLink.objects.count(), links)

    def test_a_new_sibling_gets_the_parents_already_in_the_base(self) -> None:
        self.run_command(CLASS_7B)
        brother = [
            "Смирнов Иван Дмитриевич",
            "10.05.2016",
            "4А",
            "Смирнова Елена Викторовна",
            "",
            "SMIRNOVA.EV@mail.ru",
        ]
        result = self.summary([HEADER[1:7], brother])
        self.assertEqual(result["guardians_created"], 0)
        self.assertEqual(result["guardians_linked"], 1)
        self.assertEqual(
            guardians_of("Смирнов", "Иван"), [("Смирнова Елена Викторовна", "mother")]
        )

    def test_it_links_a_parent_entered_by_hand_before(self) -> None:
        pupil = make_pupil(
            self.school_a,
            "Ковалёв",
            first_name="Никита",
            patronymic="Сергеевич",
            birth_date=date(2012, 11, 22),
        )
        make_guardian(pupil, "Ковалёва", first_name="Ольга", patronymic="Андреевна")
        result = self.summary(CLASS_7B[:1] + CLASS_7B[3:4])
        self.assertEqual(result["guardians_created"], 0)
        self.assertEqual(result["guardians_linked"], 0)
        self.assertEqual(Person.objects.filter(first_name="Ольга").count(), 1)

    def test_a_parent_without_contacts_is_created_to_complete(self) -> None:
        lines = self.run_command(CLASS_7B)
        self.assertEqual(
            lines[:-1],
            [
                "Строка 5: у родителя «Волкова Ирина Сергеевна» нет телефона и "
                "e-mail: дополните карточку родителя после загрузки"
            ],
        )
        irina = Person.objects.get(first_name="Ирина")
        self.assertEqual((irina.phone, irina.email), ("", ""))
        self.assertEqual(
            guardians_of("Волкова", "Полина"), [("Волкова Ирина Сергеевна", "mother")]
        )

    def test_a_rerun_fills_the_contacts_of_a_parent_to_complete(self) -> None:
        self.run_command(CLASS_7B)
        completed = [*CLASS_7B[4], "+7 (922) 555-44-33", "volkova.is@mail.ru"]
        lines = self.run_command([*CLASS_7B[:4], completed])
        self.assertEqual(lines[:-1], [])
        self.assertEqual(json.loads(lines[-1])["guardians_created"], 0)
        irina = Person.objects.get(first_name="Ирина")
        self.assertEqual(
            (irina.phone, irina.email), ("+7 (922) 555-44-33", "volkova.is@mail.ru")
        )
        self.assertEqual(Person.objects.filter(last_name="Волкова").count(), 2)

    def test_a_sibling_row_fills_the_missing_e_mail_of_a_known_parent(self) -> None:
        self.run_command(CLASS_7B)
        brother = [
            "Смирнов Иван Дмитриевич",
            "10.05.2016",
            "4А",
            "Смирнов Дмитрий Олегович",
            "+7 912 765-43-21",
            "smirnov.do@mail.ru",
        ]
        result = self.summary([HEADER[1:7], brother])
        self.assertEqual(result["guardians_created"], 0)
        dmitry = Person.objects.get(first_name="Дмитрий")
        self.assertEqual(dmitry.phone, "8 912 765-43-21")
        self.assertEqual(dmitry.email, "smirnov.do@mail.ru")

    def test_a_contact_is_never_replaced_by_another_but_flagged(self) -> None:
        self.run_command(CLASS_7B)
        changed = [*CLASS_7B[3][:5], "+7 922 999-88-77", "olga.k@yandex.ru"]
        lines = self.run_command([CLASS_7B[0], changed])
        self.assertEqual(
            lines[:-1],
            [
                "Строка 2: у родителя «Ковалёва Ольга Андреевна» (уже в базе) в "
                "файле другой телефон: телефон не изменён, проверьте, какой верный",
                "Строка 2: у родителя «Ковалёва Ольга Андреевна» (уже в базе) в "
                "файле другой e-mail: e-mail не изменён, проверьте, какой верный",
            ],
        )
        olga = Person.objects.get(first_name="Ольга")
        self.assertEqual(
            (olga.phone, olga.email), ("+7 922 111-22-33", "kovaleva@yandex.ru")
        )

    def test_one_parent_spelt_two_ways_is_flagged_not_merged(self) -> None:
        rows = [
            HEADER[1:6],
            ["Орлов Глеб", "01.02.2013", "7Б", "Орлова Алёна Петровна", "89120000001"],
            ["Орлова Вера", "01.03.2015", "5А", "Орлова Алена Петровна", "89120000001"],
            ["Лисин Олег", "01.04.2013", "7Б", "Лисина Анна Павловна", "89120000002"],
            ["Лисин Марк", "01.05.2014", "6А", "лисина анна павловна", "89120000003"],
        ]
        lines = self.run_command(rows)
        self.assertEqual(
            lines[:-1],
            [
                "Строка 3: родитель «Орлова Алена Петровна» похож на «Орлова Алёна "
                "Петровна» (строка 2), но не объединён с ним: проверьте, не "
                "один ли это человек",
                "Строка 5: родитель «лисина анна павловна» похож на «Лисина Анна "
                "Павловна» (строка 4), но не объединён с ним: проверьте, не "
                "один ли это человек",
            ],
        )
        self.assertEqual(json.loads(lines[-1])["guardians_created"], 4)
        self.assertEqual(Person.objects.filter(category="parent").count(), 4)

    def test_a_parent_like_one_in_the_base_is_flagged(self) -> None:
        pupil = make_pupil(self.school_a, "Орлов", first_name="Глеб")
        make_guardian(pupil, "Орлова", first_name="Алёна", phone="89120000001")
        row = ["Орлова Вера", "01.03.2015", "5А", "Орлова Алена", "+7 912 000-00-01"]
        lines = self.run_command([HEADER[1:6], row])
        self.assertEqual(
            lines[:-1],
            [
                "Строка 2: родитель «Орлова Алена» похож на «Орлова Алёна» (уже в "
                "базе), но не объединён с ним: проверьте, не один ли это "
                "человек"
            ],
        )

    def test_parents_of_one_child_may_share_a_phone(self) -> None:
        row = [
            "Орлов Глеб",
            "01.02.2013",
            "7Б",
            "Орлова Алёна Петровна",
            "89120000001",
            "",
            "Орлов Павел Ильич",
            "89120000001",
        ]
        lines = self.run_command([HEADER[1:], row])
        self.assertEqual(len(lines), 1)
        self.assertEqual(json.loads(lines[-1])["guardians_created"], 2)

    def test_the_relation_comes_from_the_header(self) -> None:
        rows = [
            ["ФИО", "Дата рождения", "Класс", "Отец", "Телефон отца", "Мать"],
            ["Орлов Глеб", "01.02.2013", "7Б", "Орлов Павел", "8912", "Орлова Алёна"],
        ]
        self.run_command(rows)
        self.assertEqual(
            guardians_of("Орлов", "Глеб"),
            [("Орлова Алёна", "mother"), ("Орлов Павел", "father")],
        )

    def test_a_dry_run_counts_the_same_and_writes_nothing(self) -> None:
        dry = self.summary(CLASS_7B, "--dry-run")
        self.assertFalse(Person.objects.exists())
        self.assertEqual(dry, self.summary(CLASS_7B))

    def test_a_bad_parent_cell_is_a_row_error_and_nothing_is_written(self) -> None:
        rows = [
            HEADER[1:7],
            ["Орлов Глеб", "01.02.2013", "7Б", "Орлова", "", ""],
            ["Орлова Вера", "01.03.2015", "5А", "", "89120000001", ""],
            ["Лисин Олег", "01.04.2013", "7Б", "Лисина Анна", "", "не почта"],
        ]
        lines = self.run_command(rows, "--dry-run", "--valid-only")
        self.assertEqual(json.loads(lines[-1])["errors"], 3)
        self.assertEqual(
            lines[:3],
            [
                "Строка 2, «ФИО родителя (законного представителя)»: «Орлова» — "
                "напишите фамилию и имя родителя",
                "Строка 3, «ФИО родителя (законного представителя)»: пусто — "
                "телефон или e-mail родителя без его имени",
                "Строка 4, «E-mail родителя»: «не почта» — это не адрес электронной "
                "почты",
            ],
        )
        self.assertFalse(Person.objects.exists())

    def test_a_class_list_needs_no_category(self) -> None:
        self.run_command(CLASS_7B)
        pupil = Person.objects.get(first_name="Артём")
        self.assertEqual(pupil.category, Person.Category.PUPIL)
