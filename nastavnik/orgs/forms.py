from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from nastavnik.orgs.models import Organisation


class OrganisationForm(forms.ModelForm):
    """What a school edits itself; type, INN and municipality are the back office's."""

    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = [
            "name",
            "short_name",
            "address",
            "head_name",
            "head_position",
            "phone",
            "email",
            "website",
            "time_zone",
        ]
        widgets = {"name": forms.Textarea(attrs={"rows": 2})}
