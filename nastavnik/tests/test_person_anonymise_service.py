"""Anonymising a person keeps every aggregate and removes what names them."""

from __future__ import annotations

from datetime import date

import time_machine
from django.test import SimpleTestCase

from nastavnik.accounts.models import AuditEvent
from nastavnik.monitoring import kpis
from nastavnik.pairs.models import Feedback
from nastavnik.people import services
from nastavnik.people.models import GuardianLink, MenteeProfile, SensitiveInfo
from nastavnik.people.personal_data import Reason, coarse_birth_date
from nastavnik.surveys.models import Answer, Response
from nastavnik.test import BaseTestCase
from nastavnik.tests.personal_data_cast import ON, PersonalDataCast


class CoarseBirthDateTests(SimpleTestCase):
    def test_it_keeps_the_age_on_every_day_that_counts(self) -> None:
        sept, jan = date(2026, 9, 1), date(2027, 1, 1)
        cases = [
            # born, days the aggregates take ages on, kept
            (date(2012, 11, 14), [sept], date(2012, 9, 2)),
            (date(2012, 9, 1), [sept], date(2012, 1, 1)),
            (date(2012, 9, 2), [sept], date(2012, 9, 2)),
            (date(2012, 2, 3), [sept], date(2012, 1, 1)),
            (date(2012, 11, 14), [sept, date(2026, 10, 15)], date(2012, 10, 16)),
            (date(2012, 11, 14), [], date(2012, 1, 1)),
            (date(2012, 12, 31), [jan, sept], date(2012, 9, 2)),
            # 29 February: a leap year's birthday and reference days
            (date(2012, 2, 29), [date(2027, 2, 28)], date(2012, 2, 29)),
            (date(2013, 3, 1), [date(2028, 2, 29)], date(2013, 3, 1)),
            (date(2012, 3, 5), [date(2028, 2, 29)], date(2012, 3, 1)),
            (date(2012, 2, 29), [date(2028, 2, 29)], date(2012, 1, 1)),
        ]
        for born, days, kept in cases:
            with self.subTest(born=born, days=days):
                self.assertEqual(coarse_birth_date(born, days), kept)

    def test_the_ages_are_the_same_on_every_day_of_two_years(self) -> None:
        from datetime import timedelta

        from nastavnik.lib.dates import age_on

        born = date(2012, 2, 29)
        day = date(2027, 1, 1)
        while day < date(2029, 1, 1):
            kept = coarse_birth_date(born, [day])
            self.assertEqual(age_on(kept, day), age_on(born, day), day)
            day += timedelta(days=1)


@time_machine.travel(ON, tick=False)
class PersonAnonymiseTests(PersonalDataCast, BaseTestCase):
    def setUp(self) -> None:
        self.make_cast()

    def _kpis(self) -> list:
        figures = kpis.for_organisation(self.school_a, ON)["figures"]
        return [(f.numerator, f.denominator, f.percent) for f in figures]

    def test_the_six_kpis_and_the_counts_stay_the_same(self) -> None:
        before = (self._kpis(), self.pairs_and_meetings(), Response.objects.count())
        services.person_anonymise(
            person=self.pupil, user=self.alice, reason=Reason.REQUEST
        )
        after = (self._kpis(), self.pairs_and_meetings(), Response.objects.count())
        self.assertEqual(after, before)
        # the cast makes the KPIs something, not all empty
        self.assertEqual(before[0][0][0], 4)
        self.assertEqual(before[0][4][:2], (2, 4))

    def test_it_removes_what_names_the_person(self) -> None:
        services.person_anonymise(
            person=self.pupil, user=self.alice, reason=Reason.REQUEST
        )
        self.pupil.refresh_from_db()
        self.assertEqual(
            (self.pupil.first_name, self.pupil.patronymic, self.pupil.phone),
            ("", "", ""),
        )
        self.assertEqual((self.pupil.email, self.pupil.snils), ("", ""))
        self.assertEqual(self.pupil.last_name, "Обезличен")
        # 14.11.2012 becomes the earliest day with the same age on 1 September
        self.assertEqual(self.pupil.birth_date, date(2012, 9, 2))
        self.assertFalse(SensitiveInfo.objects.filter(person=self.pupil).exists())
        self.assertFalse(GuardianLink.objects.filter(child=self.pupil).exists())
        profile = MenteeProfile.objects.get(person=self.pupil)
        self.assertEqual((profile.request, profile.status), ("", "left"))

    def test_it_removes_the_persons_own_words_and_keeps_the_scores(self) -> None:
        services.person_anonymise(
            person=self.pupil, user=self.alice, reason=Reason.REQUEST
        )
        mine = dict(
            Answer.objects.filter(response__person=self.pupil).values_list(
                "question__key", "value"
            )
        )
        self.assertEqual(
            mine, {"useful": 9, "liked": "other:[удалено]", "wish": "[удалено]"}
        )
        feedback = Feedback.objects.get(person=self.pupil)
        self.assertEqual((feedback.rating, feedback.comment), (9, "[удалено]"))
        # the others keep their words: only this person's data goes
        other = Answer.objects.get(
            response__person=self.others[0], question__key="wish"
        )
        self.assertEqual(other.value, "Хочу к Ивану Петровичу в 8Б")

    def test_the_audit_log_says_who_when_and_why_and_no_old_value(self) -> None:
        services.person_anonymise(
            person=self.pupil, user=self.alice, reason=Reason.REQUEST
        )
        event = AuditEvent.objects.get(
            object_code=self.pupil.code, action=AuditEvent.Action.ANONYMISE
        )
        self.assertEqual(event.user, self.alice)
        self.assertEqual(event.created.date(), ON)
        self.assertIn("попросил", event.summary)
        for value in ("Дарья", "Журавл", "912", "Слабое", "алгебр"):
            self.assertNotIn(value, event.summary)

    def test_anonymising_twice_changes_nothing_more(self) -> None:
        for _ in range(2):
            services.person_anonymise(
                person=self.pupil, user=self.alice, reason=Reason.REQUEST
            )
        events = AuditEvent.objects.filter(
            object_code=self.pupil.code, action=AuditEvent.Action.ANONYMISE
        )
        self.assertEqual(events.count(), 1)
        self.pupil.refresh_from_db()
        self.assertEqual(self.pupil.birth_date, date(2012, 9, 2))

    def test_revoking_the_consent_anonymises_the_answers_too(self) -> None:
        services.consent_revoke(consent=self.consent, user=self.alice)
        answer = Answer.objects.get(response__person=self.pupil, question__key="wish")
        self.assertEqual(answer.value, "[удалено]")
        self.assertIn(
            "отозвано",
            AuditEvent.objects.get(
                object_code=self.pupil.code, action=AuditEvent.Action.ANONYMISE
            ).summary,
        )
