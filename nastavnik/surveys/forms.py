"""Forms of the questionnaire builder: they parse and validate only."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from nastavnik.orgs.models import Organisation
from nastavnik.people.models import FEDERAL_FORMS, MentorProfile, Topic
from nastavnik.programmes.forms import CodeChoiceField
from nastavnik.programmes.models import MentorshipForm
from nastavnik.surveys import profiles
from nastavnik.surveys.models import Question, Questionnaire, Section, Version

T = Question.Type
CHOICE_TYPES = (T.SINGLE, T.MULTIPLE)
TEXT_TYPES = (T.SHORT_TEXT, T.LONG_TEXT)
# What another question may depend on: types whose answer is a known value.
CONDITION_TYPES = (T.YES_NO, T.SINGLE, T.MULTIPLE, T.SCALE, T.TOPICS)
# A stage-2 parameter is a number at entry and at exit.
PARAMETER_TYPES = (T.SCALE, T.NUMBER, T.YES_NO)
# Profile fields whose values the people bases read as codes.
PROFILE_VALUES = {
    "mentor.forms_ready": [code for code, _label in FEDERAL_FORMS],
    "mentor.format": list(MentorProfile.Format.values),
}
YES_WORDS = {"yes": "yes", "да": "yes", "no": "no", "нет": "no"}
MAX_VALUE = 100
MAX_LABEL = 300
# «other» is what a respondent's own answer is stored under.
RESERVED_VALUES = {"other"}

_TRANSLIT = str.maketrans(
    dict(zip("абвгдезийклмнопрстуфыэ", "abvgdeziyklmnoprstufye", strict=True))
    | {"ё": "e", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh"}
    | {"щ": "shch", "ъ": "", "ь": "", "ю": "yu", "я": "ya"}
)


def value_of(label: str) -> str:
    """A value derived from a label: «раз в неделю» → «raz_v_nedelyu»."""
    text = label.casefold().translate(_TRANSLIT)
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")[:40]


class ChoicesField(forms.CharField):
    """Answers typed one per line as «value | label», or just «label»: then
    the value is the one an identical label had, or is derived from it."""

    widget = forms.Textarea(attrs={"rows": 5})

    # label → value of the answers the question had before
    known: dict[str, str] = {}

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(f"{v} | {label}" for v, label in value)
        return value

    def to_python(self, value) -> list[list[str]]:
        text = super().to_python(value)
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        pairs = []
        for line in lines:
            given, bar, label = line.partition("|")
            given, label = (given.strip(), label.strip()) if bar else ("", line)
            if not label:
                raise ValidationError(
                    gettext("Write the answer after «|»: «%(line)s».") % {"line": line}
                )
            if len(label) > MAX_LABEL:
                raise ValidationError(
                    gettext("An answer is too long: at most %(n)s characters.")
                    % {"n": MAX_LABEL}
                )
            pairs.append([given, label])
        return self._with_values(pairs)

    def _with_values(self, pairs: list[list[str]]) -> list[list[str]]:
        given = {value for value, _label in pairs if value}
        taken: set[str] = set()
        result = []
        for value, label in pairs:
            if not value:
                value = self.known.get(label) or value_of(label) or "answer"
                if value in given or value in taken or value in RESERVED_VALUES:
                    base, n = value, 2
                    while f"{base}_{n}" in given | taken:
                        n += 1
                    value = f"{base}_{n}"
            if len(value) > MAX_VALUE:
                raise ValidationError(
                    gettext("A value is too long: at most %(n)s characters.")
                    % {"n": MAX_VALUE}
                )
            if value in RESERVED_VALUES:
                raise ValidationError(
                    gettext(
                        "The value «%(value)s» is kept for the respondent's own "
                        "answer: choose another one."
                    )
                    % {"value": value}
                )
            if value in taken:
                raise ValidationError(
                    gettext("The value «%(value)s» is used twice.") % {"value": value}
                )
            taken.add(value)
            result.append([value, label])
        return result

    def has_changed(self, initial, data) -> bool:
        try:
            return (initial or []) != self.to_python(data)
        except ValidationError:
            return True


class QuestionnaireForm(forms.ModelForm):
    form = CodeChoiceField(
        MentorshipForm.objects.none(),
        label=_("Form of mentorship"),
        required=False,
        empty_label=_("any form"),
        help_text=_("Empty when the questionnaire fits every form."),
    )

    class Meta:
        model = Questionnaire
        fields = ["title", "kind", "form", "description", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # the form the questionnaire has stays offered, even out of use
        available = MentorshipForm.objects.available_to(organisation)
        self.fields["form"].queryset = MentorshipForm.objects.filter(
            Q(pk__in=available.values("pk")) | Q(pk=self.instance.form_id)
        )
        if self.instance.pk is None:
            del self.fields["is_active"]

    def clean_kind(self) -> str:
        kind = self.cleaned_data["kind"]
        if self.instance.pk is None or kind == self.instance.kind:
            return kind
        if self.instance.versions.filter(campaigns__isnull=False).exists():
            raise ValidationError(
                gettext(
                    "The questionnaire has been sent already: its answers are read "
                    "as «%(kind)s», so the kind cannot change. Create a new "
                    "questionnaire instead."
                )
                % {"kind": self.instance.get_kind_display()}
            )
        return kind


class CopyForm(forms.Form):
    """Which organisation gets the copy: one the user is staff of."""

    organisation = CodeChoiceField(
        Organisation.objects.none(), widget=forms.HiddenInput
    )

    def __init__(self, *args, organisations: QuerySet[Organisation], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class VersionForm(forms.ModelForm):
    class Meta:
        model = Version
        fields = ["instruction", "anonymous", "satisfied_from"]
        widgets = {"instruction": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "instruction": _("Shown above the questions, for example how to answer.")
        }


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["title", "instruction"]
        widgets = {"instruction": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "instruction": _(
                "For example: «Оцените в баллах от 1 до 10, где 1 – самый низший "
                "балл, а 10 – самый высокий»."
            )
        }


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])

    @property
    def delta(self) -> int:
        return -1 if self.cleaned_data["direction"] == "up" else 1


def _condition_value(condition: Question, typed: str) -> str:
    """The value a dependant question waits for, from what the curator
    typed (a value or a label); raise ValidationError if it cannot be given."""
    text = typed.strip()
    if condition.type == T.YES_NO:
        if text.casefold() in YES_WORDS:
            return YES_WORDS[text.casefold()]
        raise ValidationError(gettext("The answer to wait for is «да» or «нет»."))
    if condition.type in CHOICE_TYPES:
        for value, label in condition.choices:
            if text in (str(value), str(label)) or text.casefold() == label.casefold():
                return str(value)
        raise ValidationError(
            gettext("Write one of the answers of «%(question)s»: %(answers)s.")
            % {
                "question": condition.text[:80],
                "answers": ", ".join(f"«{label}»" for _v, label in condition.choices),
            }
        )
    if condition.type == T.SCALE:
        if text.isdecimal() and condition.scale_min <= int(text) <= condition.scale_max:
            return str(int(text))
        raise ValidationError(
            gettext("Write a number from %(low)s to %(high)s.")
            % {"low": condition.scale_min, "high": condition.scale_max}
        )
    if condition.type == T.TOPICS:
        topic = (
            Topic.objects.filter(is_active=True, code=text).first()
            or Topic.objects.filter(is_active=True, name__iexact=text).first()
        )
        if topic is not None:
            return topic.code
        raise ValidationError(gettext("Write the name of one of the topics."))
    raise ValidationError(gettext("No question can depend on an answer of this type."))


class QuestionForm(forms.ModelForm):
    """A question of the builder. ``earlier`` are the questions before it in
    the version: the only ones it may depend on."""

    choices = ChoicesField(
        label=_("Answers to choose from"),
        required=False,
        help_text=_(
            "One per line, as «value | answer» or just the answer: then the value "
            "is made from it. The product reads the value (the profile fields "
            "«forms ready for» and «format» need their codes)."
        ),
    )
    condition = forms.ChoiceField(label=_("Shown only if the question"), required=False)
    show_if_value = forms.CharField(
        label=_("Has the answer"),
        required=False,
        max_length=200,
        help_text=_("«да» or «нет», one of the answers, or a number of the scale."),
    )
    profile_field = forms.ChoiceField(
        label=_("Fills the profile field"), required=False
    )

    class Meta:
        model = Question
        fields = [
            "text",
            "help_text",
            "type",
            "required",
            "choices",
            "allow_other",
            "scale_min",
            "scale_max",
            "max_length",
            "scored",
            "parameter",
            "profile_field",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "help_text": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "scale_min": _("Scale from"),
            "scale_max": _("Scale to"),
        }

    def __init__(self, *args, earlier: list[Question], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        numbers = {q.key: n for n, q in enumerate(earlier, start=1)}
        self.earlier = {q.key: q for q in earlier if q.type in CONDITION_TYPES}
        self.fields["choices"].known = {
            str(label): str(value) for value, label in self.instance.choices or []
        }
        self.fields["condition"].choices = [("", _("always shown"))] + [
            (key, f"{numbers[key]}. {q.text[:80]}") for key, q in self.earlier.items()
        ]
        self.fields["profile_field"].choices = profiles.choices()
        self.fields["scale_min"].widget.attrs.update(min=0, max=100)
        self.fields["scale_max"].widget.attrs.update(min=1, max=100)
        if self.instance.show_if_id and self.instance.show_if.key in self.earlier:
            self.initial["condition"] = self.instance.show_if.key

    def clean(self) -> dict:
        data = super().clean()
        kind = data.get("type")
        if kind is None:
            return data
        self._clean_choices(data, kind)
        self._clean_scale(data, kind)
        self._clean_meaning(data, kind)
        self._clean_condition(data)
        self._clean_dependants(data, kind)
        return data

    def _clean_choices(self, data: dict, kind: str) -> None:
        if kind not in CHOICE_TYPES:
            data["choices"], data["allow_other"] = [], False
        elif "choices" in data and len(data["choices"]) < 2:
            self.add_error("choices", gettext("Write at least two answers."))

    def _clean_scale(self, data: dict, kind: str) -> None:
        if kind != T.SCALE:
            data["scale_min"], data["scale_max"] = 1, 10
            return
        low, high = data.get("scale_min"), data.get("scale_max")
        if low is None or high is None:
            return
        if not 0 <= low < high <= 100:
            self.add_error(
                "scale_max",
                gettext("The scale goes from a smaller number to a larger one, 0–100."),
            )
        elif data.get("scored") and (low, high) != (1, 10):
            self.add_error(
                "scored",
                gettext("Only a scale from 1 to 10 counts in satisfaction."),
            )

    def _clean_meaning(self, data: dict, kind: str) -> None:
        limit = data.get("max_length")
        if kind in TEXT_TYPES and limit is not None and not 1 <= limit <= 10000:
            self.add_error("max_length", gettext("Write a number from 1 to 10000."))
        if data.get("scored") and kind != T.SCALE:
            self.add_error(
                "scored", gettext("Only a scale question counts in satisfaction.")
            )
        if data.get("parameter") and kind not in PARAMETER_TYPES:
            self.add_error(
                "parameter",
                gettext(
                    "A stage-2 parameter is a scale, a number or a yes/no question."
                ),
            )
        target = data.get("profile_field")
        if not target:
            return
        if not profiles.accepts(target, kind):
            self.add_error(
                "profile_field",
                gettext(
                    "A question of the type «%(type)s» cannot fill this field of "
                    "the people bases."
                )
                % {"type": T(kind).label},
            )
        elif target in PROFILE_VALUES:
            unknown = [
                value
                for value, _label in data.get("choices", [])
                if value not in PROFILE_VALUES[target]
            ]
            if unknown:
                self.add_error(
                    "choices",
                    gettext(
                        "This profile field reads these values only: %(known)s. "
                        "Unknown: %(unknown)s."
                    )
                    % {
                        "known": ", ".join(PROFILE_VALUES[target]),
                        "unknown": ", ".join(unknown),
                    },
                )

    def _clean_condition(self, data: dict) -> None:
        key = data.get("condition")
        if not key:
            data["show_if_value"] = ""
            return
        typed = data.get("show_if_value", "")
        if not typed.strip():
            self.add_error(
                "show_if_value",
                gettext("Write the answer after which this question is shown."),
            )
            return
        try:
            data["show_if_value"] = _condition_value(self.earlier[key], typed)
        except ValidationError as e:
            self.add_error("show_if_value", e)

    def _clean_dependants(self, data: dict, kind: str) -> None:
        """The questions shown after an answer to this one must still be able
        to get that answer."""
        if self.instance.pk is None:
            return
        changed = Question(
            type=kind,
            choices=data.get("choices", self.instance.choices),
            scale_min=data.get("scale_min", 1),
            scale_max=data.get("scale_max", 10),
        )
        for dependant in self.instance.dependants.all():
            try:
                if kind not in CONDITION_TYPES:
                    raise ValidationError("")
                _condition_value(changed, dependant.show_if_value)
            except ValidationError:
                self.add_error(
                    None,
                    gettext(
                        "The question «%(question)s» is shown after the answer "
                        "«%(value)s» to this one: keep that answer possible or "
                        "change that question's condition first."
                    )
                    % {
                        "question": dependant.text[:80],
                        "value": dependant.show_if_value,
                    },
                )
