"""Forms of the campaign pages: they parse and validate only."""

from __future__ import annotations

import dataclasses
from datetime import date

from django import forms
from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from nastavnik.lib import fragments, prepared
from nastavnik.orgs.models import Organisation
from nastavnik.people.models import (
    Consent,
    Person,
    class_key,
    status_in_base,
)
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
        FORM: _("members of the pairs and groups of a form of mentorship"),
        PEOPLE: _("people I choose"),
    }


# The statuses of pairs.models.Pairing once the pair is fixed by order: its
# WORKING_STAGES, PAUSED and ENDED (closed pairs too: the satisfaction
# questionnaires are sent at closure). Surveys sits below the pairs app and
# does not import it; a test keeps the two in step.
FIXED_PAIR_STATUSES = (
    "fixed",
    "introduced",
    "trial",
    "planning",
    "working",
    "final",
    "paused",
    "closed",
    "closed_early",
)
# The roles of pairs.models.PairingMember.
MENTEE_ROLE, MENTOR_ROLE = "mentee", "mentor"
# The questionnaires about the mentee's side and about the mentor's.
MENTEE_SIDE_KINDS = (Kind.SATISFACTION_MENTEE, Kind.MENTEE, Kind.ENTRY, Kind.EXIT)
MENTOR_SIDE_KINDS = (Kind.SATISFACTION_MENTOR, Kind.MENTOR)


def pair_role(kind: str) -> str | None:
    """Which members of a pair a questionnaire of ``kind`` is for:
    ``MENTEE_ROLE``, ``MENTOR_ROLE``, or None for both sides."""
    if kind in MENTEE_SIDE_KINDS:
        return MENTEE_ROLE
    if kind in MENTOR_SIDE_KINDS:
        return MENTOR_ROLE
    return None


def pair_members(
    people: QuerySet[Person], role: str | None, **pairs
) -> QuerySet[Person]:
    """Those of ``people`` who are still members (as ``role``, or either if
    None) of the pairs and groups that the lookups ``pairs`` pick, such as
    ``form=form`` or ``code=code``: through the relation names of the pairs
    app's models, which this app does not import."""
    lookups = {f"pairings__pairing__{key}": value for key, value in pairs.items()}
    lookups["pairings__until__isnull"] = True  # those who left are no members
    if role:
        lookups["pairings__role"] = role
    # One filter() call: every lookup is about the same membership row.
    return people.filter(**lookups).distinct()


def current_versions(organisation: Organisation | int) -> QuerySet[Version]:
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


def grade_of(class_name: str) -> int | None:
    """The grade of a class: 7 for «7Б», None for a name without one."""
    digits = ""
    for char in class_name:
        if not char.isdigit():
            break
        digits += char
    return int(digits) if digits else None


def _zero(**key) -> dict:
    return {**key, "total": 0, "eligible": 0}


@dataclasses.dataclass
class AudienceCounts:
    """What the new campaign form offers to send to, with how many people
    each audience has and how many of them may be asked (a valid consent to
    the processing of their data).

    ``classes``, ``grades`` and ``categories`` are lists of dicts with
    ``total``, ``eligible`` and ``option`` (the text of the option that
    offers them); ``mentees`` and ``mentors`` are such dicts."""

    mentees: dict
    mentors: dict
    classes: list[dict]
    grades: list[dict]
    categories: list[dict]

    def classes_of_grade(self, grade: int) -> list[str]:
        return [
            row["class_name"]
            for row in self.classes
            if grade_of(row["class_name"]) == grade
        ]


def _audience_rows(organisation_id: int, today: date) -> QuerySet:
    # The bases through their profiles' status (joined, not a subquery
    # each: this page is opened often), judged by ``status_in_base``.
    valid = Consent.objects.processing().valid(today).filter(person=OuterRef("pk"))
    return (
        Person.objects.filter(organisation=organisation_id)
        .present()
        .order_by()
        .annotate(consent=Exists(valid))
        .values_list(
            "category",
            "class_name",
            "mentee_profile__status",
            "mentor_profile__status",
            "consent",
        )
        .annotate(n=Count("pk"))
    )


