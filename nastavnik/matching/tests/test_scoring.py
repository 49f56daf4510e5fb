"""The score of a pair, criterion by criterion: each row a situation and the
points it earns; then the scale of the total, the weights, the explanation,
and how the words of a request and the days of a timetable are read."""

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np
from django.test import SimpleTestCase
from django.utils import translation

from nastavnik.matching.scoring import (
    CRITERIA_LABELS,
    DEFAULT_WEIGHTS,
    MenteeFacts,
    MentorFacts,
    Score,
    explain,
    parts_of,
    score,
    score_pairs,
    scorer,
    slots,
    words,
)

MENTEE = MenteeFacts(id=1, name="Зайцев П. С.")
MENTOR = MentorFacts(id=2, name="Орлова А. В.")
MATH = frozenset({"math"})
ONLY = dict.fromkeys(DEFAULT_WEIGHTS, 0)


def points(criterion: str, mentee: dict, mentor: dict, form_code: str = "") -> int:
    result = score(
        replace(MENTEE, **mentee), replace(MENTOR, **mentor), form_code=form_code
    )
    return result.parts[criterion]


class CriteriaTestCase(SimpleTestCase):
    def check(self, criterion: str, cases: list) -> None:
        for mentee, mentor, form_code, expected in cases:
            with self.subTest(mentee=mentee, mentor=mentor, form_code=form_code):
                self.assertEqual(points(criterion, mentee, mentor, form_code), expected)

    def test_topics_are_the_share_of_the_request_the_mentor_covers(self) -> None:
        self.check(
            "topics",
            [
                ({"topics": MATH}, {"topics": MATH | {"chess"}}, "", 100),
                ({"topics": MATH | {"chess"}}, {"topics": MATH}, "", 50),
                ({"topics": frozenset("abc")}, {"topics": frozenset("a")}, "", 33),
                ({"topics": MATH}, {"topics": frozenset({"art"})}, "", 0),
                ({"topics": MATH}, {}, "", 0),
                # no topics: the words of the request against the competences
                (
                    {"words": words("математика, экзамен")},
                    {"words": words("Готовлю к экзамену по математике")},
                    "",
                    100,
                ),
                (
                    {"words": words("математика, робототехника")},
                    {"words": words("математике")},
                    "",
                    50,
                ),
                ({}, {"words": words("математика")}, "", 0),
            ],
        )

    def test_interests_grow_with_each_shared_word(self) -> None:
        self.check(
            "interests",
            [
                ({"words": words("шахматы")}, {"words": words("футбол")}, "", 0),
                ({"words": words("шахматы")}, {"words": words("шахматы")}, "", 40),
                (
                    {"words": words("шахматы, футбол, театр")},
                    {"words": words("футбол и шахматы")},
                    "",
                    70,
                ),
                (
                    {"words": words("шахматы футбол театр музыка")},
                    {"words": words("музыка театр футбол шахматы")},
                    "",
                    100,
                ),
                ({}, {"words": words("шахматы")}, "", 0),
            ],
        )

    def test_the_format_matches_or_mixes(self) -> None:
        self.check(
            "format",
            [
                ({"format": "online"}, {"format": "online"}, "", 100),
                ({"format": "in_person"}, {"format": "mixed"}, "", 70),
                ({"format": "mixed"}, {"format": "online"}, "", 70),
                ({"format": ""}, {"format": "online"}, "", 50),
                ({"format": "online"}, {"format": ""}, "", 50),
                ({"format": "online"}, {"format": "in_person"}, "", 0),
            ],
        )

    def test_availability_is_the_overlap_of_the_days(self) -> None:
        cases = [
            # (the mentee's days, the mentor's days, points)
            ("пн, ср", "ср", 100),
            ("пн, ср", "ср, пт", 50),
            ("пн", "вт", 0),
            ("", "вт", 50),  # unknown
            ("вт", "", 50),
        ]
        self.check(
            "availability",
            [
                ({"availability": slots(a)}, {"availability": slots(b)}, "", points)
                for a, b, points in cases
            ],
        )

    def test_the_mentees_rank_of_the_mentor(self) -> None:
        self.check(
            "mentee_rank",
            [
                ({"ranks": (2, 7)}, {}, "", 100),
                ({"ranks": (7, 2)}, {}, "", 80),
                ({"ranks": (7, 8, 9, 2)}, {}, "", 40),
                ({"ranks": (3, 4, 5, 6, 7, 2)}, {}, "", 20),
                ({"ranks": tuple(range(3, 20)) + (2,)}, {}, "", 20),
                ({"ranks": (7,)}, {}, "", 0),
                ({"ranks": ()}, {}, "", 50),  # ranked nobody: neutral
            ],
        )

    def test_the_mentors_rank_of_the_mentee(self) -> None:
        self.check(
            "mentor_rank",
            [
                ({}, {"ranks": (1,)}, "", 100),
                ({}, {"ranks": (5, 1)}, "", 80),
                ({}, {"ranks": (5,)}, "", 0),
                ({}, {"ranks": ()}, "", 50),
            ],
        )

    def test_the_form_fits_what_the_mentor_is_ready_for(self) -> None:
        ready = frozenset({"teacher_pupil", "pupil_pupil"})
        self.check(
            "form_fit",
            [
                ({}, {"forms_ready": ready}, "teacher_pupil", 100),
                ({}, {"forms_ready": ready}, "employer_pupil", 0),
                ({}, {"forms_ready": frozenset()}, "teacher_pupil", 50),
                ({}, {"forms_ready": ready}, "", 50),
            ],
        )


