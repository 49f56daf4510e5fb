from __future__ import annotations

from django import forms
from django.test import SimpleTestCase

from nastavnik.lib.forms import is_tampered


class ExampleForm(forms.Form):
    name = forms.CharField(max_length=5)
    colour = forms.ChoiceField(choices=[("red", "red"), ("blue", "blue")])
    token = forms.UUIDField(widget=forms.HiddenInput)


VALID = {
    "name": "Аня",
    "colour": "red",
    "token": "9a2f8c1e-1d0b-4c52-9b0c-6a2e1c4e1a7d",
}


class IsTamperedTestCase(SimpleTestCase):
    def test_it_tells_a_forged_post_from_a_typo(self) -> None:
        cases = [
            ({}, False),
            ({"name": "слишком длинно"}, False),
            ({"name": ""}, False),
            ({"colour": "green"}, True),
            ({"token": "not-a-uuid"}, True),
            ({"token": ""}, True),
        ]
        for change, tampered in cases:
            with self.subTest(change=change):
                form = ExampleForm({**VALID, **change})
                form.is_valid()
                self.assertEqual(is_tampered(form), tampered)
