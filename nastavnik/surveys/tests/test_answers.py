"""answers.check_answers and services.score on the shipped satisfaction
questionnaire and on a small questionnaire built here."""

from __future__ import annotations

from decimal import Decimal

from django.test import TestCase

from nastavnik.surveys import answers, services
from nastavnik.surveys.models import Question, Questionnaire, Section, Version

T = Question.Type
RATED = [
    "q3_effectiveness",
    "q4_comfort",
    "q5_group_meetings",
    "q6_personal_meetings",
    "q7_joint_work",
    "q8_expectations",
    "q9_tasks",
    "q10_support",
    "q11_help",
]


def satisfaction() -> Version:
    return Questionnaire.objects.get(
        organisation=None, slug="satisfaction-mentee-pupils"
    ).current_version()


def posted(**changes) -> dict[str, object]:
    """A complete form of the mentee's satisfaction questionnaire, as posted."""
    data: dict[str, object] = dict.fromkeys(RATED, "8")
    data.update(
        q1_experience="no",
        q12_frequency="weekly",
        q13_valuable="Помощь с проектом",
        q15_liked="yes",
        q16_continue="yes",
        q17_become_mentor="no",
    )
    data.update(changes)
    return data


class CheckAnswersTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.version = satisfaction()

    def check(self, **changes) -> answers.Checked:
        return answers.check_answers(self.version, posted(**changes))

    def test_it_cleans_a_complete_form(self) -> None:
        checked = self.check()
        self.assertTrue(checked.ok, checked.errors)
        self.assertEqual(checked.answers["q3_effectiveness"], 8)
        self.assertEqual(checked.answers["q12_frequency"], "weekly")
        self.assertEqual(checked.answers["q13_valuable"], "Помощь с проектом")
        self.assertNotIn("q14_missing", checked.answers)

    def test_it_refuses_answers_outside_the_scale(self) -> None:
        for value in ("11", "0", "-3", "7.5", "семь", "²"):
            with self.subTest(value=value):
                checked = self.check(q4_comfort=value)
                self.assertEqual(
                    checked.errors, {"q4_comfort": "Выберите число от 1 до 10."}
                )

    def test_it_refuses_too_long_texts(self) -> None:
        checked = self.check(q13_valuable="а" * 2001)
        self.assertEqual(
            checked.errors,
            {"q13_valuable": "Слишком длинный ответ: не больше 2000 символов."},
        )

    def test_it_refuses_unknown_choices(self) -> None:
        checked = self.check(q12_frequency="daily")
        self.assertEqual(
            checked.errors, {"q12_frequency": "Выберите один из предложенных ответов."}
        )
        checked = self.check(q1_experience="может быть")
        self.assertEqual(checked.errors, {"q1_experience": "Ответьте «да» или «нет»."})

    def test_an_own_answer_needs_its_text(self) -> None:
        checked = self.check(q12_frequency="other", q12_frequency__other="  ")
        self.assertEqual(checked.errors, {"q12_frequency": "Напишите свой вариант."})
        checked = self.check(
            q12_frequency="other", q12_frequency__other="раз в четверть"
        )
        self.assertEqual(checked.answers["q12_frequency"], "other:раз в четверть")

    def test_it_refuses_a_required_question_left_empty(self) -> None:
        checked = self.check(q3_effectiveness="")
        self.assertEqual(
            checked.errors, {"q3_effectiveness": "Ответьте на этот вопрос."}
        )
        data = posted()
        del data["q15_liked"]
        checked = answers.check_answers(self.version, data)
        self.assertEqual(checked.errors, {"q15_liked": "Ответьте на этот вопрос."})

    def test_a_draft_may_leave_required_questions_empty(self) -> None:
        checked = answers.check_answers(
            self.version, {"q3_effectiveness": "9"}, partial=True
        )
        self.assertTrue(checked.ok)
        self.assertEqual(checked.answers, {"q3_effectiveness": 9})

    def test_it_drops_a_hidden_conditional_question(self) -> None:
        checked = self.check(q1_experience="no", q2_where="В лагере")
        self.assertTrue(checked.ok)
        self.assertNotIn("q2_where", checked.answers)
        self.assertNotIn("q2_where", [q.key for q in checked.shown])
        checked = self.check(q1_experience="yes", q2_where="В лагере")
        self.assertEqual(checked.answers["q2_where"], "В лагере")

    def test_the_score_is_the_mean_of_the_scored_items(self) -> None:
        values = {
            key: str(n)
            for key, n in zip(RATED, [10, 9, 8, 7, 6, 5, 4, 3, 3], strict=True)
        }
        checked = self.check(**values)
        mean = services.score(self.version, checked.answers)
        self.assertEqual(mean, Decimal("6.11"))
        self.assertFalse(services.is_satisfied(self.version, mean))
        self.assertTrue(services.is_satisfied(self.version, Decimal("7.00")))

    def test_the_score_ignores_unscored_and_missing_items(self) -> None:
        self.assertEqual(
            services.score(self.version, {"q3_effectiveness": 9, "q15_liked": "yes"}),
            Decimal("9.00"),
        )
        self.assertIsNone(services.score(self.version, {"q15_liked": "yes"}))
        self.assertIsNone(services.is_satisfied(self.version, None))


