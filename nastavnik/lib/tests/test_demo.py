from __future__ import annotations

import io
import random
from datetime import date, timedelta

import time_machine
from django.core.management import call_command
from django.test import SimpleTestCase, TestCase
from django.utils import timezone

from nastavnik.accounts.models import Membership, Role, User
from nastavnik.lib.dates import SchoolYear, age_on
from nastavnik.monitoring import dashboard, kpis
from nastavnik.orgs.models import Municipality, Organisation, Region
from nastavnik.pairs.models import Pairing, PairingMember, PairingOrder
from nastavnik.people.demo import class_of, mentee_birth_date, pupil_birth_date
from nastavnik.people.models import Consent, Person

CAST = [
    "region",
    "municipal",
    "head",
    "curator",
    "curator2",
    "curator_other",
    "mentor",
    "mentee",
]


def _demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def _snapshot() -> dict[str, list]:
    """Every row the demo writes, with the fields a second run could change."""
    return {
        "regions": list(
            Region.objects.values_list("code", "name", "time_zone").order_by("code")
        ),
        "municipalities": list(
            Municipality.objects.values_list("code", "name").order_by("code")
        ),
        "organisations": list(
            Organisation.objects.values_list(
                "code", "inn", "name", "head_name"
            ).order_by("code")
        ),
        "users": list(
            User.objects.values_list("code", "username", "last_name").order_by("code")
        ),
        "memberships": list(
            Membership.objects.values_list("code", "role").order_by("code")
        ),
        "people": list(Person.objects.values_list("code", "updated").order_by("code")),
    }


