"""The six KPIs on hand-built data: who counts, at which age, once."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import time_machine

from nastavnik.lib.dates import age_on
from nastavnik.monitoring import kpis
from nastavnik.monitoring.models import Denominators, Target
from nastavnik.monitoring.tests.factory import pair, person
from nastavnik.orgs.models import Municipality, Organisation
from nastavnik.pairs.models import Pairing, PairingMember
from nastavnik.people.models import Person
from nastavnik.surveys import services
from nastavnik.surveys.models import Question
from nastavnik.surveys.tests.factory import make_campaign
from nastavnik.surveys.tests.test_profiles import make_version
from nastavnik.test import BaseTestCase, make_organisation

ON = date(2026, 12, 6)
REFERENCE = date(2026, 9, 1)
S = Pairing.Status


class YearsBeforeTests(BaseTestCase):
    def test_born_on_or_before_years_before_means_at_least_that_old(self) -> None:
        """The SQL bound agrees with age_on on every day of four years,
        29 February included, for births around each bound."""
        day = date(2027, 1, 1)
        while day < date(2029, 1, 1):
            for years in (10, 15, 20):
                bound = kpis.years_before(day, years)
                self.assertGreaterEqual(age_on(bound, day), years, (day, years))
                self.assertLess(age_on(bound + timedelta(days=1), day), years)
            day += timedelta(days=1)

    def test_29_february_of_a_common_year_is_28_february(self) -> None:
        cases = [
            (date(2028, 2, 29), 10, date(2018, 2, 28)),
            (date(2028, 2, 29), 20, date(2008, 2, 29)),
            (date(2027, 3, 1), 19, date(2008, 3, 1)),
        ]
        for day, years, expected in cases:
            with self.subTest(day=day, years=years):
                self.assertEqual(kpis.years_before(day, years), expected)


class PeopleCountsTests(BaseTestCase):
    def setUp(self) -> None:
        self.mentor = person(
            self.school_a, "Наставникова", category=Person.Category.TEACHER
        )

    def _counts(self, reference=REFERENCE, since=date(2026, 9, 1), on=ON) -> dict:
        return kpis.people_counts([self.school_a], since, on, reference)

    def test_mentees_count_by_their_age_on_the_reference_date(self) -> None:
        born = {
            "девяти лет": date(2016, 9, 2),  # 9 on 1.9.2026
            "десяти лет": date(2016, 9, 1),  # 10 that very day
            "девятнадцати лет": date(2006, 9, 2),  # 19, the day before 20
            "двадцати лет": date(2006, 9, 1),  # 20 that day
            "без даты рождения": None,
        }
        mentees = [person(self.school_a, n, birth_date=b) for n, b in born.items()]
        pair(self.school_a, [self.mentor], mentees)
        self.assertEqual(self._counts()["children"], 2)
        # a day later the one born on 2.9.2016 is ten, and another is twenty
        self.assertEqual(self._counts(reference=date(2026, 9, 2))["children"], 2)
        self.assertEqual(self._counts(reference=date(2026, 8, 31))["children"], 2)

    def test_a_person_in_two_pairs_counts_once(self) -> None:
        mentee = person(self.school_a, "Двоякова", birth_date=date(2012, 5, 5))
        other_mentor = person(
            self.school_a, "Второва", category=Person.Category.TEACHER
        )
        pair(self.school_a, [self.mentor], [mentee])
        pair(self.school_a, [other_mentor], [mentee], status=S.CLOSED)
        self.assertEqual(self._counts()["children"], 1)

    def test_only_pairs_fixed_by_order_within_the_period_count(self) -> None:
        born = date(2012, 5, 5)
        cases = [
            ("закреплена", S.FIXED, date(2026, 10, 1), None, 1),
            ("на паузе", S.PAUSED, date(2026, 10, 1), None, 1),
            (
                "закрыта досрочно",
                S.CLOSED_EARLY,
                date(2026, 10, 1),
                date(2026, 11, 1),
                1,
            ),
            ("только предложена", S.PROPOSED, date(2026, 10, 1), None, 0),
            ("подтверждена без приказа", S.CONFIRMED, date(2026, 10, 1), None, 0),
            ("вышел до начала года", S.CLOSED, date(2025, 10, 1), date(2026, 5, 31), 0),
            ("вступит после даты", S.FIXED, date(2026, 12, 7), None, 0),
            ("с прошлого года", S.WORKING, date(2025, 10, 1), None, 1),
        ]
        for name, status, since, until, expected in cases:
            with self.subTest(name):
                mentee = person(self.school_a, name, birth_date=born)
                pairing = pair(
                    self.school_a, [self.mentor], [mentee], status, since, until
                )
                self.assertEqual(self._counts()["children"], expected)
                pairing.delete()

    def test_a_pair_closed_last_year_does_not_count(self) -> None:
        """Closing a pair leaves its members' «until» empty: the day it closed
        tells that they were in no pair this school year."""
        mentee = person(self.school_a, "Прошлогодняя", birth_date=date(2012, 5, 5))
        pairing = pair(self.school_a, [self.mentor], [mentee], S.CLOSED)
        PairingMember.objects.filter(pairing=pairing).update(since=date(2025, 10, 1))
        for closed_on, expected in ((date(2026, 5, 31), 0), (date(2026, 9, 1), 1)):
            with self.subTest(closed_on=closed_on):
                Pairing.objects.filter(pk=pairing.pk).update(closed_on=closed_on)
                self.assertEqual(self._counts()["children"], expected)

    def test_mentors_aged_15_to_19_young_teachers_and_enterprises(self) -> None:
        pupil_mentor = person(
            self.school_a, "Старшеклассник", birth_date=date(2009, 1, 1)
        )
        adult = person(self.school_a, "Взрослый", birth_date=date(1990, 1, 1))
        young = person(
            self.school_a,
            "Молодая",
            category=Person.Category.TEACHER,
            experience_years=2,
        )
        seasoned = person(
            self.school_a,
            "Опытная",
            category=Person.Category.TEACHER,
            experience_years=5,
        )
        engineers = [
            person(
                self.school_a,
                name,
                category=Person.Category.EMPLOYEE,
                employer_name="АО «Завод»",
                employer_inn="4345000011",
            )
            for name in ("Инженер", "Технолог")
        ]
        pair(self.school_a, [pupil_mentor, adult], [young, seasoned])
        pair(self.school_a, engineers, [person(self.school_a, "Ученик")])
        counts = self._counts()
        self.assertEqual(counts["youths"], 1)
        self.assertEqual(counts["young_teachers"], 1)
        # two mentors of one enterprise: one enterprise; the rest bring none
        self.assertEqual(counts["enterprises"], 1)

    def test_another_organisation_does_not_count(self) -> None:
        stranger = person(self.school_a2, "Чужой", birth_date=date(2012, 1, 1))
        pair(self.school_a2, [person(self.school_a2, "Наставник")], [stranger])
        self.assertEqual(self._counts()["children"], 0)


class FiguresTests(BaseTestCase):
    def test_a_missing_or_zero_denominator_is_no_data(self) -> None:
        denominators = Denominators(children=0, youths=None, young_teachers=40)
        figures = kpis.figures(
            {"children": 3, "youths": 1, "young_teachers": 10, "enterprises": 0},
            {5: (0, 0), 6: (4, 3)},
            denominators,
            {},
        )
        self.assertEqual(
            [f.percent for f in figures],
            [None, None, Decimal("25.0"), None, None, Decimal("75.0")],
        )

    def test_outside_the_organisation_groups_under_five_are_suppressed(self) -> None:
        denominators = Denominators(children=100, youths=100, enterprises=10)
        counts = {"children": 4, "youths": 5, "young_teachers": 0, "enterprises": 2}
        figures = kpis.figures(
            counts, {5: (4, 4), 6: (5, 4)}, denominators, {}, suppress=True
        )
        self.assertEqual(
            [f.suppressed for f in figures], [True, False, False, False, True, False]
        )
        self.assertIsNone(figures[0].percent)
        self.assertEqual(figures[1].percent, Decimal("5.0"))
        # enterprises are not people: two of ten is shown
        self.assertEqual(figures[3].percent, Decimal("20.0"))


class TargetsTests(BaseTestCase):
    def test_seed_001_targets_by_year_and_the_last_after_2024(self) -> None:
        cases = [
            (2019, None),
            (2020, Decimal(10)),
            (2022, Decimal(40)),
            (2024, Decimal(70)),
            (2026, Decimal(70)),
        ]
        for year, expected in cases:
            with self.subTest(year=year):
                found = kpis.targets(self.municipality_a, self.region_a, year)
                self.assertEqual(found.get(1, (None,))[0], expected)

    def test_the_municipality_overrides_the_region_which_overrides_the_seed(
        self,
    ) -> None:
        Target.objects.create(region=self.region_a, year=2026, kpi=1, value=50)
        Target.objects.create(region=self.region_a, year=2026, kpi=2, value=12)
        Target.objects.create(
            municipality=self.municipality_a, year=2026, kpi=1, value=60
        )
        found = kpis.targets(self.municipality_a, self.region_a, 2026)
        self.assertEqual(found[1][0], Decimal(60))
        self.assertEqual(found[2][0], Decimal(12))
        self.assertEqual(found[3][0], Decimal(70))
        # another municipality of the region takes the region's
        other = kpis.targets(None, self.region_a, 2026)
        self.assertEqual(other[1][0], Decimal(50))


@time_machine.travel(date(2026, 12, 6), tick=False)
class OrganisationKpisTests(BaseTestCase):
    def test_the_six_figures_with_denominators_and_satisfaction(self) -> None:
        mentor = person(self.school_a, "Наставник", category=Person.Category.TEACHER)
        mentees = [
            person(self.school_a, f"Ученик{n}", birth_date=date(2012, 1, n))
            for n in range(1, 5)
        ]
        pair(self.school_a, [mentor], mentees)
        Denominators.objects.create(
            organisation=self.school_a,
            school_year=2026,
            reference_date=REFERENCE,
            children=16,
        )
        version = make_version(
            "satisfaction_mentee",
            {"key": "useful", "type": Question.Type.SCALE, "scored": True},
        )
        campaign = make_campaign(version, self.school_a)
        for mentee, score in zip(mentees, (9, 8, 7, 3), strict=True):
            services.response_submit(
                campaign,
                {"useful": score},
                person=mentee,
                source="paper",
                today=date(2026, 11, 20),
            )
        data = kpis.for_organisation(self.school_a, ON)
        first, *_, fifth, sixth = data["figures"]
        self.assertEqual((first.numerator, first.percent), (4, Decimal("25.0")))
        self.assertEqual(first.target, Decimal(70))
        self.assertEqual((fifth.numerator, fifth.denominator), (3, 4))
        self.assertEqual(fifth.percent, Decimal("75.0"))
        self.assertIsNone(sixth.percent)
        self.assertEqual(data["thresholds"], [Decimal("7")])


@time_machine.travel(date(2026, 12, 6), tick=False)
class RegionKpisTests(BaseTestCase):
    def setUp(self) -> None:
        self.district = Municipality.objects.create(region=self.region_a, name="Юрья")
        self.school_d = make_organisation(self.district, "4330000038", "СОШ № 5")
        # six pupils of 14 in Уни; two of them are mentees in Юрья too
        self.pupils = [
            person(self.school_a, f"Ученик{n}", birth_date=date(2012, 4, n))
            for n in range(1, 7)
        ]
        pair(self.school_a, [person(self.school_a, "Наставник")], self.pupils)
        others = [
            person(self.school_d, f"Юрьевский{n}", birth_date=date(2012, 4, n))
            for n in range(1, 4)
        ]
        pair(self.school_d, [person(self.school_d, "Н")], [*self.pupils[:2], *others])

    def _children(self, data: dict) -> tuple[dict[str, int], int]:
        rows = {m.name: figures[0].numerator for m, figures in data["rows"]}
        return rows, data["total"][0].numerator

    def test_a_person_in_two_municipalities_pairs_counts_once_in_the_total(
        self,
    ) -> None:
        rows, total = self._children(kpis.for_region(self.region_a, ON))
        self.assertEqual(rows, {"Уни": 6, "Юрья": 5})
        self.assertEqual(total, 9)

    def test_a_partner_organisations_pairs_count_in_no_row_nor_the_total(
        self,
    ) -> None:
        partner = make_organisation(self.municipality_a, "4330000045", "ООО «Завод»")
        partner.type = Organisation.Type.PARTNER
        partner.save()
        trainees = [
            person(partner, f"Практикант{n}", birth_date=date(2011, 4, n))
            for n in range(1, 6)
        ]
        pair(partner, [person(partner, "Мастер")], trainees)
        rows, total = self._children(kpis.for_region(self.region_a, ON))
        self.assertEqual((rows, total), ({"Уни": 6, "Юрья": 5}, 9))
        by_municipality = kpis.people_counts_by_municipality(
            [self.municipality_a, self.district], date(2026, 9, 1), ON, REFERENCE
        )
        self.assertEqual(by_municipality[self.municipality_a.pk]["children"], 6)
        municipal = kpis.for_municipality(self.municipality_a, ON)
        self.assertEqual(municipal["total"][0].numerator, 6)
