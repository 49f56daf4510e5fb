"""Forms of guardians and consents: the curator's and the parent's (by link),
and the consent form printed on paper (``consent_form_docx``).

The wording of the printed consents lives in people/documents/consent_*.docx
(made by bin/make-consent-templates), or in the organisation's own versions of
them: this module only gathers the fields they are filled with.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from nastavnik.lib import docx, names
from nastavnik.orgs.documents import template_for
from nastavnik.people.models import Consent, GuardianLink, Person, PersonQuerySet

DATE_WIDGET = forms.DateInput(attrs={"placeholder": "дд.мм.гггг"})
BLANK_DATE = "«____» ______________ 20____ г."
BLANK = "_" * 40
LEARNERS = (Person.Category.PUPIL, Person.Category.STUDENT)
TEACHERS = (Person.Category.TEACHER, Person.Category.STAFF, Person.Category.VETERAN)


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


class ConsentTermsForm(forms.Form):
    """The terms of a consent asked for: transfers and how long it is valid."""

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

    def clean_valid_until(self) -> date | None:
        day = self.cleaned_data["valid_until"]
        if day is not None and day <= timezone.localdate():
            raise forms.ValidationError(_("The end of the term must be in the future."))
        return day


class ConsentRequestForm(ConsentTermsForm):
    field_order = ["kind", "signer"]

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


class ConsentSignForm(forms.Form):
    """The curator enters a consent signed on paper."""

    day = forms.DateField(label=_("signed on"), widget=DATE_WIDGET)

    def __init__(self, *args, consent: Consent, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.consent = consent
        self.fields["day"].initial = timezone.localdate()

    def clean_day(self) -> date:
        day = self.cleaned_data["day"]
        if error := self.consent.paper_date_error(day):
            raise forms.ValidationError(error)
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


# The printed consent


class ConsentDocumentError(ValueError):
    """The form cannot be printed yet; the message says what to fill in where."""


def _day(value: date | None, blank: str = BLANK_DATE) -> str:
    return value.strftime("%d.%m.%Y") if value else blank


def _relation(consent: Consent) -> str:
    link = GuardianLink.objects.filter(
        child=consent.person, guardian_id=consent.signer_id
    ).first()
    return link.get_relation_display() if link else gettext("legal representative")


def _person_role(person: Person) -> str:
    if person.position:
        return person.position
    if person.class_name:
        return gettext("a pupil of class %(class)s") % {"class": person.class_name}
    return ""


def _person_kind(person: Person) -> str:
    """Which data the consent lists: a learner's, a teacher's (with the
    teaching experience) or another adult's."""
    if person.category in LEARNERS:
        return "learner"
    if person.category in TEACHERS:
        return "teacher"
    return "other"


def data_list(data_items: str) -> list[str]:
    """«Фамилия, имя; класс.» → ["Фамилия, имя", "Класс"], rows of the form."""
    items = [item.strip().rstrip(".").strip() for item in data_items.split(";")]
    return [item[:1].upper() + item[1:] for item in items if item]


def signer_name(consent: Consent) -> str:
    """Who signs: the legal representative, or the adult themself."""
    if consent.signer is not None:
        return consent.signer.full_name
    if consent.basis == Consent.Basis.SELF:
        return consent.person.full_name
    return consent.signer_name


def document_name(consent: Consent) -> str:
    """The file in people/documents/ the consent is printed from."""
    if consent.kind == Consent.Kind.DISSEMINATION:
        return "consent_dissemination.docx"
    if consent.basis == Consent.Basis.REPRESENTATIVE:
        return "consent_guardian.docx"
    return "consent_adult.docx"


