from __future__ import annotations

from datetime import date

from django.urls import reverse

from nastavnik.programmes.models import Item, Stage
from nastavnik.programmes.tests.factory import make_programme
from nastavnik.test import BaseTestCase


class StageViewsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.roadmap = make_programme(cls.school_a).roadmap
        cls.other = make_programme(cls.school_c).roadmap

    def stage(self, position: int) -> Stage:
        return self.roadmap.stages.get(position=position)

    def titles(self) -> list[str]:
        return list(self.roadmap.stages.values_list("title", flat=True))

    def test_it_adds_a_stage_at_the_end(self) -> None:
        url = reverse("programmes-roadmap-stage-add", args=[self.roadmap.code])
        self.client.force_login(self.alice)
        self.assertContains(self.client.get(url), "Добавить этап")
        r = self.client.post(url, {"number": "8.", "title": "Диссеминация опыта"})
        stage = self.roadmap.stages.get(title="Диссеминация опыта")
        self.assertEqual(stage.position, 8)
        self.assertRedirects(
            r,
            reverse("programmes-roadmap-detail", args=[self.roadmap.code])
            + f"?open={stage.code}#stage-{stage.code}",
            fetch_redirect_response=False,
        )

    def test_a_stage_needs_a_title(self) -> None:
        url = reverse("programmes-roadmap-stage-add", args=[self.roadmap.code])
        self.client.force_login(self.alice)
        self.assertContains(self.client.post(url, {"title": ""}), "Обязательное поле")
        self.assertEqual(self.roadmap.stages.count(), 7)

    def test_it_edits_a_stage(self) -> None:
        stage = self.stage(2)
        url = reverse("programmes-stage-edit", args=[stage.code])
        self.client.force_login(self.alice)
        self.client.post(url, {"number": "II.", "title": "База наставляемых"})
        stage.refresh_from_db()
        self.assertEqual((stage.number, stage.title), ("II.", "База наставляемых"))

    def test_it_moves_a_stage_up_and_down(self) -> None:
        first, second = self.stage(1), self.stage(2)
        self.client.force_login(self.alice)
        url = reverse("programmes-stage-move", args=[second.code])
        self.client.post(url, {"direction": "up"})
        self.assertEqual(self.titles()[:2], [second.title, first.title])
        self.client.post(url, {"direction": "down"})
        self.assertEqual(self.titles()[:2], [first.title, second.title])
        # the first stays first
        url = reverse("programmes-stage-move", args=[first.code])
        self.client.post(url, {"direction": "up"})
        self.assertEqual(self.titles()[0], first.title)

    def test_a_forged_move_is_refused(self) -> None:
        url = reverse("programmes-stage-move", args=[self.stage(1).code])
        self.client.force_login(self.alice)
        self.assertEqual(self.client.post(url, {"direction": "left"}).status_code, 400)
        self.assertEqual(self.client.get(url).status_code, 405)

    def test_a_stage_with_nothing_done_is_deleted_at_once(self) -> None:
        stage = self.stage(3)
        url = reverse("programmes-stage-delete", args=[stage.code])
        self.client.force_login(self.alice)
        r = self.client.get(url)
        self.assertContains(r, stage.title)
        self.assertNotContains(r, 'name="confirm"')
        r = self.client.post(url)
        self.assertRedirects(
            r, reverse("programmes-roadmap-detail", args=[self.roadmap.code])
        )
        self.assertFalse(Stage.objects.filter(pk=stage.pk).exists())
        self.assertEqual(
            list(self.roadmap.stages.values_list("position", flat=True)),
            [1, 2, 3, 4, 5, 6],
        )

    def test_deleting_a_stage_with_done_items_asks_first(self) -> None:
        stage = self.stage(1)
        done = stage.items.order_by("position").first()
        done.status, done.done_on = Item.Status.DONE, date(2026, 9, 15)
        done.save()
        url = reverse("programmes-stage-delete", args=[stage.code])
        self.client.force_login(self.alice)
        r = self.client.get(url)
        self.assertContains(r, "Этот пункт этапа уже выполнен")
        self.assertContains(r, done.activity)
        self.assertContains(r, "15.09.2026")
        self.assertContains(r, 'name="confirm"')
        # without the tick nothing goes
        r = self.client.post(url)
        self.assertContains(r, "Поставьте отметку")
        self.assertTrue(Stage.objects.filter(pk=stage.pk).exists())
        # with it the stage goes, with its items
        r = self.client.post(url, {"confirm": "on"})
        self.assertEqual(r.status_code, 302)
        self.assertFalse(Stage.objects.filter(pk=stage.pk).exists())
        self.assertFalse(Item.objects.filter(pk=done.pk).exists())

    def test_another_organisations_stage_is_a_404(self) -> None:
        stage = self.other.stages.first()
        self.client.force_login(self.alice)
        for name in ("programmes-stage-edit", "programmes-stage-delete"):
            with self.subTest(name=name):
                url = reverse(name, args=[stage.code])
                self.assertEqual(self.client.get(url).status_code, 404)
                self.assertEqual(self.client.post(url).status_code, 404)
        url = reverse("programmes-stage-move", args=[stage.code])
        self.assertEqual(self.client.post(url, {"direction": "up"}).status_code, 404)
        url = reverse("programmes-roadmap-stage-add", args=[self.other.code])
        self.assertEqual(self.client.post(url, {"title": "x"}).status_code, 404)
        self.assertEqual(self.other.stages.count(), 7)

    def test_readers_cannot_change_stages(self) -> None:
        stage = self.stage(1)
        for user in (self.mila, self.rita):
            self.client.force_login(user)
            for name, data in (
                ("programmes-stage-edit", {"title": "x"}),
                ("programmes-stage-move", {"direction": "down"}),
                ("programmes-stage-delete", {"confirm": "on"}),
            ):
                with self.subTest(user=user.username, name=name):
                    url = reverse(name, args=[stage.code])
                    self.assertEqual(self.client.post(url, data).status_code, 404)
            url = reverse("programmes-roadmap-stage-add", args=[self.roadmap.code])
            self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.titles()[0], stage.title)
        self.assertEqual(self.roadmap.stages.count(), 7)

    def test_mentors_cannot_change_stages(self) -> None:
        self.demote_bob()
        self.client.force_login(self.bob)
        url = reverse("programmes-stage-delete", args=[self.stage(1).code])
        self.assertEqual(self.client.post(url).status_code, 404)
