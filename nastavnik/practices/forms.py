from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from nastavnik.orgs.models import Organisation
from nastavnik.pairs.models import Pairing, PairingMember
from nastavnik.people.models import Person, Topic
from nastavnik.practices.models import Award, AwardOrder, Case
from nastavnik.programmes.models import MentorshipForm


class PairingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Pairing) -> str:
        names = ", ".join(
            m.person.short_name
            for m in obj.members.all()
            if m.until is None and m.role == PairingMember.Role.MENTOR
        )
        return f"{names or '—'} · {obj.form.name} ({obj.period_start:%d.%m.%Y})"


class CaseForm(forms.ModelForm):
    """A case of one of the organisation's pairs; the choices are the
    organisation's own, so another school's pair is an invalid choice."""

    pairing = PairingChoiceField(
        queryset=Pairing.objects.none(), label=_("pair or group")
    )

    class Meta:
        model = Case
        fields = [
            "title",
            "pairing",
            "form",
            "topics",
            "mentor_description",
            "mentee_description",
            "names_mentors",
            "names_mentees",
            "done",
            "result",
            "lesson",
        ]
        widgets = {
            "topics": forms.CheckboxSelectMultiple,
            "done": forms.Textarea(attrs={"rows": 5}),
            "result": forms.Textarea(attrs={"rows": 4}),
            "lesson": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pairing"].queryset = (
            Pairing.objects.for_organisation(organisation)
            .select_related("form")
            .prefetch_related("members__person")
            .order_by("-period_start", "pk")
        )
        self.fields["form"].queryset = MentorshipForm.objects.available_to(organisation)
        self.fields["topics"].queryset = Topic.objects.filter(is_active=True)
        self.fields["topics"].required = False


class CaseSearchForm(forms.Form):
    """The public page's filters: a form of mentorship and a topic."""

    form = forms.ModelChoiceField(
        queryset=MentorshipForm.objects.none(),
        to_field_name="code",
        required=False,
        label=_("Form of mentorship"),
        empty_label=_("any"),
    )
    topic = forms.ModelChoiceField(
        queryset=Topic.objects.none(),
        to_field_name="code",
        required=False,
        label=_("Topic"),
        empty_label=_("any"),
    )

    def __init__(self, *args, forms_qs, topics_qs, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["form"].queryset = forms_qs
        self.fields["topic"].queryset = topics_qs


class AwardOrderForm(forms.ModelForm):
    class Meta:
        model = AwardOrder
        fields = ["number", "date"]


class MentorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return ", ".join(p for p in (obj.full_name, obj.position) if p)


class AwardForm(forms.ModelForm):
    """An award to a mentor of the organisation's mentor base."""

    person = MentorChoiceField(queryset=Person.objects.none(), label=_("mentor"))

    class Meta:
        model = Award
        fields = ["person", "kind", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, order: AwardOrder, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.order = order
        self.fields["person"].queryset = Person.objects.for_organisation(
            order.organisation
        ).mentors()

    def clean(self) -> dict:
        # the order is not a field of the form, so Django does not check the
        # unique constraint that names it: checked here, before saving
        cleaned = super().clean()
        if self.instance.order.awards.filter(
            person=cleaned.get("person"), kind=cleaned.get("kind")
        ).exists():
            raise forms.ValidationError(
                Award._meta.constraints[0].violation_error_message
            )
        return cleaned
