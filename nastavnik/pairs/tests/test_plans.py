"""The personalised programme of a pair (ППН): started from the template of
its form, edited by the curator and the pair's mentor, rows added, moved,
removed and marked done, approved by the curator, printed as DOCX."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from unittest import skipUnless

import time_machine
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from nastavnik.lib.docx import CONTENT_TYPE
from nastavnik.lib.tests.checks import SOFFICE
from nastavnik.pairs import plans, services
from nastavnik.pairs.models import PersonalPlan, PlanRow
from nastavnik.pairs.tests.factory import make_mentee, make_mentor, make_pairing
from nastavnik.pairs.tests.test_documents import pdf_info, text_of
from nastavnik.programmes.tests.factory import make_programme
from nastavnik.test import BaseTestCase, make_user

TODAY = datetime(2026, 10, 5, 9, tzinfo=UTC)


@time_machine.travel(TODAY, tick=False)
class PlanTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        with time_machine.travel(TODAY, tick=False):
            programme = make_programme(cls.school_a, status="running")
            cls.mentor = make_mentor(cls.school_a, "Орлова")
            cls.mentee = make_mentee(cls.school_a, "Зайцев")
            cls.pairing = make_pairing(
                programme, cls.mentor, cls.mentee, goal="Подтянуть математику"
            )
            cls.dave = make_user("dave")
            cls.mentor.user = cls.dave
            cls.mentor.save()

    def setUp(self) -> None:
        self.client.force_login(self.alice)
        self.url = reverse("pairs-plan-detail", args=[self.pairing.code])

    def start(self) -> PersonalPlan:
        return plans.plan_start(self.pairing, user=self.alice)

    def post_row(self, action: str, follow: bool = False, **data):
        url = reverse("pairs-plan-row", args=[self.pairing.code])
        return self.client.post(url, {"action": action, **data}, follow=follow)

    def test_the_programme_starts_from_the_template_of_its_track(self) -> None:
        r = self.client.post(reverse("pairs-plan-start", args=[self.pairing.code]))
        self.assertRedirects(r, self.url)
        plan = PersonalPlan.objects.get(pairing=self.pairing)
        self.assertEqual(plan.goal, "Подтянуть математику")
        rows = list(plan.rows.order_by("position"))
        self.assertEqual(len(rows), 4)
        self.assertEqual(rows[0].section, "Знакомство и диагностика")
        self.assertEqual(rows[0].deadline, date(2026, 10, 15))
        r = self.client.get(self.url)
        self.assertContains(r, "Знакомство и диагностика")
        self.assertContains(r, "Выполнено строк: 0 из 4 (0%).")

    def test_a_second_start_is_refused(self) -> None:
        self.start()
        r = self.client.post(
            reverse("pairs-plan-start", args=[self.pairing.code]), follow=True
        )
        self.assertContains(r, "У пары уже есть персонализированная программа.")
        self.assertEqual(PersonalPlan.objects.count(), 1)

    def test_the_mentor_edits_the_goal_and_adds_a_row(self) -> None:
        plan = self.start()
        self.client.force_login(self.dave)
        r = self.client.post(
            self.url,
            {"part": "plan", "deficits": "Дроби", "goal": "Цель", "tasks": "Задачи"},
        )
        self.assertRedirects(r, self.url)
        r = self.post_row(
            "add",
            activity="Разбор дробей",
            section="Математика",
            deadline="20.10.2026",
        )
        self.assertRedirects(r, self.url)
        plan.refresh_from_db()
        self.assertEqual(plan.deficits, "Дроби")
        last = plan.rows.order_by("position").last()
        self.assertEqual((last.activity, last.position), ("Разбор дробей", 5))

    def test_a_row_without_an_activity_is_refused_and_nothing_written(self) -> None:
        self.start()
        r = self.post_row("add", section="Математика")
        self.assertEqual(r.status_code, 400)
        self.assertContains(r, "Обязательное поле", status_code=400)
        self.assertEqual(PlanRow.objects.count(), 4)

    def test_a_row_opens_its_edit_form_on_demand(self) -> None:
        plan = self.start()
        row = plan.rows.order_by("position").first()
        r = self.client.get(self.url)
        self.assertNotContains(r, f'value="edit:{row.pk}"')
        r = self.client.get(self.url, {"edit": row.pk})
        self.assertContains(r, f'value="edit:{row.pk}"')
        r = self.post_row(f"edit:{row.pk}", activity="Знакомство", section="")
        row.refresh_from_db()
        self.assertEqual(row.activity, "Знакомство")

    def test_rows_move_are_removed_and_renumbered(self) -> None:
        plan = self.start()
        first, second, *_rest = plan.rows.order_by("position")
        self.post_row(f"down:{first.pk}")
        self.assertEqual(
            list(plan.rows.order_by("position").values_list("pk", flat=True))[:2],
            [second.pk, first.pk],
        )
        self.post_row(f"remove:{second.pk}")
        self.assertEqual(
            list(plan.rows.order_by("position").values_list("position", flat=True)),
            [1, 2, 3],
        )

    def test_a_done_row_counts_in_the_progress(self) -> None:
        plan = self.start()
        row = plan.rows.order_by("position").first()
        self.post_row(f"done:{row.pk}")
        row.refresh_from_db()
        self.assertEqual(row.done_on, date(2026, 10, 5))
        self.assertEqual(plans.progress(list(plan.rows.all())), (1, 4, 25))
        r = self.client.get(self.url)
        self.assertContains(r, "Выполнено строк: 1 из 4 (25%).")

    def test_the_curator_approves_the_mentor_may_not(self) -> None:
        plan = self.start()
        url = reverse("pairs-plan-approve", args=[self.pairing.code])
        self.client.force_login(self.dave)
        self.assertEqual(self.client.post(url).status_code, 404)
        self.client.force_login(self.alice)
        self.client.post(url)
        plan.refresh_from_db()
        self.assertEqual(plan.approved_on, date(2026, 10, 5))
        self.assertEqual(plan.approved_by, self.alice)

    def test_a_programme_without_a_goal_is_not_approved(self) -> None:
        plan = self.start()
        plan.goal = ""
        plan.save()
        url = reverse("pairs-plan-approve", args=[self.pairing.code])
        r = self.client.post(url, follow=True)
        self.assertContains(r, "Перед утверждением впишите цель программы.")
        plan.refresh_from_db()
        self.assertIsNone(plan.approved_on)

    def test_a_closed_pairs_programme_is_not_changed(self) -> None:
        plan = self.start()
        row = plan.rows.first()
        services.pairing_close(
            self.pairing, user=self.alice, day=date(2026, 10, 5), note="Итог"
        )
        r = self.post_row(f"remove:{row.pk}", follow=True)
        self.assertContains(r, "Пара закрыта: её программу больше не меняют.")
        self.assertEqual(PlanRow.objects.count(), 4)

    def test_the_docx_names_the_pair_rows_and_signatures(self) -> None:
        plan = self.start()
        plans.plan_reflect(plan, reflection="Цель достигнута", user=None)
        r = self.client.get(reverse("pairs-plan-docx", args=[self.pairing.code]))
        self.assertEqual(r["Content-Type"], CONTENT_TYPE)
        text = text_of(r.content)
        self.assertIn("ПЕРСОНАЛИЗИРОВАННАЯ ПРОГРАММА НАСТАВНИЧЕСТВА", text)
        self.assertIn("Орлова", text)
        self.assertIn("Зайцев", text)
        self.assertIn("Знакомство и диагностика", text)
        self.assertIn("Цель достигнута", text)
        self.assertIn("УТВЕРЖДАЮ", text)

    def test_the_mentor_opens_the_page_an_outsider_and_the_mentee_get_404(
        self,
    ) -> None:
        self.start()
        urls = [self.url, reverse("pairs-plan-docx", args=[self.pairing.code])]
        for user, status in ((self.bob, 200), (self.dave, 200), (self.charlie, 404)):
            self.client.force_login(user)
            for url in urls:
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(self.client.get(url).status_code, status)
        self.client.force_login(self.charlie)
        r = self.post_row("add", activity="Чужая строка")
        self.assertEqual(r.status_code, 404)

    def test_every_change_of_an_outsider_answers_404_and_writes_nothing(self) -> None:
        plan = self.start()
        row = plan.rows.first()
        self.client.force_login(self.charlie)
        posts = [
            (reverse("pairs-plan-start", args=[self.pairing.code]), {}),
            (reverse("pairs-plan-approve", args=[self.pairing.code]), {}),
            (self.url, {"part": "plan", "goal": "Чужая цель"}),
            (
                reverse("pairs-plan-row", args=[self.pairing.code]),
                {"action": f"done:{row.pk}"},
            ),
        ]
        for url, data in posts:
            with self.subTest(url=url):
                self.assertEqual(self.client.post(url, data).status_code, 404)
        plan.refresh_from_db()
        row.refresh_from_db()
        self.assertEqual(plan.goal, "Подтянуть математику")
        self.assertIsNone(plan.approved_on)
        self.assertIsNone(row.done_on)

    def test_a_teammate_changes_the_programme(self) -> None:
        plan = self.start()
        self.client.force_login(self.bob)
        self.client.post(reverse("pairs-plan-approve", args=[self.pairing.code]))
        plan.refresh_from_db()
        self.assertEqual(plan.approved_by, self.bob)

    def test_a_row_of_another_pair_or_an_unknown_action_is_refused(self) -> None:
        self.start()
        other = make_pairing(
            self.pairing.programme,
            make_mentor(self.school_a, "Петрова"),
            make_mentee(self.school_a, "Ершов"),
        )
        foreign = plans.plan_start(other, user=None).rows.first()
        self.assertEqual(self.post_row(f"remove:{foreign.pk}").status_code, 404)
        self.assertEqual(self.post_row("remove:abc").status_code, 404)
        self.assertEqual(self.post_row("explode:1").status_code, 400)
        self.assertEqual(PlanRow.objects.filter(plan__pairing=other).count(), 4)

    def test_the_page_reads_a_fixed_number_of_queries(self) -> None:
        plan = self.start()
        self.client.get(self.url)
        with self.assertNumQueries(8):
            self.client.get(self.url)
        PlanRow.objects.create(plan=plan, position=9, activity="Ещё")
        with self.assertNumQueries(8):
            self.client.get(self.url)

    @skipUnless(SOFFICE, "LibreOffice is not installed")
    def test_the_programme_prints_on_a4(self) -> None:
        self.start()
        r = self.client.get(reverse("pairs-plan-docx", args=[self.pairing.code]))
        info, text = pdf_info(r.content)
        self.assertIn("(A4)", info)
        self.assertIn("Зайцев", text)


@time_machine.travel("2026-11-23 10:00+03:00")
class DemoPlanTestCase(TestCase):
    def test_the_cast_pair_has_an_approved_programme_with_a_row_done(self) -> None:
        call_command("demo", stdout=io.StringIO())
        plan = PersonalPlan.objects.get(
            pairing__members__person__user__username="mentee"
        )
        self.assertIsNotNone(plan.approved_on)
        rows = list(plan.rows.all())
        self.assertGreaterEqual(len(rows), 3)
        self.assertEqual(sum(1 for row in rows if row.done_on), 1)
        self.assertTrue(plan.deficits)
