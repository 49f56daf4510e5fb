"""A cohort read from the database: who is in it and who is not, and why;
the facts of a mentor and a mentee; the rules of a pair in the curator's
words; and a query count that does not grow with the people."""

from __future__ import annotations

from datetime import date

import time_machine
from django.db import connection
from django.test import SimpleTestCase
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from nastavnik.matching.facts import Cohort, cohort
from nastavnik.matching.scoring import (
    DEFAULT_WEIGHTS,
    MenteeFacts,
    MentorFacts,
    score,
)
from nastavnik.pairs import services
from nastavnik.pairs.models import ClosureReason
from nastavnik.pairs.rules import Candidate, FormRule
from nastavnik.pairs.tests.factory import (
    make_mentee,
    make_mentor,
    make_pairing,
    teacher_pupil,
)
from nastavnik.people.models import MenteeProfile, MentorProfile, Person, Topic
from nastavnik.people.tests.factory import give_consent, make_person, make_pupil
from nastavnik.programmes.models import Programme
from nastavnik.programmes.tests.factory import make_programme
from nastavnik.surveys.models import Kind, Preference
from nastavnik.surveys.tests.factory import make_campaign, make_questionnaire
from nastavnik.test import BaseTestCase

TODAY = "2027-02-12 10:00+03:00"
ON = date(2027, 2, 12)


def names(facts: list) -> list[str]:
    return [f.name for f in facts]


