"""All answers as XLSX, and the blank form as DOCX (opened in LibreOffice)."""

from __future__ import annotations

import io
import subprocess
import tempfile
from datetime import UTC, datetime, time
from pathlib import Path
from unittest import skipUnless

import time_machine
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from nastavnik.accounts.models import AuditEvent
from nastavnik.lib.docx import CONTENT_TYPE as DOCX_TYPE
from nastavnik.lib.spreadsheets import CONTENT_TYPE as XLSX_CONTENT_TYPE
from nastavnik.lib.tests.checks import (
    PDFTOTEXT,
    SOFFICE,
    assert_file_name,
    assert_prints_on_a4,
    convert,
    sheets,
)
from nastavnik.orgs.models import DocumentTemplate
from nastavnik.orgs.tests.factory import edited_template
from nastavnik.people.tests.factory import make_pupil
from nastavnik.surveys import exporting, results
from nastavnik.surveys.models import Campaign, Question, Questionnaire
from nastavnik.surveys.tests.factory import make_campaign, make_questionnaire
from nastavnik.surveys.tests.test_results import (
    PreferenceCampaign,
    SeededCampaign,
    answer,
)
from nastavnik.surveys.tests.test_results_views import OutsidersMixin
from nastavnik.test import BaseTestCase


def _rows(content: bytes, sheet: int = 0) -> list[list]:
    ws = load_workbook(io.BytesIO(content)).worksheets[sheet]
    return [list(row) for row in ws.iter_rows(values_only=True)]


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(lines)


class CampaignXlsxTestCase(SeededCampaign, OutsidersMixin, BaseTestCase):
    def setUp(self) -> None:
        self.seed(self.school_a)
        self.url = reverse("surveys-campaign-xlsx", args=[self.campaign.code])

    @time_machine.travel(datetime(2026, 12, 5, 9, tzinfo=UTC), tick=False)
    def test_it_works(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], XLSX_CONTENT_TYPE)
        name = (
            "Ответы — Удовлетворённость наставляемых, май — СОШ № 1 — 05.12.2026.xlsx"
        )
        assert_file_name(self, r, name)
        answers, summary = sheets(r)
        assert_prints_on_a4(self, answers, title_rows="1:1")
        self.assertEqual(answers.freeze_panes, "B2")
        assert_prints_on_a4(self, summary, title_rows=None)
        self.assertTrue(
            AuditEvent.objects.filter(
                action=AuditEvent.Action.EXPORT, object_code=self.campaign.code
            ).exists()
        )

    def test_it_writes_a_row_per_response_and_a_column_per_question(self) -> None:
        head, *rows = _rows(exporting.campaign_xlsx(_summary(self.campaign)))
        self.assertEqual(head[:4], ["ФИО", "Класс", "Дата ответа", "Способ"])
        self.assertEqual(
            head[4], "1. Сталкивались ли Вы раньше с программой наставничества?"
        )
        self.assertEqual(len(head), 4 + 10)
        self.assertEqual(len(rows), 4)
        first = dict(zip(head, rows[0], strict=True))
        self.assertEqual(first["ФИО"], "Аксёнов Иван")
        self.assertEqual(first["Класс"], "7Б")
        today = datetime.combine(timezone.localdate(), time())
        self.assertEqual(first["Дата ответа"], today)
        self.assertEqual(first["Способ"], "Персональная ссылка")
        self.assertEqual(
            first["1. Сталкивались ли Вы раньше с программой наставничества?"], "да"
        )
        self.assertEqual(first["3. Эффективность программы наставничества"], 8)
        self.assertEqual(first["5. Как часто проводились встречи?"], "раз в неделю")
        self.assertEqual(
            first["6. В чём помог наставник?"], "учёба; свой вариант: олимпиада"
        )
        self.assertEqual(first["7. Сколько Вам лет?"], 14)
        self.assertEqual(first["8. Когда начались встречи?"], datetime(2026, 1, 15))
        self.assertEqual(first["10. Какие темы Вам интересны?"], "Математика")
        second = dict(zip(head, rows[1], strict=True))
        self.assertEqual(
            second["5. Как часто проводились встречи?"], "свой вариант: раз в полгода"
        )
        self.assertIsNone(second["2. Если да, то где?"])

    def test_it_writes_ranked_names(self) -> None:
        PreferenceCampaign.seed_preferences(self, self.school_a)
        head, *rows = _rows(exporting.campaign_xlsx(_summary(self.preferences)))
        column = head.index("11. С кем из наставников Вы хотели бы работать?")
        self.assertCountEqual(
            [row[column] for row in rows],
            [
                "1. Наставникова Анна; 2. Учителев Борис",
                "1. Учителев Борис; 2. Наставникова Анна",
                "1. Наставникова Анна",
            ],
        )

    def test_it_writes_formula_looking_text_as_text(self) -> None:
        pupil = make_pupil(self.school_a, "Хакеров")
        answer(
            self.campaign,
            pupil,
            met="no",
            effect=5,
            valuable='=HYPERLINK("http://evil")',
        )
        content = exporting.campaign_xlsx(_summary(self.campaign))
        ws = load_workbook(io.BytesIO(content)).worksheets[0]
        cells = [c for row in ws.iter_rows() for c in row if c.value]
        formula = [c for c in cells if str(c.value).startswith("=")]
        self.assertEqual(len(formula), 1)
        self.assertEqual(formula[0].data_type, "s")
        self.assertTrue(formula[0].quotePrefix)

    def test_it_adds_the_summary_numbers_on_a_second_sheet(self) -> None:
        rows = _rows(exporting.campaign_xlsx(_summary(self.campaign)), sheet=1)
        firsts = [row[:3] for row in rows]
        self.assertIn(["Приглашены", 5, None], firsts)
        self.assertIn(["Ответили", 4, None], firsts)
        self.assertIn(["Удовлетворены", 2, None], firsts)
        self.assertIn(["раз в неделю", 2, 50], firsts)
        self.assertIn(["Среднее", 7, None], firsts)
        self.assertIn(
            ["Удовлетворён — средний балл по пунктам 1–10 не ниже 7"],
            [row[:1] for row in rows],
        )

    def test_it_rounds_means_and_shares_to_one_decimal(self) -> None:
        pupil = make_pupil(self.school_a, "Дробнов")
        answer(self.campaign, pupil, met="no", effect=9)
        content = exporting.campaign_xlsx(_summary(self.campaign))
        ws = load_workbook(io.BytesIO(content)).worksheets[1]
        decimals = [c for row in ws.iter_rows() for c in row if type(c.value) is float]
        self.assertTrue(decimals)
        for cell in decimals:
            self.assertEqual(cell.value, round(cell.value, 1))
            self.assertEqual(cell.number_format, "0.0")
        rows = [[c.value for c in row[:2]] for row in ws.iter_rows()]
        self.assertIn(["Среднее", 7.4], rows)


