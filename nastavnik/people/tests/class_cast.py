"""The class the class-consent tests share (no tests of its own).

Class 7Б of school A, in the order of the class list:
- Абрамов, whose mother has an e-mail;
- Борисова, whose father has none;
- Волков, with no legal representative on the card;
- Громова, who has consented already.
Class 5А holds Яковлев, whose grandmother is a guardian but not a legal
representative. School C (charlie's) has a class 7Б of its own.
"""

from __future__ import annotations

from nastavnik.people.models import Consent, GuardianLink, Person
from nastavnik.people.tests.factory import give_consent, make_guardian, make_pupil
from nastavnik.test import BaseTestCase

# 5 October 2026, a Monday of the school year, in Moscow: the test classes
# pin the clock to it (or later), so the consents are asked for on this day.
NOW = "2026-10-05 10:00+03:00"


class ClassCastTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        school = cls.school_a
        # created out of order: the pages sort by surname
        cls.volkov = make_pupil(school, "Волков", first_name="Денис")
        cls.abramov = make_pupil(school, "Абрамов", first_name="Артём")
        cls.borisova = make_pupil(school, "Борисова", first_name="Вера")
        cls.gromova = make_pupil(school, "Громова", first_name="Галина")
        cls.mother = make_guardian(
            cls.abramov, first_name="Анна", email="abramova@example.org"
        )
        cls.father = make_guardian(cls.borisova, "Борисов", first_name="Борис")
        GuardianLink.objects.filter(guardian=cls.father).update(
            relation=GuardianLink.Relation.FATHER
        )
        cls.gromova_mother = make_guardian(cls.gromova, first_name="Ольга")
        give_consent(cls.gromova, cls.gromova_mother)
        cls.yakovlev = make_pupil(school, "Яковлев", first_name="Яков", class_name="5А")
        grandmother = make_guardian(cls.yakovlev, first_name="Зоя")
        GuardianLink.objects.filter(guardian=grandmother).update(
            relation=GuardianLink.Relation.OTHER, is_legal_representative=False
        )
        cls.other = make_pupil(cls.school_c, "Чужой", first_name="Илья")
        make_guardian(cls.other, first_name="Инна", email="inna@example.org")

    def class_consents(self, person: Person) -> list[Consent]:
        return list(person.consents.processing())
