from __future__ import annotations

import json
from datetime import date

from django.test import SimpleTestCase

from nastavnik.lib.json import UnicodeJSONEncoder


class UnicodeJSONEncoderTestCase(SimpleTestCase):
    def test_it_keeps_cyrillic_and_dates_readable(self) -> None:
        text = json.dumps(["Ёлкина", date(2015, 4, 12)], cls=UnicodeJSONEncoder)
        self.assertEqual(text, '["Ёлкина", "2015-04-12"]')