BEST = (
    replace(
        MENTEE,
        topics=MATH,
        words=words("шахматы футбол театр музыка"),
        format="online",
        availability=slots("пн"),
        ranks=(2,),
    ),
    replace(
        MENTOR,
        topics=MATH,
        words=words("шахматы футбол театр музыка"),
        format="online",
        availability=slots("пн"),
        ranks=(1,),
        forms_ready=frozenset({"teacher_pupil"}),
    ),
)
WORST = (
    replace(MENTEE, topics=MATH, format="online", availability=slots("пн"), ranks=(9,)),
    replace(
        MENTOR,
        format="in_person",
        availability=slots("вт"),
        ranks=(9,),
        forms_ready=frozenset({"pupil_pupil"}),
    ),
)


class TotalTestCase(SimpleTestCase):
    def test_the_total_runs_from_1_to_1000(self) -> None:
        best = score(*BEST, form_code="teacher_pupil")
        worst = score(*WORST, form_code="teacher_pupil")
        self.assertEqual(set(best.parts.values()), {100})
        self.assertEqual(best.total, 1000)
        self.assertEqual(set(worst.parts.values()), {0})
        self.assertEqual(worst.total, 1)

    def test_the_total_is_the_weighted_mean_of_the_points(self) -> None:
        cases = [
            # (weights, total)
            (
                DEFAULT_WEIGHTS,
                625,
            ),  # 1 + 999 × (40×100 + 10×50 + 15×100 + 5×50) / 10000
            ({**ONLY, "topics": 1}, 1000),
            ({**ONLY, "format": 1}, 1),
            ({**ONLY, "topics": 1, "format": 1}, 501),  # 500.5 rounds up
            ({**ONLY, "topics": 3, "format": 1}, 750),  # 1 + 749.25
        ]
        mentee = replace(MENTEE, topics=MATH, format="online", ranks=(2,))
        mentor = replace(MENTOR, topics=MATH, format="in_person", ranks=(7,))
        for weights, total in cases:
            with self.subTest(weights=weights):
                self.assertEqual(score(mentee, mentor, weights=weights).total, total)

    def test_a_weight_of_0_switches_a_criterion_off(self) -> None:
        weights = {**DEFAULT_WEIGHTS, "mentee_rank": 0}
        chosen = replace(MENTEE, ranks=(2,))
        not_chosen = replace(MENTEE, ranks=(7,))
        self.assertEqual(
            score(chosen, MENTOR, weights=weights).total,
            score(not_chosen, MENTOR, weights=weights).total,
        )
        self.assertGreater(score(chosen, MENTOR).total, score(not_chosen, MENTOR).total)
        # the points are still kept, for the record
        self.assertEqual(
            score(chosen, MENTOR, weights=weights).parts["mentee_rank"], 100
        )

    def test_with_every_weight_0_every_pair_scores_500(self) -> None:
        for pair in (BEST, WORST, (MENTEE, MENTOR)):
            with self.subTest(pair=pair):
                self.assertEqual(score(*pair, weights=ONLY).total, 500)
                self.assertEqual(score(*pair, weights={}).total, 500)

    def test_a_missing_or_negative_weight_counts_as_0(self) -> None:
        self.assertEqual(
            score(*WORST, weights={"topics": 1, "format": -5}).total,
            score(*WORST, weights={"topics": 1}).total,
        )

    def test_the_scorer_of_a_cohort_gives_the_same_scores(self) -> None:
        score_pair = scorer({**DEFAULT_WEIGHTS, "topics": 7}, "teacher_pupil")
        for pair in (BEST, WORST, (MENTEE, MENTOR)):
            with self.subTest(pair=pair):
                self.assertEqual(
                    score_pair(*pair),
                    score(
                        *pair,
                        weights={**DEFAULT_WEIGHTS, "topics": 7},
                        form_code="teacher_pupil",
                    ),
                )
        self.assertIs(score_pair(*BEST), score_pair(*BEST))


