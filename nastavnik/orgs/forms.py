from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from nastavnik.lib import docx
from nastavnik.orgs.documents import KINDS
from nastavnik.orgs.models import Organisation


class OrganisationForm(forms.ModelForm):
    """What a school edits itself; type, INN and municipality are the back office's."""

    website = forms.URLField(
        label=_("website"),
        required=False,
        assume_scheme="https",
        help_text=_(
            "Consents to the dissemination of personal data name this site, as "
            "the law requires: they are not printed without it."
        ),
    )

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


class DocumentTemplateForm(forms.Form):
    """An organisation's own version of one document's template."""

    kind = forms.ChoiceField(
        choices=[(kind.key, kind.title) for kind in KINDS], widget=forms.HiddenInput
    )
    file = forms.FileField(
        label=_("Your version of the document (.docx)"),
        help_text=_(
            "Download the standard form, change it in Word or LibreOffice "
            "and upload it here. Keep the fields in double braces: the "
            "program fills them in."
        ),
    )

    def clean_file(self) -> bytes:
        file = self.cleaned_data["file"]
        if file.size > docx.MAX_TEMPLATE_SIZE:
            raise forms.ValidationError(
                _("The file is larger than 5 MB: this is not a form.")
            )
        return file.read()