def audience_counts(organisation: Organisation, today: date) -> AudienceCounts:
    """The audiences of the organisation's present people: one grouped query
    by category and class, compiled once per process."""
    rows = prepared.rows(_audience_rows, organisation_id=organisation.pk, today=today)
    mentees = {"total": 0, "eligible": 0}
    mentors = {"total": 0, "eligible": 0}
    by_class: dict[str, dict] = {}
    by_category: dict[str, dict] = {}
    for category, class_name, mentee, mentor, consent, n in rows:
        mentee, mentor = status_in_base(mentee), status_in_base(mentor)
        counted = [by_category.setdefault(category, _zero(category=category))]
        if category == Person.Category.PUPIL and class_name:
            counted.append(
                by_class.setdefault(class_name, _zero(class_name=class_name))
            )
        if mentee:
            counted.append(mentees)
        if mentor:
            counted.append(mentors)
        for counts in counted:
            counts["total"] += n
            counts["eligible"] += n if consent else 0
    classes = [by_class[name] for name in sorted(by_class, key=class_key)]
    by_grade: dict[int, dict] = {}
    for row in classes:
        grade = grade_of(row["class_name"])
        if grade is not None:
            counts = by_grade.setdefault(grade, _zero(grade=grade))
            counts["total"] += row["total"]
            counts["eligible"] += row["eligible"]
    grades = [by_grade[grade] for grade in sorted(by_grade)]
    categories = [
        by_category[value] | {"label": str(label)}
        for value, label in Person.Category.choices
        if value in by_category
    ]
    # the options' text, translated once here, not per option in the template
    for row in classes:
        row["option"] = gettext(
            "%(name)s: %(total)s pupils, %(eligible)s with consent"
        ) % {"name": row["class_name"], **row}
    for row in grades:
        row["value"] = str(row["grade"])  # as the form's value is written
        row["option"] = (
            gettext("grade %(grade)s: %(total)s pupils, %(eligible)s with consent")
            % row
        )
    for row in categories:
        row["option"] = gettext(
            "%(name)s: %(total)s people, %(eligible)s with consent"
        ) % {"name": capfirst(row["label"]), **row}
    return AudienceCounts(mentees, mentors, classes, grades, categories)


def _version_label(version: Version) -> str:
    questionnaire = version.questionnaire
    if questionnaire.is_shipped:
        return str(questionnaire.title)
    return _("%(title)s (own, version %(number)s)") % {
        "title": questionnaire.title,
        "number": version.number,
    }


def _version_rows(organisation_id: int) -> QuerySet:
    return current_versions(organisation_id).values_list(
        "code",
        "questionnaire__organisation",
        "questionnaire__title",
        "number",
        "anonymous",
        "has_ranking",
    )


def _choices(organisation: Organisation, today: date) -> dict:
    versions = prepared.rows(_version_rows, organisation_id=organisation.pk)
    return {
        # the questionnaires, with what the page's script reads from their
        # options (to preset «anonymous» and show the mentors to rank); the
        # label as VersionChoiceField writes it
        "versions": [
            {
                "code": str(code),
                "label": title
                if owner is None
                else _("%(title)s (own, version %(number)s)")
                % {"title": title, "number": number},
                "title": title,
                "anonymous": anonymous,
                "ranking": ranking,
            }
            for code, owner, title, number, anonymous, ranking in versions
        ],
        "mentorship_forms": [
            {"code": str(code), "label": name}
            for code, name in MentorshipForm.objects.available_to(
                organisation
            ).values_list("code", "name")
        ],
        "counts": audience_counts(organisation, today),
    }


