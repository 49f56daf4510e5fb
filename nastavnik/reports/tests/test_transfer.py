"""The signed file on its own: the same signature whatever the spacing and
the order of keys, and a clear refusal of anything that is not a report."""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase

from nastavnik.reports import transfer

KEY = "k" * 43


def signed(body: dict) -> dict:
    return {**body, "signature": transfer.sign(body, KEY)}


BODY = {"format": transfer.FORMAT, "version": 1, "organisation": {"inn": "4330000013"}}


class TransferDocumentTestCase(SimpleTestCase):
    def test_the_signature_survives_spacing_and_key_order(self) -> None:
        doc = signed({**BODY, "report": {"events": "Классный час", "b": [1, 2]}})
        reordered = json.dumps(dict(reversed(doc.items())), indent=4)
        body, signature = transfer.read(reordered.encode())
        transfer.verify(body, signature, KEY)  # no error

    def test_a_changed_body_or_another_key_is_refused(self) -> None:
        doc = signed({**BODY, "report": {"figures": {"mentors": 3}}})
        body, signature = transfer.read(json.dumps(doc))
        with self.assertRaises(ValidationError):
            transfer.verify(body, signature, "x" * 43)
        body["report"]["figures"]["mentors"] = 4
        with self.assertRaises(ValidationError):
            transfer.verify(body, signature, KEY)

    def test_what_is_not_a_report_gets_a_message(self) -> None:
        cases = [
            (b"", "некорректный JSON"),
            (b"{", "некорректный JSON"),
            (b"\xff\xfe", "некорректный JSON"),
            (b'{"a": NaN}', "некорректный JSON"),
            (b'{"a": "\\ud800"}', "некорректный JSON"),
            (b"[" * 100_000, "некорректный JSON"),
            (b"[1, 2]", "не является отчётом"),
            (b'{"format": "other"}', "не является отчётом"),
            (json.dumps({**BODY, "version": 2}).encode(), "другой версии"),
            (json.dumps(BODY).encode(), "нет подписи"),
            (json.dumps({**BODY, "signature": 5}).encode(), "нет подписи"),
            (b" " * (transfer.MAX_BYTES + 1), "слишком большой"),
        ]
        for raw, message in cases:
            with (
                self.subTest(raw=raw[:40]),
                self.assertRaisesMessage(ValidationError, message),
            ):
                transfer.read(raw)

    def test_the_inn_must_be_ten_or_twelve_digits(self) -> None:
        cases = [
            ({"inn": "4330000013"}, "4330000013"),
            ({"inn": "433000001312"}, "433000001312"),
            ({"inn": "43300"}, None),
            ({"inn": 4330000013}, None),
            ({"inn": "43300000١٣"}, None),
            ("4330000013", None),
            (None, None),
        ]
        for organisation, inn in cases:
            with self.subTest(organisation=organisation):
                body = {"organisation": organisation}
                if inn is None:
                    with self.assertRaisesMessage(ValidationError, "ИНН"):
                        transfer.inn_of(body)
                else:
                    self.assertEqual(transfer.inn_of(body), inn)
