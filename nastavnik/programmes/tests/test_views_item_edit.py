from __future__ import annotations

import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from nastavnik.programmes.models import Item
from nastavnik.programmes.tests.factory import make_programme
from nastavnik.test import BaseTestCase


@time_machine.travel("2026-10-05 10:00+03:00", tick=False)
class ItemEditTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.roadmap = make_programme(cls.school_a).roadmap
        cls.stage = cls.roadmap.stages.get(position=2)
        cls.item = cls.stage.items.order_by("position").first()
        cls.other = make_programme(cls.school_c).roadmap

    def data(self, **fields) -> dict:
        return {
            "stage": str(self.stage.code),
            "number": "",
            "activity": "Собрать запросы классных руководителей",
            "deadline_text": "до 20 октября",
            "responsible_user": str(self.bob.code),
            "responsible_text": "Классные руководители",
            "result": "Список запросов",
            "action": "mentees",
            "status": "planned",
            **fields,
        }

    def test_it_adds_an_item_at_the_end_of_the_stage(self) -> None:
        url = reverse("programmes-stage-item-add", args=[self.stage.code])
        self.client.force_login(self.alice)
        r = self.client.get(url)
        self.assertContains(r, "ежемесячно 25 числа")  # the deadline examples
        self.assertContains(r, "Борисов Борис")
        self.assertNotContains(r, "Чернов")
        r = self.client.post(url, self.data(deadline_text="октябрь"))
        item = self.stage.items.get(activity="Собрать запросы классных руководителей")
        self.assertRedirects(
            r,
            reverse("programmes-roadmap-detail", args=[self.roadmap.code])
            + f"?open={self.stage.code}#item-{item.code}",
            fetch_redirect_response=False,
        )
        self.assertEqual(item.position, self.stage.items.count())
        self.assertEqual(item.responsible_user, self.bob)
        self.assertEqual(str(item.due_on), "2026-10-31")

    def test_an_unreadable_deadline_is_kept_with_a_warning(self) -> None:
        url = reverse("programmes-stage-item-add", args=[self.stage.code])
        self.client.force_login(self.alice)
        r = self.client.post(url, self.data(deadline_text="после каникул"), follow=True)
        item = self.stage.items.get(activity="Собрать запросы классных руководителей")
        self.assertEqual(item.deadline_text, "после каникул")
        self.assertTrue(item.deadline_unreadable)
        self.assertIsNone(item.due_on)
        self.assertContains(r, "Срок сохранён как текст: «после каникул»")
        self.assertContains(r, "Срок не распознан")

    def test_it_edits_an_item(self) -> None:
        url = reverse("programmes-item-edit", args=[self.item.code])
        self.client.force_login(self.alice)
        r = self.client.get(url)
        self.assertContains(r, self.item.activity)
        r = self.client.post(url, self.data(deadline_text="15.11.2026"))
        self.assertRedirects(
            r, reverse("programmes-item-detail", args=[self.item.code])
        )
        self.item.refresh_from_db()
        self.assertEqual(self.item.activity, "Собрать запросы классных руководителей")
        self.assertEqual(str(self.item.due_on), "2026-11-15")
        messages = [str(m) for m in get_messages(r.wsgi_request)]
        self.assertEqual(messages, ["Сохранено."])

    def test_an_edit_can_move_an_item_to_another_stage(self) -> None:
        stage = self.roadmap.stages.get(position=5)
        url = reverse("programmes-item-edit", args=[self.item.code])
        self.client.force_login(self.alice)
        self.client.post(url, self.data(stage=str(stage.code)))
        self.item.refresh_from_db()
        self.assertEqual(self.item.stage, stage)
        self.assertEqual(self.item.position, stage.items.count())

    def test_an_edit_can_mark_it_done(self) -> None:
        url = reverse("programmes-item-edit", args=[self.item.code])
        self.client.force_login(self.alice)
        self.client.post(url, self.data(status="done"))
        self.item.refresh_from_db()
        self.assertEqual(self.item.status, "done")
        self.assertEqual(str(self.item.done_on), "2026-10-05")

    def test_bad_input_is_shown_again(self) -> None:
        url = reverse("programmes-item-edit", args=[self.item.code])
        self.client.force_login(self.alice)
        r = self.client.post(url, self.data(activity=""))
        self.assertContains(r, "Обязательное поле")

    def test_forged_choices_are_refused(self) -> None:
        url = reverse("programmes-item-edit", args=[self.item.code])
        self.client.force_login(self.alice)
        for fields in (
            {"stage": str(self.other.stages.first().code)},
            {"responsible_user": str(self.charlie.code)},
            {"responsible_user": "nonsense"},
            {"status": "overdue"},
            {"action": "nowhere"},
        ):
            with self.subTest(fields=fields):
                self.assertEqual(
                    self.client.post(url, self.data(**fields)).status_code, 400
                )
        self.item.refresh_from_db()
        self.assertNotEqual(
            self.item.activity, "Собрать запросы классных руководителей"
        )

    def test_it_moves_an_item(self) -> None:
        first, second = list(self.stage.items.order_by("position"))[:2]
        url = reverse("programmes-item-move", args=[second.code])
        self.client.force_login(self.alice)
        self.client.post(url, {"direction": "up"})
        order = list(self.stage.items.order_by("position"))
        self.assertEqual(order[:2], [second, first])

    def test_it_deletes_an_item_after_asking(self) -> None:
        url = reverse("programmes-item-delete", args=[self.item.code])
        self.client.force_login(self.alice)
        self.assertContains(self.client.get(url), "Удалить пункт")
        self.assertTrue(Item.objects.filter(pk=self.item.pk).exists())
        self.client.post(url)
        self.assertFalse(Item.objects.filter(pk=self.item.pk).exists())
        self.assertEqual(
            list(self.stage.items.values_list("position", flat=True)),
            list(range(1, self.stage.items.count() + 1)),
        )

    def test_another_organisations_item_is_a_404(self) -> None:
        item = Item.objects.filter(stage__roadmap=self.other).first()
        self.client.force_login(self.alice)
        for name in ("programmes-item-edit", "programmes-item-delete"):
            with self.subTest(name=name):
                url = reverse(name, args=[item.code])
                self.assertEqual(self.client.get(url).status_code, 404)
                self.assertEqual(self.client.post(url, self.data()).status_code, 404)
        url = reverse("programmes-item-move", args=[item.code])
        self.assertEqual(self.client.post(url, {"direction": "up"}).status_code, 404)
        url = reverse("programmes-stage-item-add", args=[item.stage.code])
        self.assertEqual(self.client.post(url, self.data()).status_code, 404)
        self.assertTrue(Item.objects.filter(pk=item.pk).exists())

    def test_readers_cannot_change_items(self) -> None:
        for user in (self.mila, self.rita):
            self.client.force_login(user)
            for name in ("programmes-item-edit", "programmes-item-delete"):
                with self.subTest(user=user.username, name=name):
                    url = reverse(name, args=[self.item.code])
                    self.assertEqual(self.client.get(url).status_code, 404)
                    self.assertEqual(
                        self.client.post(url, self.data()).status_code, 404
                    )
            url = reverse("programmes-stage-item-add", args=[self.stage.code])
            self.assertEqual(self.client.post(url, self.data()).status_code, 404)
        self.assertTrue(Item.objects.filter(pk=self.item.pk).exists())
        self.assertFalse(
            Item.objects.filter(activity="Собрать запросы классных руководителей")
        )
