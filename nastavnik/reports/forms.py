from __future__ import annotations

from datetime import date

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from nastavnik.reports import filling, transfer
from nastavnik.reports.models import Report
from nastavnik.reports.periods import Kind, Period, started

# How far back the curator may open a report: this school year and the last.
YEARS_BACK = 2


class ReportCreateForm(forms.Form):
    """The period of a new report: one of those started in the last school
    years that the organisation has no report for yet."""

    period = forms.ChoiceField(label=_("Period"))

    def __init__(self, *args, since: date, today: date, taken: set, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = []
        for kind, label in Kind.choices:
            periods = [
                p
                for p in reversed(started(kind, since, today))
                if (p.kind, p.start) not in taken
            ]
            if periods:
                choices.append((label, [(p.key, capfirst(p.label)) for p in periods]))
        self.fields["period"].choices = choices
        self.fields["period"].help_text = _(
            "Monthly reports are due on the 25th of the month (seed 003); "
            "quarterly and half-year ones, for which no seed gives a day, on "
            "the 25th of the period's last month."
        )

    def clean_period(self) -> Period:
        kind, _sep, start = self.cleaned_data["period"].partition(":")
        return Period.parse(kind, start)


class ReportTextForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["events", "monitoring", "cases", "notes"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}


class CorrectionForm(forms.Form):
    """One figure corrected by the curator, with the reason; an empty value
    takes the correction back."""

    key = forms.ChoiceField(
        label=_("Figure"),
        choices=lambda: [(f.key, f"{f.section}: {f.label}") for f in filling.FIELDS],
    )
    value = forms.IntegerField(
        label=_("Corrected value"),
        min_value=0,
        required=False,
        help_text=_("Leave empty to take the correction back."),
    )
    note = forms.CharField(
        label=_("Why"), max_length=500, required=False, widget=forms.TextInput
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("value") is not None and not (data.get("note") or "").strip():
            self.add_error("note", _("Say why the figure is corrected."))
        return data


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What the school should fix"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class PeriodsForm(forms.Form):
    """The coordinator's choice of kind and school year."""

    kind = forms.ChoiceField(label=_("Reports"), choices=Kind.choices, required=False)
    year = forms.IntegerField(
        label=_("School year from"), min_value=2000, max_value=2100, required=False
    )


class TransferKeyForm(forms.Form):
    """The key the municipal centre issued, entered on the school's server."""

    key = forms.CharField(
        label=_("Report transfer key"),
        max_length=100,
        help_text=_("The 43 characters the municipal centre gave you, as they are."),
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )

    def clean_key(self) -> str:
        key = self.cleaned_data["key"].strip()
        if not transfer.KEY_PATTERN.fullmatch(key):
            raise forms.ValidationError(
                _(
                    "This is not a transfer key: it has 43 Latin letters, digits, "
                    "«-» and «_». Copy it again without spaces."
                )
            )
        return key


class ImportForm(forms.Form):
    """A report file a school exported on its own server."""

    file = forms.FileField(
        label=_("Report file"),
        help_text=_(
            "The file ending in «.nastavnik-report.json» that the school "
            "exported on its own server and sent you."
        ),
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > transfer.MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large to be a report (at most 1 MB).")
            )
        return upload.read()
