from __future__ import annotations

from datetime import date
from decimal import Decimal

from nastavnik.people.tests.factory import make_pupil
from nastavnik.surveys import services, stats
from nastavnik.surveys.models import Campaign, Question, Version
from nastavnik.surveys.tests.factory import make_campaign
from nastavnik.surveys.tests.test_profiles import make_version
from nastavnik.test import BaseTestCase

T = Question.Type
SPRING = date(2026, 4, 15)


def _scale(key: str, **fields) -> dict:
    return {"key": key, "type": T.SCALE, **fields}


class SatisfactionTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.version = make_version(
            "satisfaction_mentee",
            _scale("useful", scored=True),
            _scale("comfort", scored=True),
            {"key": "again", "type": T.YES_NO},
        )
        self.named = make_campaign(self.version, self.school_a)
        self.anonymous = make_campaign(self.version, self.school_a, anonymous=True)
        self.pupils = [
            make_pupil(self.school_a, name) for name in ("Аксёнов", "Белов", "Волков")
        ]

    def _answer(
        self, campaign: Campaign, useful: int, comfort: int, person=None, day=SPRING
    ) -> None:
        answers = {"useful": useful, "comfort": comfort, "again": "yes"}
        if person is None:
            services.response_submit(campaign, answers, today=day)
        else:
            services.response_submit(
                campaign, answers, person=person, source="paper", today=day
            )

    def _count(self, since=date(2026, 4, 1), until=date(2026, 4, 30)):
        return stats.satisfaction(self.school_a, "satisfaction_mentee", since, until)

    def test_it_counts_people_by_their_latest_answer_and_anonymous_responses(
        self,
    ) -> None:
        first, second, third = self.pupils
        # named: the first changed their mind from 8 to 6, so 6 counts
        self._answer(self.named, 8, 8, first, date(2026, 4, 2))
        self._answer(self.named, 6, 6, first, date(2026, 4, 20))
        self._answer(self.named, 7, 7, second)  # exactly the threshold: satisfied
        self._answer(self.named, 10, 8, third)  # 9
        # anonymous: each response is a respondent
        self._answer(self.anonymous, 5, 5)
        self._answer(self.anonymous, 8, 8)
        self._answer(self.anonymous, 10, 10)
        # 6 respondents; satisfied 7, 9, 8, 10; mean (6+7+9+5+8+10)/6 = 7.5
        result = self._count()
        self.assertEqual(result, stats.Satisfaction(6, 4, Decimal("7.50")))
        self.assertAlmostEqual(result.share, 66.67, places=2)

    def test_of_two_answers_on_one_day_the_later_response_counts(self) -> None:
        first, second, _third = self.pupils
        self._answer(self.named, 9, 9, first)
        self._answer(self.named, 4, 4, first)  # the same day, after
        self._answer(self.named, 3, 3, second)
        self._answer(self.named, 8, 8, second)
        self.assertEqual(self._count(), stats.Satisfaction(2, 1, Decimal("6.00")))
        rows = stats.satisfaction_by_organisation(
            [self.school_a], ["satisfaction_mentee"], SPRING, SPRING
        )
        self.assertEqual(rows, {(self.school_a.pk, "satisfaction_mentee"): (2, 1)})

    def test_it_keeps_to_the_period_the_kind_and_the_organisation(self) -> None:
        self._answer(self.anonymous, 9, 9, day=date(2026, 3, 31))
        self._answer(self.anonymous, 3, 4)
        mentors = make_version(
            "satisfaction_mentor", _scale("useful", scored=True), slug="mentors"
        )
        services.response_submit(
            make_campaign(mentors, self.school_a), {"useful": 10}, today=SPRING
        )
        services.response_submit(
            make_campaign(self.version, self.school_c), {"useful": 10}, today=SPRING
        )
        self.assertEqual(self._count(), stats.Satisfaction(1, 0, Decimal("3.50")))

    def test_a_mentee_who_also_mentors_counts_in_both_satisfactions(self) -> None:
        mentors = make_version(
            "satisfaction_mentor", _scale("useful", scored=True), slug="mentors"
        )
        first = self.pupils[0]
        self._answer(self.named, 9, 9, first, date(2026, 4, 2))
        # a later answer of the other questionnaire does not replace it
        services.response_submit(
            make_campaign(mentors, self.school_a),
            {"useful": 4},
            person=first,
            source="paper",
            today=date(2026, 4, 20),
        )
        kinds = ["satisfaction_mentee", "satisfaction_mentor"]
        rows = stats.satisfaction_by_organisation(
            [self.school_a], kinds, date(2026, 4, 1), date(2026, 4, 30)
        )
        self.assertEqual(
            rows,
            {
                (self.school_a.pk, "satisfaction_mentee"): (1, 1),
                (self.school_a.pk, "satisfaction_mentor"): (1, 0),
            },
        )

    def test_a_response_without_scored_answers_is_not_counted(self) -> None:
        services.response_submit(self.anonymous, {"again": "no"}, today=SPRING)
        result = self._count()
        self.assertEqual(result, stats.Satisfaction(0, 0, None))
        self.assertIsNone(result.share)

    def test_the_threshold_is_the_versions(self) -> None:
        Version.objects.filter(pk=self.version.pk).update(satisfied_from=Decimal("8"))
        self._answer(self.anonymous, 7, 8)  # 7.5
        self._answer(self.anonymous, 8, 8)
        self.assertEqual(self._count(), stats.Satisfaction(2, 1, Decimal("7.75")))


class ImpactTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.entry = make_version(
            "entry",
            _scale("esteem_in", text="Ожидаемая уверенность", parameter="esteem"),
            {"key": "clubs_in", "type": T.NUMBER, "parameter": "clubs"},
            _scale("note", text="Без параметра"),
        )
        self.exit = make_version(
            "exit",
            _scale("esteem_out", text="Уверенность в себе", parameter="esteem"),
            {"key": "clubs_out", "type": T.NUMBER, "parameter": "clubs"},
        )
        self.pupils = [
            make_pupil(self.school_a, name) for name in ("Аксёнов", "Белов", "Волков")
        ]

    def _answer(self, version: Version, answers: dict, person=None, day=SPRING, **kw):
        campaign = make_campaign(version, self.school_a, **kw)
        if person is None:
            return services.response_submit(campaign, answers, today=day)
        return services.response_submit(
            campaign, answers, person=person, source="paper", today=day
        )

    def test_it_gives_the_change_per_parameter_and_per_person(self) -> None:
        first, second, third = self.pupils
        autumn = date(2025, 9, 20)
        self._answer(self.entry, {"esteem_in": 4, "clubs_in": 1}, first, autumn)
        # the second answered the entry twice: the later answer counts
        self._answer(self.entry, {"esteem_in": 2}, second, autumn)
        self._answer(self.entry, {"esteem_in": 6, "note": 9}, second, date(2025, 10, 1))
        self._answer(self.entry, {"esteem_in": 5}, third, autumn)
        self._answer(self.exit, {"esteem_out": 7, "clubs_out": 3}, first)
        self._answer(self.exit, {"esteem_out": 5}, second)
        # a year earlier: not this school year
        self._answer(self.exit, {"esteem_out": 1}, third, date(2025, 5, 20))
        esteem, clubs = stats.impact(self.school_a, 2025)

        self.assertEqual(esteem.parameter, "esteem")
        self.assertEqual(esteem.label, "Уверенность в себе")
        # entry (4 + 6 + 5) / 3 = 5; exit (7 + 5) / 2 = 6
        self.assertEqual((esteem.entry, esteem.exit, esteem.change), (5.0, 6.0, 1.0))
        self.assertEqual((esteem.entry_count, esteem.exit_count), (3, 2))
        changes = {p.person_id: (p.entry, p.exit, p.change) for p in esteem.people}
        self.assertEqual(
            changes,
            {
                first.pk: (4.0, 7.0, 3.0),
                second.pk: (6.0, 5.0, -1.0),
                third.pk: (5.0, None, None),
            },
        )
        self.assertEqual((clubs.entry, clubs.exit, clubs.change), (1.0, 3.0, 2.0))
        self.assertEqual([p.change for p in clubs.people], [2.0])

    def test_anonymous_answers_count_in_the_means_but_name_nobody(self) -> None:
        for value in (6, 8):
            self._answer(self.entry, {"esteem_in": value}, anonymous=True)
        for value in (4, 4, 5):
            self._answer(self.exit, {"esteem_out": value}, anonymous=True)
        (esteem,) = stats.impact(self.school_a, 2025)
        # entry 7, exit 13 / 3 = 4.33
        self.assertEqual((esteem.entry, esteem.exit), (7.0, 4.33))
        self.assertEqual(esteem.change, -2.67)
        self.assertEqual(esteem.people, [])

    def test_it_keeps_to_the_organisation(self) -> None:
        campaign = make_campaign(self.entry, self.school_c)
        services.response_submit(campaign, {"esteem_in": 3}, today=SPRING)
        self.assertEqual(stats.impact(self.school_a, 2025), [])
