from __future__ import annotations

from django.urls import reverse

from nastavnik.programmes.models import Comment, Item
from nastavnik.programmes.tests.factory import add_item, make_programme
from nastavnik.test import BaseTestCase


class ItemDetailTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.roadmap = make_programme(cls.school_a).roadmap
        cls.item = add_item(
            cls.roadmap,
            "по окончании ремонта",
            "Оформить стенд «Наставничество»",
            result="Стенд в холле",
            responsible_text="Зам. директора по ВР",
            action="mentors",
        )
        Comment.objects.create(item=cls.item, author=cls.bob, text="Заказали печать")
        cls.other = make_programme(cls.school_c).roadmap

    def setUp(self) -> None:
        self.url = reverse("programmes-item-detail", args=[self.item.code])

    def test_it_works(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "Оформить стенд «Наставничество»")
        self.assertContains(r, "Стенд в холле")
        self.assertContains(r, "Зам. директора по ВР")
        self.assertContains(r, "Заказали печать")
        self.assertContains(r, "Борисов Б.")
        self.assertContains(r, reverse("people-mentor-list", args=[self.school_a.code]))
        self.assertContains(r, reverse("programmes-item-edit", args=[self.item.code]))
        self.assertContains(r, 'name="text"')
        self.assertContains(r, 'enctype="multipart/form-data"')

    def test_it_names_where_the_work_is_done_once(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        link = reverse("people-mentor-list", args=[self.school_a.code])
        self.assertContains(r, "Где выполняется", count=1)
        self.assertContains(
            r, f'<a class="item-action" href="{link}">База наставников</a>', html=True
        )

    def test_a_place_with_no_page_yet_is_plain_text(self) -> None:
        self.item.action = Item.Action.DOCUMENTS
        self.item.save()
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "Где выполняется", count=1)
        self.assertContains(r, '<span class="item-place">Документы</span>', html=True)
        self.assertNotContains(r, 'class="item-action"')

    def test_reports_to_the_municipal_centre_lead_to_the_schools_reports(self) -> None:
        self.item.action = Item.Action.REPORTS
        self.item.save()
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        link = reverse("reports-organisation-list", args=[self.school_a.code])
        self.assertContains(
            r, f'<a class="item-action" href="{link}">Отчёты в МНЦ</a>', html=True
        )

    def test_monitoring_leads_to_the_dashboard(self) -> None:
        self.item.action = Item.Action.MONITORING
        self.item.save()
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        link = reverse("monitoring-organisation-dashboard", args=[self.school_a.code])
        self.assertContains(
            r, f'<a class="item-action" href="{link}">Мониторинг</a>', html=True
        )

    def test_best_practices_lead_to_the_organisations_cases(self) -> None:
        self.item.action = Item.Action.PRACTICES
        self.item.save()
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        link = reverse("practices-case-list", args=[self.school_a.code])
        self.assertContains(
            r, f'<a class="item-action" href="{link}">Лучшие практики</a>', html=True
        )

    def test_meetings_lead_to_the_pairs_board(self) -> None:
        self.item.action = Item.Action.MEETINGS
        self.item.save()
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        link = reverse("pairs-board", args=[self.school_a.code])
        self.assertContains(
            r, f'<a class="item-action" href="{link}">Встречи</a>', html=True
        )

    def test_an_unreadable_deadline_is_kept_and_warned_about(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "по окончании ремонта")
        self.assertContains(r, "Срок «по окончании ремонта» не распознан")

    def test_it_adds_a_comment(self) -> None:
        url = reverse("programmes-item-comment", args=[self.item.code])
        self.client.force_login(self.alice)
        r = self.client.post(url, {"text": "Стенд готов, фото приложено"})
        self.assertRedirects(r, self.url + "#comments", fetch_redirect_response=False)
        comment = Comment.objects.latest("created_at")
        self.assertEqual((comment.item, comment.author), (self.item, self.alice))
        self.assertContains(self.client.get(self.url), "Стенд готов, фото приложено")

    def test_an_empty_comment_is_refused(self) -> None:
        url = reverse("programmes-item-comment", args=[self.item.code])
        self.client.force_login(self.alice)
        r = self.client.post(url, {"text": "  "})
        self.assertContains(r, "Обязательное поле")
        self.assertEqual(Comment.objects.count(), 1)

    def test_readers_see_it_without_forms(self) -> None:
        for user in (self.mila, self.rita):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                r = self.client.get(self.url)
                self.assertContains(r, "Оформить стенд «Наставничество»")
                self.assertContains(r, "Заказали печать")
                self.assertNotContains(r, 'name="text"')
                self.assertNotContains(
                    r, reverse("programmes-item-edit", args=[self.item.code])
                )
                self.assertNotContains(
                    r, reverse("people-mentor-list", args=[self.school_a.code])
                )

    def test_readers_cannot_comment(self) -> None:
        url = reverse("programmes-item-comment", args=[self.item.code])
        for user in (self.mila, self.rita):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.post(url, {"text": "x"}).status_code, 404)
        self.assertEqual(Comment.objects.count(), 1)

    def test_another_organisations_item_is_a_404(self) -> None:
        item = Item.objects.filter(stage__roadmap=self.other).first()
        self.client.force_login(self.alice)
        url = reverse("programmes-item-detail", args=[item.code])
        self.assertEqual(self.client.get(url).status_code, 404)
        url = reverse("programmes-item-comment", args=[item.code])
        self.assertEqual(self.client.post(url, {"text": "x"}).status_code, 404)
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_mentors_see_no_item(self) -> None:
        self.demote_bob()
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 404)
