"""Nudges: a pair fixed by order and silent for weeks, a meeting not
confirmed, an overdue plan row — recorded once, e-mailed to the mentors once,
and shown to the curator."""

from __future__ import annotations

from datetime import date, datetime
from io import StringIO
from unittest.mock import patch

import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nastavnik.pairs import nudges, services
from nastavnik.pairs.models import Meeting, Nudge, PersonalPlan, PlanRow
from nastavnik.pairs.tests.factory import make_mentee, make_mentor, make_pairing
from nastavnik.programmes.tests.factory import make_programme
from nastavnik.test import BaseTestCase

TODAY = "2027-02-12 07:00+03:00"


def _run() -> str:
    out = StringIO()
    call_command("send_pair_nudges", stdout=out, stderr=StringIO())
    return out.getvalue()


def _meeting(pairing, starts_at: str, **fields) -> Meeting:
    fields.setdefault("kind", Meeting.Kind.REGULAR)
    return Meeting.objects.create(
        pairing=pairing, starts_at=datetime.fromisoformat(starts_at), **fields
    )


@time_machine.travel(TODAY, tick=False)
class NudgesTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        with time_machine.travel("2027-01-15 10:00+03:00", tick=False):
            programme = make_programme(cls.school_a, status="running")
            cls.mentor = make_mentor(
                cls.school_a,
                "Орлова",
                first_name="Ольга",
                patronymic="Петровна",
                email="orlova@example.org",
            )
            cls.mentee = make_mentee(cls.school_a, "Зайцев", first_name="Женя")
            cls.pairing = make_pairing(programme, cls.mentor, cls.mentee)
            order = services.order_create(
                organisation=cls.school_a, pairings=[cls.pairing], user=None
            )
            services.order_sign(order, number="7-о", day=date(2027, 1, 15), user=None)
            # a pair waiting for its order is never silent
            cls.waiting = make_pairing(
                programme,
                make_mentor(cls.school_a, "Иванов"),
                make_mentee(cls.school_a, "Петров"),
            )

    def test_a_pair_silent_for_three_weeks_is_nudged_exactly_once(self) -> None:
        _run()
        _run()
        (nudge,) = Nudge.objects.all()
        self.assertEqual(nudge.pairing, self.pairing)
        self.assertEqual(nudge.reason, Nudge.Reason.SILENT)
        self.assertEqual(nudge.key, "2027-01-15")
        self.assertIsNotNone(nudge.emailed_at)
        (message,) = mail.outbox
        self.assertEqual(message.to, ["orlova@example.org"])
        self.assertEqual(
            message.subject, "Напоминание о наставнической паре: Зайцев Ж."
        )
        self.assertIn("Здравствуйте, Ольга Петровна!", message.body)
        self.assertIn("Нет проведённых встреч с 15.01.2027", message.body)
        html, _type = message.alternatives[0]
        self.assertIn("Нет проведённых встреч с 15.01.2027", html)

    def test_a_programme_that_allows_five_weeks_is_nudged_after_five(self) -> None:
        self.pairing.programme.silent_weeks = 5
        self.pairing.programme.save()
        _run()
        self.assertFalse(Nudge.objects.exists())
        with time_machine.travel("2027-02-18 08:00+03:00", tick=False):
            _run()
        self.assertFalse(Nudge.objects.exists())
        with time_machine.travel("2027-02-19 08:00+03:00", tick=False):
            _run()
        self.assertEqual(Nudge.objects.get().key, "2027-01-15")

    def test_a_failed_send_is_tried_again(self) -> None:
        with (
            patch("nastavnik.lib.emails.send", side_effect=OSError("down")),
            self.assertRaisesMessage(CommandError, "Не отправлено: 1"),
        ):
            _run()
        self.assertIsNone(Nudge.objects.get().emailed_at)
        _run()
        self.assertEqual(len(mail.outbox), 1)
        self.assertIsNotNone(Nudge.objects.get().emailed_at)

    def test_a_pair_with_a_recent_meeting_is_not_silent(self) -> None:
        _meeting(self.pairing, "2027-01-29 15:00+03:00", status=Meeting.Status.HELD)
        _run()
        self.assertFalse(Nudge.objects.exists())
        with time_machine.travel("2027-02-19 08:00+03:00", tick=False):
            _run()
        (nudge,) = Nudge.objects.all()
        self.assertEqual(nudge.key, "2027-01-29")

    def test_a_meeting_held_resolves_the_silence(self) -> None:
        _run()
        _meeting(self.pairing, "2027-02-11 15:00+03:00", status=Meeting.Status.HELD)
        _run()
        nudge = Nudge.objects.get()
        self.assertIsNotNone(nudge.resolved_at)
        self.client.force_login(self.alice)
        r = self.client.get(reverse("pairs-board", args=[self.school_a.code]))
        self.assertNotContains(r, "Требуют внимания")

    def test_a_meeting_not_confirmed_two_days_after_is_nudged(self) -> None:
        _meeting(self.pairing, "2027-02-11 15:00+03:00", status=Meeting.Status.HELD)
        late = _meeting(self.pairing, "2027-02-09 15:00+03:00")
        _meeting(self.pairing, "2027-02-11 16:00+03:00")  # only a day ago
        _meeting(
            self.pairing, "2027-02-08 15:00+03:00", paper_confirmed_on=date(2027, 2, 8)
        )
        self.assertEqual(nudges.record(), 1)
        nudge = Nudge.objects.get()
        self.assertEqual(nudge.reason, Nudge.Reason.UNCONFIRMED)
        self.assertEqual(nudge.key, f"{late.code}:2027-02-09")
        self.assertEqual(nudges.record(), 0)

    def test_an_overdue_plan_row_is_nudged_until_done(self) -> None:
        _meeting(self.pairing, "2027-02-11 15:00+03:00", status=Meeting.Status.HELD)
        plan = PersonalPlan.objects.create(pairing=self.pairing)
        row = PlanRow.objects.create(
            plan=plan,
            position=1,
            activity="Разобрать задачи",
            deadline=date(2027, 2, 1),
        )
        PlanRow.objects.create(
            plan=plan, position=2, activity="Олимпиада", deadline=date(2027, 3, 1)
        )
        _run()
        nudge = Nudge.objects.get()
        self.assertEqual(nudge.reason, Nudge.Reason.PLAN_OVERDUE)
        self.assertIn(
            "Пункт персонализированной программы не выполнен: срок был 01.02.2027",
            mail.outbox[0].body,
        )
        row.done_on = date(2027, 2, 12)
        row.save()
        _run()
        nudge.refresh_from_db()
        self.assertIsNotNone(nudge.resolved_at)
        self.assertEqual(len(mail.outbox), 1)

    def test_a_mentor_without_an_address_leaves_the_nudge_to_the_curator(self) -> None:
        self.mentor.email = ""
        self.mentor.save()
        _run()
        self.assertEqual(mail.outbox, [])
        self.assertIsNone(Nudge.objects.get().emailed_at)
        self.client.force_login(self.alice)
        r = self.client.get(reverse("home"))
        self.assertContains(r, "Пары, которым нужно внимание")
        self.assertContains(r, "1 пара без встреч дольше, чем допускает программа")

    def test_the_curator_sees_the_pairs_needing_attention_on_the_board(self) -> None:
        _run()
        self.client.force_login(self.alice)
        r = self.client.get(reverse("pairs-board", args=[self.school_a.code]))
        self.assertContains(r, "Требуют внимания")
        self.assertContains(r, "нет проведённых встреч с 15.01.2027")
        # another organisation's curator sees none of it
        self.client.force_login(self.charlie)
        r = self.client.get(reverse("pairs-board", args=[self.school_a.code]))
        self.assertEqual(r.status_code, 404)

    def test_the_board_and_the_home_cost_the_same_however_many_nudges(self) -> None:
        self.client.force_login(self.alice)
        pages = [reverse("pairs-board", args=[self.school_a.code]), reverse("home")]

        def cost() -> list[int]:
            counts = []
            for url in pages:
                with CaptureQueriesContext(connection) as queries:
                    self.assertEqual(self.client.get(url).status_code, 200)
                counts.append(len(queries))
            return counts

        _run()
        one = cost()
        _meeting(self.pairing, "2027-02-01 15:00+03:00")
        _meeting(self.pairing, "2027-02-02 15:00+03:00")
        _run()
        self.assertEqual(Nudge.objects.count(), 3)
        self.assertEqual(cost(), one)
