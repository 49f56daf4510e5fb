"""Forms of the campaign pages: they parse and validate only."""

from __future__ import annotations

from datetime import date

from django import forms
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from nastavnik.orgs.models import Organisation
from nastavnik.people.models import Person
from nastavnik.programmes.models import MentorshipForm
from nastavnik.surveys.models import Kind, Question, Questionnaire, Version

DATE_WIDGET = forms.DateInput(attrs={"placeholder": _("dd.mm.yyyy")})
DATE_ERRORS = {"invalid": _("Write the date as dd.mm.yyyy, for example 28.05.2026.")}
# Their answers fill the bases or feed matching: they need the person.
NAMED_KINDS = (Kind.MENTOR, Kind.MENTEE, Kind.PREFERENCE)


class Audience:
    MENTEES = "mentees"
    MENTORS = "mentors"
    CLASS = "class"
    GRADE = "grade"
    CATEGORY = "category"
    FORM = "form"
    PEOPLE = "people"

    LABELS = {
        MENTEES: _("the mentee base"),
        MENTORS: _("the mentor base"),
        CLASS: _("a class"),
        GRADE: _("all classes of a grade"),
        CATEGORY: _("everyone of a category"),
        FORM: _("mentors of a form of mentorship"),
        PEOPLE: _("people I choose"),
    }


def current_versions(organisation: Organisation) -> QuerySet[Version]:
    """The current version of each questionnaire the organisation may send
    (shipped or its own) that has at least one question."""
    latest = (
        Version.objects.filter(questionnaire=OuterRef("questionnaire"))
        .order_by("-number")
        .values("pk")[:1]
    )
    return (
        Version.objects.filter(
            questionnaire__in=Questionnaire.objects.available_to(organisation)
        )
        .filter(pk=Subquery(latest))
        .filter(Exists(Question.objects.filter(section__version=OuterRef("pk"))))
        .annotate(
            has_ranking=Exists(
                Question.objects.filter(
                    section__version=OuterRef("pk"), type=Question.Type.RANKING
                )
            )
        )
        .select_related("questionnaire")
        .order_by(
            "questionnaire__organisation", "questionnaire__kind", "questionnaire__title"
        )
    )


def classes_of(organisation: Organisation) -> list[str]:
    """The classes of the organisation's pupils, «1А» before «10Б»."""
    names = (
        Person.objects.for_organisation(organisation)
        .present()
        .pupils()
        .exclude(class_name="")
        .values_list("class_name", flat=True)
        .distinct()
    )

    def key(name: str) -> tuple:
        digits = "".join(c for c in name if c.isdigit())
        return (int(digits) if digits else 99, name)

    return sorted(set(names), key=key)


def grade_of(class_name: str) -> int | None:
    """The grade of a class: 7 for «7Б», None for a name without one."""
    digits = ""
    for char in class_name:
        if not char.isdigit():
            break
        digits += char
    return int(digits) if digits else None


def grades_of(organisation: Organisation) -> list[int]:
    """The grades of the organisation's classes, in order."""
    grades = {grade_of(name) for name in classes_of(organisation)}
    return sorted(grade for grade in grades if grade is not None)


def categories_of(organisation: Organisation) -> list[tuple[str, str]]:
    """The categories the organisation's present people have, as choices."""
    used = set(
        Person.objects.for_organisation(organisation)
        .present()
        .values_list("category", flat=True)
        .distinct()
    )
    return [(value, label) for value, label in Person.Category.choices if value in used]


def _capitalise(form: forms.Form) -> None:
    """Labels start with a capital letter on the page, not in the msgids
    (they double as lower-case words elsewhere)."""
    for field in form.fields.values():
        field.label = capfirst(field.label)


