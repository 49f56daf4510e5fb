"""A pupil with everything the product can hold about a person: a card with
special categories, a parent, a consent, the mentee base, a pair fixed by
order with meetings and feedback, and answers to a satisfaction
questionnaire with free text. Shared by the tests of the personal-data
export and of anonymising."""

from __future__ import annotations

from datetime import UTC, date, datetime

from nastavnik.monitoring.models import Denominators
from nastavnik.monitoring.tests.factory import fixed, pair, person
from nastavnik.pairs.models import Feedback, Meeting, Pairing
from nastavnik.people.models import MenteeProfile, Person, SensitiveInfo
from nastavnik.people.tests.factory import give_consent, make_guardian
from nastavnik.surveys import services as surveys
from nastavnik.surveys.models import Question
from nastavnik.surveys.tests.factory import make_campaign
from nastavnik.surveys.tests.test_profiles import make_version

ON = date(2026, 12, 6)
T = Question.Type


class PersonalDataCast:
    """Mixin for a BaseTestCase pinned to ON: ``self.pupil`` and the rest."""

    def make_cast(self) -> None:
        self.mentor = person(
            self.school_a,
            "Наставникова",
            category=Person.Category.TEACHER,
            employer_inn="4345000013",
        )
        # born on 14 November: after 1 September, before 1 January
        self.pupil = person(
            self.school_a,
            "Журавлёва",
            first_name="Дарья",
            patronymic="Игоревна",
            birth_date=date(2012, 11, 14),
            class_name="8А",
            phone="+7 912 000-11-22",
            email="dasha@example.org",
            snils="123-456-789 64",
        )
        self.others = [
            person(self.school_a, f"Ученик{n}", birth_date=date(2013, 1, n))
            for n in range(1, 4)
        ]
        Denominators.objects.create(
            organisation=self.school_a,
            school_year=2026,
            reference_date=date(2026, 9, 1),
            children=20,
            youths=10,
            young_teachers=4,
            enterprises=2,
        )
        SensitiveInfo.objects.create(
            person=self.pupil, disability=True, note="Слабое зрение"
        )
        self.mother = make_guardian(self.pupil, "Журавлёва", first_name="Ольга")
        self.consent = give_consent(self.pupil, signer=self.mother)
        MenteeProfile.objects.create(
            person=self.pupil,
            category=MenteeProfile.Category.LOW_RESULTS,
            request="Боится контрольных по алгебре",
        )
        self.pairing = pair(self.school_a, [self.mentor], [self.pupil, *self.others])
        fixed(self.pairing, date(2026, 9, 20))
        self.meeting = Meeting.objects.create(
            pairing=self.pairing,
            kind=Meeting.Kind.INTRO,
            status=Meeting.Status.HELD,
            starts_at=datetime(2026, 10, 5, 12, tzinfo=UTC),
            topic="Знакомство",
        )
        Feedback.objects.create(
            meeting=self.meeting,
            person=self.pupil,
            rating=9,
            comment="Мама говорит, что мне стало легче",
        )
        version = make_version(
            "satisfaction_mentee",
            {"key": "useful", "type": T.SCALE, "scored": True, "text": "Польза"},
            {
                "key": "liked",
                "type": T.SINGLE,
                "choices": [["talks", "Беседы"]],
                "allow_other": True,
                "text": "Что понравилось",
            },
            {"key": "wish", "type": T.LONG_TEXT, "text": "Ваши пожелания"},
        )
        self.campaign = make_campaign(version, self.school_a, title="Удовлетворённость")
        for mentee, score in zip([self.pupil, *self.others], (9, 8, 4, 3), strict=True):
            surveys.response_submit(
                self.campaign,
                {
                    "useful": score,
                    "liked": "other:Походы с Иваном Петровичем",
                    "wish": "Хочу к Ивану Петровичу в 8Б",
                },
                person=mentee,
                source="paper",
                today=date(2026, 11, 20),
            )

    @staticmethod
    def pairs_and_meetings() -> tuple[int, int, int]:
        return (
            Pairing.objects.count(),
            Meeting.objects.count(),
            Feedback.objects.count(),
        )
