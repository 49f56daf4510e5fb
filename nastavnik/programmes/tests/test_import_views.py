from __future__ import annotations

import io
from datetime import date

import docx
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nastavnik.lib.dates import SchoolYear
from nastavnik.programmes import services
from nastavnik.programmes.import_forms import sign_rows
from nastavnik.programmes.models import Item, Roadmap
from nastavnik.programmes.roadmap_templates import TEMPLATES
from nastavnik.programmes.tests import seed_text
from nastavnik.programmes.tests.factory import make_programme
from nastavnik.test import BaseTestCase

SMALL_TABLE = (
    "№\tМероприятие\tСрок\tОтветственный\tОжидаемый результат\n"
    "1.\tСобрание наставников\tоктябрь 2026 г.\tКуратор\tПротокол\n"
    "2.\tОтчёт для МНЦ\tежемесячно 25 числа\tКуратор\tОтчёт\n"
    "3.\tВстреча с родителями\tкогда получится\tДиректор\tСписок\n"
)


def _docx(rows: list[list[str]]) -> SimpleUploadedFile:
    document = docx.Document()
    document.add_paragraph("Дорожная карта")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    out = io.BytesIO()
    document.save(out)
    return SimpleUploadedFile("План.docx", out.getvalue())


def _items(roadmap: Roadmap) -> list[Item]:
    return list(
        Item.objects.filter(stage__roadmap=roadmap).order_by(
            "stage__position", "position"
        )
    )