# The demo is built around «today»: load it on a fixed day (the clock ticks, so
# that a second load that saved anything would show in «updated»).
@time_machine.travel("2026-11-23 10:00+03:00")
class DemoTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.output = _demo()
        cls.today = timezone.localdate()
        cls.school1 = Organisation.objects.get(inn="4330000013")

    def test_it_loads_the_cast_with_password_demo(self) -> None:
        for login in CAST:
            with self.subTest(login=login):
                user = User.objects.get(username=login)
                self.assertTrue(user.check_password("demo"))
                self.assertTrue(user.last_name and user.first_name and user.patronymic)
                self.assertEqual(user.email, f"{login}@demo.nastavnik.local")
                self.assertEqual(user.memberships.count(), 1)

    def test_it_gives_the_cast_their_roles_and_scopes(self) -> None:
        expected = {
            "region": (Role.REGIONAL, "Кировская область"),
            "municipal": (Role.MUNICIPAL, "Уни"),
            "head": (Role.HEAD, "МБОУ СОШ № 1 пгт Уни"),
            "curator": (Role.CURATOR, "МБОУ СОШ № 1 пгт Уни"),
            "curator2": (Role.CURATOR, "МКОУ СОШ с. Сардык"),
            "curator_other": (Role.CURATOR, "МКОУ СОШ пгт Фалёнки"),
            "mentor": (Role.MENTOR, "МБОУ СОШ № 1 пгт Уни"),
            "mentee": (Role.MENTEE, "МБОУ СОШ № 1 пгт Уни"),
        }
        for login, (role, scope) in expected.items():
            with self.subTest(login=login):
                membership = Membership.objects.get(user__username=login)
                self.assertEqual(membership.role, role)
                self.assertEqual(str(membership.scope), scope)

    def test_the_head_has_the_name_of_the_schools_head(self) -> None:
        head = User.objects.get(username="head")
        self.assertEqual(head.get_full_name(), self.school1.head_name)
        self.assertEqual(self.school1.head_position, "Директор")

    def test_it_puts_both_schools_in_uni_of_kirov_oblast(self) -> None:
        school2 = Organisation.objects.get(inn="4330000020")
        for school in (self.school1, school2):
            with self.subTest(school=school):
                self.assertEqual(school.type, Organisation.Type.SCHOOL)
                self.assertEqual(school.municipality.name, "Уни")
                self.assertEqual(school.municipality.region.name, "Кировская область")
                self.assertEqual(school.display_time_zone(), "Europe/Kirov")
        self.assertEqual(self.school1.short_name, "МБОУ СОШ № 1 пгт Уни")

    def test_it_puts_the_other_curator_in_another_municipality(self) -> None:
        membership = Membership.objects.get(user__username="curator_other")
        self.assertNotEqual(membership.organisation.municipality.name, "Уни")
        self.assertEqual(
            membership.organisation.municipality.region.name, "Кировская область"
        )

    def test_its_organisations_are_valid(self) -> None:
        types = set(Organisation.objects.values_list("type", flat=True))
        self.assertEqual(types, set(Organisation.Type.values))
        for organisation in Organisation.objects.all():
            with self.subTest(organisation=organisation):
                organisation.full_clean()
                self.assertTrue(organisation.inn.startswith("43"))
                self.assertTrue(organisation.head_name and organisation.phone)

    def test_the_mentee_is_a_fifteen_year_old_pupil_of_school_1(self) -> None:
        mentee = Person.objects.get(user__username="mentee")
        self.assertEqual(mentee.organisation, self.school1)
        self.assertEqual(mentee.category, Person.Category.PUPIL)
        self.assertEqual(mentee.age(self.today), 15)
        self.assertIn(mentee.grade, (9, 10))

    def test_the_mentor_is_a_teacher_of_school_1(self) -> None:
        mentor = Person.objects.get(user__username="mentor")
        self.assertEqual(mentor.organisation, self.school1)
        self.assertEqual(mentor.category, Person.Category.TEACHER)
        self.assertEqual(mentor.experience_years, 14)
        self.assertEqual(mentor.full_name, mentor.user.get_full_name())

    def test_school_1_has_a_full_base(self) -> None:
        people = Person.objects.for_organisation(self.school1)
        pupils = people.pupils()
        self.assertGreaterEqual(pupils.count(), 130)
        self.assertEqual({p.grade for p in pupils}, set(range(1, 12)))
        self.assertGreaterEqual(people.filter(category="teacher").count(), 28)
        for category in ("staff", "parent", "alumnus", "veteran", "employee"):
            with self.subTest(category=category):
                self.assertTrue(people.filter(category=category).exists())

    def test_a_pupils_consent_lists_no_teachers_data(self) -> None:
        consents = Consent.objects.filter(person__category=Person.Category.PUPIL)
        self.assertTrue(consents.exists())
        for data_items in consents.values_list("data_items", flat=True).distinct():
            with self.subTest(data_items=data_items):
                self.assertNotIn("стаж", data_items)
                self.assertIn("класс", data_items)

    def test_pupils_are_as_old_as_their_class(self) -> None:
        for pupil in Person.objects.pupils().exclude(class_name=""):
            with self.subTest(pupil=pupil, class_name=pupil.class_name):
                self.assertIn(pupil.age(self.today) - pupil.grade, (5, 6, 7))

    def test_college_students_are_15_to_19(self) -> None:
        students = Person.objects.filter(category=Person.Category.STUDENT)
        self.assertTrue(students.exists())
        for student in students:
            with self.subTest(student=student):
                self.assertIn(student.age(self.today), range(15, 20))
                self.assertEqual(student.organisation.type, Organisation.Type.COLLEGE)

    def test_teachers_have_experience_years(self) -> None:
        teachers = Person.objects.filter(category=Person.Category.TEACHER)
        self.assertFalse(teachers.filter(experience_years__isnull=True).exists())
        young = teachers.filter(organisation=self.school1, experience_years__lte=3)
        self.assertGreaterEqual(young.count(), 3)
        for teacher in teachers:
            with self.subTest(teacher=teacher):
                self.assertGreater(teacher.age(self.today), teacher.experience_years)

    def test_the_kindergarten_has_staff_only(self) -> None:
        kindergarten = Organisation.objects.get(type=Organisation.Type.KINDERGARTEN)
        categories = set(kindergarten.people.values_list("category", flat=True))
        self.assertEqual(categories, {"teacher", "staff"})

    def test_employees_carry_the_enterprises_inn(self) -> None:
        employees = Person.objects.filter(category=Person.Category.EMPLOYEE)
        self.assertGreaterEqual(employees.filter(organisation=self.school1).count(), 6)
        for employee in employees:
            with self.subTest(employee=employee):
                enterprise = Organisation.objects.get(inn=employee.employer_inn)
                self.assertEqual(enterprise.type, Organisation.Type.PARTNER)
                self.assertEqual(employee.employer_name, enterprise.short_name)
                self.assertTrue(employee.position)

    def test_partners_have_no_base(self) -> None:
        people = Person.objects.filter(organisation__type=Organisation.Type.PARTNER)
        self.assertFalse(people.exists())

    def test_school_1_has_a_year_of_pairs_behind_this_one(self) -> None:
        last_year = SchoolYear.of(self.today).previous()
        pairings = Pairing.objects.filter(
            organisation=self.school1, programme__school_year=last_year.start_year
        )
        order = PairingOrder.objects.filter(pairings__in=pairings).distinct().get()
        self.assertEqual(order.date, date(2025, 9, 8))
        self.assertEqual(order.pairings.count(), pairings.count())
        completed = pairings.filter(status=Pairing.Status.CLOSED)
        self.assertEqual(completed.count(), 7)
        self.assertEqual(
            set(completed.values_list("closed_on", flat=True)), {date(2026, 5, 31)}
        )
        early = pairings.filter(status=Pairing.Status.CLOSED_EARLY)
        self.assertEqual(early.count(), 2)
        self.assertFalse(early.filter(closure_reason__isnull=True).exists())
        year = dashboard.meetings_by_month(self.school1, last_year)
        self.assertEqual([bar.value > 0 for bar in year], [True] * 9 + [False] * 3)
        survival = dashboard.survival(self.school1, date(2026, 8, 31))
        self.assertEqual((survival.closed, survival.closed_early), (7, 2))
        # some of last year's mentors mentor again this year
        again = PairingMember.objects.filter(
            pairing__programme__school_year=last_year.start_year + 1,
            person__pairings__pairing__in=pairings,
            role=PairingMember.Role.MENTOR,
        )
        self.assertTrue(again.exists())

    def test_last_years_kpis_have_figures_this_years_do_not_count_them(self) -> None:
        for on in (date(2026, 8, 31), self.today):
            with self.subTest(on=on):
                figures = kpis.for_organisation(self.school1, on)["figures"]
                self.assertTrue(all(f.denominator for f in figures))
        last_year = kpis.for_organisation(self.school1, date(2026, 8, 31))["figures"]
        this_year = kpis.for_organisation(self.school1, self.today)["figures"]
        self.assertEqual(last_year[0].numerator, 9)
        self.assertLess(this_year[0].numerator, 9)

    def test_it_is_idempotent(self) -> None:
        before = _snapshot()
        User.objects.filter(username="curator").update(password="!")
        _demo()
        self.assertEqual(_snapshot(), before)
        self.assertTrue(User.objects.get(username="curator").check_password("demo"))

    def test_it_prints_the_logins(self) -> None:
        for login in CAST:
            self.assertIn(f"\n{login} ", self.output)
        self.assertIn("куратор", self.output)
        self.assertIn("demo", self.output)

    def test_if_empty_does_nothing_on_a_loaded_database(self) -> None:
        before = _snapshot()
        User.objects.filter(username="curator").update(password="!")
        output = _demo("--if-empty")
        self.assertEqual(_snapshot(), before)
        self.assertFalse(User.objects.get(username="curator").check_password("demo"))
        self.assertIn("уже есть данные", output)
        self.assertIn("curator_other", output)


class DemoIfEmptyTestCase(TestCase):
    def test_if_empty_loads_an_empty_database(self) -> None:
        _demo("--if-empty")
        self.assertEqual(Organisation.objects.count(), 9)
        self.assertEqual(User.objects.count(), len(CAST))


class DemoDatesTestCase(SimpleTestCase):
    def _days(self) -> list[date]:
        start = date(2027, 8, 1)  # covers 29 February 2028
        return [start + timedelta(days=n) for n in range(400)]

    def test_the_mentee_is_fifteen_in_class_9_or_10_on_any_day(self) -> None:
        for day in self._days():
            with self.subTest(day=day):
                born = mentee_birth_date(day)
                self.assertEqual(age_on(born, day), 15)
                self.assertIn(class_of(born, SchoolYear.of(day)), (9, 10))

    def test_a_pupil_is_born_in_the_years_of_the_class(self) -> None:
        year = SchoolYear(2025)
        for grade in range(1, 12):
            with self.subTest(grade=grade):
                rng = random.Random(grade)
                for _ in range(50):
                    born = pupil_birth_date(grade, year, rng)
                    self.assertEqual(class_of(born, year), grade)
                    self.assertIn(age_on(born, year.start), (grade + 5, grade + 6))
