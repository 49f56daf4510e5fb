from __future__ import annotations

from datetime import date

import time_machine
from django.urls import reverse

from nastavnik.programmes.models import Item
from nastavnik.programmes.tests.factory import make_programme
from nastavnik.test import BaseTestCase


@time_machine.travel("2026-09-10 10:00+03:00", tick=False)
class RoadmapEditTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.roadmap = make_programme(cls.school_a).roadmap

    def setUp(self) -> None:
        self.url = reverse("programmes-roadmap-edit", args=[self.roadmap.code])

    def post(self, **fields):
        data = {
            "title": "План мероприятий (дорожная карта)",
            "period_start": "01.09.2026",
            "period_end": "31.08.2027",
            "approver_position": "Директор",
            "approver_name": "И. И. Иванова",
            "approval_order_number": "7",
            "approval_order_date": "30.08.2026",
            "agreed_note": "на педагогическом совете 30.08.2026 протокол № 1",
            "heading_number": "№",
            "heading_stage": "",
            "heading_activity": "Мероприятие",
            "heading_deadline": "Сроки",
            "heading_responsible": "Ответственные",
            "heading_result": "",
            **fields,
        }
        return self.client.post(self.url, data)

    def test_it_shows_the_form(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, 'value="Ответственный"')
        self.assertContains(r, 'value="01.09.2026"')

    def test_it_works(self) -> None:
        self.client.force_login(self.alice)
        r = self.post()
        self.assertRedirects(
            r, reverse("programmes-roadmap-detail", args=[self.roadmap.code])
        )
        self.roadmap.refresh_from_db()
        self.assertEqual(self.roadmap.title, "План мероприятий (дорожная карта)")
        self.assertEqual(self.roadmap.approver_name, "И. И. Иванова")
        self.assertEqual(self.roadmap.approval_order_date, date(2026, 8, 30))
        self.assertTrue(self.roadmap.agreed_note.startswith("на педагогическом"))
        r = self.client.get(r.url)
        self.assertContains(r, "УТВЕРЖДАЮ")
        self.assertContains(r, "Согласовано на педагогическом совете")

    def test_it_renames_adds_and_removes_columns(self) -> None:
        self.client.force_login(self.alice)
        self.post(
            heading_responsible="",
            heading_result="Ожидаемый результат",
            heading_deadline="Срок исполнения",
        )
        self.roadmap.refresh_from_db()
        self.assertEqual(
            self.roadmap.columns,
            [
                ["number", "№"],
                ["activity", "Мероприятие"],
                ["deadline", "Срок исполнения"],
                ["result", "Ожидаемый результат"],
            ],
        )

    def test_a_new_column_keeps_the_roadmaps_own_order(self) -> None:
        self.roadmap.columns = [["activity", "Что"], ["number", "№"]]
        self.roadmap.save()
        self.client.force_login(self.alice)
        self.post(
            heading_activity="Что",
            heading_deadline="Когда",
            heading_responsible="",
            heading_stage="Этап",
        )
        self.roadmap.refresh_from_db()
        # a new column goes after the last one that comes before it by default
        self.assertEqual(
            [key for key, _h in self.roadmap.columns],
            ["activity", "number", "stage", "deadline"],
        )

    def test_a_new_period_moves_the_due_dates(self) -> None:
        # Р-145 names months without years: they fall in the new period
        item = Item.objects.filter(
            stage__roadmap=self.roadmap, deadline_kind="month"
        ).first()
        before = item.due_on
        self.client.force_login(self.alice)
        self.post(period_start="01.09.2027", period_end="31.08.2028")
        item.refresh_from_db()
        self.assertEqual(item.due_on.year, before.year + 1)

    def test_it_checks_the_period(self) -> None:
        self.client.force_login(self.alice)
        r = self.post(period_end="01.08.2026")
        self.assertContains(r, "Период должен заканчиваться позже")
        r = self.post(period_start="1 сентября")
        self.assertContains(r, "Напишите дату в виде дд.мм.гггг")

    def test_the_activity_column_is_required(self) -> None:
        self.client.force_login(self.alice)
        r = self.post(heading_activity="")
        self.assertContains(r, "Обязательное поле")

    def test_readers_cannot_edit(self) -> None:
        for user in (self.mila, self.rita, self.charlie):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 404)
                self.assertEqual(self.post(title="Чужая").status_code, 404)
        self.roadmap.refresh_from_db()
        self.assertNotEqual(self.roadmap.title, "Чужая")