@time_machine.travel("2026-09-10 10:00+03:00", tick=False)
class RoadmapImportTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.roadmap = make_programme(cls.school_a).roadmap
        cls.other = make_programme(cls.school_c).roadmap

    def setUp(self) -> None:
        self.url = reverse("programmes-roadmap-import", args=[self.roadmap.code])
        self.client.force_login(self.alice)

    def preview(self, roadmap: Roadmap | None = None, **fields):
        """Step 1: the page of step 2 for ``fields`` (text, file, mode)."""
        url = reverse(
            "programmes-roadmap-import", args=[(roadmap or self.roadmap).code]
        )
        fields.setdefault("mode", "append")
        fields.setdefault("text", "")
        return self.client.post(url, fields)

    def confirm(self, page, action: str = "import", **fields):
        """Step 2: send the preview ``page`` back as it is, with ``fields``."""
        data = {**page.context["form"].data, "action": action, **fields}
        return self.client.post(page.wsgi_request.path, data)

    def empty(self) -> None:
        self.roadmap.stages.all().delete()

    def test_it_shows_the_form(self) -> None:
        r = self.client.get(self.url)
        self.assertContains(r, "Импорт дорожной карты")
        self.assertContains(r, 'type="file"')
        self.assertContains(r, "Добавить импортированные этапы после этапов")

    def test_the_roadmap_page_links_to_it_for_editors_only(self) -> None:
        detail = reverse("programmes-roadmap-detail", args=[self.roadmap.code])
        self.assertContains(self.client.get(detail), self.url)
        self.assertContains(self.client.get(detail), "Импорт из DOCX или текста")
        self.client.force_login(self.mila)
        self.assertNotContains(self.client.get(detail), self.url)

    def test_it_imports_seed_001_pasted_into_an_empty_roadmap(self) -> None:
        self.empty()
        page = self.preview(text=seed_text.raw("001"))
        self.assertContains(page, "Октябрь 2020г.")
        self.assertNotContains(page, "Срок не распознан")
        r = self.confirm(page)
        detail = reverse("programmes-roadmap-detail", args=[self.roadmap.code])
        self.assertRedirects(r, detail, fetch_redirect_response=False)
        expected = [
            (i.number, i.activity, i.deadline, i.responsible)
            for i in TEMPLATES["seed_001"].as_seed().items
        ]
        items = _items(self.roadmap)
        self.assertEqual(
            [
                (i.number, i.activity, i.deadline_text, i.responsible_text)
                for i in items
            ],
            expected,
        )
        self.assertEqual(len(items), 34)
        self.assertEqual(items[0].due_on, date(2020, 10, 31))
        self.assertEqual([i.position for i in items], list(range(1, 35)))
        self.roadmap.refresh_from_db()
        self.assertEqual(
            self.roadmap.columns,
            [
                ["number", "№"],
                ["activity", "Мероприятие"],
                ["deadline", "Сроки"],
                ["responsible", "Ответственные"],
            ],
        )
        self.assertFalse(self.roadmap.stage_rows)
        self.assertContains(
            self.client.get(detail), "Импортировано: 1 этап, 34 мероприятия"
        )

    def test_nothing_is_written_before_the_import_is_confirmed(self) -> None:
        before = _items(self.roadmap)
        page = self.preview(text=SMALL_TABLE)
        self.assertEqual(page.status_code, 200)
        self.confirm(page, action="preview", col_4="")
        self.assertEqual(_items(self.roadmap), before)

    def test_the_preview_reads_every_deadline(self) -> None:
        page = self.preview(text=SMALL_TABLE)
        self.assertContains(page, "до 31.10.2026")
        self.assertContains(page, "следующий срок 25.09.2026")
        self.assertContains(page, "ежемесячно")
        self.assertContains(page, "Срок не распознан")
        self.assertContains(page, "1 срок не распознан")
        self.assertContains(page, "срок «когда получится» не удалось прочитать")

    def test_it_appends_after_the_stages_of_the_roadmap(self) -> None:
        stages = self.roadmap.stages.count()
        before = len(_items(self.roadmap))
        r = self.confirm(self.preview(text=SMALL_TABLE))
        self.assertEqual(r.status_code, 302)
        items = _items(self.roadmap)
        self.assertEqual(len(items), before + 3)
        last = self.roadmap.stages.order_by("position").last()
        self.assertEqual(last.position, stages + 1)
        self.assertEqual(
            [i.activity for i in last.items.order_by("position")],
            ["Собрание наставников", "Отчёт для МНЦ", "Встреча с родителями"],
        )
        self.assertEqual(items[-2].due_on, date(2026, 9, 25))
        # the unreadable deadline is kept as written, with no due date
        self.assertEqual(items[-1].deadline_text, "когда получится")
        self.assertTrue(items[-1].deadline_unreadable)
        self.assertIsNone(items[-1].due_on)
        # the roadmap keeps its layout and gains the column it lacked
        self.roadmap.refresh_from_db()
        self.assertIn(["result", "Ожидаемый результат"], self.roadmap.columns)
        self.assertEqual(self.roadmap.columns[0][0], "number")

    def test_it_replaces_the_items_with_a_docx_table(self) -> None:
        file = _docx(
            [
                ["№", "Этап", "Мероприятие", "Сроки", "Ответственный"],
                ["1.", "Подготовка", "Приказ о внедрении", "01.10.2026", "Директор"],
                ["", "Подготовка", "Положение о наставничестве", "октябрь", "Куратор"],
                ["2.", "Работа пар", "Встречи пар", "ежеквартально", "Наставники"],
            ]
        )
        page = self.preview(file=file, mode="replace")
        self.assertContains(page, "Приказ о внедрении")
        self.assertEqual(self.confirm(page).status_code, 302)
        stages = list(self.roadmap.stages.order_by("position"))
        self.assertEqual(
            [(s.position, s.number, s.title) for s in stages],
            [(1, "1.", "Подготовка"), (2, "2.", "Работа пар")],
        )
        items = _items(self.roadmap)
        self.assertEqual(len(items), 3)
        self.assertEqual(items[0].due_on, date(2026, 10, 1))
        self.assertEqual(items[2].due_on, date(2026, 9, 30))
        self.roadmap.refresh_from_db()
        self.assertEqual(
            self.roadmap.keys,
            ["number", "stage", "activity", "deadline", "responsible"],
        )

    def test_the_coordinator_imports_the_municipal_plan(self) -> None:
        plan = services.build_roadmap(
            TEMPLATES["seed_003"],
            municipality=self.municipality_a,
            school_year=SchoolYear(2026),
            since=date(2026, 9, 1),
        )
        self.client.force_login(self.mila)
        page = self.preview(plan, text=seed_text.raw("003"), mode="replace")
        self.assertContains(page, "Строка 2 содержит номера столбцов и пропущена.")
        self.assertEqual(self.confirm(page).status_code, 302)
        template = TEMPLATES["seed_003"].as_seed()
        self.assertEqual(plan.stages.count(), len(template.stages))
        self.assertEqual(
            [i.activity for i in _items(plan)], [i.activity for i in template.items]
        )
        plan.refresh_from_db()
        self.assertTrue(plan.stage_rows)

    def test_a_file_that_is_not_a_docx_is_refused(self) -> None:
        before = _items(self.roadmap)
        pdf = SimpleUploadedFile("план.pdf", b"%PDF-1.4 not a table")
        r = self.preview(file=pdf)
        self.assertContains(
            r, "Не удалось прочитать файл: это не документ Word (.docx)."
        )
        fake = SimpleUploadedFile("план.docx", b"not a zip at all")
        r = self.preview(file=fake)
        self.assertContains(r, "Это не документ Word: загрузите файл .docx.")
        old = SimpleUploadedFile("план.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
        self.assertContains(self.preview(file=old), "Это старый файл Word (.doc)")
        self.assertEqual(_items(self.roadmap), before)

    def test_a_docx_without_a_table_is_refused(self) -> None:
        document = docx.Document()
        document.add_paragraph("Дорожная карта")
        out = io.BytesIO()
        document.save(out)
        r = self.preview(file=SimpleUploadedFile("план.docx", out.getvalue()))
        self.assertContains(r, "В документе нет таблицы.")

    def test_an_empty_paste_is_refused(self) -> None:
        before = _items(self.roadmap)
        r = self.preview(text="   \n  ")
        self.assertContains(r, "Загрузите файл .docx или вставьте таблицу")
        r = self.preview(text="Просто строка текста без таблицы")
        self.assertContains(r, "Таблица не найдена")
        self.assertEqual(_items(self.roadmap), before)

    def test_a_file_and_a_paste_at_once_are_refused(self) -> None:
        r = self.preview(text=SMALL_TABLE, file=_docx([["a", "b"], ["c", "d"]]))
        self.assertContains(r, "Загрузите файл или вставьте таблицу, но не то и другое")

    def test_replacing_is_refused_when_an_item_is_done(self) -> None:
        item = _items(self.roadmap)[0]
        item.status = Item.Status.DONE
        item.save()
        before = _items(self.roadmap)
        r = self.preview(text=SMALL_TABLE, mode="replace")
        self.assertContains(r, "1 мероприятие дорожной карты выполнено")
        # a preview made before the item was done is refused too
        page = self.preview(text=SMALL_TABLE)
        r = self.confirm(page, mode="replace")
        self.assertContains(r, "выполнено, поэтому заменить")
        self.assertNotContains(r, 'value="import"')
        self.assertEqual(_items(self.roadmap), before)

    def test_the_service_refuses_to_replace_done_work(self) -> None:
        Item.objects.filter(pk=_items(self.roadmap)[0].pk).update(status="done")
        stages = TEMPLATES["seed_001"].stages
        with self.assertRaises(ValidationError):
            services.roadmap_import(
                self.roadmap, stages, [["activity", "Мероприятие"]], replace=True
            )
        self.assertEqual(len(_items(self.roadmap)), len(TEMPLATES["r145"].items))

    def test_it_requires_a_column_of_activities(self) -> None:
        page = self.preview(text=SMALL_TABLE)
        r = self.confirm(page, col_1="")
        self.assertContains(r, "Выберите столбец, в котором записаны мероприятия.")
        r = self.confirm(page, col_3="deadline")
        self.assertContains(r, "Это уже выбрано для другого столбца.")
        self.assertEqual(len(_items(self.roadmap)), len(TEMPLATES["r145"].items))

    def test_a_skipped_column_goes_to_the_activity(self) -> None:
        page = self.preview(text=SMALL_TABLE)
        self.assertEqual(self.confirm(page, col_3="").status_code, 302)
        item = _items(self.roadmap)[-3]
        self.assertEqual(item.activity, "Собрание наставников Куратор")

    def test_too_long_a_deadline_is_refused(self) -> None:
        text = f"Мероприятие\tСрок\nОтчёт\t{'очень долго ' * 30}\n"
        r = self.preview(text=text)
        self.assertContains(r, "«Отчёт»: срок длиннее 300 знаков")
        self.assertNotContains(r, 'value="import"')

    def test_a_forged_payload_is_a_bad_request(self) -> None:
        page = self.preview(text=SMALL_TABLE)
        payload = page.context["form"].data["payload"]
        r = self.confirm(page, payload=payload[:-3] + "abc")
        self.assertEqual(r.status_code, 400)
        # rows signed for another roadmap
        forged = sign_rows(self.other, [["Мероприятие"], ["Чужое"]])
        self.assertEqual(self.confirm(page, payload=forged).status_code, 400)
        self.assertEqual(self.confirm(page, col_0="nonsense").status_code, 400)
        self.assertEqual(self.confirm(page, mode="nonsense").status_code, 400)
        self.assertEqual(len(_items(self.roadmap)), len(TEMPLATES["r145"].items))

    def test_it_checks_ownership(self) -> None:
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.preview(text=SMALL_TABLE).status_code, 404)
        self.client.force_login(self.alice)
        url = reverse("programmes-roadmap-import", args=[self.other.code])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_readers_cannot_import(self) -> None:
        self.demote_bob()
        for user in (self.mila, self.rita, self.bob):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 404)
                self.assertEqual(self.preview(text=SMALL_TABLE).status_code, 404)

    def test_it_requires_login(self) -> None:
        self.client.logout()
        r = self.client.get(self.url)
        self.assertRedirects(
            r, f"/accounts/login/?next={self.url}", fetch_redirect_response=False
        )