@time_machine.travel(TODAY, tick=False)
class CohortTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        with time_machine.travel(TODAY, tick=False):
            cls.build()

    @classmethod
    def build(cls) -> None:
        school = cls.school_a
        cls.programme = make_programme(school, status="running")
        cls.form = teacher_pupil()
        math = Topic.objects.get_or_create(code="math", defaults={"name": "Математика"})
        math = math[0]

        cls.orlova = make_mentor(school, "Орлова", first_name="Анна")
        MentorProfile.objects.filter(person=cls.orlova).update(
            training_done=True,
            competences="Готовлю к олимпиадам по математике",
            format=MentorProfile.Format.ONLINE,
            availability="вт, чт после 15:00",
            forms_ready=["teacher_pupil"],
        )
        cls.orlova.mentor_profile.topics.add(math)
        cls.volkov = make_mentor(school, "Волков")  # not trained
        cls.sokolov = make_mentor(school, "Соколов")
        profile = cls.sokolov.mentor_profile
        profile.pause()
        profile.save()
        cls.lebedeva = make_mentor(school, "Лебедева", capacity=1)
        cls.morozov = make_person(school, "Морозов")  # no consent
        MentorProfile.objects.create(
            person=cls.morozov,
            source=MentorProfile.Source.TEACHER,
            status=MentorProfile.Status.APPROVED,
        )
        cls.grigoriev = make_mentor(cls.school_a2, "Григорьев")

        cls.zaitsev = make_mentee(school, "Зайцев", first_name="Пётр")
        cls.zaitsev.mentee_profile.topics.add(math)
        cls.ivanov = make_pupil(school, "Иванов")  # no consent
        MenteeProfile.objects.create(
            person=cls.ivanov,
            category=MenteeProfile.Category.GIFTED,
            status=MenteeProfile.Status.WAITING,
        )
        cls.petrov = make_mentee(school, "Петров")
        make_pairing(cls.programme, cls.lebedeva, cls.petrov)  # fills Лебедева
        cls.kuznetsov = make_mentee(school, "Кузнецов")
        pairing = make_pairing(cls.programme, cls.orlova, cls.kuznetsov)
        services.pairing_close(
            pairing,
            user=None,
            day=date(2027, 1, 20),
            reason=ClosureReason.objects.get(name__startswith="Несовместимость"),
        )
        cls.sidorov = make_mentee(cls.school_a2, "Сидоров")

        version = make_questionnaire(Kind.PREFERENCE, school)
        campaign = make_campaign(version, school)
        for person, chosen in (
            (cls.zaitsev, [cls.volkov, cls.orlova]),
            (cls.orlova, [cls.zaitsev]),
        ):
            Preference.objects.bulk_create(
                Preference(person=person, candidate=c, rank=n, campaign=campaign)
                for n, c in enumerate(chosen, start=1)
            )

    def setUp(self) -> None:
        translation.activate("ru")
        self.addCleanup(translation.deactivate)

    def test_it_holds_the_support_list_and_the_mentors_with_room(self) -> None:
        result = cohort(self.programme, self.form, on=ON)
        self.assertEqual(names(result.mentees), ["Зайцев П.", "Кузнецов И."])
        self.assertEqual(names(result.mentors), ["Волков И.", "Орлова А."])
        self.assertEqual(result.form_code, "teacher_pupil")
        self.assertEqual(result.rule, FormRule("teacher", "pupil", self.form.name))
        self.assertEqual(result.never_again, {(self.kuznetsov.pk, self.orlova.pk)})

    def test_it_sets_apart_who_cannot_be_matched_and_says_why(self) -> None:
        result = cohort(self.programme, self.form, on=ON)
        self.assertEqual(
            result.not_eligible,
            {
                self.ivanov.pk: [
                    "У Иванов И. нет действующего согласия на обработку "
                    "персональных данных."
                ]
            },
        )
        self.assertEqual(
            {pk: " ".join(errors) for pk, errors in result.unavailable.items()},
            {
                self.sokolov.pk: "Соколов И. приостановил(а) наставничество.",
                self.lebedeva.pk: "У Лебедева И. уже 1 наставляемых из 1 возможных: "
                "нет места ещё для 1.",
                self.morozov.pk: "У Морозов И. нет действующего согласия на "
                "обработку персональных данных.",
            },
        )
        # a mentee in a pair, and the people of another school, are not in it
        people = {pk for _role, pk in result.candidates}
        for person in (self.petrov, self.sidorov, self.grigoriev):
            with self.subTest(person=person):
                self.assertNotIn(person.pk, people)

    def test_a_programme_that_requires_training_leaves_untrained_mentors_out(
        self,
    ) -> None:
        result = cohort(self.programme, self.form, on=ON, training_required=True)
        self.assertEqual(names(result.mentors), ["Орлова А."])
        self.assertEqual(
            result.unavailable[self.volkov.pk],
            ["Волков И.: обучение наставников не пройдено, а программа его требует."],
        )

    def test_it_reads_the_facts_of_the_profiles_and_the_ranks(self) -> None:
        result = cohort(self.programme, self.form, on=ON)
        orlova = result.mentors[1]
        self.assertEqual(
            orlova,
            MentorFacts(
                id=self.orlova.pk,
                name="Орлова А.",
                capacity=2,
                topics=frozenset({"math"}),
                words=frozenset({"готовл", "олимпиад", "математик"}),
                format="online",
                availability=frozenset({"tue", "thu"}),
                ranks=(self.zaitsev.pk,),
                forms_ready=frozenset({"teacher_pupil"}),
            ),
        )
        self.assertEqual(
            result.mentees[0],
            MenteeFacts(
                id=self.zaitsev.pk,
                name="Зайцев П.",
                topics=frozenset({"math"}),
                words=frozenset({"подтяну", "математик"}),
                ranks=(self.volkov.pk, self.orlova.pk),
            ),
        )

    def test_it_names_every_rule_a_pair_would_break(self) -> None:
        result = cohort(self.programme, self.form, on=ON)
        cases = [
            (self.zaitsev, self.orlova, []),
            (self.zaitsev, self.volkov, []),
            (
                self.kuznetsov,
                self.orlova,
                [
                    "Пара Орлова А. и Кузнецов И. уже была закрыта досрочно: "
                    "повторно её не предлагают."
                ],
            ),
            (
                self.zaitsev,
                self.sokolov,
                ["Соколов И. приостановил(а) наставничество."],
            ),
            (
                self.zaitsev,
                self.lebedeva,
                [
                    "У Лебедева И. уже 1 наставляемых из 1 возможных: "
                    "нет места ещё для 1."
                ],
            ),
            (
                self.ivanov,
                self.orlova,
                [
                    "У Иванов И. нет действующего согласия на обработку "
                    "персональных данных."
                ],
            ),
            (
                self.zaitsev,
                self.grigoriev,
                [
                    "Этого человека нет среди кандидатов подбора: его нет в базе "
                    "наставников или в списке ожидающих наставника."
                ],
            ),
        ]
        for mentee, mentor, expected in cases:
            with self.subTest(mentee=mentee, mentor=mentor):
                self.assertEqual(result.violations(mentee.pk, mentor.pk), expected)

    def test_the_edges_are_the_pairs_with_no_violation(self) -> None:
        result = cohort(self.programme, self.form, on=ON)
        edges = result.edges(DEFAULT_WEIGHTS)
        self.assertEqual(
            [(result.mentees[i].name, result.mentors[j].name) for i, j, _ in edges],
            [
                ("Зайцев П.", "Волков И."),
                ("Зайцев П.", "Орлова А."),
                ("Кузнецов И.", "Волков И."),
            ],
        )
        for i, j, found in edges:
            mentee, mentor = result.mentees[i], result.mentors[j]
            self.assertEqual(found, score(mentee, mentor, form_code="teacher_pupil"))
        zaitsev_orlova = edges[1][2]
        self.assertEqual(zaitsev_orlova.parts["topics"], 100)
        self.assertEqual(zaitsev_orlova.parts["mentee_rank"], 80)
        self.assertEqual(zaitsev_orlova.parts["mentor_rank"], 100)
        self.assertGreater(zaitsev_orlova.total, edges[0][2].total)

    def test_only_the_people_the_form_takes_are_matched(self) -> None:
        # a senior pupil in the mentor base, and a teacher on the support
        # list: neither belongs to «учитель – ученик» on that side
        senior = make_pupil(self.school_a, "Смирнов", birth_date=date(2010, 3, 1))
        MentorProfile.objects.create(
            person=senior,
            source=MentorProfile.Source.STUDENT,
            status=MentorProfile.Status.APPROVED,
            training_done=True,
        )
        give_consent(senior)
        teacher = make_mentee(self.school_a, "Новикова")
        Person.objects.filter(pk=teacher.pk).update(category=Person.Category.TEACHER)
        result = cohort(self.programme, self.form, on=ON)
        self.assertNotIn("Смирнов И.", names(result.mentors))
        self.assertEqual(
            result.unavailable[senior.pk],
            [
                "В форме «учитель – ученик» наставником может быть только педагог, "
                "другой сотрудник или педагог-ветеран: Смирнов И. — обучающийся."
            ],
        )
        self.assertNotIn("Новикова И.", names(result.mentees))
        self.assertEqual(
            result.not_eligible[teacher.pk],
            [
                "В форме «учитель – ученик» наставляемым может быть только "
                "обучающийся: Новикова И. — педагог."
            ],
        )
        self.assertIn(
            "наставником может быть только",
            " ".join(result.violations(self.zaitsev.pk, senior.pk)),
        )
        proposed = {
            (result.mentees[i].id, result.mentors[j].id) for i, j, _ in result.edges()
        }
        self.assertFalse({p for p in proposed if senior.pk in p or teacher.pk in p})

    def test_it_reads_a_cohort_in_a_fixed_number_of_queries(self) -> None:
        def queries() -> int:
            programme = Programme.objects.get(pk=self.programme.pk)
            with CaptureQueriesContext(connection) as captured:
                cohort(programme, self.form, on=ON)
            return len(captured)

        few = queries()
        math = Topic.objects.get(code="math")
        for n in range(15):
            mentor = make_mentor(self.school_a, f"Наставник{n}")
            mentor.mentor_profile.topics.add(math)
            mentee = make_mentee(self.school_a, f"Ученик{n}")
            mentee.mentee_profile.topics.add(math)
        self.assertEqual(queries(), few)
        # the organisation, mentees, mentors, their topics (2), ranks, closed pairs
        self.assertEqual(few, 7)