def _summary(campaign: Campaign) -> results.Summary:
    return results.summary(campaign)


class AnonymousXlsxTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.version = make_questionnaire(organisation=self.school_a, anonymous=True)
        self.pupils = [make_pupil(self.school_a, f"Ученица{n}") for n in range(5)]
        self.campaign = make_campaign(self.version, self.school_a, self.pupils)
        self.url = reverse("surveys-campaign-xlsx", args=[self.campaign.code])
        self.client.force_login(self.alice)

    def _answer(self, count: int) -> None:
        for n, pupil in enumerate(self.pupils[:count]):
            answer(self.campaign, pupil, met="no", effect=n + 5, valuable=f"Ответ {n}")

    def test_it_has_no_names_and_no_dates(self) -> None:
        self._answer(5)
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 200)
        head, *rows = _rows(r.content)
        self.assertEqual(
            head[0], "1. Сталкивались ли Вы раньше с программой наставничества?"
        )
        self.assertEqual(len(rows), 5)
        column = head.index("3. Эффективность программы наставничества")
        self.assertCountEqual([row[column] for row in rows], [5, 6, 7, 8, 9])
        cells = [c for row in rows for c in row if c is not None]
        self.assertFalse([c for c in cells if isinstance(c, datetime)])
        for pupil in self.pupils:
            self.assertFalse([c for c in cells if pupil.last_name in str(c)])

    def test_it_refuses_under_five_respondents(self) -> None:
        self._answer(4)
        r = self.client.get(self.url)
        self.assertRedirects(
            r, reverse("surveys-campaign-results", args=[self.campaign.code])
        )


