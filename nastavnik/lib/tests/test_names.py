from __future__ import annotations

from django.test import SimpleTestCase

from nastavnik.lib.names import genitive, is_female, signature_name


class GenitiveTestCase(SimpleTestCase):
    def test_it_declines_each_part_of_the_name(self) -> None:
        cases = [
            (("Иванов", "Пётр", "Сергеевич"), "Иванова Петра Сергеевича"),
            (("Иванова", "Мария", "Петровна"), "Ивановой Марии Петровны"),
            (("Шевчук", "Анна", ""), "Шевчук Анны"),
            (("Шевчук", "Олег", "Иванович"), "Шевчука Олега Ивановича"),
            (("Цой", "Виктор", "Робертович"), "Цоя Виктора Робертовича"),
            (
                ("Салтыков-Щедрин", "Михаил", "Евграфович"),
                "Салтыкова-Щедрина Михаила Евграфовича",
            ),
        ]
        for parts, expected in cases:
            with self.subTest(name=" ".join(parts)):
                self.assertEqual(genitive(*parts), expected)

    def test_it_tells_the_gender_from_the_patronymic(self) -> None:
        self.assertTrue(is_female("Ким", "Саша", "Олеговна"))
        self.assertFalse(is_female("Ким", "Саша", "Олегович"))


class SignatureNameTestCase(SimpleTestCase):
    def test_initials_go_before_the_surname(self) -> None:
        cases = [
            ("Иванова Мария Петровна", "М.П. Иванова"),
            ("Иванова М.П.", "М.П. Иванова"),
            ("Иванова М. П.", "М.П. Иванова"),
            ("М.П. Иванова", "М.П. Иванова"),
            ("Иванов Пётр", "П. Иванов"),
            ("  Иванова   Мария  Петровна ", "М.П. Иванова"),
        ]
        for name, expected in cases:
            with self.subTest(name=name):
                self.assertEqual(signature_name(name), expected)

    def test_what_is_not_a_name_stays_as_it_is(self) -> None:
        for name in ("", "Иванова", "______", "Руководители ОО"):
            with self.subTest(name=name):
                self.assertEqual(signature_name(name), name)