def _person(pk: int, organisation: int = 1, **fields) -> Candidate:
    defaults = {"has_consent": True, "in_base": True, "capacity": 2}
    category = fields.pop("category", "pupil" if pk > 10 else "teacher")
    return Candidate(
        pk, f"Человек {pk}", organisation, category, **{**defaults, **fields}
    )


class CohortRulesTestCase(SimpleTestCase):
    """``edges`` takes a shortcut (each person's rules once, the mentors of
    the mentee's organisation only): it must allow exactly the pairs that
    ``violations`` has nothing against."""

    def test_the_edges_agree_with_the_violations(self) -> None:
        mentors = [
            _person(1),
            _person(2, organisation=2),
            _person(3, paused=True),
            _person(4, load=2),
            _person(5, has_consent=False),
            _person(6),  # also a mentee: cannot mentor themselves
            _person(7),  # untrained
            _person(8, category="pupil"),  # not a teacher: not for this form
        ]
        mentees = [
            _person(11),
            _person(12, organisation=2),
            _person(13, has_consent=False),
            _person(6, category="pupil"),
            _person(14, category="teacher"),  # not a pupil: not for this form
        ]
        result = Cohort(
            mentees=[MenteeFacts(p.id, p.name) for p in mentees],
            mentors=[MentorFacts(p.id, p.name) for p in mentors],
            form_code="teacher_pupil",
            rule=FormRule("teacher", "pupil"),
            candidates={("mentor", p.id): p for p in mentors}
            | {("mentee", p.id): p for p in mentees},
            never_again={(11, 6)},
            untrained={7},
        )
        allowed = {
            (i, j)
            for i, mentee in enumerate(mentees)
            for j, mentor in enumerate(mentors)
            if not result.violations(mentee.id, mentor.id)
        }
        edges = result.edges()
        self.assertEqual({(i, j) for i, j, _score in edges}, allowed)
        self.assertEqual(allowed, {(0, 0), (1, 1), (3, 0)})

    def test_the_weights_reach_the_scores(self) -> None:
        mentor, mentee = _person(1), _person(11)
        result = Cohort(
            mentees=[MenteeFacts(11, "Зайцев", ranks=(1,))],
            mentors=[MentorFacts(1, "Орлова")],
            form_code="",
            rule=FormRule("teacher", "pupil"),
            candidates={("mentor", 1): mentor, ("mentee", 11): mentee},
        )
        only_rank = dict.fromkeys(DEFAULT_WEIGHTS, 0) | {"mentee_rank": 1}
        self.assertEqual(result.edges(only_rank)[0][2].total, 1000)
        self.assertEqual(
            result.edges()[0][2],
            score(result.mentees[0], result.mentors[0]),
        )
