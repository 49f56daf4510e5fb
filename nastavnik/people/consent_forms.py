"""Forms of guardians and consents: the curator's and the parent's (by link)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nastavnik.people.models import Consent, GuardianLink, Person, PersonQuerySet

DATE_WIDGET = forms.DateInput(attrs={"placeholder": "дд.мм.гггг"})


def normalise_name(name: str) -> str:
    """A name as a parent may type it: case, «ё» and spaces do not matter."""
    return "".join(name.casefold().replace("ё", "е").split())


class GuardianForm(forms.Form):
    """Link a parent who is in the base already, or add a new one with the link."""

    guardian = forms.ModelChoiceField(
        Person.objects.none(),
        label=_("Parent from the base"),
        required=False,
        to_field_name="code",
        empty_label=_("— a new parent, fill in below —"),
    )
    last_name = forms.CharField(label=_("last name"), max_length=100, required=False)
    first_name = forms.CharField(label=_("first name"), max_length=100, required=False)
    patronymic = forms.CharField(label=_("patronymic"), max_length=100, required=False)
    phone = forms.CharField(label=_("phone"), max_length=50, required=False)
    email = forms.EmailField(label=_("e-mail"), required=False)
    relation = forms.ChoiceField(
        label=_("relation"), choices=GuardianLink.Relation.choices
    )
    is_legal_representative = forms.BooleanField(
        label=_("Legal representative: signs consents for the child"),
        required=False,
        initial=True,
    )

    def __init__(
        self, *args, candidates: PersonQuerySet | None = None, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["guardian"].queryset = candidates
        # Without candidates the select is not shown, but a posted value is
        # still checked against the (empty) list: a forged one gets a 400.
        self.has_candidates = candidates is not None and candidates.exists()

    def clean(self) -> dict:
        data = super().clean()
        if data.get("guardian") is None and "guardian" not in self.errors:
            for name in ("last_name", "first_name"):
                if not data.get(name, "").strip():
                    self.add_error(
                        name, _("Fill this in, or choose a parent from the base.")
                    )
        return data


class ConsentRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("kind"),
        choices=Consent.Kind.choices,
        initial=Consent.Kind.PROCESSING,
        widget=forms.RadioSelect,
    )
    signer = forms.ModelChoiceField(
        Person.objects.none(),
        label=_("signed by the legal representative"),
        to_field_name="code",
        error_messages={
            "required": _(
                "A minor's consent is signed by a legal representative: "
                "choose one, or add one on the guardians page first."
            )
        },
    )
    transfer_municipal = forms.BooleanField(
        label=_("transfer to the municipal mentorship centre"),
        required=False,
        initial=True,
    )
    transfer_regional = forms.BooleanField(
        label=_("transfer to the regional mentorship centre"), required=False
    )
    valid_until = forms.DateField(
        label=_("valid until"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Leave empty: the consent is valid until it is revoked."),
    )

    def __init__(self, *args, person: Person, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if person.is_minor():
            representatives = person.legal_representatives()
            self.fields["signer"].queryset = representatives
            if len(representatives) == 1:
                # one parent on record: nothing to choose
                self.fields["signer"].initial = representatives[0].code
        else:
            # An adult signs their own consent.
            del self.fields["signer"]

    def clean_valid_until(self) -> date | None:
        day = self.cleaned_data["valid_until"]
        if day is not None and day <= timezone.localdate():
            raise forms.ValidationError(_("The end of the term must be in the future."))
        return day


class ConsentSignForm(forms.Form):
    """The curator enters a consent signed on paper."""

    day = forms.DateField(label=_("signed on"), widget=DATE_WIDGET)

    def __init__(self, *args, consent: Consent, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.consent = consent
        self.fields["day"].initial = timezone.localdate()

    def clean_day(self) -> date:
        day = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        until = self.consent.valid_until
        if until is not None and day > until:
            raise forms.ValidationError(
                _("The consent was asked for until %(day)s: it cannot start later.")
                % {"day": until.strftime("%d.%m.%Y")}
            )
        return day


class PublicSignForm(forms.Form):
    """A parent (or an adult) gives consent through the personal link."""

    confirm = forms.BooleanField(
        label=_("I am the legal representative and have read the terms"),
        error_messages={"required": _("Tick the box to confirm.")},
    )
    signer_name = forms.CharField(
        label=_("Your full name"),
        max_length=300,
        help_text=_("Surname, first name and patronymic, as in your passport."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def __init__(
        self, *args, expected_name: str, representative: bool, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.expected_name = expected_name
        if not representative:
            self.fields["confirm"].label = _("I have read the terms")

    def clean_signer_name(self) -> str:
        name = self.cleaned_data["signer_name"]
        if normalise_name(name) != normalise_name(self.expected_name):
            raise forms.ValidationError(
                _(
                    "The name does not match the one the school has for the signer. "
                    "Type the surname, first name and patronymic in full."
                )
            )
        return " ".join(name.split())
