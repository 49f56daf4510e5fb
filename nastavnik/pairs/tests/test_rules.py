"""The rules of a pair, table by table: each row a situation and what the
curator is told (nothing when the pair may be formed)."""

from __future__ import annotations

from dataclasses import replace

from django.test import SimpleTestCase
from django.utils import translation

from nastavnik.pairs.rules import (
    Candidate,
    FormRule,
    capacity_violation,
    category_violation,
    mentor_violations,
    pair_violations,
    violations,
)

PUPIL_PUPIL = FormRule("pupil", "pupil")
TEACHER_PUPIL = FormRule("teacher", "pupil")
TEACHER_YOUNG = FormRule("teacher", "young_specialist")
EMPLOYER_PUPIL = FormRule("employer", "pupil")
EMPLOYER_STUDENT = FormRule("employer", "student", "работодатель – студент")
STUDENT_PUPIL = FormRule("student", "pupil", "студент – ученик")
TEACHER_TEACHER = FormRule("teacher", "teacher", "педагог – педагог")
HEAD_TEACHER = FormRule("head", "teacher", "руководитель – педагог")

MENTOR = Candidate(
    id=1, name="Орлов", organisation_id=1, category="pupil", age=16,
    experience_years=12, enterprise="", has_consent=True, in_base=True, capacity=2,
)  # fmt: skip
MENTEE = Candidate(
    id=2, name="Зайцев", organisation_id=1, category="pupil", age=12,
    experience_years=1, has_consent=True, in_base=True,
)  # fmt: skip


class RulesTestCase(SimpleTestCase):
    def setUp(self) -> None:
        translation.activate("ru")

    def test_a_pair_that_keeps_every_rule_may_be_formed(self) -> None:
        teacher = replace(MENTOR, category="teacher", age=45)
        for rule, mentor in ((PUPIL_PUPIL, MENTOR), (TEACHER_PUPIL, teacher)):
            with self.subTest(rule):
                self.assertEqual(violations([mentor], [MENTEE], rule), [])

    def test_each_broken_rule_is_named(self) -> None:
        TEACHER, STUDENT = {"category": "teacher"}, {"category": "student"}
        EMPLOYEE = {"category": "employee"}
        cases = [
            # (rule, mentor changes, mentee changes, words of the message)
            (PUPIL_PUPIL, {"age": 14}, {}, "14: наставник из числа обучающихся"),
            (PUPIL_PUPIL, {"age": 20}, {}, "20: наставник из числа обучающихся"),
            (PUPIL_PUPIL, {"age": None}, {}, "Дата рождения Орлов неизвестна"),
            (PUPIL_PUPIL, {"age": 15}, {"age": 15}, "должен быть старше"),
            (PUPIL_PUPIL, {"has_consent": False}, {}, "Орлов нет действующего"),
            (PUPIL_PUPIL, {}, {"has_consent": False}, "Зайцев нет действующего"),
            (PUPIL_PUPIL, {"in_base": False}, {}, "нет в базе наставников"),
            (PUPIL_PUPIL, {}, {"in_base": False}, "нет в базе наставляемых"),
            (PUPIL_PUPIL, {"paused": True}, {}, "приостановил"),
            (PUPIL_PUPIL, {"organisation_id": 2}, {}, "разных организациях"),
            (TEACHER_YOUNG, {"experience_years": 1, **TEACHER}, TEACHER, "больший"),
            (TEACHER_YOUNG, {"experience_years": None, **TEACHER}, TEACHER, "стаж"),
            (EMPLOYER_PUPIL, {"age": 40, **EMPLOYEE}, {}, "нет предприятия"),
            (PUPIL_PUPIL, STUDENT, {}, "наставником может быть только"),
            (PUPIL_PUPIL, {}, STUDENT, "наставляемым может быть только"),
            (PUPIL_PUPIL, {"load": 2}, {}, "нет места"),
        ]  # fmt: skip
        for rule, mentor, mentee, words in cases:
            with self.subTest(rule=rule, mentor=mentor, mentee=mentee):
                errors = violations(
                    [replace(MENTOR, **mentor)], [replace(MENTEE, **mentee)], rule
                )
                self.assertEqual(len(errors), 1, errors)
                self.assertIn(words, errors[0])

    def test_an_employer_mentor_with_an_enterprise_may_mentor_a_pupil(self) -> None:
        employer = replace(
            MENTOR, category="employee", age=40, enterprise="ООО «Вятка»"
        )
        self.assertEqual(violations([employer], [MENTEE], EMPLOYER_PUPIL), [])

    def test_a_teacher_mentor_of_a_pupil_needs_no_more_experience(self) -> None:
        teacher = replace(MENTOR, category="teacher", age=45, experience_years=None)
        self.assertEqual(violations([teacher], [MENTEE], TEACHER_PUPIL), [])

    def test_nobody_mentors_themselves(self) -> None:
        errors = pair_violations(MENTOR, MENTOR, PUPIL_PUPIL)
        self.assertEqual(errors, ["Орлов не может быть наставником самому себе."])

    def test_a_group_counts_every_mentee_against_the_capacity(self) -> None:
        others = [replace(MENTEE, id=10 + n, name=f"Ученик {n}") for n in range(3)]
        self.assertIn("нет места", violations([MENTOR], others, PUPIL_PUPIL)[0])
        self.assertEqual(capacity_violation(MENTOR, 2), "")

    def test_a_pair_needs_both_sides(self) -> None:
        self.assertEqual(
            violations([], [], PUPIL_PUPIL),
            ["Для пары нужен наставник.", "Для пары нужен наставляемый."],
        )


