"""Operations on people and consents that touch several rows or write the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nastavnik.accounts.models import AuditEvent, User
from nastavnik.accounts.services import audit_log
from nastavnik.lib import tokens
from nastavnik.people import personal_data
from nastavnik.people.models import (
    Consent,
    ConsentLink,
    GuardianLink,
    MenteeProfile,
    MentorProfile,
    Person,
    SensitiveInfo,
)
from nastavnik.people.personal_data import Reason

# What a consent covers, copied into each consent when it is asked for.
# Organisations will be able to adjust the wording; the record keeps what was signed.
PROCESSING_PURPOSE = _(
    "Taking part in the organisation's mentorship programme under the target model "
    "of mentorship: keeping the mentor and mentee bases, forming mentorship pairs "
    "and groups, organising meetings, questionnaires, monitoring and reporting."
)
PROCESSING_DATA = _(
    "Surname, first name, patronymic; date of birth; class or position; place of "
    "study or work; teaching experience; phone and e-mail; the request for "
    "mentorship and questionnaire answers; results of the programme."
)
# A pupil's consent lists a pupil's data, never a teacher's (issue 10).
PROCESSING_DATA_LEARNER = _(
    "Surname, first name, patronymic; date of birth; class or group; place of "
    "study; phone and e-mail; the request for mentorship and questionnaire "
    "answers; results of the programme."
)
PROCESSING_DATA_ADULT = _(
    "Surname, first name, patronymic; date of birth; position; place of work; "
    "phone and e-mail; the request for mentorship and questionnaire answers; "
    "results of the programme."
)
DISSEMINATION_PURPOSE = _(
    "Publishing news about the mentorship programme on the organisation's website "
    "and official social media pages, and in reports on best practices."
)
DISSEMINATION_DATA = _(
    "Surname, first name, patronymic; class or position; photographs and videos "
    "from programme events; descriptions of the mentorship case."
)
CONSENT_LINK_DAYS = 14
ANONYMOUS_NAME = _("Anonymised")


def _audit_person(user: User | None, person: Person, action: str, summary: str):
    return audit_log(
        user=user,
        organisation=person.organisation,
        action=action,
        object_type="person",
        object_code=person.code,
        summary=summary,
    )


def processing_data(person: Person) -> str:
    """The personal data a consent to processing lists, by who consents."""
    category = person.category
    if category in (Person.Category.PUPIL, Person.Category.STUDENT):
        return str(PROCESSING_DATA_LEARNER)
    teachers = (Person.Category.TEACHER, Person.Category.STAFF, Person.Category.VETERAN)
    return str(PROCESSING_DATA if category in teachers else PROCESSING_DATA_ADULT)


@transaction.atomic
def consent_request(
    *,
    person: Person,
    kind: str,
    user: User | None,
    signer: Person | None = None,
    transfer_municipal: bool = True,
    transfer_regional: bool = False,
    valid_until: date | None = None,
) -> Consent:
    """Prepare a consent to be signed: by the person, or by ``signer`` for a minor."""
    if person.is_anonymised:
        raise ValueError("an anonymised person cannot consent")
    if signer is not None and not person.legal_representatives().filter(pk=signer.pk):
        raise ValueError("only a legal representative signs for a person")
    is_processing = kind == Consent.Kind.PROCESSING
    consent = Consent(
        person=person,
        kind=kind,
        basis=Consent.Basis.REPRESENTATIVE if signer else Consent.Basis.SELF,
        signer=signer,
        signer_name=signer.full_name if signer else person.full_name,
        purpose=str(PROCESSING_PURPOSE if is_processing else DISSEMINATION_PURPOSE),
        data_items=(
            processing_data(person) if is_processing else str(DISSEMINATION_DATA)
        ),
        transfer_municipal=transfer_municipal,
        transfer_regional=transfer_regional,
        valid_until=valid_until,
        recorded_by=user,
    )
    consent.full_clean()
    consent.save()
    _audit_person(user, person, AuditEvent.Action.CONSENT, str(_("consent requested")))
    return consent


@transaction.atomic
def consent_sign(
    *,
    consent: Consent,
    channel: str,
    user: User | None,
    signer_name: str = "",
    day: date | None = None,
) -> Consent:
    """Record a signature: a paper form entered by the curator, or a parent's link."""
    if consent.status == Consent.Status.SIGNED:
        return consent
    if consent.status == Consent.Status.REVOKED:
        raise ValueError("a revoked consent cannot be signed again; ask for a new one")
    consent.status = Consent.Status.SIGNED
    consent.channel = channel
    consent.signed_at = timezone.now()
    consent.valid_from = day or timezone.localdate()
    consent.signer_name = signer_name or consent.signer_name
    consent.full_clean()
    consent.save()
    _audit_person(
        user, consent.person, AuditEvent.Action.CONSENT, str(_("consent signed"))
    )
    return consent