class VersionDocxTestCase(SeededCampaign, BaseTestCase):
    def setUp(self) -> None:
        self.seed(self.school_a)
        self.url = reverse("surveys-version-docx", args=[self.version.code])

    @time_machine.travel(datetime(2026, 12, 5, 9, tzinfo=UTC), tick=False)
    def test_it_works(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], DOCX_TYPE)
        name = (
            "Бланк — Анкета удовлетворённости наставляемого — СОШ № 1 — 05.12.2026.docx"
        )
        assert_file_name(self, r, name)
        text = _docx_text(r.content)
        self.assertIn(self.school_a.name, text)
        self.assertIn("Анкета удовлетворённости наставляемого", text)
        self.assertIn("Оцените в баллах от 1 до 10", text)
        self.assertIn("Фамилия, имя, отчество", text)
        self.assertIn("3. Эффективность программы наставничества", text)
        self.assertIn("☐ раз в неделю", text)
        self.assertIn("☐ свой вариант:", text)
        self.assertIn("☐ да", text)
        self.assertIn("Отвечайте, если на вопрос 1 Вы ответили «да».", text)

    def test_it_prints_the_organisations_header_place_and_page_numbers(self) -> None:
        self.school_a.address = "613140, Кировская обл., пгт Уни, ул. Ленина, 1"
        self.school_a.save()
        document = Document(
            io.BytesIO(exporting.blank_docx(self.version, self.school_a))
        )
        lines = [p.text for p in document.paragraphs if p.text.strip()]
        self.assertEqual(
            lines[:2],
            [self.school_a.name, "613140, Кировская обл., пгт Уни, ул. Ленина, 1"],
        )
        self.assertIn("Уни\t«____» ______________ 20____ г.", lines)
        section = document.sections[0]
        self.assertEqual(
            (round(section.page_width.mm), round(section.page_height.mm)), (210, 297)
        )
        self.assertIn("PAGE", section.footer._element.xml)

    def test_a_paper_form_does_not_say_the_name_is_known(self) -> None:
        mentor = Questionnaire.objects.get(organisation=None, slug="mentor")
        text = _docx_text(exporting.blank_docx(mentor.current_version(), self.school_a))
        self.assertIn("Фамилия, имя, отчество", text)
        self.assertNotIn("уже знаем", text)
        self.assertIn("Ответьте, пожалуйста, на вопросы о себе", text)

    def test_a_hint_the_question_gives_itself_is_not_printed_again(self) -> None:
        mentor = Questionnaire.objects.get(organisation=None, slug="mentor")
        text = _docx_text(exporting.blank_docx(mentor.current_version(), self.school_a))
        self.assertIn("Отметьте одну или несколько тем.", text)
        lines = text.splitlines()
        at = lines.index("Отметьте одну или несколько тем.")
        self.assertNotIn("Можно отметить несколько вариантов", lines[at + 1])
        self.assertIn("Можно отметить несколько вариантов", text)

    def test_it_prints_from_the_organisations_own_template(self) -> None:
        own = edited_template(
            "survey_blank.docx", "Сдайте анкету классному руководителю."
        )
        DocumentTemplate.objects.create(
            organisation=self.school_a, name="survey_blank.docx", content=own
        )
        text = _docx_text(exporting.blank_docx(self.version, self.school_a))
        self.assertIn("Сдайте анкету классному руководителю.", text)
        self.assertIn("3. Эффективность программы наставничества", text)

    def test_it_draws_the_scale_as_a_row_of_boxes(self) -> None:
        document = Document(io.BytesIO(exporting.blank_docx(self.version)))
        scales = [t for t in document.tables if len(t.columns) == 10]
        self.assertEqual(len(scales), 2)
        self.assertEqual(
            [c.text for c in scales[0].rows[0].cells], [str(n) for n in range(1, 11)]
        )

    def test_it_leaves_out_the_name_line_of_an_anonymous_questionnaire(self) -> None:
        version = make_questionnaire(organisation=self.school_a, anonymous=True)
        text = _docx_text(exporting.blank_docx(version))
        self.assertNotIn("Фамилия, имя, отчество", text)
        self.assertNotIn("Дата заполнения", text)
        self.assertIn("3. Эффективность программы наставничества", text)

    def test_it_escapes_what_the_questionnaire_says(self) -> None:
        Question.objects.filter(key="effect", section__version=self.version).update(
            text="Оценка <курса> & встреч"
        )
        text = _docx_text(exporting.blank_docx(self.version))
        self.assertIn("3. Оценка <курса> & встреч", text)

    def test_a_shipped_questionnaire_is_headed_with_the_school(self) -> None:
        shipped = make_questionnaire()
        self.client.force_login(self.bob)
        r = self.client.get(reverse("surveys-version-docx", args=[shipped.code]))
        self.assertEqual(r.status_code, 200)
        self.assertIn(self.school_a.name, _docx_text(r.content))

    def test_it_checks_ownership(self) -> None:
        for user in (self.charlie, self.mila, self.rita):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_requires_login(self) -> None:
        r = self.client.get(self.url)
        self.assertRedirects(r, f"{reverse('accounts-login')}?next={self.url}")


@skipUnless(SOFFICE, "LibreOffice (soffice) is not installed")
class LibreOfficeTestCase(BaseTestCase):
    """The blank form opens in LibreOffice and prints its questions."""

    def test_the_blank_form_converts_to_pdf(self) -> None:
        version = make_questionnaire(organisation=self.school_a)
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp)
            path = out / "blank.docx"
            path.write_bytes(exporting.blank_docx(version, "СОШ № 1"))
            convert([path], out)
            pdf = path.with_suffix(".pdf")
            self.assertEqual(pdf.read_bytes()[:5], b"%PDF-")
            if not PDFTOTEXT:
                return
            run = [PDFTOTEXT, "-layout", str(pdf), "-"]
            text = subprocess.run(run, capture_output=True, check=True).stdout.decode()
            for words in (
                "Фамилия, имя, отчество",
                "3. Эффективность программы наставничества",
                "☐ раз в неделю",
                "Если да, то где?",
            ):
                self.assertIn(words, " ".join(text.split()))
