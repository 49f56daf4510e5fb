from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from nastavnik.monitoring.models import Denominators, Target


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


class TargetsForm(forms.Form):
    """A municipality's or a region's own targets of the six KPIs for one
    year, in per cent; a field left empty keeps the target it inherits (the
    region's, then seed 001's), which its help text names."""

    def __init__(
        self,
        *args,
        level: dict,
        year: int,
        indicators: list,
        inherited: dict,
        **kwargs,
    ) -> None:
        self.level, self.year = level, year
        own = {t.kpi: t for t in Target.objects.filter(**level, year=year)}
        self.own = own
        kwargs.setdefault("initial", {f"kpi_{kpi}": t.value for kpi, t in own.items()})
        super().__init__(*args, **kwargs)
        for indicator in indicators:
            number = indicator.number
            field = forms.DecimalField(
                label=f"{number}. {indicator.title}",
                required=False,
                min_value=Decimal(0),
                max_value=Decimal(100),
                max_digits=4,
                decimal_places=1,
                # «75,5» as a Russian types it
                localize=True,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )
            if number in inherited:
                value, source = inherited[number]
                field.help_text = _("Empty: %(value)s %% (%(source)s).") % {
                    "value": f"{value:g}".replace(".", ","),
                    "source": source,
                }
            else:
                field.help_text = _("Empty: no target.")
            self.fields[f"kpi_{number}"] = field

    @transaction.atomic
    def save(self) -> None:
        for name, value in self.cleaned_data.items():
            kpi = int(name.removeprefix("kpi_"))
            if value is None:
                Target.objects.filter(**self.level, year=self.year, kpi=kpi).delete()
            else:
                Target.objects.update_or_create(
                    **self.level, year=self.year, kpi=kpi, defaults={"value": value}
                )


class NoteForm(forms.Form):
    """What the analytical note is about, and the curator's conclusions
    (left empty, the note has lines to write them on by hand)."""

    subject = forms.ChoiceField(
        label=_("The note is about"),
        choices=[
            ("formation", _("the formation of pairs and groups (stage 5)")),
            ("results", _("the results of the programme (stage 7)")),
        ],
        initial="formation",
        widget=forms.RadioSelect,
    )
    conclusions = forms.CharField(
        label=_("Conclusions and recommendations"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("A paragraph per line. Empty: the note has lines to write on."),
    )
