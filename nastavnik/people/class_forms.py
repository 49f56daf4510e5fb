"""Forms of a class's consents: the request for all of them, the returned papers."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from nastavnik.people.consent_forms import ConsentTermsForm
from nastavnik.people.models import Consent

DATE_WIDGET = forms.DateInput(attrs={"placeholder": "дд.мм.гггг", "size": 10})


class ClassRequestForm(ConsentTermsForm):
    """The terms of the consents asked of a whole class's parents."""


class PaperMarksForm(forms.Form):
    """The returned paper forms of a class: a tick and the date signed per pupil.

    ``day`` fills the ticked rows left without a date of their own. The cleaned
    data's ``marks`` lists (consent, day) of the ticked rows.
    """

    day = forms.DateField(
        label=_("Signed on, for ticked rows without a date"),
        required=False,
        widget=DATE_WIDGET,
    )

    def __init__(self, *args, consents: list[Consent], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.consents = consents
        for consent in consents:
            self.fields[f"signed_{consent.code}"] = forms.BooleanField(
                label=consent.person.full_name, required=False
            )
            label = _("Date signed: %(name)s") % {"name": consent.person.full_name}
            self.fields[f"day_{consent.code}"] = forms.DateField(
                label=label,
                required=False,
                widget=forms.DateInput(
                    attrs={"placeholder": "дд.мм.гггг", "size": 10, "aria-label": label}
                ),
            )

    def rows(self) -> list[tuple]:
        return [
            (consent, self[f"signed_{consent.code}"], self[f"day_{consent.code}"])
            for consent in self.consents
        ]

    def clean(self) -> dict:
        data = super().clean()
        marks = []
        for consent in self.consents:
            name = f"day_{consent.code}"
            if not data.get(f"signed_{consent.code}") or name in self.errors:
                continue
            day = data.get(name) or data.get("day")
            if day is None:
                self.add_error(name, _("Enter the date the form was signed."))
            elif error := consent.paper_date_error(day):
                self.add_error(name, error)
            else:
                marks.append((consent, day))
        if not marks and not self.errors:
            raise forms.ValidationError(
                _("Tick the pupils whose signed forms have come back.")
            )
        data["marks"] = marks
        return data
