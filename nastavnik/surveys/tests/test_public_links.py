"""Links that do not lead to the form: forged, expired, closed, used. Each
gives its own page and records nothing."""

from __future__ import annotations

from datetime import date

import time_machine
from django.urls import reverse
from django.utils import timezone

from nastavnik.surveys import services
from nastavnik.surveys.models import Answer, Campaign, Invitation, Response
from nastavnik.surveys.tests.factory import (
    ANSWERS,
    SurveyCastTestCase,
    make_campaign,
    make_link,
)


@time_machine.travel("2026-05-12 10:00+03:00", tick=False)
class PublicLinksTestCase(SurveyCastTestCase):
    def setUp(self) -> None:
        self.campaign = make_campaign(
            self.version, self.school_a, deadline=date(2026, 5, 15)
        )
        self.invitation, self.token = make_link(self.campaign, self.masha)
        self.url = reverse("surveys-public-answer", args=[self.token])

    def _state(self) -> tuple:
        return (
            Response.objects.count(),
            Answer.objects.count(),
            list(Invitation.objects.values_list("answered", "draft", "token_hash")),
        )

    def _assert_nothing_recorded(self, url: str) -> None:
        before = self._state()
        self.client.post(url, {**ANSWERS, "action": "send"})
        self.client.post(url, {"q-met": "yes", "action": "draft"})
        self.assertEqual(self._state(), before)

    def test_a_forged_link_gives_a_clear_page_and_records_nothing(self) -> None:
        for token in ("forged-token", self.token[:-1], "x" * 200):
            with self.subTest(token=token):
                url = reverse("surveys-public-answer", args=[token])
                with self.assertNoLogs("django.request"):
                    r = self.client.get(url)
                self.assertContains(r, "Ссылка не действует", status_code=404)
                self.assertContains(r, "скопирована полностью", status_code=404)
                self.assertEqual(r["Referrer-Policy"], "no-referrer")
                self.assertNotContains(r, "СОШ № 1", status_code=404)
                self._assert_nothing_recorded(url)
                done = reverse("surveys-public-done", args=[token])
                self.assertEqual(self.client.get(done).status_code, 404)

    def test_a_link_past_its_deadline_gives_a_clear_page(self) -> None:
        with time_machine.travel("2026-05-16 09:00+03:00", tick=False):
            with self.assertNoLogs("django.request"):
                r = self.client.get(self.url)
            self.assertContains(r, "Срок ответа истёк", status_code=410)
            self.assertContains(r, "Ответы принимались до 15.05.2026.", status_code=410)
            self._assert_nothing_recorded(self.url)

    def test_the_deadline_day_is_the_organisations(self) -> None:
        # 15.05 23:30 in Kirov is still the deadline day (20:30 UTC)
        with time_machine.travel("2026-05-15 23:30+03:00", tick=False):
            self.assertEqual(self.client.get(self.url).status_code, 200)
        with time_machine.travel("2026-05-16 00:30+03:00", tick=False):
            self.assertEqual(self.client.get(self.url).status_code, 410)

    def test_a_closed_campaign_gives_a_clear_page(self) -> None:
        services.campaign_close(campaign=self.campaign)
        r = self.client.get(self.url)
        self.assertContains(r, "Срок ответа истёк", status_code=410)
        self.assertContains(r, "Куратор закрыл этот опрос", status_code=410)
        self._assert_nothing_recorded(self.url)

    def test_a_used_link_says_so_and_records_nothing(self) -> None:
        self.client.post(self.url, {**ANSWERS, "action": "send"})
        r = self.client.get(self.url)
        self.assertContains(r, "Вы уже ответили на эту анкету")
        self._assert_nothing_recorded(self.url)

    def test_a_link_of_a_person_anonymised_since_is_dead(self) -> None:
        self.masha.anonymised_at = timezone.now()
        self.masha.save()
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 404)
        self._assert_nothing_recorded(self.url)

    def test_an_old_link_stops_working_when_a_new_one_is_made(self) -> None:
        services.invitation_reissue(invitation=self.invitation, mail=False)
        r = self.client.get(self.url)
        self.assertContains(r, "каждая новая ссылка заменяет прежнюю", status_code=404)

    def test_the_done_page_is_for_answered_links(self) -> None:
        done = reverse("surveys-public-done", args=[self.token])
        self.assertRedirects(self.client.get(done), self.url)
        Campaign.objects.filter(pk=self.campaign.pk).update(status="closed")
        self.assertEqual(self.client.get(done).status_code, 410)
