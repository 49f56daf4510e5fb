"""Who each federal form of mentorship takes on either side
(``PARTICIPANT_CATEGORIES``): the mentor and the mentee a form is meant for."""

from __future__ import annotations

from django.test import TestCase

from nastavnik.programmes.models import (
    PARTICIPANT_CATEGORIES,
    MentorshipForm,
    Participant,
)

TEACHERS = {"teacher", "staff", "veteran"}
EMPLOYERS = {"employee", "entrepreneur", "parent", "alumnus"}
# (federal form, its mentors, its mentees)
SIDES = [
    ("pupil_pupil", {"pupil"}, {"pupil"}),
    ("teacher_pupil", TEACHERS, {"pupil"}),
    ("student_pupil", {"student"}, {"pupil"}),
    ("employer_pupil", EMPLOYERS, {"pupil"}),
    ("employer_student", EMPLOYERS, {"student"}),
    ("teacher_teacher", TEACHERS, TEACHERS),
    ("experienced_young", TEACHERS, {"teacher", "staff"}),
    ("head_teacher", {"teacher", "staff"}, TEACHERS),
]  # fmt: skip
CATEGORIES = [
    "pupil", "student", "teacher", "staff", "parent", "alumnus", "employee",
    "entrepreneur", "veteran",
]  # fmt: skip


class FormSidesTestCase(TestCase):
    def test_every_side_of_a_form_names_the_people_it_takes(self) -> None:
        self.assertEqual(set(PARTICIPANT_CATEGORIES), set(Participant.values))

    def test_each_federal_form_takes_only_its_people(self) -> None:
        for slug, mentors, mentees in SIDES:
            form = MentorshipForm.objects.get(organisation=None, slug=slug)
            for category in CATEGORIES:
                with self.subTest(form=slug, category=category):
                    self.assertEqual(
                        form.admits("mentor", category), category in mentors
                    )
                    self.assertEqual(
                        form.admits("mentee", category), category in mentees
                    )
