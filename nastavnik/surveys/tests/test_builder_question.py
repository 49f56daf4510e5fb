"""Questions: add, edit, move, delete, with choices, conditions, scoring,
stage-2 parameters and profile fields; in a new version once sent."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from nastavnik.surveys import builder
from nastavnik.surveys.models import Campaign, Question, Questionnaire
from nastavnik.test import BaseTestCase


def data(**changes) -> dict:
    """The question form as posted: a required 1–10 scale by default."""
    posted = {
        "text": "Насколько полезной была встреча?",
        "help_text": "",
        "type": "scale",
        "required": "on",
        "choices": "",
        "scale_min": "1",
        "scale_max": "10",
        "max_length": "2000",
        "condition": "",
        "show_if_value": "",
        "parameter": "",
        "profile_field": "",
    }
    posted.update(changes)
    return {key: value for key, value in posted.items() if value is not None}


class QuestionViewsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        shipped = Questionnaire.objects.get(
            organisation=None, slug="satisfaction-mentee-pupils"
        )
        cls.questionnaire = builder.questionnaire_copy(shipped, cls.school_a, None)
        cls.version = cls.questionnaire.current_version()
        cls.last = cls.version.sections.get(position=3)
        cls.add_url = reverse("surveys-section-question-add", args=[cls.last.code])

    def setUp(self) -> None:
        self.client.force_login(self.alice)

    def question(self, key: str, version=None) -> Question:
        return Question.objects.get(section__version=version or self.version, key=key)

    def edit_url(self, key: str) -> str:
        return reverse("surveys-question-edit", args=[self.question(key).code])

    def added(self) -> Question:
        return self.last.questions.order_by("-position").first()

    def send(self) -> None:
        Campaign.objects.create(
            organisation=self.school_a,
            version=self.version,
            title="Удовлетворённость, май",
            deadline=date(2026, 5, 25),
        )

    def test_it_adds_a_scored_question_at_the_end_of_the_section(self) -> None:
        self.assertContains(self.client.get(self.add_url), "Добавить вопрос")
        r = self.client.post(self.add_url, data(scored="on"))
        question = self.added()
        self.assertEqual(question.text, "Насколько полезной была встреча?")
        self.assertEqual((question.position, question.key), (7, "q18"))
        self.assertTrue(question.scored and question.required)
        self.assertRedirects(
            r,
            reverse("surveys-questionnaire-detail", args=[self.questionnaire.code])
            + f"#question-{question.code}",
            fetch_redirect_response=False,
        )

    def test_choices_are_typed_one_per_line(self) -> None:
        self.client.post(
            self.add_url,
            data(
                type="single",
                choices="weekly | раз в неделю\n\nРаз в месяц\nРаз в месяц",
                allow_other="on",
            ),
        )
        question = self.added()
        self.assertEqual(
            question.choices,
            [
                ["weekly", "раз в неделю"],
                ["raz_v_mesyats", "Раз в месяц"],
                ["raz_v_mesyats_2", "Раз в месяц"],
            ],
        )
        self.assertTrue(question.allow_other)

    def test_an_edit_keeps_the_values_of_unchanged_labels(self) -> None:
        self.client.post(
            self.edit_url("q12_frequency"),
            data(
                text="Как часто проходили встречи?",
                type="single",
                choices="раз в месяц\nраз в неделю\nреже раза в месяц",
            ),
        )
        self.assertEqual(
            self.question("q12_frequency").choices,
            [
                ["monthly", "раз в месяц"],
                ["weekly", "раз в неделю"],
                ["rezhe_raza_v_mesyats", "реже раза в месяц"],
            ],
        )

    def test_bad_choices_are_explained(self) -> None:
        cases = [
            ("одна", "Напишите хотя бы два варианта ответа."),
            ("a | да\na | нет", "Значение «a» встречается дважды."),
            ("other | другое\nда", "Значение «other» занято под свой вариант"),
            ("a | \nb | нет", "Напишите ответ после «|»"),
        ]
        for choices, message in cases:
            with self.subTest(choices=choices):
                r = self.client.post(
                    self.add_url, data(type="multiple", choices=choices)
                )
                self.assertContains(r, message)
        self.assertEqual(self.last.questions.count(), 6)

    def test_a_condition_names_an_earlier_question_and_its_answer(self) -> None:
        self.client.post(
            self.add_url,
            data(
                type="long_text",
                text="Почему не хотели бы?",
                condition="q16_continue",
                show_if_value="Нет",
            ),
        )
        question = self.added()
        self.assertEqual(question.show_if, self.question("q16_continue"))
        self.assertEqual(question.show_if_value, "no")
        # a choice is named by its label or its value
        self.client.post(
            self.add_url,
            data(
                type="short_text",
                condition="q12_frequency",
                show_if_value="раз в месяц",
            ),
        )
        self.assertEqual(self.added().show_if_value, "monthly")

    def test_a_condition_needs_a_possible_answer(self) -> None:
        for value, message in [
            ("", "Напишите ответ, после которого показывается этот вопрос."),
            ("может быть", "Нужный ответ: «да» или «нет»."),
        ]:
            with self.subTest(value=value):
                r = self.client.post(
                    self.add_url, data(condition="q16_continue", show_if_value=value)
                )
                self.assertContains(r, message)
        r = self.client.post(
            self.add_url, data(condition="q3_effectiveness", show_if_value="11")
        )
        self.assertContains(r, "Напишите число от 1 до 10.")

    def test_a_condition_on_a_later_question_is_a_forged_post(self) -> None:
        r = self.client.post(
            self.edit_url("q1_experience"),
            data(type="yes_no", condition="q16_continue", show_if_value="да"),
        )
        self.assertEqual(r.status_code, 400)

    def test_forged_types_and_fields_are_refused(self) -> None:
        for changes in (
            {"type": "essay"},
            {"profile_field": "person.salary"},
            {"condition": "no_such_question", "show_if_value": "да"},
        ):
            with self.subTest(changes=changes):
                r = self.client.post(self.add_url, data(**changes))
                self.assertEqual(r.status_code, 400)
        self.assertEqual(self.last.questions.count(), 6)

    def test_a_missing_type_is_asked_for(self) -> None:
        r = self.client.post(self.add_url, data(type=None))
        self.assertContains(r, "Обязательное поле.")

    def test_only_a_1_to_10_scale_counts_in_satisfaction(self) -> None:
        r = self.client.post(self.add_url, data(type="number", scored="on"))
        self.assertContains(
            r, "В удовлетворённости учитываются только вопросы со шкалой."
        )
        r = self.client.post(self.add_url, data(scale_max="5", scored="on"))
        self.assertContains(r, "учитывается только шкала от 1 до 10")
        r = self.client.post(self.add_url, data(scale_min="5", scale_max="3"))
        self.assertContains(r, "Шкала идёт от меньшего числа к большему")

    def test_a_parameter_is_a_number_a_scale_or_yes_no(self) -> None:
        r = self.client.post(self.add_url, data(type="long_text", parameter="mood"))
        self.assertContains(
            r, "Параметр этапа 2 — это шкала, число или вопрос «да/нет»."
        )
        self.client.post(self.add_url, data(type="number", parameter="contests"))
        self.assertEqual(self.added().parameter, "contests")

    def test_a_profile_field_takes_a_question_of_its_type(self) -> None:
        r = self.client.post(
            self.add_url, data(type="long_text", profile_field="mentor.capacity")
        )
        self.assertContains(r, "Вопрос типа «развёрнутый ответ» не может заполнять")
        r = self.client.post(
            self.add_url,
            data(
                type="single",
                choices="очно\nонлайн",
                profile_field="mentor.format",
            ),
        )
        self.assertContains(r, "Это поле профиля понимает только такие значения")
        self.client.post(
            self.add_url,
            data(
                type="single",
                choices="in_person | очно\nonline | онлайн",
                profile_field="mentor.format",
            ),
        )
        self.assertEqual(self.added().profile_field, "mentor.format")

    def test_a_question_keeps_the_answers_its_dependants_wait_for(self) -> None:
        r = self.client.post(
            self.edit_url("q1_experience"),
            data(type="long_text", text="Сталкивались ли Вы раньше с наставничеством?"),
        )
        self.assertContains(
            r, "Вопрос «Если да, то где?» показывается после ответа «yes»"
        )
        self.assertEqual(self.question("q1_experience").type, "yes_no")

    def test_it_edits_a_question_in_place_while_unsent(self) -> None:
        self.client.post(
            self.edit_url("q2_where"),
            data(
                type="short_text",
                text="Где именно?",
                required=None,
                condition="q1_experience",
                show_if_value="да",
            ),
        )
        where = self.question("q2_where")
        self.assertEqual((where.text, where.type), ("Где именно?", "short_text"))
        self.assertEqual(where.show_if, self.question("q1_experience"))
        self.assertEqual(self.questionnaire.versions.count(), 1)

    def test_editing_a_sent_version_leaves_its_questions_intact(self) -> None:
        self.send()
        r = self.client.post(
            self.edit_url("q4_comfort"),
            data(text="Насколько легко было общаться с наставником?", scored="on"),
            follow=True,
        )
        self.assertContains(r, "Создана версия 2: ответы на версию 1 сохранены.")
        new = self.questionnaire.current_version()
        self.assertEqual(new.number, 2)
        self.assertEqual(
            self.question("q4_comfort", new).text,
            "Насколько легко было общаться с наставником?",
        )
        self.assertEqual(
            self.question("q4_comfort").text,
            "Насколько комфортно было общение с наставником?",
        )
        # the condition of the new version points into it
        where = self.question("q2_where", new)
        self.assertEqual(where.show_if, self.question("q1_experience", new))

    def test_a_question_of_an_old_version_is_not_edited(self) -> None:
        builder.version_copy(self.version)
        url = self.edit_url("q4_comfort")
        r = self.client.get(url, follow=True)
        self.assertContains(r, "Версия 1 уже не текущая")
        self.client.post(url, data(text="Другой текст"))
        self.assertNotEqual(self.question("q4_comfort").text, "Другой текст")

    def test_it_moves_a_question_but_not_above_its_condition(self) -> None:
        url = reverse("surveys-question-move", args=[self.question("q4_comfort").code])
        self.client.post(url, {"direction": "up"})
        self.assertEqual(self.question("q4_comfort").position, 1)
        url = reverse("surveys-question-move", args=[self.question("q2_where").code])
        r = self.client.post(url, {"direction": "up"}, follow=True)
        self.assertContains(r, "Так переместить нельзя")
        self.assertEqual(self.question("q2_where").position, 2)

    def test_a_move_of_a_sent_version_lands_in_version_2(self) -> None:
        self.send()
        url = reverse("surveys-question-move", args=[self.question("q4_comfort").code])
        self.client.post(url, {"direction": "up"})
        new = self.questionnaire.current_version()
        self.assertEqual(self.question("q4_comfort", new).position, 1)
        self.assertEqual(self.question("q4_comfort").position, 2)

    def test_a_refused_move_makes_no_new_version(self) -> None:
        self.send()
        url = reverse("surveys-question-move", args=[self.question("q2_where").code])
        self.client.post(url, {"direction": "up"})
        self.assertEqual(self.questionnaire.versions.count(), 1)

    def test_it_deletes_a_question_and_frees_its_dependants(self) -> None:
        url = reverse(
            "surveys-question-delete", args=[self.question("q1_experience").code]
        )
        r = self.client.get(url)
        self.assertContains(r, "Если да, то где?")
        self.assertContains(r, "теперь он будет показываться всегда")
        self.client.post(url)
        self.assertFalse(
            Question.objects.filter(section__version=self.version, key="q1_experience")
        )
        self.assertIsNone(self.question("q2_where").show_if)
