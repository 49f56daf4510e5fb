"""Forms of meetings: plan (for one pair or a group meeting of several), log
as held, the signed paper form, feedback."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from nastavnik.pairs import meetings
from nastavnik.pairs.models import Meeting, Pairing


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=Meeting.Kind.choices)
    day = forms.DateField(
        label=_("date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    time = forms.TimeField(
        label=_("time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    duration_minutes = forms.IntegerField(
        label=_("duration, minutes"), initial=45, min_value=5, max_value=600
    )
    online = forms.BooleanField(label=_("online"), required=False)
    place = forms.CharField(label=_("place"), max_length=300, required=False)
    topic = forms.CharField(label=_("topic"), max_length=500, required=False)
    confirmed_far = forms.BooleanField(
        label=_("Yes, the date is right"), required=False
    )

    def meeting(self) -> dict:
        """The cleaned fields as the planning services take them."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "starts_at": meetings.starts_at_of(data["day"], data["time"]),
            "duration_minutes": data["duration_minutes"],
            "place": data["place"],
            "online": data["online"],
            "topic": data["topic"],
            "confirmed_far": data["confirmed_far"],
        }


class PairingChoices(forms.ModelMultipleChoiceField):
    """Pairs by code. A code that is not among the pairs offered is refused
    with a message, never dropped: the page may be older than the list."""

    default_error_messages = {
        "foreign": _(
            "A chosen pair is not a pair of this organisation. "
            "Reload the page and choose again."
        ),
    }

    def clean(self, value):
        try:
            return super().clean(value)
        except ValidationError as error:
            if error.code in ("invalid_choice", "invalid_pk_value"):
                raise ValidationError(
                    self.error_messages["foreign"], code="foreign"
                ) from None
            raise


class GatheringForm(MeetingForm):
    """A group meeting: the meeting's fields and the pairs it gathers, any
    of ``pairings`` (the page offers the live ones; the service refuses the
    others by name)."""

    pairings = PairingChoices(
        Pairing.objects.none(),
        to_field_name="code",
        label=_("pairs and groups"),
        error_messages={"required": _("Choose the pairs of the group meeting.")},
    )

    def __init__(self, *args, pairings, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pairings"].queryset = pairings
        self.fields["kind"].initial = Meeting.Kind.GROUP_FINAL


class HoldForm(forms.Form):
    outcome = forms.CharField(
        label=_("outcome"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class PaperForm(forms.Form):
    day = forms.DateField(
        label=_("signed on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How useful was the meeting, 1 to 10?"),
        choices=[(n, n) for n in range(1, 11)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a rating from 1 to 10.")},
    )
    comment = forms.CharField(
        label=_("comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
