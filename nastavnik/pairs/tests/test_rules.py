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
    pair_violations,
    violations,
)

PUPIL_PUPIL = FormRule("pupil", "pupil")
TEACHER_PUPIL = FormRule("teacher", "pupil")
TEACHER_YOUNG = FormRule("teacher", "young_specialist")
EMPLOYER_PUPIL = FormRule("employer", "pupil")

MENTOR = Candidate(
    id=1, name="Орлов", organisation_id=1, age=16, experience_years=12,
    enterprise="", has_consent=True, in_base=True, capacity=2,
)  # fmt: skip
MENTEE = Candidate(
    id=2, name="Зайцев", organisation_id=1, age=12, experience_years=1,
    has_consent=True, in_base=True,
)  # fmt: skip


class RulesTestCase(SimpleTestCase):
    def setUp(self) -> None:
        translation.activate("ru")

    def test_a_pair_that_keeps_every_rule_may_be_formed(self) -> None:
        for rule in (PUPIL_PUPIL, TEACHER_PUPIL):
            with self.subTest(rule):
                self.assertEqual(violations([MENTOR], [MENTEE], rule), [])

    def test_each_broken_rule_is_named(self) -> None:
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
            (TEACHER_YOUNG, {"experience_years": 1}, {}, "больший педагогический стаж"),
            (TEACHER_YOUNG, {"experience_years": None}, {}, "стаж"),
            (EMPLOYER_PUPIL, {"age": 40}, {}, "нет предприятия"),
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
        employer = replace(MENTOR, age=40, enterprise="ООО «Вятка»")
        self.assertEqual(violations([employer], [MENTEE], EMPLOYER_PUPIL), [])

    def test_a_teacher_mentor_of_a_pupil_needs_no_more_experience(self) -> None:
        teacher = replace(MENTOR, age=45, experience_years=None)
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