# Who each side of a form takes (programmes.models.PARTICIPANT_CATEGORIES):
# (form, category of the mentor, category of the mentee, may they pair).
SIDES = [
    (PUPIL_PUPIL, "pupil", "pupil", True),
    (PUPIL_PUPIL, "student", "pupil", False),
    (PUPIL_PUPIL, "teacher", "pupil", False),
    (PUPIL_PUPIL, "pupil", "student", False),
    (TEACHER_PUPIL, "teacher", "pupil", True),
    (TEACHER_PUPIL, "staff", "pupil", True),
    (TEACHER_PUPIL, "veteran", "pupil", True),
    (TEACHER_PUPIL, "employee", "pupil", False),
    (TEACHER_PUPIL, "alumnus", "pupil", False),
    (TEACHER_PUPIL, "pupil", "pupil", False),
    (TEACHER_PUPIL, "teacher", "teacher", False),
    (STUDENT_PUPIL, "student", "pupil", True),
    (STUDENT_PUPIL, "pupil", "pupil", False),
    (STUDENT_PUPIL, "student", "student", False),
    (EMPLOYER_PUPIL, "employee", "pupil", True),
    (EMPLOYER_PUPIL, "entrepreneur", "pupil", True),
    (EMPLOYER_PUPIL, "parent", "pupil", True),
    (EMPLOYER_PUPIL, "alumnus", "pupil", True),
    (EMPLOYER_PUPIL, "teacher", "pupil", False),
    (EMPLOYER_PUPIL, "employee", "student", False),
    (EMPLOYER_STUDENT, "employee", "student", True),
    (EMPLOYER_STUDENT, "employee", "pupil", False),
    (TEACHER_TEACHER, "teacher", "teacher", True),
    (TEACHER_TEACHER, "veteran", "staff", True),
    (TEACHER_TEACHER, "teacher", "pupil", False),
    (TEACHER_TEACHER, "parent", "teacher", False),
    (TEACHER_YOUNG, "teacher", "teacher", True),
    (TEACHER_YOUNG, "teacher", "veteran", False),
    (HEAD_TEACHER, "staff", "teacher", True),
    (HEAD_TEACHER, "teacher", "teacher", True),
    (HEAD_TEACHER, "employee", "teacher", False),
]


class CategoryTestCase(SimpleTestCase):
    """Only the people a form is meant for may be its mentor or mentee."""

    def setUp(self) -> None:
        translation.activate("ru")

    def test_each_side_of_each_form_takes_only_its_people(self) -> None:
        for rule, mentor_category, mentee_category, allowed in SIDES:
            mentor = replace(MENTOR, category=mentor_category)
            mentee = replace(MENTEE, category=mentee_category)
            with self.subTest(
                rule=rule, mentor=mentor_category, mentee=mentee_category
            ):
                refused = category_violation(mentor, "mentor", rule) or (
                    category_violation(mentee, "mentee", rule)
                )
                self.assertEqual(not refused, allowed, refused)

    def test_the_message_names_the_form_and_whom_it_takes(self) -> None:
        cases = [
            (
                replace(MENTOR, category="teacher"),
                "mentor",
                FormRule("pupil", "pupil", "ученик – ученик"),
                "В форме «ученик – ученик» наставником может быть только "
                "обучающийся: Орлов — педагог.",
            ),
            (
                replace(MENTEE, category="pupil"),
                "mentee",
                TEACHER_TEACHER,
                "В форме «педагог – педагог» наставляемым может быть только "
                "педагог, другой сотрудник или педагог-ветеран: Зайцев — "
                "обучающийся.",
            ),
            (
                replace(MENTOR, category="teacher"),
                "mentor",
                EMPLOYER_PUPIL,  # no name: the sides name it
                "В форме «работодатель или представитель профессии – "
                "обучающийся» наставником может быть только сотрудник "
                "предприятия, предприниматель, родитель или выпускник: Орлов — "
                "педагог.",
            ),
        ]
        for person, role, rule, message in cases:
            with self.subTest(rule=rule, role=role):
                self.assertEqual(category_violation(person, role, rule), message)

    def test_the_rule_is_among_the_violations_of_a_pair(self) -> None:
        student = replace(MENTOR, category="student")  # 16, of a college
        errors = violations([student], [MENTEE], PUPIL_PUPIL)
        self.assertEqual(len(errors), 1, errors)
        self.assertIn("наставником может быть только обучающийся", errors[0])

    def test_a_mentor_checked_without_a_form_has_no_side_to_keep(self) -> None:
        teacher = replace(MENTOR, category="teacher")
        self.assertEqual(mentor_violations(teacher, FormRule("", "")), [])
