"""The numbers of a campaign's summary (results.summary), pure of HTTP."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from nastavnik.orgs.models import Organisation
from nastavnik.people.models import Person
from nastavnik.people.tests.factory import make_person, make_pupil
from nastavnik.surveys import results, services
from nastavnik.surveys.models import Campaign, Kind, Response
from nastavnik.surveys.tests.factory import make_campaign, make_questionnaire
from nastavnik.test import BaseTestCase

TITLE = "Удовлетворённость наставляемых, май"


def answer(
    campaign: Campaign, person: Person | None = None, **answers: object
) -> Response:
    """A response by personal link: through the person's invitation in a
    named campaign, without any in an anonymous one."""
    invitation = None
    if person is not None:
        invitation = campaign.invitations.filter(person=person).first()
        if invitation is None:
            invitation, _token = services.invitation_create(campaign, person)
    return services.response_submit(campaign, answers, invitation=invitation)


class SeededCampaign:
    """Four pupils of five invited have answered a named satisfaction
    campaign (make_questionnaire's questions)."""

    def seed(self, organisation: Organisation) -> None:
        self.version = make_questionnaire(organisation=organisation)
        self.pupils = [
            make_pupil(organisation, name, class_name=klass)
            for name, klass in [
                ("Аксёнов", "7Б"),
                ("Белова", "7Б"),
                ("Волков", "8А"),
                ("Гусева", "8А"),
                ("Дмитриев", "9В"),
            ]
        ]
        self.campaign = make_campaign(
            self.version, organisation, self.pupils, title=TITLE
        )
        a, b, c, d, _e = self.pupils
        # scores: 7.00 (exactly the threshold), 10.00, 4.50, 6.50
        answer(
            self.campaign,
            a,
            met="yes",
            where="в лагере",
            effect=8,
            comfort=6,
            often="week",
            helps=["study", "other:олимпиада"],
            age=14,
            start="2026-01-15",
            valuable="Помощь с проектом",
            topics=["math"],
        )
        answer(
            self.campaign,
            b,
            met="no",
            effect=10,
            comfort=10,
            often="other:раз в полгода",
            helps=["study"],
            age=16,
            topics=["math", "robotics"],
        )
        answer(
            self.campaign,
            c,
            met="yes",
            where="в школе",
            effect=4,
            comfort=5,
            often="fortnight",
        )
        answer(self.campaign, d, met="no", effect=6, comfort=7, often="week")


class PreferenceCampaign:
    """Three pupils have ranked two mentors."""

    def seed_preferences(self, organisation: Organisation) -> None:
        self.preference_version = make_questionnaire(
            Kind.PREFERENCE, organisation=organisation
        )
        self.mentors = [
            make_person(organisation, "Наставникова", first_name="Анна"),
            make_person(organisation, "Учителев", first_name="Борис"),
        ]
        self.rankers = [
            make_pupil(organisation, name) for name in ("Ершов", "Жукова", "Зайцев")
        ]
        self.preferences = make_campaign(
            self.preference_version,
            organisation,
            self.rankers,
            candidates=self.mentors,
            title="Предпочтения после встречи",
        )
        first, second = (str(m.code) for m in self.mentors)
        for pupil, ranking in zip(
            self.rankers, [[first, second], [second, first], [first]], strict=True
        ):
            answer(self.preferences, pupil, met="no", effect=5, mentors=ranking)


class SummaryTestCase(SeededCampaign, PreferenceCampaign, BaseTestCase):
    def setUp(self) -> None:
        self.seed(self.school_a)

    def _question(self, summary: results.Summary, key: str) -> results.QuestionResult:
        return next(q for q in summary.questions if q.question.key == key)

    def _bars(self, item: results.QuestionResult) -> list[tuple[str, int, float]]:
        return [(bar.label, bar.count, bar.percent) for bar in item.bars]

    def test_it_counts_the_invited_and_those_who_answered(self) -> None:
        summary = results.summary(self.campaign)
        self.assertEqual((summary.invited, summary.answered), (5, 4))
        self.assertEqual(summary.share, 80.0)
        self.assertFalse(summary.hidden)

    def test_it_gives_the_satisfied_share_with_the_threshold_of_seven(self) -> None:
        satisfaction = results.summary(self.campaign).satisfaction
        self.assertEqual((satisfaction.satisfied, satisfaction.scored), (2, 4))
        self.assertEqual(satisfaction.share, 50.0)
        self.assertEqual(satisfaction.mean, Decimal("7"))
        self.assertEqual(
            satisfaction.rule,
            "удовлетворён — средний балл по пунктам 1–10 не ниже 7",
        )

    def test_it_follows_a_changed_threshold(self) -> None:
        self.version.satisfied_from = Decimal("6.5")
        self.version.save()
        self.campaign.refresh_from_db()
        satisfaction = results.summary(self.campaign).satisfaction
        self.assertEqual((satisfaction.satisfied, satisfaction.share), (3, 75.0))
        self.assertIn("не ниже 6,5", satisfaction.rule)

    def test_it_has_no_satisfaction_for_other_kinds(self) -> None:
        questionnaire = self.version.questionnaire
        questionnaire.kind = Kind.MENTEE
        questionnaire.save()
        self.campaign.refresh_from_db()
        self.assertIsNone(results.summary(self.campaign).satisfaction)

    def test_it_draws_the_distribution_of_a_scale_with_its_mean(self) -> None:
        effect = self._question(results.summary(self.campaign), "effect")
        self.assertEqual(effect.number, 3)
        self.assertEqual(effect.answered, 4)
        self.assertEqual(len(effect.bars), 10)
        counts = {bar.label: bar.count for bar in effect.bars}
        self.assertEqual(
            counts, {str(n): int(n in (4, 6, 8, 10)) for n in range(1, 11)}
        )
        self.assertEqual(effect.bars[3].percent, 25.0)
        self.assertEqual(effect.mean, 7.0)
        self.assertEqual(effect.mean_text, "7")

    def test_it_counts_yes_and_no(self) -> None:
        met = self._question(results.summary(self.campaign), "met")
        self.assertEqual(self._bars(met), [("да", 2, 50.0), ("нет", 2, 50.0)])
        self.assertIsNone(met.mean)

    def test_it_counts_a_choice_and_lists_own_answers(self) -> None:
        often = self._question(results.summary(self.campaign), "often")
        self.assertEqual(
            self._bars(often),
            [
                ("раз в неделю", 2, 50.0),
                ("раз в две недели", 1, 25.0),
                ("свой вариант", 1, 25.0),
            ],
        )
        self.assertEqual(often.texts, ["раз в полгода"])

    def test_it_counts_several_choices_over_those_who_answered(self) -> None:
        helps = self._question(results.summary(self.campaign), "helps")
        self.assertEqual(helps.answered, 2)
        self.assertEqual(
            self._bars(helps),
            [
                ("учёба", 2, 100.0),
                ("спорт", 0, 0.0),
                ("творчество", 0, 0.0),
                ("свой вариант", 1, 50.0),
            ],
        )
        self.assertEqual(helps.texts, ["олимпиада"])

    def test_it_counts_topics_by_their_names(self) -> None:
        topics = self._question(results.summary(self.campaign), "topics")
        self.assertEqual(
            self._bars(topics), [("Математика", 2, 100.0), ("Робототехника", 1, 50.0)]
        )

    def test_it_gives_the_mean_and_range_of_a_number(self) -> None:
        age = self._question(results.summary(self.campaign), "age")
        self.assertEqual((age.answered, age.mean, age.low, age.high), (2, 15, 14, 16))
        self.assertEqual(age.bars, [])

    def test_it_lists_open_answers_without_names_or_dates(self) -> None:
        summary = results.summary(self.campaign)
        self.assertEqual(
            self._question(summary, "where").texts, ["в лагере", "в школе"]
        )
        self.assertEqual(
            self._question(summary, "valuable").texts, ["Помощь с проектом"]
        )
        self.assertEqual(self._question(summary, "start").texts, ["15.01.2026"])

    def test_it_gives_each_candidate_the_mean_rank_and_first_places(self) -> None:
        self.seed_preferences(self.school_a)
        summary = results.summary(self.preferences)
        self.assertIsNone(summary.satisfaction)
        mentors = self._question(summary, "mentors")
        self.assertEqual(mentors.answered, 3)
        rows = [
            (r.name, r.ranked_by, round(r.mean_rank, 2), r.first_places)
            for r in mentors.ranking
        ]
        self.assertEqual(
            rows,
            [("Наставникова Анна", 3, 1.33, 2), ("Учителев Борис", 2, 1.5, 1)],
        )

    def test_it_filters_a_named_campaign_by_class(self) -> None:
        summary = results.summary(self.campaign, class_name="8А")
        self.assertEqual((summary.invited, summary.answered), (2, 2))
        self.assertEqual(summary.satisfaction.satisfied, 0)
        self.assertEqual(results.classes_of(self.campaign), ["7Б", "8А", "9В"])

    def test_its_number_of_queries_does_not_grow_with_respondents(self) -> None:
        def queries() -> int:
            self.campaign.refresh_from_db()
            with CaptureQueriesContext(connection) as captured:
                results.summary(self.campaign)
            return len(captured)

        def add(count: int) -> None:
            start = Person.objects.count()
            for n in range(count):
                pupil = make_pupil(self.school_a, f"Ученик{start + n}")
                answer(
                    self.campaign,
                    pupil,
                    met="yes",
                    where=f"ответ {n}",
                    effect=n % 10 + 1,
                    comfort=7,
                    often="week",
                    helps=["sport", "art"],
                    age=n,
                    start="2026-02-01",
                    valuable="Всё",
                    topics=["robotics"],
                )

        add(6)  # 10 respondents
        with_ten = queries()
        add(20)  # 30 respondents
        self.assertEqual(results.summary(self.campaign).answered, 30)
        self.assertEqual(queries(), with_ten)


class AnonymousSummaryTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.version = make_questionnaire(organisation=self.school_a, anonymous=True)
        self.pupils = [make_pupil(self.school_a, f"Ученик{n}") for n in range(6)]
        self.campaign = make_campaign(self.version, self.school_a, self.pupils)

    def _answers(self, count: int) -> None:
        for n in range(count):
            answer(
                self.campaign,
                self.pupils[n],
                met="no",
                effect=8,
                comfort=9,
                valuable=f"Ответ номер {n}",
            )

    def test_it_shows_nothing_under_five_respondents(self) -> None:
        self._answers(4)
        summary = results.summary(self.campaign)
        self.assertTrue(summary.hidden)
        self.assertEqual(summary.answered, 4)
        self.assertIsNone(summary.satisfaction)
        self.assertEqual(summary.questions, [])

    def test_it_shows_the_results_from_five_respondents(self) -> None:
        self._answers(5)
        summary = results.summary(self.campaign)
        self.assertFalse(summary.hidden)
        self.assertEqual(summary.satisfaction.satisfied, 5)
        valuable = next(q for q in summary.questions if q.question.key == "valuable")
        self.assertCountEqual(valuable.texts, [f"Ответ номер {n}" for n in range(5)])

    def test_it_orders_open_answers_randomly_but_stably(self) -> None:
        self._answers(6)
        orders = set()
        for _n in range(3):
            summary = results.summary(self.campaign)
            valuable = next(
                q for q in summary.questions if q.question.key == "valuable"
            )
            orders.add(tuple(valuable.texts))
        self.assertEqual(len(orders), 1)

    def test_it_never_filters_an_anonymous_campaign_by_class(self) -> None:
        self._answers(5)
        self.assertEqual(results.classes_of(self.campaign), [])
        summary = results.summary(self.campaign, class_name="7Б")
        self.assertEqual(summary.answered, 5)


class AnswerTextTestCase(BaseTestCase):
    def test_it_writes_labels_own_answers_and_ranked_names(self) -> None:
        version = make_questionnaire(Kind.PREFERENCE, organisation=self.school_a)
        mentor = make_person(self.school_a, "Наставникова", first_name="Анна")
        rows = results.version_answers(
            version,
            {
                "met": "no",
                "effect": 9,
                "often": "other:по субботам",
                "helps": ["study", "other:олимпиада"],
                "age": 14.5,
                "topics": ["math", "robotics"],
                "start": "2026-01-15",
                "mentors": [str(mentor.code)],
            },
        )
        texts = {question.key: text for question, _number, text in rows}
        self.assertNotIn("where", texts)  # hidden by its condition
        self.assertEqual(texts["met"], "нет")
        self.assertEqual(texts["effect"], "9")
        self.assertEqual(texts["often"], "свой вариант: по субботам")
        self.assertEqual(texts["helps"], "учёба; свой вариант: олимпиада")
        self.assertEqual(texts["age"], "14,5")
        self.assertEqual(texts["topics"], "Математика; Робототехника")
        self.assertEqual(texts["start"], "15.01.2026")
        self.assertEqual(texts["mentors"], "1. Наставникова Анна")
        self.assertEqual(texts["valuable"], "")