def document_context(consent: Consent) -> dict:
    """The fields of the consent templates (bin/make-consent-templates)."""
    person = consent.person
    organisation = person.organisation
    municipality = organisation.municipality
    representative = consent.basis == Consent.Basis.REPRESENTATIVE
    # None when the representative was removed from the card after the request.
    signer = consent.signer if representative else person
    contacts = ", ".join(c for c in (signer.phone, signer.email) if c) if signer else ""
    signed = consent.status in (Consent.Status.SIGNED, Consent.Status.REVOKED)
    name_parts = (person.last_name, person.first_name, person.patronymic)
    return {
        "system_name": settings.SITE_NAME,
        "organisation_name": organisation.name,
        "organisation_address": organisation.address,
        "place": organisation.place(),
        "operator_name": organisation.name,
        "operator_inn": organisation.inn,
        "operator_address": organisation.address or BLANK,
        "operator_website": organisation.website,
        "municipal_centre": municipality.centre_name or municipality.name,
        "region_name": municipality.region.name,
        "is_representative": representative,
        "person_name": person.full_name,
        "person_name_genitive": names.genitive(*name_parts),
        "person_female": names.is_female(*name_parts),
        "person_kind": _person_kind(person),
        "person_birth_date": _day(person.birth_date, "_" * 12),
        "person_class": person.class_name,
        "person_role": _person_role(person),
        "signer_name": signer_name(consent) or BLANK,
        "signer_short": names.signature_name(
            signer.full_name if signer else consent.signer_name
        ),
        "relation": _relation(consent) if representative else "",
        "contacts": contacts or BLANK,
        "purpose": consent.purpose,
        "data_items": consent.data_items,
        "data_list": data_list(consent.data_items),
        "transfer_municipal": consent.transfer_municipal,
        "transfer_regional": consent.transfer_regional,
        "valid_until": _day(consent.valid_until, ""),
        "sign_date": _day(consent.valid_from if signed else None),
        "today": _day(timezone.localdate()),
        "consent_number": str(consent.code)[:8].upper(),
    }


def sample_context() -> dict:
    """The fields of a consent filled with made-up values: an uploaded
    template is checked against them (orgs.documents)."""
    return {
        "system_name": settings.SITE_NAME,
        "organisation_name": "Муниципальное бюджетное общеобразовательное "
        "учреждение «Средняя общеобразовательная школа № 1»",
        "organisation_address": "613140, Кировская область, пгт Уни, ул. Ленина, 1",
        "place": "пгт Уни",
        "operator_name": "МБОУ СОШ № 1",
        "operator_inn": "4330000013",
        "operator_address": "613140, Кировская область, пгт Уни, ул. Ленина, 1",
        "operator_website": "https://school1.example.org",
        "municipal_centre": "Муниципальный наставнический центр",
        "region_name": "Кировская область",
        "is_representative": True,
        "person_name": "Иванов Пётр Сергеевич",
        "person_name_genitive": "Иванова Петра Сергеевича",
        "person_female": False,
        "person_kind": "learner",
        "person_birth_date": "01.09.2012",
        "person_class": "7Б",
        "person_role": "ученик 7Б класса",
        "signer_name": "Иванова Мария Петровна",
        "signer_short": "М.П. Иванова",
        "relation": "мать",
        "contacts": "+7 900 000-00-00, parent@example.org",
        "purpose": "Участие в программе наставничества.",
        "data_items": "Фамилия, имя, отчество; класс.",
        "data_list": ["Фамилия, имя, отчество", "Класс"],
        "transfer_municipal": True,
        "transfer_regional": False,
        "valid_until": "",
        "sign_date": BLANK_DATE,
        "today": "01.09.2026",
        "consent_number": "1A2B3C4D",
    }


def consent_form_docx(consent: Consent) -> bytes:
    """The consent form to print and sign, filled with the person's data,
    from the organisation's own template when it has one.

    Raises ConsentDocumentError when the form would be incomplete: a consent
    to dissemination must name the website the data is published on
    (Приказ Роскомнадзора от 24.02.2021 № 18)."""
    organisation = consent.person.organisation
    if consent.kind == Consent.Kind.DISSEMINATION and not organisation.website:
        raise ConsentDocumentError(
            gettext(
                "A consent to dissemination must name the website where the data "
                "is published. Fill in the website on the organisation's page "
                "(«Edit details»), then print the form again."
            )
        )
    template = template_for(organisation, document_name(consent))
    return docx.render_docx(template, document_context(consent))
