"""Forms of meetings: plan, log as held, the signed paper form, feedback."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from nastavnik.pairs.models import Meeting


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
