"""Forms of the programme and roadmap pages: they parse and validate only."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from nastavnik.accounts.models import User
from nastavnik.lib.dates import SchoolYear
from nastavnik.orgs.models import Municipality, Organisation
from nastavnik.people.models import ImportBatch
from nastavnik.programmes import roadmap_templates
from nastavnik.programmes.models import (
    Comment,
    Item,
    MentorshipForm,
    Programme,
    Roadmap,
    Stage,
)

DATE_WIDGET = forms.DateInput(attrs={"placeholder": _("dd.mm.yyyy")})
DATE_ERRORS = {"invalid": _("Write the date as dd.mm.yyyy, for example 28.08.2026.")}

# Evidence files: a scanned order or a photo report fits; a video does not.
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
# Programs are refused by name and by their first bytes: a school's file
# store must not hand them out to other staff.
EXECUTABLE_SUFFIXES = {
    ".apk",
    ".app",
    ".bat",
    ".bin",
    ".cmd",
    ".com",
    ".cpl",
    ".dll",
    ".exe",
    ".hta",
    ".jar",
    ".js",
    ".jse",
    ".lnk",
    ".msi",
    ".msp",
    ".pif",
    ".ps1",
    ".reg",
    ".scr",
    ".sh",
    ".vbe",
    ".vbs",
    ".wsf",
}
EXECUTABLE_MAGIC = (
    b"MZ",  # Windows
    b"\x7fELF",  # Linux
    b"#!",  # scripts
    b"\xca\xfe\xba\xbe",  # macOS universal, Java classes
    b"\xcf\xfa\xed\xfe",  # macOS
    b"\xce\xfa\xed\xfe",
)


def curators_of(organisation: Organisation) -> QuerySet[User]:
    return (
        User.objects.filter(
            memberships__organisation=organisation,
            memberships__role="curator",
            memberships__is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


class LinesField(forms.CharField):
    """A list of strings typed one per line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value)
        return [line.strip() for line in text.splitlines() if line.strip()]

    def has_changed(self, initial, data) -> bool:
        return (initial or []) != self.to_python(data)


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


class CodeChoiceField(forms.ModelChoiceField):
    """A row chosen by its public code. A value that is no code at all can
    only come from a forged post: it is an invalid choice (``is_tampered``)."""

    def __init__(self, queryset, **kwargs) -> None:
        kwargs["to_field_name"] = "code"
        super().__init__(queryset, **kwargs)

    def to_python(self, value):
        if value not in self.empty_values and not _is_uuid(value):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class CodeMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Rows chosen by their public codes, as ``CodeChoiceField``."""

    def __init__(self, queryset, **kwargs) -> None:
        kwargs["to_field_name"] = "code"
        super().__init__(queryset, **kwargs)

    def _check_values(self, value):
        if not isinstance(value, list | tuple) or not all(map(_is_uuid, value)):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super()._check_values(value)


class CuratorField(CodeChoiceField):
    """A curator of the organisation, by the user's code. A user who is not
    one gets a message rather than a 400: they may have stopped being a
    curator since the page was opened."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as e:
            if e.code == "invalid_choice" and _is_user_code(value):
                raise ValidationError(
                    _("Choose one of the curators of this organisation."),
                    code="not_a_curator",
                ) from None
            raise

    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


def _is_user_code(value) -> bool:
    return _is_uuid(value) and User.objects.filter(code=str(value)).exists()