def _cohort(rnd: random.Random, mentees: int, mentors: int) -> tuple[list, list]:
    """People with random facts drawn from small pools, so that pairs share
    some and not others; some ranked, one of them a person twice."""
    topics = ["math", "career", "sport", "art", "it"]
    stems = sorted(words("шахматы футбол театр музыка физика химия робототехника"))
    formats = ["", "online", "in_person", "mixed"]
    days = ["", "пн", "вт, чт", "выходные", "пн-пт", "каждый день"]

    def some(pool: list) -> frozenset:
        return frozenset(rnd.sample(pool, rnd.randint(0, min(3, len(pool)))))

    def ranks(ids: range) -> tuple:
        return tuple(rnd.sample(ids, 3)) if rnd.random() < 0.4 else ()

    mentee_ids, mentor_ids = range(1, mentees + 1), range(100, 100 + mentors)
    people = [
        MenteeFacts(
            id=pk,
            name=f"M{pk}",
            topics=some(topics),
            words=some(stems),
            format=rnd.choice(formats),
            availability=slots(rnd.choice(days)),
            ranks=ranks(mentor_ids),
        )
        for pk in mentee_ids
    ]
    people[0] = replace(people[0], ranks=(100, 101, 100))
    others = [
        MentorFacts(
            id=pk,
            name=f"T{pk}",
            topics=some(topics),
            words=some(stems),
            format=rnd.choice(formats),
            availability=slots(rnd.choice(days)),
            ranks=ranks(mentee_ids),
            forms_ready=some(["teacher_pupil", "pupil_pupil"]),
        )
        for pk in mentor_ids
    ]
    return people, others


class ScorePairsTestCase(SimpleTestCase):
    def test_a_cohort_scored_at_once_scores_as_pair_by_pair(self) -> None:
        rnd = random.Random(13)
        mentees, mentors = _cohort(rnd, 30, 8)
        pairs = [(i, j) for i in range(30) for j in range(8) if rnd.random() < 0.7]
        ei = np.array([i for i, _j in pairs], dtype=np.int64)
        ej = np.array([j for _i, j in pairs], dtype=np.int64)
        for weights, form_code in (
            (DEFAULT_WEIGHTS, "teacher_pupil"),
            ({**DEFAULT_WEIGHTS, "topics": 7, "mentor_rank": 0}, ""),
            (ONLY, "pupil_pupil"),
        ):
            with self.subTest(weights=weights, form_code=form_code):
                score_pair = scorer(weights, form_code)
                total, points = score_pairs(
                    mentees, mentors, ei, ej, weights, form_code
                )
                for k, (i, j) in enumerate(pairs):
                    expected = score_pair(mentees[i], mentors[j])
                    self.assertEqual(
                        Score(int(total[k]), parts_of(points[k])), expected
                    )

    def test_no_pairs_give_empty_figures(self) -> None:
        none = np.zeros(0, dtype=np.int64)
        total, points = score_pairs([], [], none, none)
        self.assertEqual((total.shape, points.shape), ((0,), (0, 7)))


