from __future__ import annotations

from datetime import date

from nastavnik.accounts.models import AuditEvent
from nastavnik.people import services
from nastavnik.people.models import (
    Consent,
    GuardianLink,
    MenteeProfile,
    Person,
    SensitiveInfo,
)
from nastavnik.people.tests.factory import give_consent, make_guardian, make_pupil
from nastavnik.test import BaseTestCase


class PersonAnonymiseTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.pupil = make_pupil(
            self.school_a,
            "Д'Артаньянова",
            first_name="Алёна",
            birth_date=date(2012, 2, 3),
            phone="+7 900 000-00-00",
        )
        self.mother = make_guardian(self.pupil, "Д'Артаньянова")
        self.consent = give_consent(self.pupil, signer=self.mother)
        MenteeProfile.objects.create(
            person=self.pupil,
            category=MenteeProfile.Category.LOW_RESULTS,
            request="Не успевает по математике",
        )
        SensitiveInfo.objects.create(person=self.pupil, disability=True)

    def test_revoking_processing_anonymises_the_person(self) -> None:
        services.consent_revoke(consent=self.consent, user=self.alice)
        self.pupil.refresh_from_db()
        self.assertTrue(self.pupil.is_anonymised)
        self.assertEqual(self.pupil.last_name, "Обезличен")
        self.assertEqual(self.pupil.first_name, "")
        self.assertEqual(self.pupil.phone, "")
        # born 03.02.2012: the same age on every 1 September as 01.01.2012
        self.assertEqual(self.pupil.birth_date, date(2012, 1, 1))
        self.assertFalse(SensitiveInfo.objects.filter(person=self.pupil).exists())
        self.assertFalse(GuardianLink.objects.filter(child=self.pupil).exists())
        self.consent.refresh_from_db()
        self.assertEqual(self.consent.status, Consent.Status.REVOKED)
        self.assertEqual(self.consent.signer_name, "")

    def test_the_person_leaves_the_bases_but_the_totals_stay(self) -> None:
        services.consent_revoke(consent=self.consent, user=self.alice)
        profile = MenteeProfile.objects.get(person=self.pupil)
        self.assertEqual(profile.status, MenteeProfile.Status.LEFT)
        self.assertEqual(profile.request, "")
        self.assertEqual(Person.objects.pupils().count(), 1)
        self.assertEqual(Person.objects.pupils().present().count(), 0)
        self.assertFalse(Person.objects.eligible().filter(pk=self.pupil.pk).exists())
        self.assertEqual(self.pupil.category, Person.Category.PUPIL)

    def test_the_audit_log_names_nobody(self) -> None:
        services.consent_revoke(consent=self.consent, user=self.alice)
        events = AuditEvent.objects.filter(object_code=self.pupil.code)
        self.assertEqual(
            list(events.values_list("action", flat=True)),
            [AuditEvent.Action.ANONYMISE, AuditEvent.Action.CONSENT],
        )
        for event in events:
            self.assertNotIn("Алёна", event.summary)
            self.assertNotIn("Артаньян", event.summary)

    def test_revoking_dissemination_keeps_the_person(self) -> None:
        publish = give_consent(self.pupil, kind=Consent.Kind.DISSEMINATION)
        services.consent_revoke(consent=publish, user=self.alice)
        self.pupil.refresh_from_db()
        self.assertFalse(self.pupil.is_anonymised)
        self.assertTrue(self.pupil.has_valid_consent())

    def test_only_a_signed_consent_can_be_revoked(self) -> None:
        services.consent_revoke(consent=self.consent, user=self.alice)
        with self.assertRaises(ValueError):
            services.consent_revoke(consent=self.consent, user=self.alice)
