from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from nastavnik.lib.dates import SchoolYear
from nastavnik.orgs.models import Organisation
from nastavnik.pairs.models import ClosureReason, Pairing, PairingMember
from nastavnik.people.forms import ANY_FEMININE
from nastavnik.people.models import Person
from nastavnik.programmes.models import MentorshipForm, Programme


class CodeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class PairingForm(forms.Form):
    """Forming a pair or group by hand: the mentees chosen on the page before,
    a mentor, the programme and form, the goal and the period."""

    mentees = forms.ModelMultipleChoiceField(
        Person.objects.none(), to_field_name="code", label=_("mentees")
    )
    mentor = forms.ModelChoiceField(
        Person.objects.none(),
        to_field_name="code",
        label=_("mentor"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a mentor.")},
    )
    programme = forms.ModelChoiceField(
        Programme.objects.none(), to_field_name="code", label=_("programme")
    )
    form = forms.ModelChoiceField(
        MentorshipForm.objects.none(),
        to_field_name="code",
        label=_("form of mentorship"),
    )
    goal = forms.CharField(
        label=_("goal"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    period_start = forms.DateField(label=_("from"))
    period_end = forms.DateField(label=_("until"))

    def __init__(
        self,
        *args,
        organisation: Organisation,
        mentees,
        mentors,
        today,
        **kwargs,
    ) -> None:
        year = SchoolYear.of(today)
        kwargs["initial"] = {
            "period_start": today,
            "period_end": year.end,
            **(kwargs.get("initial") or {}),
        }
        super().__init__(*args, **kwargs)
        self.fields["mentees"].queryset = mentees
        self.fields["mentor"].queryset = mentors
        programmes = Programme.objects.filter(
            organisation=organisation, status__in=Programme.TAKING_PAIRS
        ).order_by("-school_year", "title")
        self.fields["programme"].queryset = programmes
        self.fields["form"].queryset = MentorshipForm.objects.available_to(
            organisation
        ).filter(is_active=True)
        if len(programmes) == 1:
            self.fields["programme"].initial = programmes[0].code

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and start > end:
            self.add_error("period_end", _("The period ends before it starts."))
        return data


class BoardFilterForm(forms.Form):
    """The filters of the pairs board: every field is optional."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    programme = forms.ChoiceField(label=_("programme"), required=False)
    form = forms.ChoiceField(label=_("form of mentorship"), required=False)

    def __init__(
        self,
        *args,
        organisation: Organisation,
        choices: dict[str, list] | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = choices or self.choices_for(organisation)
        self.fields["programme"].choices = choices["programme"]
        self.fields["form"].choices = choices["form"]

    @staticmethod
    def choices_for(organisation: Organisation) -> dict[str, list]:
        """The programmes of the organisation and the forms its pairs use."""
        programmes = Programme.objects.filter(organisation=organisation).order_by(
            "-school_year", "title"
        )
        used = MentorshipForm.objects.filter(pairings__organisation=organisation)
        return {
            "programme": [("", ANY_FEMININE)]
            + [
                (str(code), title)
                for code, title in programmes.values_list("code", "title")
            ],
            "form": [("", ANY_FEMININE)]
            + [
                (str(code), name)
                for code, name in used.distinct()
                .order_by("name")
                .values_list("code", "name")
            ],
        }

    def applied(self) -> tuple[str, str, str] | None:
        """The filters in force (programme, form, search), None when they
        are invalid and every pair is shown."""
        if not self.is_valid():
            return None
        data = self.cleaned_data
        return (data["programme"], data["form"], data["q"])

    def apply(self, pairings: QuerySet[Pairing], organisation: Organisation):
        """``pairings`` narrowed to the filters (all of them when invalid)."""
        if not self.is_valid():
            return pairings
        data = self.cleaned_data
        if data["programme"]:
            pairings = pairings.filter(programme__code=data["programme"])
        if data["form"]:
            pairings = pairings.filter(form__code=data["form"])
        if data["q"].strip():
            people = Person.objects.for_organisation(organisation).search(data["q"])
            members = PairingMember.objects.filter(
                until__isnull=True, person__in=people
            )
            pairings = pairings.filter(pk__in=members.values("pairing"))
        return pairings


class OrderForm(forms.Form):
    """A new order: the confirmed pairs it fixes."""

    pairings = forms.ModelMultipleChoiceField(
        Pairing.objects.none(),
        to_field_name="code",
        label=_("pairs and groups"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one confirmed pair.")},
    )

    def __init__(self, *args, pairings, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pairings"].queryset = pairings


class ReplacementForm(forms.Form):
    """Replacing a mentor of a pair fixed by order."""

    old = forms.ModelChoiceField(
        Person.objects.none(),
        to_field_name="code",
        label=_("mentor who leaves"),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    new = forms.ModelChoiceField(
        Person.objects.none(),
        to_field_name="code",
        label=_("new mentor"),
        empty_label=_("— choose from the mentor base —"),
        error_messages={"required": _("Choose the new mentor.")},
    )
    day = forms.DateField(label=_("replaced on"))
    note = forms.CharField(
        label=_("reason"),
        required=False,
        max_length=300,
        help_text=_("For example «перевод в другую школу»: it goes to the history."),
    )

    def __init__(self, *args, mentors, candidates, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old"].queryset = mentors
        self.fields["new"].queryset = candidates
        if len(mentors) == 1:
            self.fields["old"].initial = mentors[0].code


class OrderSignForm(forms.Form):
    number = forms.CharField(label=_("order number"), max_length=50)
    date = forms.DateField(label=_("order date"))


class ClosureForm(forms.Form):
    """Closing a pair: successfully with its result, or early with a reason."""

    reason = forms.ModelChoiceField(
        ClosureReason.objects.none(),
        label=_("reason for early closure"),
        required=False,
        empty_label=_("none: the pair reached its goal"),
    )
    note = forms.CharField(
        label=_("result"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    day = forms.DateField(label=_("closed on"))

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].queryset = ClosureReason.objects.filter(
            Q(organisation=None) | Q(organisation=organisation), is_active=True
        )
