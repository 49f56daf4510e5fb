from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from nastavnik.monitoring.models import Denominators


class DenominatorsForm(forms.ModelForm):
    """The counts the KPIs divide by, for one school year; a field left empty
    makes its KPI «нет данных»."""

    class Meta:
        model = Denominators
        fields = [
            "reference_date",
            "children",
            "youths",
            "young_teachers",
            "enterprises",
        ]
        widgets = {"reference_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, own: dict | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reference_date"].widget.format = "%Y-%m-%d"
        for name, value in (own or {}).items():
            if value is not None and name in self.fields:
                self.fields[name].help_text = _("Starting figure: %(n)s.") % {
                    "n": value
                }

    def clean_reference_date(self) -> date:
        day = self.cleaned_data["reference_date"]
        year = self.instance.school_year
        if not (date(year, 1, 1) <= day <= date(year + 1, 12, 31)):
            raise forms.ValidationError(
                _("Take the ages on a day of the school year %(year)s/%(next)s.")
                % {"year": year, "next": year + 1}
            )
        return day


class DateForm(forms.Form):
    """«Figures on»: the day the KPIs are computed for."""

    on = forms.DateField(
        label=_("Figures on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].widget.format = "%Y-%m-%d"