@transaction.atomic
def consent_decline(*, consent: Consent, user: User | None) -> Consent:
    if consent.status != Consent.Status.PENDING:
        raise ValueError("only a pending consent can be declined")
    consent.status = Consent.Status.DECLINED
    consent.declined_at = timezone.now()
    consent.save()
    _audit_person(
        user, consent.person, AuditEvent.Action.CONSENT, str(_("consent declined"))
    )
    return consent


@transaction.atomic
def consent_revoke(*, consent: Consent, user: User | None) -> Consent:
    """Revoke a consent. Revoking processing stops it: the person leaves the bases
    and their personal fields are anonymised (152-ФЗ, ст. 9 ч. 2 and ст. 21)."""
    if consent.status != Consent.Status.SIGNED:
        raise ValueError("only a signed consent can be revoked")
    consent.status = Consent.Status.REVOKED
    consent.revoked_at = timezone.now()
    consent.save()
    _audit_person(
        user, consent.person, AuditEvent.Action.CONSENT, str(_("consent revoked"))
    )
    if consent.kind == Consent.Kind.PROCESSING:
        person_anonymise(person=consent.person, user=user, reason=Reason.REVOKED)
    return consent


@transaction.atomic
def person_anonymise(
    *, person: Person, user: User | None, reason: str = Reason.REVOKED
) -> Person:
    """Remove everything that identifies the person, keep what aggregates need.

    Kept: the row, organisation, category, class, teaching experience,
    employer's INN (enterprise KPI), the birth date only as coarsely as the
    ages the aggregates take need (``personal_data.coarse_birth_date``), the
    profiles (now «left»), pairs, meetings and questionnaire responses.
    Removed: names, the exact birth date, contacts, SNILS, sensitive
    categories, guardian links, free text of the profiles, of the answers and
    of the feedback (by each app's ``personal_data.Part``), the user link.
    The audit log records who, when and why, never the old values. A person
    anonymised already is left as is.
    """
    # claimed by one UPDATE: two requests at once anonymise (and log) once
    now = timezone.now()
    claimed = Person.objects.filter(pk=person.pk, anonymised_at__isnull=True)
    if not claimed.update(anonymised_at=now):
        person.refresh_from_db()
        return person
    age_days: list[date] = []
    for part in personal_data.parts():
        if part.anonymise is not None:
            part.anonymise(person)
        if part.age_days is not None:
            age_days += part.age_days(person)
    person.last_name = str(ANONYMOUS_NAME)
    person.first_name = ""
    person.patronymic = ""
    if person.birth_date:
        person.birth_date = personal_data.coarse_birth_date(person.birth_date, age_days)
    person.email = person.phone = person.snils = ""
    person.user = None
    person.anonymised_at = now
    person.save()
    SensitiveInfo.objects.filter(person=person).delete()
    GuardianLink.objects.filter(child=person).delete()
    GuardianLink.objects.filter(guardian=person).delete()
    MentorProfile.objects.filter(person=person).update(
        status=MentorProfile.Status.LEFT,
        paused_until=None,
        competences="",
        availability="",
        motivation="",
        interview_notes="",
    )
    MenteeProfile.objects.filter(person=person).update(
        status=MenteeProfile.Status.LEFT,
        request="",
        baseline="",
        support_while_waiting="",
    )
    Consent.objects.filter(person=person).update(signer_name="", signer=None)
    Consent.objects.filter(signer=person).update(signer=None)
    ConsentLink.objects.filter(consent__person=person).delete()
    summary = _("personal data removed: %(reason)s") % {"reason": Reason(reason).label}
    _audit_person(user, person, AuditEvent.Action.ANONYMISE, str(summary))
    return person


@transaction.atomic
def consent_link_create(
    *,
    consent: Consent,
    user: User | None,
    sent_to: str = "",
    days: int = CONSENT_LINK_DAYS,
) -> tuple[ConsentLink, str]:
    """A new personal link for the consent; earlier links of it stop working.

    Returns the link and its token: the token is shown once and never stored.
    """
    if consent.person.is_anonymised:
        raise ValueError("an anonymised person has no consent to give")
    consent.links.all().delete()
    token = tokens.new()
    link = ConsentLink.objects.create(
        consent=consent,
        token_hash=ConsentLink.hash(token),
        expires_at=timezone.now() + timedelta(days=days),
        sent_to=sent_to,
        created_by=user,
    )
    _audit_person(
        user, consent.person, AuditEvent.Action.CONSENT, str(_("consent link sent"))
    )
    return link, token


