from __future__ import annotations

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase

from nastavnik.lib.validators import inn_with_check_digit, is_valid_inn, validate_inn


class InnTestCase(SimpleTestCase):
    def test_it_accepts_valid_inns(self) -> None:
        for inn in ("4330000013", "4330000020", "7707083893", "500100732259"):
            with self.subTest(inn=inn):
                self.assertTrue(is_valid_inn(inn))

    def test_it_rejects_invalid_inns(self) -> None:
        for inn in ("4330000014", "433000001", "43300000130", "", "43300000l3"):
            with self.subTest(inn=inn):
                self.assertFalse(is_valid_inn(inn))
                with self.assertRaises(ValidationError):
                    validate_inn(inn)

    def test_it_completes_a_prefix(self) -> None:
        self.assertEqual(inn_with_check_digit("433000001"), "4330000013")
