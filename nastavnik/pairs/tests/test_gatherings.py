"""A group meeting gathers many pairs of an organisation at once: one meeting
per pair, all of one gathering, planned and logged as held all or nothing."""

from __future__ import annotations

from datetime import date, timedelta

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nastavnik.accounts.models import Role
from nastavnik.pairs import meetings, services
from nastavnik.pairs.models import Meeting, Pairing, PairingEvent
from nastavnik.pairs.tests.factory import make_mentee, make_mentor, make_pairing
from nastavnik.pairs.tests.test_meeting_views import member_user, plan_post
from nastavnik.pairs.tests.test_meetings import NOW, TODAY, make_fixed_pairing
from nastavnik.programmes.tests.factory import make_programme
from nastavnik.test import BaseTestCase


def gathering_post(*pairings: Pairing, **fields) -> dict:
    data = plan_post(kind="group_final", place="Актовый зал", topic="Итоги года")
    return {**data, "pairings": [str(p.code) for p in pairings], **fields}


@time_machine.travel(TODAY, tick=False)
class GatheringTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        with time_machine.travel(TODAY, tick=False):
            cls.programme = make_programme(cls.school_a, status="running")
            cls.orlova = make_mentor(cls.school_a, "Орлова", first_name="Анна")
            cls.zaitsev = make_mentee(cls.school_a, "Зайцев", first_name="Глеб")
            cls.first = make_pairing(cls.programme, cls.orlova, cls.zaitsev)
            cls.second = make_pairing(
                cls.programme,
                make_mentor(cls.school_a, "Титова", first_name="Вера"),
                make_mentee(cls.school_a, "Белов", first_name="Олег"),
            )
            cls.third = make_pairing(
                cls.programme,
                make_mentor(cls.school_a, "Лукин", first_name="Павел"),
                make_mentee(cls.school_a, "Ершова", first_name="Дарья"),
            )
            order = services.order_create(
                organisation=cls.school_a,
                pairings=[cls.first, cls.second, cls.third],
                user=None,
            )
            services.order_sign(order, number="1-о", day=date(2026, 10, 1), user=None)
            for pairing in [cls.first, cls.second, cls.third]:
                pairing.refresh_from_db()
            cls.mentor_user = member_user(cls.orlova, "orlova", Role.MENTOR)
            cls.mentee_user = member_user(cls.zaitsev, "zaitsev", Role.MENTEE)
            foreign_programme = make_programme(cls.school_c, status="running")
            cls.foreign = make_fixed_pairing(
                foreign_programme,
                make_mentor(cls.school_c, "Смирнова"),
                make_mentee(cls.school_c, "Кузнецов"),
            )

    @property
    def url(self) -> str:
        return reverse("pairs-gathering-add", args=[self.school_a.code])

    def gather(self, kind=Meeting.Kind.GROUP_FINAL, days=-1) -> list[Meeting]:
        return meetings.gathering_plan(
            [self.first, self.second, self.third],
            kind=kind,
            starts_at=NOW + timedelta(days=days),
            place="Актовый зал",
            user=None,
        )

    def test_a_group_meeting_of_three_pairs_creates_three_meetings_of_one_gathering(
        self,
    ) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(
            self.url, gathering_post(self.first, self.second, self.third)
        )
        planned = Meeting.objects.order_by("pk")
        self.assertRedirects(
            r,
            reverse("pairs-meeting-detail", args=[planned[0].code]),
            fetch_redirect_response=False,
        )
        self.assertEqual(
            {m.pairing_id for m in planned},
            {self.first.pk, self.second.pk, self.third.pk},
        )
        self.assertEqual(len({m.gathering for m in planned}), 1)
        self.assertIsNotNone(planned[0].gathering)
        self.assertEqual(
            {(m.kind, m.place, m.topic) for m in planned},
            {("group_final", "Актовый зал", "Итоги года")},
        )
        self.assertEqual(
            PairingEvent.objects.filter(
                action=PairingEvent.Action.MEETING, text__startswith="Запланирована"
            ).count(),
            3,
        )
        r = self.client.get(r["Location"])
        self.assertContains(r, "групповая встреча, 3 пары")
        self.assertContains(r, "Титова В. → Белов О.")
        self.assertContains(r, "Лукин П. → Ершова Д.")

    def test_a_closed_pair_among_them_refuses_the_whole_gathering_and_names_it(
        self,
    ) -> None:
        services.pairing_close(self.second, user=None, day=date(2026, 10, 12))
        self.client.force_login(self.alice)
        r = self.client.post(
            self.url, gathering_post(self.first, self.second, self.third)
        )
        self.assertContains(
            r, "Титова В. → Белов О.: Пара закрыта: её встречи изменить нельзя."
        )
        self.assertFalse(Meeting.objects.exists())
        # the page offers the live pairs only
        self.assertNotContains(r, f'value="{self.second.code}"')
        self.assertContains(r, f'value="{self.first.code}" checked')

    def test_a_far_date_asks_are_you_sure_once_for_the_whole_gathering(self) -> None:
        self.client.force_login(self.alice)
        post = gathering_post(self.first, self.second, day="2028-01-10")
        r = self.client.post(self.url, post)
        self.assertContains(r, "Вы уверены?")
        self.assertNotContains(r, "Орлова А. → Зайцев Г.:")
        self.assertFalse(Meeting.objects.exists())
        r = self.client.post(self.url, {**post, "confirmed_far": "on"})
        self.assertEqual(r.status_code, 302)
        self.assertEqual(Meeting.objects.count(), 2)

    def test_a_single_pair_is_not_a_group_meeting(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(self.url, gathering_post(self.first))
        self.assertContains(r, "Выберите хотя бы две пары для групповой встречи.")
        self.assertFalse(Meeting.objects.exists())

    def test_holding_the_gathering_holds_each_meeting_as_a_single_meeting_would(
        self,
    ) -> None:
        # the second pair works already, the third is not yet fixed by order
        meetings.meeting_hold(
            meetings.meeting_plan(
                self.second,
                kind=Meeting.Kind.REGULAR,
                starts_at=NOW - timedelta(days=3),
                place="Кабинет 12",
                user=None,
            ),
            outcome="",
            user=None,
        )
        self.third.status = Pairing.Status.CONFIRMED
        self.third.save()
        planned = self.gather(kind=Meeting.Kind.TRIAL)
        self.client.force_login(self.alice)
        page = reverse("pairs-meeting-detail", args=[planned[0].code])
        self.assertContains(
            self.client.get(page), "Отметить всю групповую встречу проведённой"
        )
        r = self.client.post(
            reverse("pairs-gathering-hold", args=[planned[0].code]),
            {"gathering-outcome": "Обсудили итоги"},
        )
        self.assertRedirects(r, page, fetch_redirect_response=False)
        for meeting in planned:
            meeting.refresh_from_db()
            self.assertEqual(meeting.status, Meeting.Status.HELD)
            self.assertEqual(meeting.outcome, "Обсудили итоги")
        stages = dict(
            Pairing.objects.filter(
                pk__in=[self.first.pk, self.second.pk, self.third.pk]
            ).values_list("pk", "status")
        )
        self.assertEqual(
            stages,
            {
                self.first.pk: Pairing.Status.TRIAL,
                self.second.pk: Pairing.Status.WORKING,
                self.third.pk: Pairing.Status.CONFIRMED,
            },
        )
        self.assertEqual(
            PairingEvent.objects.filter(
                pairing=self.first, action=PairingEvent.Action.STATUS
            )
            .first()
            .text,
            "пробная встреча проведена",
        )
        self.assertNotContains(
            self.client.get(page), "Отметить всю групповую встречу проведённой"
        )

    def test_a_pair_held_on_its_own_and_a_closed_pair_are_left_as_they_are(
        self,
    ) -> None:
        first, second, third = self.gather()
        meetings.meeting_hold(first, outcome="Отдельно", user=None)
        services.pairing_close(self.third, user=None, day=date(2026, 10, 12))
        self.client.force_login(self.alice)
        r = self.client.post(
            reverse("pairs-gathering-hold", args=[first.code]),
            {"gathering-outcome": "Вместе"},
            follow=True,
        )
        self.assertContains(r, "Групповая встреча отмечена как проведённая для 1 пары.")
        statuses = {
            m.pk: (m.status, m.outcome)
            for m in Meeting.objects.filter(gathering=first.gathering)
        }
        self.assertEqual(
            statuses,
            {
                first.pk: ("held", "Отдельно"),
                second.pk: ("held", "Вместе"),
                third.pk: ("planned", ""),
            },
        )

    def test_a_gathering_not_started_yet_is_not_logged(self) -> None:
        planned = self.gather(days=2)
        self.client.force_login(self.alice)
        r = self.client.post(
            reverse("pairs-gathering-hold", args=[planned[0].code]),
            {"gathering-outcome": ""},
            follow=True,
        )
        self.assertContains(r, "Встреча ещё не началась")
        self.assertFalse(Meeting.objects.filter(status="held").exists())

    def test_a_curator_of_another_organisation_cannot_include_a_foreign_pair(
        self,
    ) -> None:
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        own = reverse("pairs-gathering-add", args=[self.school_c.code])
        r = self.client.post(own, gathering_post(self.foreign, self.first))
        self.assertContains(r, "Выбранная пара не из этой организации.")
        self.assertFalse(Meeting.objects.exists())
        self.client.force_login(self.alice)
        r = self.client.post(self.url, gathering_post(self.first, self.foreign))
        self.assertContains(r, "Выбранная пара не из этой организации.")
        self.assertFalse(Meeting.objects.exists())

    def test_only_the_staff_of_the_organisation_hold_a_gathering(self) -> None:
        planned = self.gather()
        url = reverse("pairs-gathering-hold", args=[planned[0].code])
        for user in [self.charlie, self.mila, self.mentor_user]:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                r = self.client.post(url, {"gathering-outcome": ""})
                self.assertEqual(r.status_code, 404)
        self.assertFalse(Meeting.objects.filter(status="held").exists())
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 200)
        self.assertEqual(self.client.get(url).status_code, 405)

    def test_the_board_links_to_the_group_meeting_page(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(reverse("pairs-board", args=[self.school_a.code]))
        self.assertContains(r, f'href="{self.url}">Групповая встреча</a>', html=False)
        r = self.client.get(self.url)
        self.assertContains(r, "Орлова А. → Зайцев Г.")
        self.assertNotContains(r, "Смирнова")

    def test_the_cabinets_show_a_group_meeting_without_a_query_per_meeting(
        self,
    ) -> None:
        self.gather(days=2)
        home = reverse("home")
        counts = []
        for user in [self.mentor_user, self.mentee_user]:
            self.client.force_login(user)
            with CaptureQueriesContext(connection) as queries:
                r = self.client.get(home)
            self.assertContains(r, "групповая встреча, 3 пары")
            counts.append(len(queries))
        self.gather(days=3)
        self.gather(days=-2)
        for user, before in zip(
            [self.mentor_user, self.mentee_user], counts, strict=True
        ):
            self.client.force_login(user)
            with CaptureQueriesContext(connection) as queries:
                self.client.get(home)
            self.assertEqual(len(queries), before)
        # the members see the size of the gathering, not the other pairs
        meeting = Meeting.objects.filter(pairing=self.first).first()
        r = self.client.get(reverse("pairs-my-meeting", args=[meeting.code]))
        self.assertContains(r, "групповая встреча, 3 пары")
        self.assertNotContains(r, "Титова")