def consent_link_find(token: str) -> ConsentLink | None:
    """The link of this token, expired or not; None for a forged token."""
    if not token or len(token) > 100:
        return None
    return (
        ConsentLink.objects.select_related("consent__person__organisation")
        .filter(token_hash=ConsentLink.hash(token))
        .first()
    )


def consent_link_touch(link: ConsentLink, at: datetime | None = None) -> None:
    ConsentLink.objects.filter(pk=link.pk).update(used_at=at or timezone.now())


@dataclass
class ConsentAsked:
    """One person of a request for many consents, and what became of it.

    ``token`` is the personal link's token, made only where there is an
    e-mail to send it to: it is kept in memory for the letter, never stored.
    """

    person: Person
    consent: Consent | None = None
    recipient: str = ""
    link: ConsentLink | None = None
    token: str = ""
    consented: bool = False

    @property
    def no_guardian(self) -> bool:
        return self.consent is None and not self.consented


def _consent_signer(person: Person) -> Person | None:
    """Who signs for a minor: a legal representative, one with an e-mail first."""
    guardians = [link.guardian for link in person.representative_links]
    guardians.sort(key=lambda guardian: not guardian.email)
    return guardians[0] if guardians else None


@transaction.atomic
def consents_request(
    *,
    people: list[Person],
    user: User | None,
    transfer_municipal: bool = True,
    transfer_regional: bool = False,
    valid_until: date | None = None,
) -> list[ConsentAsked]:
    """Ask for the processing consents of many people at once, in one transaction.

    A minor's consent is asked of a legal representative, an adult's of the
    person. A person with a valid consent is left as is; a request still
    awaiting its signature is asked again (with a new link), not duplicated.
    A minor without a legal representative gets no consent, and the result
    says so. Links are made where the signer has an e-mail.
    """
    people = list(
        Person.objects.filter(pk__in=[p.pk for p in people])
        .present()
        .select_related("organisation")
        .with_consent_state()
        .prefetch_related(
            Prefetch(
                "guardian_links",
                GuardianLink.objects.filter(is_legal_representative=True)
                .select_related("guardian")
                .order_by("pk"),
                to_attr="representative_links",
            )
        )
        .in_class_order()
    )
    pending = {
        consent.person_id: consent
        for consent in Consent.objects.processing()
        .filter(person__in=people, status=Consent.Status.PENDING)
        .select_related("signer")
        .order_by("created", "pk")
    }
    results = []
    for person in people:
        asked = ConsentAsked(person=person, consented=person.has_consent)
        results.append(asked)
        if asked.consented:
            continue
        signer = _consent_signer(person) if person.is_minor() else None
        if person.is_minor() and signer is None:
            continue
        consent = pending.get(person.pk)
        if consent is None or consent.signer_id != (signer and signer.pk):
            consent = consent_request(
                person=person,
                kind=Consent.Kind.PROCESSING,
                user=user,
                signer=signer,
                transfer_municipal=transfer_municipal,
                transfer_regional=transfer_regional,
                valid_until=valid_until,
            )
        asked.consent = consent
        asked.recipient = (signer or person).email
        if asked.recipient:
            asked.link, asked.token = consent_link_create(
                consent=consent, user=user, sent_to=asked.recipient
            )
    return results


@transaction.atomic
def consents_sign_paper(
    *, marks: list[tuple[Consent, date]], user: User | None
) -> list[Consent]:
    """Record paper forms returned signed, each on its day: all or none."""
    return [
        consent_sign(consent=consent, channel=Consent.Channel.PAPER, user=user, day=day)
        for consent, day in marks
    ]


class NoConsent(Exception):
    """The person has no valid consent to processing: they cannot enter a base."""


MENTOR_SOURCE_OF_CATEGORY = {
    Person.Category.PUPIL: MentorProfile.Source.STUDENT,
    Person.Category.STUDENT: MentorProfile.Source.STUDENT,
    Person.Category.TEACHER: MentorProfile.Source.TEACHER,
    Person.Category.STAFF: MentorProfile.Source.TEACHER,
    Person.Category.PARENT: MentorProfile.Source.PARENT,
    Person.Category.ALUMNUS: MentorProfile.Source.ALUMNUS,
    Person.Category.EMPLOYEE: MentorProfile.Source.EMPLOYEE,
    Person.Category.ENTREPRENEUR: MentorProfile.Source.ENTREPRENEUR,
    Person.Category.VETERAN: MentorProfile.Source.VETERAN,
}
MENTEE_CATEGORY_OF_CATEGORY = {
    Person.Category.TEACHER: MenteeProfile.Category.YOUNG_SPECIALIST,
    Person.Category.STAFF: MenteeProfile.Category.NEW_HIRE,
}