class ExplainTestCase(SimpleTestCase):
    def setUp(self) -> None:
        translation.activate("ru")
        self.addCleanup(translation.deactivate)

    def test_it_lists_the_weighted_criteria_the_largest_contribution_first(
        self,
    ) -> None:
        mentee = replace(MENTEE, topics=MATH, ranks=(2,))
        mentor = replace(MENTOR, topics=MATH)
        result = score(mentee, mentor)
        rows = explain(result, DEFAULT_WEIGHTS)
        self.assertEqual(
            [
                (r["criterion"], r["points"], r["weight"], r["contribution"])
                for r in rows
            ],
            [
                ("topics", 100, 40, 400),
                ("mentee_rank", 100, 15, 150),
                ("format", 50, 10, 50),
                ("availability", 50, 10, 50),
                ("mentor_rank", 50, 10, 50),
                ("form_fit", 50, 5, 25),
                ("interests", 0, 10, 0),
            ],
        )
        self.assertEqual(rows[0]["label"], "общие темы запроса")
        self.assertEqual(result.total, 1 + 400 + 150 + 50 + 50 + 50 + 25 - 1)

    def test_it_leaves_out_the_criteria_switched_off(self) -> None:
        weights = {**ONLY, "topics": 1, "mentor_rank": 1}
        rows = explain(
            Score(total=500, parts={"topics": 50, "mentor_rank": 50}), weights
        )
        self.assertEqual([r["criterion"] for r in rows], ["topics", "mentor_rank"])
        self.assertEqual([r["contribution"] for r in rows], [250, 250])
        self.assertEqual(explain(Score(total=500), ONLY), [])

    def test_every_criterion_has_a_russian_label(self) -> None:
        self.assertEqual(list(CRITERIA_LABELS), list(DEFAULT_WEIGHTS))
        self.assertEqual(
            [str(label) for label in CRITERIA_LABELS.values()],
            [
                "общие темы запроса",
                "общие интересы",
                "формат встреч",
                "время для встреч",
                "наставляемый выбрал этого наставника",
                "наставник выбрал этого наставляемого",
                "готовность к форме наставничества",
            ],
        )


class WordsTestCase(SimpleTestCase):
    def test_it_reads_the_words_that_matter(self) -> None:
        cases = [
            ("Математика", {"математик"}),
            ("к экзамену по МАТЕМАТИКЕ", {"экзамен", "математик"}),
            ("Ёлка, ёж и ЁЛКИ", {"елк"}),  # 3 letters dropped, ё as е
            ("хочу помощь, чтобы понять физику", {"поня", "физик"}),
            ("robotics and Python", {"robotics", "python"}),
            ("научно-популярный 2024 год", {"научн", "популярн"}),
            ("", set()),
            ("и в на к", set()),
        ]  # fmt: skip
        for text, expected in cases:
            with self.subTest(text=text):
                self.assertEqual(words(text), frozenset(expected))

    def test_the_forms_of_one_word_meet(self) -> None:
        for a, b in [
            ("математике", "математика"),
            ("математикой", "математику"),
            ("экзамен", "экзаменом"),
            ("робототехникой", "робототехника"),
            ("программированию", "программированием"),
            ("английскому", "английский"),
        ]:
            with self.subTest(a=a, b=b):
                self.assertEqual(words(a), words(b))


class SlotsTestCase(SimpleTestCase):
    def test_it_reads_the_days_of_a_timetable(self) -> None:
        workdays = {"mon", "tue", "wed", "thu", "fri"}
        cases = [
            ("пн, ср после 15:00", {"mon", "wed"}),
            ("вторник и четверг", {"tue", "thu"}),
            ("по вторникам и четвергам", {"tue", "thu"}),
            ("Среда, пятница", {"wed", "fri"}),
            ("в субботу и воскресенье", {"sat", "sun"}),
            ("выходные", {"sat", "sun"}),
            ("по будням после уроков", workdays),
            ("пн–пт", workdays),
            ("с понедельника по пятницу", workdays),
            ("пт-пн", {"fri", "sat", "sun", "mon"}),
            ("ср 15:00-17:00, пт", {"wed", "fri"}),
            ("в любой день", workdays | {"sat", "sun"}),
            ("ежедневно", workdays | {"sat", "sun"}),
            ("Mon, Wed to Fri", {"mon", "wed", "thu", "fri"}),
            ("weekends", {"sat", "sun"}),
            ("во второй половине дня", set()),
            ("в среднем час в неделю", set()),
            ("после 15:00", set()),
            ("", set()),
        ]
        for text, expected in cases:
            with self.subTest(text=text):
                self.assertEqual(slots(text), frozenset(expected))
