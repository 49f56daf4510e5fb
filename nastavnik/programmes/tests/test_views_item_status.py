from __future__ import annotations

from datetime import date

import time_machine
from django.urls import reverse

from nastavnik.programmes.models import Comment, Item
from nastavnik.programmes.tests.factory import add_item, make_programme
from nastavnik.test import BaseTestCase

TODAY = date(2026, 11, 26)


@time_machine.travel("2026-11-26 10:00+03:00", tick=False)
class ItemStatusTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.roadmap = make_programme(cls.school_a).roadmap
        cls.item = add_item(cls.roadmap, "30.11.2026", "Провести анкетирование")
        cls.monthly = add_item(
            cls.roadmap, "ежемесячно 25 числа", "Мониторинг", since=date(2026, 11, 1)
        )
        cls.other = make_programme(cls.school_c).roadmap

    def post(self, item: Item, action: str, **extra):
        url = reverse("programmes-item-status", args=[item.code])
        return self.client.post(url, {"action": action, **extra})

    def test_it_starts_and_finishes_an_item(self) -> None:
        self.client.force_login(self.alice)
        r = self.post(self.item, "start")
        self.assertRedirects(
            r,
            reverse("programmes-roadmap-detail", args=[self.roadmap.code])
            + f"?open={self.item.stage.code}#item-{self.item.code}",
            fetch_redirect_response=False,
        )
        self.item.refresh_from_db()
        self.assertEqual(self.item.status, "in_progress")
        self.post(self.item, "done")
        self.item.refresh_from_db()
        self.assertEqual(self.item.status, "done")
        self.assertEqual(self.item.done_on, TODAY)

    def test_marking_a_monthly_item_done_moves_it_to_next_month(self) -> None:
        self.assertEqual(self.monthly.due_on, date(2026, 11, 25))
        self.client.force_login(self.alice)
        self.post(self.monthly, "done")
        self.monthly.refresh_from_db()
        self.assertEqual(self.monthly.due_on, date(2026, 12, 25))
        self.assertEqual(self.monthly.status, "in_progress")
        self.assertEqual(self.monthly.done_on, TODAY)
        self.assertFalse(self.monthly.is_overdue(TODAY))
        self.assertTrue(Comment.objects.filter(item=self.monthly).exists())
        r = self.client.get(
            reverse("programmes-roadmap-detail", args=[self.roadmap.code]),
            {"open": self.monthly.stage.code},
        )
        self.assertContains(r, "следующий срок 25.12.2026")

    def test_the_message_names_the_next_deadline(self) -> None:
        self.client.force_login(self.alice)
        r = self.post(self.monthly, "done")
        r = self.client.get(r.url)
        self.assertContains(r, "Следующий срок — 25.12.2026")

    def test_it_cancels_and_reopens(self) -> None:
        self.client.force_login(self.alice)
        self.post(self.item, "cancel")
        self.item.refresh_from_db()
        self.assertEqual(self.item.status, "cancelled")
        self.post(self.item, "reopen")
        self.item.refresh_from_db()
        self.assertEqual(self.item.status, "planned")
        self.assertIsNone(self.item.done_on)

    def test_it_goes_back_to_the_page_it_came_from(self) -> None:
        back = reverse("programmes-item-detail", args=[self.item.code])
        self.client.force_login(self.alice)
        r = self.post(self.item, "start", next=back)
        self.assertRedirects(r, back, fetch_redirect_response=False)
        # never off the programmes pages
        r = self.post(self.item, "done", next="https://example.org/")
        self.assertTrue(r.url.startswith("/programmes/roadmaps/"))

    def test_a_stale_button_changes_nothing(self) -> None:
        Item.objects.filter(pk=self.item.pk).update(status="cancelled")
        self.client.force_login(self.alice)
        r = self.post(self.item, "done")
        self.item.refresh_from_db()
        self.assertEqual(self.item.status, "cancelled")
        r = self.client.get(r.url)
        self.assertContains(r, "Пункт уже в состоянии «отменено»")

    def test_progress_changes(self) -> None:
        url = reverse("programmes-roadmap-detail", args=[self.roadmap.code])
        self.client.force_login(self.alice)
        before = self.client.get(url).context["progress"]["done"]
        self.post(self.item, "done")
        self.assertEqual(self.client.get(url).context["progress"]["done"], before + 1)

    def test_forged_actions_are_refused(self) -> None:
        self.client.force_login(self.alice)
        self.assertEqual(self.post(self.item, "explode").status_code, 400)
        url = reverse("programmes-item-status", args=[self.item.code])
        self.assertEqual(self.client.get(url).status_code, 405)

    def test_another_organisations_item_is_a_404(self) -> None:
        item = Item.objects.filter(stage__roadmap=self.other).first()
        self.client.force_login(self.alice)
        self.assertEqual(self.post(item, "done").status_code, 404)
        item.refresh_from_db()
        self.assertEqual(item.status, "planned")

    def test_readers_cannot_change_the_status(self) -> None:
        for user in (self.mila, self.rita, self.charlie):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.post(self.item, "done").status_code, 404)
        self.item.refresh_from_db()
        self.assertEqual(self.item.status, "planned")

    def test_mentors_cannot_change_the_status(self) -> None:
        self.demote_bob()
        self.client.force_login(self.bob)
        self.assertEqual(self.post(self.item, "done").status_code, 404)