@transaction.atomic
def mentee_add(
    *, person: Person, user: User | None, category: str = ""
) -> MenteeProfile:
    """Put the person into the mentee base; back into it if they had left."""
    if not person.has_valid_consent():
        raise NoConsent(person)
    category = category or MENTEE_CATEGORY_OF_CATEGORY.get(
        person.category, MenteeProfile.Category.OTHER
    )
    profile, created = MenteeProfile.objects.get_or_create(
        person=person, defaults={"category": category}
    )
    if not created and profile.status == MenteeProfile.Status.LEFT:
        profile.status = MenteeProfile.Status.CANDIDATE
        profile.save()
    if created:
        _audit_person(
            user, person, AuditEvent.Action.CREATE, str(_("added to the mentee base"))
        )
    return profile


@transaction.atomic
def mentor_add(*, person: Person, user: User | None) -> MentorProfile:
    """Put the person into the mentor base as a candidate."""
    if not person.has_valid_consent():
        raise NoConsent(person)
    source = MENTOR_SOURCE_OF_CATEGORY[person.category]
    profile, created = MentorProfile.objects.get_or_create(
        person=person, defaults={"source": source}
    )
    if not created and profile.status == MentorProfile.Status.LEFT:
        profile.status = MentorProfile.Status.CANDIDATE
        profile.save()
    if created:
        _audit_person(
            user, person, AuditEvent.Action.CREATE, str(_("added to the mentor base"))
        )
    return profile


@transaction.atomic
def mentors_mark_trained(
    *, people: list[Person], user: User | None, day: date | None = None
) -> int:
    """Mark the training of these mentors done; returns how many changed."""
    day = day or timezone.localdate()
    changed = 0
    for profile in MentorProfile.objects.filter(person__in=people, training_done=False):
        profile.mark_trained(day)
        profile.save()
        _audit_person(
            user, profile.person, AuditEvent.Action.UPDATE, str(_("training done"))
        )
        changed += 1
    return changed


@transaction.atomic
def mentors_approve(*, people: list[Person], user: User | None) -> int:
    changed = 0
    candidates = MentorProfile.objects.filter(
        person__in=people, status=MentorProfile.Status.CANDIDATE
    )
    for profile in candidates:
        profile.approve()
        profile.save()
        _audit_person(
            user, profile.person, AuditEvent.Action.UPDATE, str(_("mentor approved"))
        )
        changed += 1
    return changed


def person_audit_change(
    *, person: Person, user: User | None, fields: list[str], what: str = "card"
) -> None:
    """Log a change by field names only: the values stay out of the log."""
    if fields:
        _audit_person(
            user, person, AuditEvent.Action.UPDATE, f"{what}: {', '.join(fields)}"
        )


def person_audit_print(*, person: Person, user: User | None) -> None:
    _audit_person(user, person, AuditEvent.Action.PRINT, str(_("consent form printed")))


def person_audit_view(*, person: Person, user: User | None) -> AuditEvent:
    return _audit_person(user, person, AuditEvent.Action.VIEW, str(_("card viewed")))


@transaction.atomic
def guardian_link_create(*, child: Person, user: User, data: dict) -> GuardianLink:
    """Link a parent from the base (``data["guardian"]``) or a new one to a child."""
    guardian = data.get("guardian")
    if guardian is None:
        guardian = Person(
            organisation=child.organisation,
            category=Person.Category.PARENT,
            last_name=data["last_name"].strip(),
            first_name=data["first_name"].strip(),
            patronymic=data["patronymic"].strip(),
            phone=data["phone"].strip(),
            email=data["email"],
        )
        guardian.full_clean()
        guardian.save()
        _audit_person(user, guardian, AuditEvent.Action.CREATE, str(_("parent added")))
    link = GuardianLink(
        child=child,
        guardian=guardian,
        relation=data["relation"],
        is_legal_representative=data["is_legal_representative"],
    )
    link.full_clean()
    link.save()
    _audit_person(user, child, AuditEvent.Action.UPDATE, str(_("guardian linked")))
    return link


@transaction.atomic
def guardian_link_delete(*, link: GuardianLink, user: User) -> None:
    """Unlink a guardian. Their personal links for the child's consents stop
    working: a parent deprived of parental rights must not sign by an old link."""
    ConsentLink.objects.filter(
        consent__person=link.child, consent__signer=link.guardian
    ).delete()
    link.delete()
    _audit_person(
        user, link.child, AuditEvent.Action.DELETE, str(_("guardian unlinked"))
    )
