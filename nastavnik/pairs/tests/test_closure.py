"""A pair closed early puts its mentee back on the support list; a closed
pair cannot be closed again."""

from __future__ import annotations

from datetime import date

import time_machine
from django.urls import reverse

from nastavnik.pairs import services
from nastavnik.pairs.models import ClosureReason, Pairing
from nastavnik.pairs.tests.factory import make_mentee, make_mentor, make_pairing
from nastavnik.people.models import MenteeProfile
from nastavnik.programmes.tests.factory import make_programme
from nastavnik.test import BaseTestCase

TODAY = "2027-02-12 10:00+03:00"


@time_machine.travel(TODAY, tick=False)
class ClosureTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        with time_machine.travel(TODAY, tick=False):
            programme = make_programme(cls.school_a, status="running")
            cls.mentee = make_mentee(cls.school_a, "Зайцев")
            cls.pairing = make_pairing(
                programme, make_mentor(cls.school_a, "Орлова"), cls.mentee
            )

    def test_an_early_closure_sends_the_mentee_back_to_the_support_list(self) -> None:
        reason = ClosureReason.objects.get(name__startswith="Несовместимость")
        services.pairing_close(
            self.pairing, user=self.alice, reason=reason, day=date(2027, 2, 12)
        )
        self.pairing.refresh_from_db()
        self.assertEqual(self.pairing.status, Pairing.Status.CLOSED_EARLY)
        self.assertEqual(
            MenteeProfile.objects.get(person=self.mentee).status,
            MenteeProfile.Status.WAITING,
        )
        self.client.force_login(self.alice)
        r = self.client.get(reverse("pairs-support-list", args=[self.school_a.code]))
        self.assertContains(r, "Зайцев")
        r = self.client.get(reverse("pairs-pairing-detail", args=[self.pairing.code]))
        self.assertContains(r, "Несовместимость участников пары")
        with self.assertRaises(services.Refused):
            services.pairing_close(self.pairing, user=None, day=date(2027, 2, 13))

    def test_a_successful_closure_completes_the_programme_for_the_mentee(self) -> None:
        services.pairing_close(self.pairing, user=None, day=date(2027, 5, 31))
        self.assertEqual(
            MenteeProfile.objects.get(person=self.mentee).status,
            MenteeProfile.Status.COMPLETED,
        )
