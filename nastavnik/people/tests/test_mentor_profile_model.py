from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction

from nastavnik.people.models import MentorProfile
from nastavnik.people.tests.factory import make_person
from nastavnik.test import BaseTestCase


class MentorProfileModelTestCase(BaseTestCase):
    def setUp(self) -> None:
        person = make_person(self.school_a, "Соколов")
        self.profile = MentorProfile.objects.create(
            person=person, source=MentorProfile.Source.TEACHER
        )

    def test_a_mentor_pauses_and_resumes(self) -> None:
        self.profile.approve()
        self.profile.pause(until=date(2027, 1, 10))
        self.profile.save()
        self.assertEqual(self.profile.status, MentorProfile.Status.PAUSED)
        self.profile.resume()
        self.profile.save()
        self.assertEqual(self.profile.status, MentorProfile.Status.APPROVED)
        self.assertIsNone(self.profile.paused_until)

    def test_only_a_paused_mentor_resumes(self) -> None:
        with self.assertRaises(ValueError):
            self.profile.resume()

    def test_a_mentor_who_left_cannot_pause(self) -> None:
        self.profile.leave()
        with self.assertRaises(ValueError):
            self.profile.pause()

    def test_only_trained_approved_mentors_are_available(self) -> None:
        self.assertFalse(self.profile.is_available)
        self.profile.approve()
        self.assertFalse(self.profile.is_available)
        self.profile.mark_trained(date(2026, 10, 1))
        self.assertTrue(self.profile.is_available)
        self.profile.pause()
        self.assertFalse(self.profile.is_available)

    def test_the_database_refuses_a_pause_date_without_a_pause(self) -> None:
        self.profile.paused_until = date(2027, 1, 10)
        with self.assertRaises(IntegrityError), transaction.atomic():
            self.profile.save()

    def test_it_names_the_forms_it_is_ready_for(self) -> None:
        self.profile.forms_ready = ["teacher_pupil", "experienced_young"]
        self.assertEqual(
            self.profile.forms_ready_labels(),
            ["учитель – ученик", "опытный педагог – молодой специалист"],
        )
