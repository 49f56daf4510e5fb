"""answers: what the partial of the public page, the builder's preview
and the paper entry render."""

from __future__ import annotations

from django.http import QueryDict
from django.template.loader import render_to_string

from nastavnik.surveys import answers
from nastavnik.surveys.models import Kind
from nastavnik.surveys.tests.factory import SurveyCastTestCase, make_questionnaire


class AnswerFormTestCase(SurveyCastTestCase):
    def _fields(self, ctx: dict) -> dict:
        return {f.question.key: f for s in ctx["sections"] for f in s.fields}

    def test_it_numbers_the_questions_across_sections(self) -> None:
        ctx = answers.render_context(self.version)
        self.assertEqual([s.title for s in ctx["sections"]], ["Программа", "О себе"])
        fields = self._fields(ctx)
        self.assertEqual(fields["met"].number, 1)
        self.assertEqual(fields["topics"].number, 10)
        self.assertTrue(ctx["has_required"])
        self.assertEqual(
            fields["where"].condition,
            "Отвечайте, если на вопрос «Сталкивались ли Вы раньше с программой "
            "наставничества» вы ответили «да».",
        )

    def test_it_reads_a_post_and_shows_it_back(self) -> None:
        post = QueryDict(mutable=True)
        post.setlist("q-helps", ["study", "other"])
        post["q-helps__other"] = "Дружба"
        post["q-effect"] = "7"
        post["q-start"] = "01.10.2025"
        post["action"] = "send"
        data = answers.data_from_post(post)
        self.assertEqual(
            data,
            {
                "helps": ["study", "other"],
                "helps__other": "Дружба",
                "effect": "7",
                "start": "01.10.2025",
            },
        )
        fields = self._fields(answers.render_context(self.version, data))
        self.assertEqual(
            [o.value for o in fields["helps"].options if o.checked], ["study"]
        )
        self.assertTrue(fields["helps"].other_checked)
        self.assertEqual(fields["helps"].other_value, "Дружба")
        self.assertEqual(
            [o.value for o in fields["effect"].options if o.checked], ["7"]
        )
        self.assertEqual(fields["start"].value, "2025-10-01")  # for type=date

    def test_it_turns_stored_answers_back_into_form_values(self) -> None:
        data = answers.data_from_answers(
            {
                "often": "other:Каждый день",
                "helps": ["art", "other:Дружба"],
                "effect": 9,
            }
        )
        self.assertEqual(
            data,
            {
                "often": "other",
                "often__other": "Каждый день",
                "helps": ["art", "other"],
                "helps__other": "Дружба",
                "effect": "9",
            },
        )

    def test_errors_show_next_to_their_question(self) -> None:
        ctx = answers.render_context(
            self.version, {}, {"effect": "Выберите число от 1 до 10."}
        )
        html = render_to_string("surveys/_questions.html", {"answer_form": ctx})
        self.assertIn("Проверьте 1 ответ, отмеченный ниже.", html)
        error = "Выберите число от 1 до 10."
        self.assertIn(
            f'<p class="survey-q__error" id="q-effect-error">{error}</p>', html
        )
        self.assertIn('aria-describedby="q-effect-error"', html)

    def test_a_ranking_offers_a_place_per_candidate_and_names_only(self) -> None:
        version = make_questionnaire(Kind.PREFERENCE)
        ctx = answers.render_context(
            version,
            {"mentors": [str(self.peer.code)]},
            candidates=[self.teacher, self.peer],
        )
        ranking = self._fields(ctx)["mentors"]
        self.assertEqual([p.label for p in ranking.places], ["1-е место", "2-е место"])
        self.assertEqual(ranking.places[0].selected, str(self.peer.code))
        self.assertEqual(
            [c.label for c in ranking.candidates],
            ["Учителева Анна Ивановна", "Сидоров Семён"],
        )

    def test_the_preview_of_a_ranking_says_where_the_people_come_from(self) -> None:
        version = make_questionnaire(Kind.PREFERENCE)
        html = render_to_string(
            "surveys/_questions.html",
            {"answer_form": answers.render_context(version)},
        )
        self.assertIn("Из кого выбирать, куратор укажет при рассылке анкеты.", html)
