"""``manage.py anonymise_expired``: the retention term after the programmes."""

from __future__ import annotations

from datetime import date
from io import StringIO

import time_machine
from django.core.management import call_command
from django.test import override_settings

from nastavnik.accounts.models import AuditEvent
from nastavnik.pairs.models import Pairing, PairingMember
from nastavnik.pairs.tests.factory import teacher_pupil
from nastavnik.people.models import MentorProfile, Person
from nastavnik.people.tests.factory import make_person, make_pupil
from nastavnik.programmes.models import Programme
from nastavnik.test import BaseTestCase

P = Programme.Status


def _programme(organisation, year: int, status: str) -> Programme:
    return Programme.objects.create(
        organisation=organisation,
        school_year=year,
        title=f"Программа {year}",
        status=status,
    )


def _pair(programme: Programme, mentor: Person, mentee: Person) -> Pairing:
    pairing = Pairing.objects.create(
        organisation=programme.organisation,
        programme=programme,
        form=teacher_pupil(),
        period_start=date(programme.school_year, 10, 1),
        period_end=date(programme.school_year + 1, 5, 31),
        status=Pairing.Status.CLOSED,
    )
    for person, role in ((mentor, "mentor"), (mentee, "mentee")):
        PairingMember.objects.create(
            pairing=pairing,
            person=person,
            role=role,
            since=date(programme.school_year, 10, 1),
        )
    return pairing


@override_settings(PERSONAL_DATA_RETENTION_YEARS=3)
class AnonymiseExpiredTestCase(BaseTestCase):
    def setUp(self) -> None:
        # 2022/2023 ended on 31.08.2023: three years later, on 01.09.2026, it expires
        self.old = _programme(self.school_a, 2022, P.COMPLETED)
        self.later = _programme(self.school_a, 2023, P.COMPLETED)
        self.running = _programme(self.school_a, 2025, P.RUNNING)
        self.mentor = make_person(self.school_a, "Старова")
        self.pupil = make_pupil(self.school_a, "Давнишний")
        _pair(self.old, self.mentor, self.pupil)
        # in the old programme and in a running one
        self.still = make_pupil(self.school_a, "Продолжающий")
        _pair(self.old, self.mentor, self.still)
        _pair(self.running, make_person(self.school_a, "Новая"), self.still)
        # only in the 2023/2024 programme, which ended on 31.08.2024
        self.recent = make_pupil(self.school_a, "Недавний")
        _pair(self.later, make_person(self.school_a, "Другая"), self.recent)
        # a mentor kept in the long-term base
        self.veteran = make_person(self.school_a, "Постоянная")
        MentorProfile.objects.create(
            person=self.veteran, source="teacher", long_term=True
        )
        _pair(self.old, self.veteran, make_pupil(self.school_a, "Ещё один"))
        # a person of another school with the same history
        self.far = make_pupil(self.school_c, "Дальний")
        self.far_mentor = make_person(self.school_c, "Дальняя")
        _pair(_programme(self.school_c, 2022, P.COMPLETED), self.far_mentor, self.far)

    def _run(self, *args: str) -> str:
        out = StringIO()
        call_command("anonymise_expired", *args, stdout=out)
        return out.getvalue()

    def _anonymised(self) -> set[str]:
        return set(
            Person.objects.filter(anonymised_at__isnull=False).values_list(
                "code", flat=True
            )
        )

    def test_on_31_december_the_people_of_programmes_past_the_term_go(self) -> None:
        with time_machine.travel(date(2026, 12, 31), tick=False):
            out = self._run()
        self.assertIn("обезличено 5 чел.", out)
        gone = self._anonymised()
        for person in (self.pupil, self.mentor, self.far, self.far_mentor):
            self.assertIn(person.code, gone)
        for person in (self.still, self.recent, self.veteran):
            self.assertNotIn(person.code, gone)
        event = AuditEvent.objects.get(object_code=self.pupil.code)
        self.assertIn("истёк срок хранения", event.summary)

    def test_the_term_runs_to_the_last_day_of_august(self) -> None:
        with time_machine.travel(date(2026, 8, 31), tick=False):
            self.assertIn("обезличено 0 чел.", self._run())
        with time_machine.travel(date(2026, 9, 1), tick=False):
            self._run()
        self.assertIn(self.pupil.code, self._anonymised())

    def test_on_29_february_the_next_year_of_programmes_goes(self) -> None:
        with time_machine.travel(date(2028, 2, 29), tick=False):
            self._run()
        gone = self._anonymised()
        self.assertIn(self.recent.code, gone)
        self.assertNotIn(self.still.code, gone)

    def test_a_dry_run_lists_them_and_changes_nothing(self) -> None:
        with time_machine.travel(date(2026, 12, 31), tick=False):
            out = self._run("--dry-run")
        self.assertIn(str(self.pupil.code), out)
        self.assertIn("обезличить 5 чел.", out)
        self.assertNotIn("Давнишний", out)
        self.assertEqual(self._anonymised(), set())

    def test_a_second_run_finds_no_one(self) -> None:
        with time_machine.travel(date(2026, 12, 31), tick=False):
            self._run()
            events = AuditEvent.objects.count()
            self.assertIn("обезличено 0 чел.", self._run())
        self.assertEqual(AuditEvent.objects.count(), events)

    def test_a_programme_not_closed_keeps_its_people(self) -> None:
        self.old.status = P.RUNNING
        self.old.save()
        with time_machine.travel(date(2026, 12, 31), tick=False):
            self._run()
        self.assertEqual(self._anonymised(), {self.far.code, self.far_mentor.code})

    @override_settings(PERSONAL_DATA_RETENTION_YEARS=5)
    def test_the_term_is_a_setting(self) -> None:
        with time_machine.travel(date(2026, 12, 31), tick=False):
            self.assertIn("Срок хранения 5 г.: обезличено 0 чел.", self._run())
