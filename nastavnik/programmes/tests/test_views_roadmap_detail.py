from __future__ import annotations

from datetime import date

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nastavnik.accounts.models import Membership, Role
from nastavnik.lib.dates import SchoolYear
from nastavnik.programmes import services
from nastavnik.programmes.models import Comment, Item, Roadmap
from nastavnik.programmes.roadmap_templates import TEMPLATES
from nastavnik.programmes.tests.factory import add_item, make_programme
from nastavnik.test import BaseTestCase, make_user

TODAY = "2026-11-16 10:00+03:00"
EVERY_STAGE = {"stage": ""}  # the filter form sent with «all stages»


@time_machine.travel(TODAY, tick=False)
class RoadmapDetailTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        with time_machine.travel(TODAY, tick=False):
            cls.programme = make_programme(cls.school_a, order_number="12-о")
            cls.roadmap = cls.programme.roadmap
            cls.items = list(Item.objects.filter(stage__roadmap=cls.roadmap))
            # stage 1 is done, so the programme is at stage 2
            Item.objects.filter(stage__position=1, stage__roadmap=cls.roadmap).update(
                status="done", done_on=date(2026, 9, 20)
            )
        cls.other = make_programme(cls.school_c, title="Чужая программа")

    def setUp(self) -> None:
        self.url = reverse("programmes-roadmap-detail", args=[self.roadmap.code])

    def test_it_works(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "Дорожная карта внедрения целевой модели")
        self.assertContains(r, "Подготовка условий для запуска программы")
        # the roadmap's own columns; the stage is the section's heading
        self.assertContains(r, '<th class="col-activity">Мероприятие</th>', html=True)
        self.assertContains(r, "Ожидаемый результат")
        self.assertContains(r, "Период: 01.09.2026 – 31.08.2027")
        self.assertContains(
            r, reverse("programmes-roadmap-docx", args=[self.roadmap.code])
        )
        self.assertContains(
            r, reverse("programmes-roadmap-xlsx", args=[self.roadmap.code])
        )
        self.assertContains(r, "Изменить шапку")

    def test_it_works_for_the_head(self) -> None:
        head = make_user("head")
        Membership.objects.create(user=head, role=Role.HEAD, organisation=self.school_a)
        self.client.force_login(head)
        self.assertContains(self.client.get(self.url), "Изменить шапку")

    def test_it_shows_the_approval_header(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "УТВЕРЖДАЮ")
        self.assertContains(r, "Приказ № 12-о")

    def test_it_counts_progress(self) -> None:
        done = Item.objects.filter(stage__roadmap=self.roadmap, status="done").count()
        overdue = (
            Item.objects.filter(stage__roadmap=self.roadmap)
            .overdue(date(2026, 11, 16))
            .count()
        )
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        progress = r.context["progress"]
        self.assertEqual(progress["done"], done)
        self.assertEqual(progress["overdue"], overdue)
        self.assertEqual(progress["total"], len(self.items))
        self.assertContains(r, f"Выполнено {done} из {len(self.items)} пунктов")

    def test_it_names_the_current_stage(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertEqual(r.context["current"].position, 2)
        self.assertContains(r, "Текущий этап")

    def test_it_opens_with_the_current_stage_and_the_others_on_demand(self) -> None:
        self.client.force_login(self.alice)
        stages = list(self.roadmap.stages.order_by("position"))
        first, current, later = stages[0], stages[1], stages[2]
        r = self.client.get(self.url)
        shown = [
            i
            for stage in r.context["stages"]
            for i in getattr(stage, "shown_items", [])
        ]
        self.assertEqual({i.stage_id for i in shown}, {current.pk})
        # every stage is there, with its counts and a link that opens it
        self.assertEqual(len(r.context["stages"]), 7)
        self.assertContains(r, f'href="?open={later.code}#stage-{later.code}"')
        self.assertContains(r, "Показать все этапы с пунктами")
        # opening one keeps the current one open; its link now closes it
        r = self.client.get(self.url, {"open": str(first.code)})
        shown = [
            i
            for stage in r.context["stages"]
            for i in getattr(stage, "shown_items", [])
        ]
        self.assertEqual({i.stage_id for i in shown}, {first.pk, current.pk})
        self.assertContains(r, "Скрыть пункты")
        self.assertContains(r, f'href="?#stage-{first.code}"')
        # the filter form with «all stages» shows every item
        r = self.client.get(self.url, EVERY_STAGE)
        shown = [i for stage in r.context["stages"] for i in stage.shown_items]
        self.assertEqual(len(shown), len(self.items))

    def test_an_unknown_stage_to_open_is_ignored(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(
            self.url,
            {"open": ["nonsense", str(self.other.roadmap.stages.first().code)]},
        )
        shown = [
            i
            for stage in r.context["stages"]
            for i in getattr(stage, "shown_items", [])
        ]
        self.assertEqual({i.stage.position for i in shown}, {2})
        self.assertNotContains(r, "Чужая программа")

    def test_an_overdue_item_says_by_how_many_days(self) -> None:
        item = add_item(self.roadmap, "31.10.2026", "Провести анкетирование")
        self.client.force_login(self.alice)
        r = self.client.get(self.url, EVERY_STAGE)
        self.assertContains(r, "просрочено на 16 дн.")
        self.assertContains(r, f'id="item-{item.code}" class="item item--overdue"')

    def test_an_unreadable_deadline_is_shown_with_a_warning(self) -> None:
        add_item(self.roadmap, "по мере готовности площадки", "Открыть центр")
        self.client.force_login(self.alice)
        r = self.client.get(self.url, EVERY_STAGE)
        self.assertContains(r, "по мере готовности площадки")
        self.assertContains(r, "Срок не распознан")

    def test_a_recurring_item_shows_its_next_deadline(self) -> None:
        add_item(
            self.roadmap, "ежемесячно 25 числа", "Мониторинг", since=date(2026, 11, 16)
        )
        self.client.force_login(self.alice)
        r = self.client.get(self.url, EVERY_STAGE)
        self.assertContains(r, "следующий срок 25.11.2026")

    def test_it_filters_by_status(self) -> None:
        late = add_item(self.roadmap, "31.10.2026", "Провести анкетирование")
        self.client.force_login(self.alice)
        r = self.client.get(self.url, {"status": "overdue"})
        shown = [i for stage in r.context["stages"] for i in stage.shown_items]
        self.assertIn(late, shown)
        self.assertTrue(all(i.effective == "overdue" for i in shown))
        # the stages keep their own counts
        first = r.context["stages"][0]
        self.assertEqual(first.num_total, first.items.count())
        r = self.client.get(self.url, {"status": "planned"})
        shown = [i for stage in r.context["stages"] for i in stage.shown_items]
        self.assertNotIn(late, shown)
        self.assertTrue(all(i.effective == "planned" for i in shown))

    def test_it_filters_by_stage(self) -> None:
        stage = self.roadmap.stages.get(position=3)
        self.client.force_login(self.alice)
        r = self.client.get(self.url, {"stage": str(stage.code)})
        self.assertEqual([s.pk for s in r.context["stages"]], [stage.pk])

    def test_it_ignores_a_bad_filter(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url, {"stage": "nonsense", "status": "x"})
        self.assertEqual(len(r.context["stages"]), 7)

    def test_items_link_to_where_the_work_is_done(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url, EVERY_STAGE)
        self.assertContains(r, reverse("people-mentee-list", args=[self.school_a.code]))
        self.assertContains(
            r,
            reverse("people-person-list", args=[self.school_a.code])
            + "?consent=missing",
        )
        # pairs and meetings are on the pairs board
        board = reverse("pairs-board", args=[self.school_a.code])
        self.assertContains(
            r, f'<a class="item-action" href="{board}">Перейти: встречи</a>', html=True
        )
        # monitoring is the organisation's dashboard
        dashboard = reverse(
            "monitoring-organisation-dashboard", args=[self.school_a.code]
        )
        self.assertContains(
            r,
            f'<a class="item-action" href="{dashboard}">Перейти: мониторинг</a>',
            html=True,
        )
        # best practices are the organisation's cases
        cases = reverse("practices-case-list", args=[self.school_a.code])
        self.assertContains(
            r,
            f'<a class="item-action" href="{cases}">Перейти: лучшие практики</a>',
            html=True,
        )
        # reports to the municipal centre are the organisation's reports
        reports = reverse("reports-organisation-list", args=[self.school_a.code])
        self.assertContains(
            r,
            f'<a class="item-action" href="{reports}">Перейти: отчёты в МНЦ</a>',
            html=True,
        )
        self.assertNotContains(r, "Где выполняется: Где выполняется")

    def test_readers_see_it_without_buttons(self) -> None:
        for user in (self.mila, self.rita):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                r = self.client.get(self.url)
                self.assertContains(r, "Подготовка условий для запуска программы")
                self.assertNotContains(r, "Изменить шапку")
                self.assertNotContains(r, "programmes-item-status")
                self.assertNotContains(
                    r,
                    reverse(
                        "programmes-stage-delete",
                        args=[self.roadmap.stages.first().code],
                    ),
                )
                # people pages are the staff's: no links into them
                self.assertNotContains(
                    r, reverse("people-mentee-list", args=[self.school_a.code])
                )

    def test_a_second_visit_shows_what_changed_since_the_first(self) -> None:
        self.client.force_login(self.alice)
        self.client.get(self.url, EVERY_STAGE)
        item = self.items[-1]
        Item.objects.filter(pk=item.pk).update(activity="Новое мероприятие")
        Comment.objects.create(item=item, author=self.alice, text="Готово")
        r = self.client.get(self.url, EVERY_STAGE)
        self.assertContains(r, "Новое мероприятие")
        self.assertContains(r, "1 комментарий")

    def test_readers_do_not_get_the_editors_buttons_nor_the_other_way(self) -> None:
        stage = self.roadmap.stages.first()
        delete = reverse("programmes-stage-delete", args=[stage.code])
        for user, sees_buttons in ((self.alice, True), (self.mila, False)) * 2:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                r = self.client.get(self.url)
                self.assertEqual(delete in r.content.decode(), sees_buttons)
                self.assertEqual('id="row-actions"' in r.content.decode(), sees_buttons)

    def test_it_checks_ownership(self) -> None:
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.client.force_login(self.alice)
        url = reverse("programmes-roadmap-detail", args=[self.other.roadmap.code])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_mentors_see_no_roadmap(self) -> None:
        self.demote_bob()
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_requires_login(self) -> None:
        self.assertEqual(self.client.get(self.url).status_code, 302)

    def test_the_coordinator_edits_the_municipal_plan(self) -> None:
        roadmap = services.build_roadmap(
            TEMPLATES["seed_003"],
            municipality=self.municipality_a,
            school_year=SchoolYear(2026),
        )
        url = reverse("programmes-roadmap-detail", args=[roadmap.code])
        self.client.force_login(self.mila)
        self.assertContains(self.client.get(url), "Изменить шапку")
        self.client.force_login(self.rita)
        self.assertNotContains(self.client.get(url), "Изменить шапку")
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertTrue(Roadmap.objects.filter(pk=roadmap.pk).exists())


@time_machine.travel(TODAY, tick=False)
class RoadmapDetailWeightTestCase(BaseTestCase):
    """The roadmap page stays light: its queries do not grow with its items,
    and its rows carry buttons of one page form, not a form each."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        with time_machine.travel(TODAY, tick=False):
            cls.roadmap = make_programme(cls.school_a).roadmap

    def setUp(self) -> None:
        self.url = reverse("programmes-roadmap-detail", args=[self.roadmap.code])
        self.client.force_login(self.alice)

    def test_its_queries_do_not_grow_with_its_items(self) -> None:
        self.client.get(self.url, EVERY_STAGE)
        with CaptureQueriesContext(connection) as few:
            self.client.get(self.url, EVERY_STAGE)
        for n in range(10):
            add_item(self.roadmap, "ежемесячно 25 числа", activity=f"Встреча {n}")
        with self.assertNumQueries(len(few)):
            r = self.client.get(self.url, EVERY_STAGE)
        self.assertContains(r, "Встреча 9")

    def test_its_rows_have_no_form_of_their_own(self) -> None:
        r = self.client.get(self.url)
        html = r.content.decode()
        rows = html[html.index('<table class="roadmap-table">') :]
        self.assertNotIn("<form", rows)
        # the page's one form carries the one token every row's buttons send
        self.assertEqual(html.count('id="row-actions"'), 1)
        self.assertContains(r, 'form="row-actions"')
        main = html[html.index("<main") :]
        self.assertEqual(main.count("csrfmiddlewaretoken"), 1)

    def test_a_row_button_sends_a_plain_post_back_to_the_row(self) -> None:
        item = Item.objects.filter(stage__roadmap=self.roadmap).first()
        status = reverse("programmes-item-status", args=[item.code])
        page = f"{self.url}?stage={item.stage.code}"
        r = self.client.get(page)
        self.assertContains(r, f'formaction="{status}"')
        self.assertContains(r, f'<input type="hidden" name="next" value="{page}">')
        r = self.client.post(status, {"action": "done", "next": page})
        self.assertRedirects(
            r,
            f"{page}#item-{item.code}",
            fetch_redirect_response=False,
        )
        item.refresh_from_db()
        self.assertEqual(item.status, "done")

    def test_a_row_button_in_an_opened_stage_comes_back_with_it_open(self) -> None:
        item = (
            Item.objects.filter(stage__roadmap=self.roadmap)
            .order_by("-stage__position")
            .first()
        )
        status = reverse("programmes-item-status", args=[item.code])
        r = self.client.post(status, {"action": "start", "next": self.url})
        self.assertRedirects(
            r,
            f"{self.url}?open={item.stage.code}#item-{item.code}",
            fetch_redirect_response=False,
        )

    def test_edit_opens_the_items_form_in_its_row(self) -> None:
        item = Item.objects.filter(stage__roadmap=self.roadmap).first()
        edit = reverse("programmes-item-edit", args=[item.code])
        self.assertContains(self.client.get(self.url), f'hx-get="{edit}"')
        r = self.client.get(edit, headers={"HX-Request": "true"})
        self.assertTemplateUsed(r, "programmes/_item_edit_row.html")
        self.assertContains(r, f'<tr id="item-{item.code}"')
        self.assertContains(r, 'name="activity"')
        # every label in Russian, the stage's too
        self.assertNotContains(r, "Stage")
        self.assertNotContains(r, "<html")
        # without JavaScript the link opens the item's own page
        r = self.client.get(edit)
        self.assertTemplateUsed(r, "programmes/item_form.html")

    def test_edit_in_a_row_is_for_the_staff_only(self) -> None:
        item = Item.objects.filter(stage__roadmap=self.roadmap).first()
        edit = reverse("programmes-item-edit", args=[item.code])
        for user in (self.mila, self.rita, self.charlie):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                r = self.client.get(edit, headers={"HX-Request": "true"})
                self.assertEqual(r.status_code, 404)