class CheckAnswerTypesTestCase(TestCase):
    """The types the satisfaction questionnaire does not have."""

    @classmethod
    def setUpTestData(cls) -> None:
        questionnaire = Questionnaire.objects.create(
            slug="types", kind="other", title="Типы"
        )
        cls.version = Version.objects.create(questionnaire=questionnaire, number=1)
        section = Section.objects.create(version=cls.version, position=1)
        for position, (key, kind, extra) in enumerate(
            [
                ("number", T.NUMBER, {}),
                ("date", T.DATE, {}),
                ("short", T.SHORT_TEXT, {"max_length": 2000}),
                ("areas", T.MULTIPLE, {"choices": [["a", "А"], ["b", "Б"]]}),
                ("topics", T.TOPICS, {}),
                ("ranking", T.RANKING, {}),
            ],
            start=1,
        ):
            Question.objects.create(
                section=section,
                position=position,
                key=key,
                text=key,
                type=kind,
                **extra,
            )

    def check(self, **data) -> answers.Checked:
        return answers.check_answers(self.version, data)

    def test_numbers_accept_a_comma(self) -> None:
        self.assertEqual(self.check(number="4,5").answers, {"number": 4.5})
        for text in ("abc", "nan", "NaN"):
            with self.subTest(text=text):
                self.assertEqual(
                    self.check(number=text).errors, {"number": "Введите число."}
                )
        self.assertEqual(
            self.check(number="1e9").errors, {"number": "Слишком большое число."}
        )

    def test_dates_are_read_as_dd_mm_yyyy_or_iso(self) -> None:
        self.assertEqual(self.check(date="01.09.2026").answers, {"date": "2026-09-01"})
        self.assertEqual(self.check(date="2026-09-01").answers, {"date": "2026-09-01"})
        self.assertEqual(
            self.check(date="31.02.2026").errors,
            {"date": "Введите дату в виде дд.мм.гггг."},
        )

    def test_a_date_with_a_two_digit_year_is_refused_not_guessed(self) -> None:
        self.assertEqual(
            self.check(date="1.1.24").errors,
            {"date": "напишите год полностью, четырьмя цифрами: 12.03.2012"},
        )

    def test_a_short_text_is_at_most_300_characters(self) -> None:
        self.assertEqual(
            self.check(short="я" * 301).errors,
            {"short": "Слишком длинный ответ: не больше 300 символов."},
        )

    def test_several_choices_must_all_be_offered(self) -> None:
        self.assertEqual(
            self.check(areas=["a", "b", "a"]).answers, {"areas": ["a", "b"]}
        )
        self.assertEqual(
            self.check(areas=["a", "z"]).errors,
            {"areas": "Выберите из предложенных ответов."},
        )

    def test_topics_must_be_topics_in_use(self) -> None:
        self.assertEqual(self.check(topics=["exams"]).answers, {"topics": ["exams"]})
        self.assertEqual(
            self.check(topics=["hacking"]).errors,
            {"topics": "Выберите из предложенных тем."},
        )

    def test_ranking_offers_only_the_candidates_once_each(self) -> None:
        candidates = {"a1": object(), "b2": object()}
        ok = answers.check_answers(
            self.version, {"ranking": ["b2", "a1"]}, candidates=candidates
        )
        self.assertEqual(ok.answers, {"ranking": ["b2", "a1"]})
        twice = answers.check_answers(
            self.version, {"ranking": ["a1", "a1"]}, candidates=candidates
        )
        self.assertEqual(
            twice.errors,
            {"ranking": "Каждого человека можно выбрать только на одно место."},
        )
        stranger = answers.check_answers(
            self.version, {"ranking": ["zz"]}, candidates=candidates
        )
        self.assertEqual(
            stranger.errors, {"ranking": "Выбирайте только из предложенных людей."}
        )
