from __future__ import annotations

from datetime import UTC, datetime

import time_machine

from nastavnik.orgs.models import Organisation
from nastavnik.people import headcounts
from nastavnik.people.models import MenteeProfile, MentorProfile, Person
from nastavnik.people.tests.factory import make_person, make_pupil
from nastavnik.test import BaseTestCase


def make_mentee(person: Person, **fields) -> MenteeProfile:
    fields.setdefault("category", MenteeProfile.Category.OTHER)
    return MenteeProfile.objects.create(person=person, **fields)


# The day the school year turns: pupils' ages and classes are read on it.
@time_machine.travel("2027-09-01 10:00+03:00", tick=False)
class HeadcountsTestCase(BaseTestCase):
    def test_a_college_counts_its_students_as_learners(self) -> None:
        college = Organisation.objects.create(
            municipality=self.municipality_a,
            type=Organisation.Type.COLLEGE,
            name="Кировское областное государственное профессиональное бюджетное "
            "образовательное учреждение «Унинский аграрный техникум»",
            short_name="Унинский аграрный техникум",
            inn="4330000039",
        )
        for n in range(3):
            student = make_person(
                college, f"Студентов{n}", category=Person.Category.STUDENT
            )
            make_mentee(student)
        counts = headcounts.of_organisation(college)
        self.assertEqual(counts["num_pupils"], 3)
        self.assertEqual(counts["num_mentees"], 3)

    def test_teachers_include_veterans_and_no_other_staff(self) -> None:
        make_person(self.school_a, "Учителева", category=Person.Category.TEACHER)
        make_person(self.school_a, "Ветеранова", category=Person.Category.VETERAN)
        make_person(self.school_a, "Завхозов", category=Person.Category.STAFF)
        make_pupil(self.school_a, "Ученикова")
        counts = headcounts.of_organisation(self.school_a)
        self.assertEqual(counts["num_teachers"], 2)
        self.assertEqual(counts["num_pupils"], 1)

    def test_anonymised_people_and_those_who_left_count_nowhere(self) -> None:
        gone = make_pupil(
            self.school_a, "Ушедший", anonymised_at=datetime(2027, 8, 31, 9, tzinfo=UTC)
        )
        make_mentee(gone)
        left = make_pupil(self.school_a, "Покинувший")
        make_mentee(left, status=MenteeProfile.Status.LEFT)
        teacher = make_person(self.school_a, "Наставникова")
        MentorProfile.objects.create(person=teacher)
        counts = headcounts.of_organisation(self.school_a)
        self.assertEqual(
            counts,
            {"num_pupils": 1, "num_teachers": 1, "num_mentors": 1, "num_mentees": 0},
        )

    def test_each_count_belongs_to_its_own_organisation(self) -> None:
        make_pupil(self.school_a, "Свой")
        make_pupil(self.school_c, "Чужой")
        self.assertEqual(headcounts.of_organisation(self.school_a)["num_pupils"], 1)
        self.assertEqual(headcounts.of_organisation(self.school_a2)["num_pupils"], 0)