class ProgrammeForm(forms.ModelForm):
    """The fields a programme shares between its creation and its edit."""

    curator = CuratorField(
        User.objects.none(),
        required=False,
        label=_("Curator"),
        empty_label=_("not appointed yet"),
    )

    class Meta:
        model = Programme
        fields = [
            "title",
            "forms",
            "curator",
            "order_number",
            "order_date",
            "silent_weeks",
        ]
        field_classes = {"forms": CodeMultipleChoiceField}
        widgets = {
            "forms": forms.CheckboxSelectMultiple,
            "order_date": DATE_WIDGET,
        }
        error_messages = {"order_date": DATE_ERRORS}
        help_texts = {
            "title": _("For example «Программа наставничества МБОУ СОШ № 1»."),
            "order_number": _("The head's order that approves the programme."),
        }

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        available = MentorshipForm.objects.available_to(organisation)
        if self.instance.pk:
            # a form taken out of use stays on the programmes that run it
            available = MentorshipForm.objects.filter(
                Q(pk__in=available) | Q(pk__in=self.instance.forms.all())
            )
        self.fields["forms"].queryset = available.order_by("track", "name")
        self.fields["forms"].required = False
        self.fields["curator"].queryset = curators_of(organisation)

    def forms_by_track(self) -> list[tuple[str, list]]:
        """The checkboxes of the forms, in groups by track."""
        groups: dict[str, list] = {}
        for option in self["forms"]:
            form = option.data["value"].instance
            groups.setdefault(form.get_track_display(), []).append(option)
        return list(groups.items())

    def _school_year(self) -> int | None:
        return self.instance.school_year

    def clean(self) -> dict:
        data = super().clean()
        title = data.get("title")
        year = self._school_year()
        if title and year is not None:
            # compared here: SQLite ignores the case of Latin letters only
            titles = Programme.objects.filter(
                organisation=self.organisation, school_year=year
            ).exclude(pk=self.instance.pk)
            key = " ".join(title.casefold().split())
            if any(
                " ".join(t.casefold().split()) == key
                for t in titles.values_list("title", flat=True)
            ):
                self.add_error(
                    "title",
                    _(
                        "The organisation already has a programme with this "
                        "title in the %(year)s school year."
                    )
                    % {"year": SchoolYear(year).label},
                )
        return data


def _school_year_choices() -> list[tuple[int, str]]:
    current = SchoolYear.current()
    years = [current.previous(), current, current.next()]
    return [(y.start_year, y.label) for y in years]


def _template_choices() -> list[tuple[str, str]]:
    return [(t.key, t.name) for t in roadmap_templates.for_organisations()]


