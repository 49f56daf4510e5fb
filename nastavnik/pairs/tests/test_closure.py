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


@time_machine.travel(TODAY, tick=False)
class PairStatusPageTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        with time_machine.travel(TODAY, tick=False):
            programme = make_programme(cls.school_a, status="running")
            cls.mentee = make_mentee(cls.school_a, "Зайцев")
            cls.pairing = make_pairing(
                programme, make_mentor(cls.school_a, "Орлова"), cls.mentee
            )
            order = services.order_create(
                organisation=cls.school_a, pairings=[cls.pairing], user=None
            )
            services.order_sign(order, number="7-о", day=date(2027, 2, 1), user=None)

    def setUp(self) -> None:
        self.url = reverse("pairs-pairing-status", args=[self.pairing.code])
        self.client.force_login(self.alice)

    def status(self) -> str:
        self.pairing.refresh_from_db()
        return self.pairing.status

    def test_a_pair_is_paused_and_resumes_where_it_was(self) -> None:
        self.client.post(self.url, {"action": "pause"})
        self.assertEqual(self.status(), Pairing.Status.PAUSED)
        self.client.post(self.url, {"action": "resume"})
        self.assertEqual(self.status(), Pairing.Status.FIXED)

    def test_the_curator_closes_a_pair_early_with_a_reason(self) -> None:
        page = reverse("pairs-pairing-detail", args=[self.pairing.code])
        close = reverse("pairs-pairing-close", args=[self.pairing.code])
        self.assertContains(self.client.get(page), close)
        self.assertContains(self.client.get(close), "досрочного завершения")
        reason = ClosureReason.objects.get(name__startswith="Длительная болезнь")
        r = self.client.post(close, {"reason": reason.pk, "day": "12.02.2027"})
        self.assertRedirects(r, page)
        self.assertEqual(self.status(), Pairing.Status.CLOSED_EARLY)
        self.assertNotContains(self.client.get(page), close)

    def test_a_closed_pair_offers_the_satisfaction_questionnaires(self) -> None:
        page = reverse("pairs-pairing-detail", args=[self.pairing.code])
        self.assertNotContains(self.client.get(page), "kind=satisfaction_mentee")
        services.pairing_close(self.pairing, user=None, day=date(2027, 2, 12))
        r = self.client.get(page)
        campaign = reverse("surveys-campaign-add", args=[self.school_a.code])
        for kind in ("satisfaction_mentee", "satisfaction_mentor"):
            link = f"{campaign}?pairing={self.pairing.code}&amp;kind={kind}"
            self.assertContains(r, link)
        r = self.client.get(
            campaign, {"pairing": self.pairing.code, "kind": "satisfaction_mentee"}
        )
        self.assertContains(r, "Зайцев")

    def test_the_pair_page_shows_the_latest_history_and_the_rest_on_demand(
        self,
    ) -> None:
        for _ in range(3):
            self.client.post(self.url, {"action": "pause"})
            self.client.post(self.url, {"action": "resume"})
        page = reverse("pairs-pairing-detail", args=[self.pairing.code])
        r = self.client.get(page)
        self.assertEqual(r.content.decode().count('<li><span class="muted small">'), 5)
        self.assertContains(r, "?history=all#history")
        r = self.client.get(page, {"history": "all"})
        lines = r.content.decode().count('<li><span class="muted small">')
        self.assertEqual(lines, self.pairing.events.count())
        self.assertGreater(lines, 5)
        self.assertNotContains(r, "?history=all#history")

    def test_a_bad_date_changes_nothing(self) -> None:
        close = reverse("pairs-pairing-close", args=[self.pairing.code])
        r = self.client.post(close, {"day": "32.13.2027"})
        self.assertEqual(self.status(), Pairing.Status.FIXED)
        self.assertContains(r, "Введите правильную дату")

    def test_the_pair_page_carries_no_form_to_fill(self) -> None:
        page = self.client.get(
            reverse("pairs-pairing-detail", args=[self.pairing.code])
        )
        self.assertNotContains(page, "<textarea")
        self.assertNotContains(page, "<select")
        self.assertContains(
            page, reverse("pairs-meeting-add", args=[self.pairing.code])
        )

    def test_an_outsider_cannot_change_the_pair(self) -> None:
        self.client.force_login(self.charlie)
        r = self.client.post(self.url, {"action": "pause"})
        self.assertEqual(r.status_code, 404)
        self.assertEqual(self.status(), Pairing.Status.FIXED)
