from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from nastavnik.matching import scoring
from nastavnik.orgs.models import Organisation
from nastavnik.programmes.models import MentorshipForm, Programme


class RunForm(forms.Form):
    """A new matching run: the programme and form, the weight of each
    criterion and the options."""

    programme = forms.ModelChoiceField(
        Programme.objects.none(), to_field_name="code", label=_("programme")
    )
    form = forms.ModelChoiceField(
        MentorshipForm.objects.none(),
        to_field_name="code",
        label=_("form of mentorship"),
    )
    min_score = forms.IntegerField(
        label=_("minimum score"),
        min_value=0,
        max_value=1000,
        initial=0,
        help_text=_(
            "A mentee stays unmatched rather than get a pair scoring less "
            "(0 to 1000; 0 matches as many as possible)."
        ),
    )
    training_required = forms.BooleanField(
        label=_("only mentors who finished the training"), required=False
    )
    groups = forms.BooleanField(
        label=_("a mentor's mentees work as one group"), required=False
    )

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        programmes = Programme.objects.filter(
            organisation=organisation, status__in=Programme.TAKING_PAIRS
        ).order_by("-school_year", "title")
        self.fields["programme"].queryset = programmes
        if len(programmes) == 1:
            self.fields["programme"].initial = programmes[0].code
        self.fields["form"].queryset = MentorshipForm.objects.available_to(
            organisation
        ).filter(is_active=True)
        for key, weight in scoring.DEFAULT_WEIGHTS.items():
            self.fields[f"weight_{key}"] = forms.IntegerField(
                label=scoring.CRITERIA_LABELS[key],
                min_value=0,
                max_value=100,
                initial=weight,
            )
        for field in self.fields.values():
            field.label = capfirst(field.label)

    def weight_fields(self):
        return [self[f"weight_{key}"] for key in scoring.DEFAULT_WEIGHTS]

    def weights(self) -> dict[str, int]:
        return {
            key: self.cleaned_data[f"weight_{key}"] for key in scoring.DEFAULT_WEIGHTS
        }