class ProgrammeCreateForm(ProgrammeForm):
    school_year = forms.TypedChoiceField(
        label=_("School year"), coerce=int, choices=_school_year_choices
    )
    template = forms.ChoiceField(
        label=_("Roadmap to start from"),
        choices=_template_choices,
        widget=forms.RadioSelect,
        help_text=_("Every stage and item can be changed afterwards."),
    )

    field_order = ["title", "school_year", "forms", "curator"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school_year"].initial = SchoolYear.current().start_year
        self.fields["template"].initial = roadmap_templates.DEFAULT

    def _school_year(self) -> int | None:
        return self.cleaned_data.get("school_year")

    def template_options(self) -> list[tuple]:
        """The radio buttons of the templates, each with its template."""
        return [
            (option, roadmap_templates.get(option.data["value"]))
            for option in self["template"]
        ]


class ProgrammeEditForm(ProgrammeForm):
    class Meta(ProgrammeForm.Meta):
        fields = [*ProgrammeForm.Meta.fields, "status"]


class MentorshipFormForm(forms.ModelForm):
    """An organisation's own form of mentorship."""

    aliases = LinesField(
        label=_("Other names"),
        required=False,
        help_text=_("Names your documents use for this form, one per line."),
    )
    variants = LinesField(
        label=_("Role-model variants"),
        required=False,
        help_text=_("For example «успевающий – неуспевающий», one per line."),
    )

    class Meta:
        model = MentorshipForm
        fields = [
            "name",
            "federal_form",
            "mentor_category",
            "mentee_category",
            "track",
            "aliases",
            "variants",
        ]
        help_texts = {
            "federal_form": _("The bases and the reports count it under this form.")
        }

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean(self) -> dict:
        data = super().clean()
        names = [data.get("name") or "", *data.get("aliases", [])]
        existing = MentorshipForm.objects.filter(
            Q(organisation__isnull=True) | Q(organisation=self.organisation)
        )
        for form in existing:
            taken = [name for name in names if name and form.matches(name)]
            if taken:
                self.add_error(
                    "name" if taken[0] == names[0] else "aliases",
                    _("«%(name)s» is already a name of the form «%(form)s».")
                    % {"name": taken[0], "form": form.name},
                )
                break
        return data


class ToggleForm(forms.Form):
    form = CodeChoiceField(MentorshipForm.objects.none())

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["form"].queryset = organisation.mentorship_forms.all()


COLUMN_LABELS = {
    "number": _("Heading of the number column"),
    "stage": _("Heading of the stage column"),
    "activity": _("Heading of the activity column"),
    "deadline": _("Heading of the deadline column"),
    "responsible": _("Heading of the responsible column"),
    "result": _("Heading of the result column"),
}


class RoadmapForm(forms.ModelForm):
    """The roadmap's header: title, period, columns, approval."""

    class Meta:
        model = Roadmap
        fields = [
            "title",
            "period_start",
            "period_end",
            "stage_rows",
            "approver_position",
            "approver_name",
            "approval_order_number",
            "approval_order_date",
            "agreed_note",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "period_start": DATE_WIDGET,
            "period_end": DATE_WIDGET,
            "approval_order_date": DATE_WIDGET,
        }
        error_messages = {
            "period_start": DATE_ERRORS,
            "period_end": DATE_ERRORS,
            "approval_order_date": DATE_ERRORS,
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        headings = dict(self.instance.columns)
        for key in Roadmap.COLUMN_KEYS:
            self.fields[f"heading_{key}"] = forms.CharField(
                label=COLUMN_LABELS[key],
                required=key == "activity",
                max_length=100,
                initial=headings.get(key, ""),
                help_text=_("Empty: the column is not shown.")
                if key != "activity"
                else "",
            )

    def heading_fields(self) -> list:
        return [self[f"heading_{key}"] for key in Roadmap.COLUMN_KEYS]

    def other_fields(self) -> list:
        return [self[name] for name in self.Meta.fields]

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and start >= end:
            self.add_error("period_end", _("The period must end after it starts."))
        return data

    def columns(self) -> list[list[str]]:
        """The columns with a heading: those the roadmap had keep their order,
        a new one goes after the columns that come before it by default."""
        keys = [key for key in self.instance.keys if key in Roadmap.COLUMN_KEYS]
        for key in Roadmap.COLUMN_KEYS:
            if key not in keys:
                rank = Roadmap.COLUMN_KEYS.index(key)
                before = [
                    i for i, k in enumerate(keys) if Roadmap.COLUMN_KEYS.index(k) < rank
                ]
                keys.insert(before[-1] + 1 if before else 0, key)
        return [
            [key, self.cleaned_data[f"heading_{key}"].strip()]
            for key in keys
            if self.cleaned_data.get(f"heading_{key}", "").strip()
        ]


class StageForm(forms.ModelForm):
    class Meta:
        model = Stage
        fields = ["number", "title"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2})}


class StageDeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, delete the stage with its done items"),
        error_messages={
            "required": _("Tick the box to confirm that done items go too.")
        },
    )


class ResponsibleField(CodeChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class ItemForm(forms.ModelForm):
    status = forms.ChoiceField(label=_("Status"), choices=Item.Status.choices)
    responsible_user = ResponsibleField(
        User.objects.none(),
        required=False,
        label=_("Responsible user"),
        empty_label=_("nobody in particular"),
        help_text=_("Or write a name or a position in the next field."),
    )

    class Meta:
        model = Item
        fields = [
            "stage",
            "number",
            "activity",
            "deadline_text",
            "responsible_user",
            "responsible_text",
            "result",
            "action",
        ]
        field_classes = {"stage": CodeChoiceField}
        labels = {"stage": _("stage")}
        widgets = {
            "activity": forms.Textarea(attrs={"rows": 3}),
            "result": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(
        self, *args, roadmap: Roadmap, responsible: QuerySet[User], **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = roadmap.stages.all()
        self.fields["stage"].label_from_instance = lambda s: f"{s.label} {s}"
        # someone who has left the staff stays responsible until changed
        self.fields["responsible_user"].queryset = User.objects.filter(
            Q(pk__in=responsible) | Q(pk=self.instance.responsible_user_id)
        ).order_by("last_name", "first_name")
        self.fields["status"].initial = self.instance.status
        if self.instance.stage_id:
            self.initial["stage"] = self.instance.stage.code
        if self.instance.responsible_user_id:
            self.initial["responsible_user"] = self.instance.responsible_user.code


class ItemStatusForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(a, a) for a in ("start", "done", "cancel", "reopen")]
    )


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])

    @property
    def delta(self) -> int:
        return -1 if self.cleaned_data["direction"] == "up" else 1


class CommentForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        labels = {"text": _("New comment")}


class ItemFilterForm(forms.Form):
    """The filters of the roadmap page; every field is optional."""

    status = forms.ChoiceField(
        label=_("status"),
        required=False,
        choices=[
            ("", _("any")),
            (Item.OVERDUE, _("overdue")),
            *Item.Status.choices,
        ],
    )
    stage = forms.ChoiceField(label=_("stage"), required=False)

    def __init__(self, *args, stages: list[Stage], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [
            ("", _("all")),
            *[(str(s.code), f"{s.label} {s}"[:80]) for s in stages],
        ]


def _title_field() -> forms.CharField:
    return forms.CharField(
        label=_("Title"),
        required=False,
        max_length=300,
        help_text=_("Empty: the file name, the link or the object's name."),
    )


def _file_help() -> str:
    return gettext("A document, a scan, a photo or a table: up to %(size)s.") % {
        "size": filesizeformat(MAX_EVIDENCE_BYTES)
    }


class EvidenceFileForm(forms.Form):
    title = _title_field()
    file = forms.FileField(
        label=_("File"), max_length=200, help_text=lazy(_file_help, str)()
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_EVIDENCE_BYTES:
            raise ValidationError(
                _("The file is too large: %(size)s. The limit is %(limit)s.")
                % {
                    "size": filesizeformat(file.size),
                    "limit": filesizeformat(MAX_EVIDENCE_BYTES),
                }
            )
        suffixes = {s.lower() for s in PurePath(file.name).suffixes}
        head = file.read(8)
        file.seek(0)
        if suffixes & EXECUTABLE_SUFFIXES or head.startswith(EXECUTABLE_MAGIC):
            raise ValidationError(
                _("Programs cannot be attached. Attach a document, a scan or a photo.")
            )
        return file


class EvidenceLinkForm(forms.Form):
    title = _title_field()
    url = forms.URLField(
        label=_("Link"),
        max_length=500,
        assume_scheme="https",
        help_text=_("A page of the school's website, a publication, a folder."),
    )


class EvidenceObjectForm(forms.Form):
    title = _title_field()
    target = CodeChoiceField(
        ImportBatch.objects.none(),
        label=_("Import that built the base"),
    )

    def __init__(self, *args, organisation: Organisation | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if organisation is not None:
            self.fields["target"].queryset = organisation.import_batches.filter(
                status=ImportBatch.Status.COMMITTED
            )


class PlanForm(forms.Form):
    """A new municipal plan: a template and the school year it is for."""

    template = forms.ChoiceField(label=_("Template"))
    school_year = forms.TypedChoiceField(label=_("School year"), coerce=int)

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["template"].choices = [
            (t.key, t.name) for t in roadmap_templates.for_municipalities()
        ]
        current = SchoolYear.current()
        years = [current.previous(), current, current.next()]
        self.fields["school_year"].choices = [(y.start_year, y.label) for y in years]
        planned = set(
            Roadmap.objects.filter(municipality=municipality).values_list(
                "period_start", flat=True
            )
        )
        free = [y for y in (current, current.next()) if y.start not in planned]
        self.fields["school_year"].initial = (free or [current])[0].start_year

    def clean_school_year(self) -> SchoolYear:
        year = SchoolYear(self.cleaned_data["school_year"])
        plans = Roadmap.objects.filter(
            municipality=self.municipality, period_start=year.start
        )
        if plans.exists():
            raise forms.ValidationError(
                _(
                    "The municipality already has a plan for the %(year)s school "
                    "year: open it from the list, or choose another year."
                ),
                params={"year": year.label},
                code="exists",
            )
        return year