def campaign_choices(organisation: Organisation) -> dict:
    """What the new campaign form offers the organisation (``versions``,
    ``mentorship_forms``, the audiences' ``counts``) and ``fragment_key``,
    their digest; remembered while the database stays the same. Shared by
    requests: not to be changed."""
    today = timezone.localdate()  # consents are valid on a day
    return fragments.figures(
        "campaign-choices",
        {"organisation": organisation, "today": today},
        lambda: _choices(organisation, today),
    )


def _rankable(organisation: Organisation) -> QuerySet[Person]:
    """The mentors a ranking questionnaire may offer: those with consent."""
    return Person.objects.for_organisation(organisation).mentors().eligible()


def _capitalise(form: forms.Form) -> None:
    """Labels start with a capital letter on the page, not in the msgids
    (they double as lower-case words elsewhere)."""
    for field in form.fields.values():
        field.label = capfirst(field.label)


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, version: Version) -> str:
        return _version_label(version)


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, person: Person) -> str:
        return person.full_name


class CampaignForm(forms.Form):
    version = VersionChoiceField(
        label=_("questionnaire"),
        queryset=Version.objects.none(),
        to_field_name="code",
        empty_label=_("— choose the questionnaire —"),
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

    def __init__(
        self, *args, organisation: Organisation, offered: dict | None = None, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        _capitalise(self)
        self.organisation = organisation
        if offered is None:
            offered = campaign_choices(organisation)
        self.offered = offered
        self.counts = counts = offered["counts"]
        self.fields["class_name"].choices = [("", _("— choose the class —"))] + [
            (row["class_name"], row["class_name"]) for row in counts.classes
        ]
        self.fields["grade"].choices = [("", _("— choose the grade —"))] + [
            (row["grade"], row["grade"]) for row in counts.grades
        ]
        self.fields["category"].choices = [("", _("— choose the category —"))] + [
            (row["category"], row["label"]) for row in counts.categories
        ]
        if self.is_bound:
            # What a sent form is checked against; an unbound one writes its
            # options from ``offered`` (and ``candidate_options``).
            fields = self.fields
            fields["version"].queryset = current_versions(organisation)
            fields["form"].queryset = MentorshipForm.objects.available_to(organisation)
            fields["people"].queryset = Person.objects.for_organisation(
                organisation
            ).present()
            fields["candidates"].queryset = _rankable(organisation)

    def chosen(self) -> dict[str, str]:
        """The options the form has chosen in its lists, as the page writes
        them: the questionnaire, the class, grade, category and form."""
        return chosen_options(lambda name: self[name].value())

    def candidate_options(self) -> list[dict]:
        """The mentors a ranking questionnaire may offer, as checkboxes."""
        return candidate_options(self.organisation, self["candidates"].value())

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


def unbound_value(initial: dict, name: str) -> object:
    """``form[name].value()`` of an unbound CampaignForm with ``initial``,
    without building the form (a form copies all its fields): the page as
    first shown needs only its values to find its cached fields."""
    field = CampaignForm.base_fields[name]
    value = initial.get(name, field.initial)
    return field.prepare_value(value() if callable(value) else value)


def chosen_options(value) -> dict[str, str]:
    """``CampaignForm.chosen`` from ``value(name)``, the value of a field."""
    names = ("version", "class_name", "grade", "category", "form")
    return {name: str(value(name) or "") for name in names}


def candidate_options(organisation: Organisation, ticked) -> list[dict]:
    """The mentors a ranking questionnaire may offer, as checkboxes, those of
    ``ticked`` (the value of the form's ``candidates``) ticked."""
    ticked = {str(code) for code in ticked or []}
    people = _rankable(organisation).values_list(
        "code", "last_name", "first_name", "patronymic"
    )
    return [
        {
            "code": code,
            "name": " ".join(part for part in names if part),
            "checked": str(code) in ticked,
        }
        for code, *names in people
    ]


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