class VersionSelect(forms.Select):
    """A select whose options carry data attributes (the page's script reads
    them to preset «anonymous» and show the people to rank)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.option_data: dict[str, dict[str, str]] = {}

    def create_option(self, name, value, *args, **kwargs) -> dict:
        option = super().create_option(name, value, *args, **kwargs)
        option["attrs"].update(self.option_data.get(str(value), {}))
        return option


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, version: Version) -> str:
        questionnaire = version.questionnaire
        if questionnaire.is_shipped:
            return str(questionnaire.title)
        return _("%(title)s (own, version %(number)s)") % {
            "title": questionnaire.title,
            "number": version.number,
        }


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, person: Person) -> str:
        return person.full_name


class CampaignForm(forms.Form):
    version = VersionChoiceField(
        label=_("questionnaire"),
        queryset=Version.objects.none(),
        to_field_name="code",
        empty_label=_("— choose the questionnaire —"),
        widget=VersionSelect,
        error_messages={"required": _("Choose the questionnaire.")},
    )
    title = forms.CharField(
        label=_("title"),
        max_length=300,
        help_text=_("Respondents see it, for example «Анкета наставляемого, 7Б»."),
    )
    deadline = forms.DateField(
        label=_("answer by"), widget=DATE_WIDGET, error_messages=DATE_ERRORS
    )
    anonymous = forms.BooleanField(
        label=_("anonymous: answers are not linked to names"), required=False
    )
    editable = forms.BooleanField(
        label=_("answers can be changed until the deadline"), required=False
    )
    audience = forms.ChoiceField(
        label=_("send to"),
        widget=forms.RadioSelect,
        choices=list(Audience.LABELS.items()),
        initial=Audience.MENTEES,
    )
    class_name = forms.ChoiceField(label=_("class"), required=False)
    grade = forms.TypedChoiceField(label=_("grade"), required=False, coerce=int)
    category = forms.ChoiceField(label=_("category"), required=False)
    form = forms.ModelChoiceField(
        label=_("form of mentorship"),
        queryset=MentorshipForm.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("— choose the form —"),
    )
    q = forms.CharField(label=_("find people"), required=False, max_length=100)
    # The hand-picked people: only those ticked and those a search finds are
    # listed, never the whole base.
    people = PersonChoiceField(
        label=_("people"),
        queryset=Person.objects.none(),
        required=False,
        to_field_name="code",
    )
    candidates = PersonChoiceField(
        label=_("mentors to rank"),
        queryset=Person.objects.none(),
        required=False,
        to_field_name="code",
    )

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _capitalise(self)
        self.organisation = organisation
        versions = current_versions(organisation)
        self.fields["version"].queryset = versions
        self.fields["version"].widget.option_data = {
            str(v.code): {
                "data-anonymous": "1" if v.anonymous else "",
                "data-title": v.questionnaire.title,
                "data-ranking": "1" if v.has_ranking else "",
            }
            for v in versions
        }
        self.fields["class_name"].choices = [("", _("— choose the class —"))] + [
            (name, name) for name in classes_of(organisation)
        ]
        self.fields["grade"].choices = [("", _("— choose the grade —"))] + [
            (grade, grade) for grade in grades_of(organisation)
        ]
        self.fields["category"].choices = [
            ("", _("— choose the category —"))
        ] + categories_of(organisation)
        self.fields["form"].queryset = MentorshipForm.objects.available_to(organisation)
        self.fields["people"].queryset = Person.objects.for_organisation(
            organisation
        ).present()
        self.fields["candidates"].queryset = (
            Person.objects.for_organisation(organisation).mentors().eligible()
        )

    def clean_deadline(self) -> date:
        day = self.cleaned_data["deadline"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("The deadline cannot be in the past."))
        return day

    def clean(self) -> dict:
        data = super().clean()
        audience = data.get("audience")
        if audience == Audience.CLASS and not data.get("class_name"):
            self.add_error("class_name", _("Choose the class."))
        if audience == Audience.GRADE and not data.get("grade"):
            self.add_error("grade", _("Choose the grade."))
        if audience == Audience.CATEGORY and not data.get("category"):
            self.add_error("category", _("Choose the category."))
        if audience == Audience.FORM and not data.get("form"):
            self.add_error("form", _("Choose the form of mentorship."))
        if audience == Audience.PEOPLE and not data.get("people"):
            self.add_error("people", _("Tick at least one person."))
        version = data.get("version")
        if version is None:
            return data
        if version.has_ranking and not data.get("candidates"):
            self.add_error(
                "candidates",
                _("The questionnaire asks to rank mentors: tick whom it offers."),
            )
        if data.get("anonymous"):
            if version.questionnaire.kind in NAMED_KINDS:
                self.add_error(
                    "anonymous",
                    _(
                        "This questionnaire fills the people bases or the "
                        "preferences for matching: it cannot be anonymous."
                    ),
                )
            if data.get("editable"):
                self.add_error(
                    "editable",
                    _(
                        "An anonymous link works once: its answers cannot be "
                        "changed. Untick one of the two."
                    ),
                )
        return data


class DeadlineForm(forms.Form):
    deadline = forms.DateField(
        label=_("new deadline"), widget=DATE_WIDGET, error_messages=DATE_ERRORS
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _capitalise(self)

    def clean_deadline(self) -> date:
        day = self.cleaned_data["deadline"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("The deadline cannot be in the past."))
        return day


class InvitationForm(forms.Form):
    """Which invitation of the campaign an action is for (a hidden field)."""

    invitation = forms.UUIDField(widget=forms.HiddenInput)
