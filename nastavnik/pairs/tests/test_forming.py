"""A curator forms a pair by hand from the support list, within the rules."""

from __future__ import annotations

import time_machine
from django.urls import reverse
from django.utils import timezone

from nastavnik.pairs.models import Pairing, PairingEvent
from nastavnik.pairs.tests.factory import make_mentee, make_mentor, teacher_pupil
from nastavnik.people.models import MenteeProfile, MentorProfile
from nastavnik.programmes.tests.factory import make_programme
from nastavnik.test import BaseTestCase

TODAY = "2026-10-05 10:00+03:00"


@time_machine.travel(TODAY, tick=False)
class FormingTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        with time_machine.travel(TODAY, tick=False):
            cls.programme = make_programme(cls.school_a, status="running")
            cls.mentor = make_mentor(cls.school_a, "Орлова", capacity=1)
            cls.mentee = make_mentee(cls.school_a, "Зайцев")
            cls.other_mentee = make_mentee(cls.school_a, "Волков")
            cls.foreign = make_mentee(cls.school_c, "Чужой")

    def setUp(self) -> None:
        self.url = reverse("pairs-pairing-add", args=[self.school_a.code])
        self.client.force_login(self.alice)

    def data(self, *mentees, **fields) -> dict:
        return {
            "mentees": [str(m.code) for m in mentees or [self.mentee]],
            "mentor": str(self.mentor.code),
            "programme": str(self.programme.code),
            "form": str(teacher_pupil().code),
            "goal": "Выйти на «4» по математике",
            "period_start": "05.10.2026",
            "period_end": "31.05.2027",
            **fields,
        }

    def test_the_curator_chooses_the_mentee_then_the_mentor(self) -> None:
        r = self.client.get(self.url)
        self.assertContains(r, "Зайцев")
        self.assertNotContains(r, "Чужой")
        r = self.client.get(self.url, {"mentee": str(self.mentee.code)})
        self.assertContains(r, "Подтянуть математику")
        self.assertContains(r, f'value="{self.mentor.code}"')
        self.assertContains(r, "0 / 1")
        # the period is offered from today to the end of the school year
        self.assertContains(r, 'value="05.10.2026"')
        self.assertContains(r, 'value="31.08.2027"')

    def test_a_pair_is_formed_and_both_bases_say_so(self) -> None:
        r = self.client.post(self.url, self.data())
        pairing = Pairing.objects.get()
        self.assertRedirects(r, reverse("pairs-pairing-detail", args=[pairing.code]))
        self.assertEqual(pairing.status, Pairing.Status.CONFIRMED)
        self.assertEqual(pairing.mentors(), [self.mentor])
        self.assertEqual(pairing.mentees(), [self.mentee])
        self.assertEqual(pairing.created_by, self.alice)
        self.assertEqual(
            self.mentee.mentee_profile.__class__.objects.get(person=self.mentee).status,
            MenteeProfile.Status.IN_PAIR,
        )
        self.assertEqual(
            MentorProfile.objects.get(person=self.mentor).status,
            MentorProfile.Status.ACTIVE,
        )
        event = PairingEvent.objects.get(pairing=pairing)
        self.assertEqual(event.text, "Орлова И. — Зайцев И.")
        r = self.client.get(reverse("pairs-pairing-detail", args=[pairing.code]))
        self.assertContains(r, "Выйти на «4» по математике")
        # the mentee has left the support list
        r = self.client.get(reverse("pairs-support-list", args=[self.school_a.code]))
        self.assertNotContains(r, "Зайцев")
        self.assertContains(r, "Волков")

    def test_the_curators_home_shows_the_support_list_until_matched(self) -> None:
        r = self.client.get(reverse("home"))
        self.assertContains(r, "2 наставляемых ждут наставника")
        self.client.post(self.url, self.data())
        r = self.client.get(reverse("home"))
        self.assertContains(r, "1 наставляемый ждёт наставника")
        self.client.post(
            self.url,
            self.data(
                self.other_mentee, mentor=str(make_mentor(self.school_a, "Лис").code)
            ),
        )
        self.assertNotContains(self.client.get(reverse("home")), "ждёт наставника")

    def test_a_full_mentor_is_refused_with_the_reason(self) -> None:
        self.client.post(self.url, self.data())
        r = self.client.post(self.url, self.data(self.other_mentee))
        self.assertContains(r, "нет места")
        self.assertEqual(Pairing.objects.count(), 1)

    def test_a_group_beyond_the_capacity_is_refused(self) -> None:
        r = self.client.post(self.url, self.data(self.mentee, self.other_mentee))
        self.assertContains(r, "нет места")
        self.assertFalse(Pairing.objects.exists())

    def test_a_mentee_without_consent_is_refused(self) -> None:
        self.mentee.consents.update(status="revoked", revoked_at=timezone.now())
        r = self.client.post(self.url, self.data())
        self.assertContains(r, "нет действующего согласия")
        self.assertFalse(Pairing.objects.exists())

    def test_a_period_that_ends_before_it_starts_is_refused(self) -> None:
        r = self.client.post(self.url, self.data(period_end="01.10.2026"))
        self.assertContains(r, "Период заканчивается раньше, чем начинается.")
        self.assertFalse(Pairing.objects.exists())

    def test_another_schools_mentee_cannot_be_put_in_a_pair(self) -> None:
        r = self.client.post(self.url, self.data(self.foreign))
        self.assertEqual(r.status_code, 200)  # back to choosing the mentees
        self.assertFalse(Pairing.objects.exists())

    def test_the_pages_are_the_staffs_only(self) -> None:
        for login in (self.charlie, self.mila, self.rita):
            with self.subTest(login.username):
                self.client.force_login(login)
                self.assertEqual(self.client.get(self.url).status_code, 404)
                board = reverse("pairs-board", args=[self.school_a.code])
                self.assertEqual(self.client.get(board).status_code, 404)
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_the_person_card_shows_their_pairs_on_demand(self) -> None:
        self.client.post(self.url, self.data())
        card = self.client.get(reverse("people-person-detail", args=[self.mentor.code]))
        url = reverse("pairs-person-pairs", args=[self.mentor.code])
        self.assertContains(card, f'hx-get="{url}"')
        r = self.client.get(url, headers={"HX-Request": "true"})
        self.assertContains(r, "Орлова И. → Зайцев И.")
        self.assertContains(r, "наставник")
        self.assertNotContains(r, "<html")
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_an_outsider_cannot_open_a_pair(self) -> None:
        self.client.post(self.url, self.data())
        url = reverse("pairs-pairing-detail", args=[Pairing.objects.get().code])
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_pair_is_not_formed_in_last_years_completed_programme(self) -> None:
        last_year = make_programme(
            self.school_a, year=2025, status="completed", title="Прошлогодняя"
        )
        r = self.client.get(self.url, {"mentee": str(self.mentee.code)})
        self.assertNotContains(r, "Прошлогодняя")
        # not among the choices: a tampered form
        r = self.client.post(self.url, self.data(programme=str(last_year.code)))
        self.assertEqual(r.status_code, 400)
        self.assertFalse(Pairing.objects.exists())
