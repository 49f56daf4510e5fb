from __future__ import annotations

import uuid

from django.test import SimpleTestCase
from django.urls import reverse

from nastavnik.lib.urls import url_maker


class UrlMakerTests(SimpleTestCase):
    def test_a_row_url_is_the_one_reverse_gives(self):
        code = uuid.uuid4()
        for name in (
            "programmes-item-detail",
            "programmes-item-move",
            "people-person-detail",
        ):
            with self.subTest(name):
                self.assertEqual(url_maker(name)(code), reverse(name, args=[code]))

    def test_a_code_given_as_text_makes_the_same_url(self):
        code = uuid.uuid4()
        detail = url_maker("programmes-item-detail")
        self.assertEqual(detail(str(code)), detail(code))
