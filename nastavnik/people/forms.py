from __future__ import annotations

from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from nastavnik.people.models import (
    CLASS_RE,
    FEDERAL_FORMS,
    MenteeProfile,
    MentorProfile,
    Person,
    SensitiveInfo,
    Topic,
)
from nastavnik.people.personal_data import Reason

DATE_WIDGET = forms.DateInput(attrs={"placeholder": "дд.мм.гггг"})


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "last_name",
            "first_name",
            "patronymic",
            "birth_date",
            "category",
            "class_name",
            "position",
            "experience_years",
            "employer_name",
            "employer_inn",
            "email",
            "phone",
        ]
        widgets = {"birth_date": DATE_WIDGET}

    def clean_class_name(self) -> str:
        value = self.cleaned_data["class_name"].strip().upper().replace(" ", "")
        value = value.replace("-", "").replace("–", "")
        if value and not CLASS_RE.match(value):
            raise forms.ValidationError(
                _("Write the class as a number from 1 to 11 and a letter, like 7Б.")
            )
        return value

    def clean(self) -> dict:
        data = super().clean()
        if data.get("category") == Person.Category.PUPIL:
            if not data.get("birth_date"):
                self.add_error("birth_date", _("A pupil needs a birth date."))
            if not data.get("class_name"):
                self.add_error("class_name", _("A pupil needs a class."))
        return data


class MentorProfileForm(forms.ModelForm):
    topics = forms.ModelMultipleChoiceField(
        Topic.objects.filter(is_active=True),
        label=_("topics"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    forms_ready = forms.MultipleChoiceField(
        choices=FEDERAL_FORMS,
        label=_("forms ready for"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = MentorProfile
        fields = [
            "source",
            "status",
            "paused_until",
            "competences",
            "topics",
            "forms_ready",
            "capacity",
            "availability",
            "format",
            "motivation",
            "interview_date",
            "interviewed_with_psychologist",
            "interview_notes",
            "training_done",
            "training_date",
            "long_term",
            "former_mentee",
        ]
        widgets = {
            "paused_until": DATE_WIDGET,
            "interview_date": DATE_WIDGET,
            "training_date": DATE_WIDGET,
            "competences": forms.Textarea(attrs={"rows": 3}),
            "motivation": forms.Textarea(attrs={"rows": 3}),
            "interview_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self) -> dict:
        data = super().clean()
        if data.get("status") != MentorProfile.Status.PAUSED:
            data["paused_until"] = None
        if data.get("training_date") and not data.get("training_done"):
            self.add_error(
                "training_done", _("Tick «training done» or clear the training date.")
            )
        return data


class MenteeProfileForm(forms.ModelForm):
    topics = forms.ModelMultipleChoiceField(
        Topic.objects.filter(is_active=True),
        label=_("topics"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = MenteeProfile
        fields = [
            "category",
            "status",
            "request",
            "topics",
            "stated_by",
            "baseline",
            "support_while_waiting",
        ]
        widgets = {
            "request": forms.Textarea(attrs={"rows": 3}),
            "baseline": forms.Textarea(attrs={"rows": 3}),
            "support_while_waiting": forms.Textarea(attrs={"rows": 2}),
        }


class SensitiveInfoForm(forms.ModelForm):
    class Meta:
        model = SensitiveInfo
        fields = [
            "disability",
            "on_register",
            "difficult_situation",
            "behaviour",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


# «any» agrees with the noun it stands for: «любой статус», «любая форма»,
# «любое согласие».
ANY_FEMININE = pgettext_lazy("filter option for a feminine noun", "any")
ANY_NEUTER = pgettext_lazy("filter option for a neuter noun", "any")
CONSENT_FILTERS = [
    ("", ANY_NEUTER),
    ("valid", _("consent given")),
    ("missing", _("no consent")),
    ("revoked", _("consent revoked")),
]
BASE_FILTERS = [
    ("", _("everyone")),
    ("mentors", _("mentor base")),
    ("mentees", _("mentee base")),
    ("none", _("in neither base")),
]


class PersonFilterForm(forms.Form):
    """The filters of the people lists: every field is optional."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = forms.ChoiceField(
        label=_("category"),
        required=False,
        choices=[("", ANY_FEMININE)] + Person.Category.choices,
    )
    class_name = forms.CharField(label=_("class"), required=False, max_length=10)
    base = forms.ChoiceField(label=_("base"), required=False, choices=BASE_FILTERS)
    consent = forms.ChoiceField(
        label=_("consent"), required=False, choices=CONSENT_FILTERS
    )
    status = forms.CharField(required=False, max_length=20)
    form = forms.ChoiceField(
        label=_("form"),
        required=False,
        choices=[("", ANY_FEMININE)] + FEDERAL_FORMS,
    )
    topic = forms.ModelChoiceField(
        Topic.objects.filter(is_active=True),
        label=_("topic"),
        required=False,
        to_field_name="code",
        empty_label=ANY_FEMININE,
    )
    training = forms.ChoiceField(
        label=_("training"),
        required=False,
        choices=[
            ("", ANY_NEUTER),
            ("done", _("done")),
            ("not_done", _("not done")),
        ],
    )
    sensitive = forms.BooleanField(label=_("special categories"), required=False)

    @cached_property
    def topic_choices(self) -> list:
        """The topic select's options, read in one query (a template reading
        the field's lazy choices counts them first: one query more)."""
        return list(iter(self.fields["topic"].choices))


BULK_ACTIONS = [
    ("add_mentees", _("Add to the mentee base")),
    ("add_mentors", _("Add to the mentor base")),
    ("mark_trained", _("Mark mentor training done")),
    ("approve_mentors", _("Approve as mentors")),
    ("request_consents", _("Ask the parents for consents")),
]


class BulkForm(forms.Form):
    action = forms.ChoiceField(choices=BULK_ACTIONS)
    people = forms.ModelMultipleChoiceField(Person.objects.none(), to_field_name="code")
    mentee_category = forms.ChoiceField(
        choices=MenteeProfile.Category.choices, required=False
    )

    def __init__(self, *args, people=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["people"].queryset = people


class AnonymiseForm(forms.Form):
    """Why the curator anonymises a person: the request the file keeps."""

    reason = forms.ChoiceField(
        label=_("Why"),
        choices=[
            (Reason.REQUEST, Reason.REQUEST.label),
            (Reason.REVOKED, Reason.REVOKED.label),
        ],
        widget=forms.RadioSelect,
    )
