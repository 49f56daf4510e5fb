from __future__ import annotations

from datetime import date

from nastavnik.lib.dates import SchoolYear
from nastavnik.programmes import services
from nastavnik.programmes.models import Comment, Item, Roadmap
from nastavnik.programmes.roadmap_templates import TEMPLATES
from nastavnik.programmes.tests.factory import add_item, make_programme
from nastavnik.test import BaseTestCase

R145 = TEMPLATES["r145"]


class BuildRoadmapTestCase(BaseTestCase):
    def test_it_copies_every_stage_and_item_of_the_template_in_order(self) -> None:
        roadmap = make_programme(self.school_a).roadmap
        stages = list(roadmap.stages.order_by("position"))
        self.assertEqual([s.title for s in stages], [s.title for s in R145.stages])
        items = list(Item.objects.filter(stage__roadmap=roadmap))
        self.assertEqual([i.activity for i in items], [i.activity for i in R145.items])
        self.assertEqual(roadmap.period_start, date(2026, 9, 1))
        self.assertEqual(roadmap.period_end, date(2027, 8, 31))

    def test_month_deadlines_fall_in_the_programme_s_school_year(self) -> None:
        roadmap = make_programme(self.school_a, year=2026).roadmap
        dues = {
            i.deadline_text: i.due_on
            for i in Item.objects.filter(stage__roadmap=roadmap)
        }
        self.assertEqual(dues["сентябрь"], date(2026, 9, 30))
        self.assertEqual(dues["октябрь-ноябрь"], date(2026, 11, 30))
        self.assertEqual(dues["май"], date(2027, 5, 31))
        self.assertEqual(dues["весь период"], date(2027, 8, 31))

    def test_the_approval_header_comes_from_the_head_and_the_programme_s_order(self):
        self.school_a.head_name = "Зарипова Наталья Викторовна"
        self.school_a.head_position = "Директор"
        self.school_a.save()
        programme = make_programme(
            self.school_a, order_number="01-06-106", order_date=date(2026, 8, 31)
        )
        roadmap = programme.roadmap
        self.assertEqual(roadmap.approver_name, "Зарипова Наталья Викторовна")
        self.assertEqual(roadmap.approver_position, "Директор")
        self.assertEqual(roadmap.approval_order_number, "01-06-106")
        self.assertEqual(roadmap.approval_order_date, date(2026, 8, 31))
        self.assertTrue(roadmap.is_approved)

    def test_header_fields_given_to_the_builder_win(self) -> None:
        programme = make_programme(self.school_a)
        programme.roadmap.delete()
        roadmap = services.build_roadmap(
            R145,
            programme=programme,
            school_year=SchoolYear(2026),
            approver_name="О.Ю. Новикова",
        )
        self.assertEqual(
            Roadmap.objects.get(pk=roadmap.pk).approver_name, "О.Ю. Новикова"
        )


class ItemScheduleTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.roadmap = make_programme(self.school_a, year=2026).roadmap

    def test_an_unreadable_deadline_is_kept_as_text_with_no_due_date(self) -> None:
        item = add_item(self.roadmap, "как только, так сразу")
        self.assertEqual(item.deadline_text, "как только, так сразу")
        self.assertTrue(item.deadline_unreadable)
        self.assertIsNone(item.due_on)
        self.assertFalse(item.is_overdue(date(2027, 8, 31)))

    def test_an_open_item_past_its_due_date_is_overdue(self) -> None:
        item = add_item(self.roadmap, "октябрь 2026 г.")
        self.assertEqual(item.effective_status(date(2026, 10, 31)), "planned")
        self.assertEqual(item.effective_status(date(2026, 11, 1)), "overdue")
        item.status = Item.Status.CANCELLED
        self.assertEqual(item.effective_status(date(2026, 11, 1)), "cancelled")

    def test_a_recurring_item_counts_from_the_day_it_was_added(self) -> None:
        item = add_item(self.roadmap, "ежемесячно 25 числа", since=date(2026, 11, 23))
        self.assertEqual(item.due_on, date(2026, 11, 25))

    def test_marking_a_monthly_item_done_moves_it_to_next_month(self) -> None:
        item = add_item(self.roadmap, "ежемесячно 25 числа", since=date(2026, 11, 23))
        finished = services.item_mark_done(item, self.alice, on=date(2026, 11, 24))
        item.refresh_from_db()
        self.assertFalse(finished)
        self.assertEqual(item.due_on, date(2026, 12, 25))
        self.assertEqual(item.status, Item.Status.IN_PROGRESS)
        self.assertEqual(item.done_on, date(2026, 11, 24))
        comment = Comment.objects.get(item=item)
        self.assertIn("25.11.2026", comment.text)
        self.assertIn("25.12.2026", comment.text)

    def test_the_last_occurrence_done_finishes_a_recurring_item(self) -> None:
        item = add_item(self.roadmap, "ежегодно май", since=date(2026, 9, 1))
        self.assertEqual(item.due_on, date(2027, 5, 31))
        self.assertTrue(services.item_mark_done(item, self.alice, on=date(2027, 5, 20)))
        self.assertEqual(item.status, Item.Status.DONE)

    def test_a_one_off_item_done_is_done(self) -> None:
        item = add_item(self.roadmap, "сентябрь 2026 г.")
        self.assertTrue(services.item_mark_done(item, self.alice, on=date(2026, 10, 2)))
        item.refresh_from_db()
        self.assertEqual(item.status, Item.Status.DONE)
        self.assertFalse(item.is_overdue(date(2026, 12, 1)))
        self.assertFalse(Comment.objects.filter(item=item).exists())


class StatusCountsTestCase(BaseTestCase):
    def test_counts_split_open_items_into_planned_in_progress_and_overdue(self) -> None:
        roadmap = make_programme(self.school_a).roadmap
        for stage in roadmap.stages.all():
            stage.items.all().delete()
        add_item(roadmap, "сентябрь 2026 г.")  # overdue on 01.10
        add_item(roadmap, "сентябрь 2026 г.", status=Item.Status.DONE)
        add_item(roadmap, "октябрь 2026 г.", status=Item.Status.IN_PROGRESS)
        add_item(roadmap, "ноябрь 2026 г.")
        add_item(roadmap, "ноябрь 2026 г.", status=Item.Status.CANCELLED)
        add_item(roadmap, "по необходимости")
        counts = Item.objects.filter(stage__roadmap=roadmap).status_counts(
            date(2026, 10, 1)
        )
        self.assertEqual(
            counts,
            {
                "total": 6,
                "planned": 2,
                "in_progress": 1,
                "done": 1,
                "overdue": 1,
                "cancelled": 1,
            },
        )


class StageDeleteTestCase(BaseTestCase):
    def test_deleting_a_stage_renumbers_the_stages_after_it(self) -> None:
        roadmap = make_programme(self.school_a).roadmap
        second = roadmap.stages.get(position=2)
        services.stage_delete(second)
        positions = list(roadmap.stages.values_list("position", flat=True))
        self.assertEqual(positions, list(range(1, len(R145.stages))))
        self.assertFalse(Item.objects.filter(stage=second.pk).exists())
