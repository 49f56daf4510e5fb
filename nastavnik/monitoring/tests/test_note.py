"""The curator's analytical note: the dashboard's figures of the day in words
and tables, as a DOCX that opens in Word and prints on A4."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime
from unittest import skipUnless

import time_machine
from django.urls import reverse
from docx import Document

from nastavnik.accounts.models import Membership, Role
from nastavnik.lib import docx
from nastavnik.lib.docx import CONTENT_TYPE
from nastavnik.lib.tests.checks import SOFFICE, assert_file_name, pdf_info
from nastavnik.monitoring.tests.factory import fixed, pair, person
from nastavnik.orgs.documents import BY_KEY
from nastavnik.pairs.models import ClosureReason, Meeting, Pairing
from nastavnik.people.models import Person
from nastavnik.programmes.models import Programme
from nastavnik.test import BaseTestCase, make_user

TODAY = datetime(2026, 11, 20, 9, tzinfo=UTC)
S = Pairing.Status


def text_of(content: bytes) -> str:
    """Every paragraph and table cell of the document, one per line."""
    document = Document(io.BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def _pair(organisation, name: str, **fields) -> Pairing:
    mentor = person(organisation, f"Н{name}", category=Person.Category.TEACHER)
    return pair(organisation, [mentor], [person(organisation, f"У{name}")], **fields)


@time_machine.travel(TODAY, tick=False)
class AnalyticalNoteTests(BaseTestCase):
    def setUp(self) -> None:
        self.client.force_login(self.alice)
        self.url = reverse("monitoring-organisation-note", args=[self.school_a.code])

    def _programme(self) -> None:
        self.working = fixed(_pair(self.school_a, "А"), date(2026, 10, 1))
        self.working = self.working.pairings.get()
        early = _pair(self.school_a, "Б")
        fixed(early, date(2026, 10, 1))
        Pairing.objects.filter(pk=early.pk).update(
            status=S.CLOSED_EARLY,
            closed_on=date(2026, 11, 10),
            closure_reason=ClosureReason.objects.get(
                name__startswith="Несовместимость"
            ),
        )
        Programme.objects.filter(organisation=self.school_a).update(
            status=Programme.Status.RUNNING,
            title="Программа наставничества «Вместе»",
            order_number="45-о",
            order_date=date(2026, 9, 15),
            curator=self.alice,
        )
        for day in (5, 19):
            Meeting.objects.create(
                pairing=self.working,
                kind=Meeting.Kind.REGULAR,
                status=Meeting.Status.HELD,
                starts_at=datetime(2026, 10, day, 14, tzinfo=self.school_a.zoneinfo()),
            )

    def _download(self, **data) -> bytes:
        data.setdefault("subject", "formation")
        r = self.client.post(self.url, data)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], CONTENT_TYPE)
        return r

    def test_the_curator_downloads_the_note_with_the_figures_of_the_day(self) -> None:
        self._programme()
        r = self._download(conclusions="Пары работают.\n\nНужен семинар.")
        assert_file_name(self, r, "Аналитическая справка — СОШ № 1 — 20.11.2026.docx")
        text = text_of(r.content)
        for expected in (
            "АНАЛИТИЧЕСКАЯ СПРАВКА",
            "о формировании наставнических пар (групп) в СОШ № 1 в 2026/2027 "
            "учебном году",
            "«Программа наставничества «Вместе»» (утверждена приказом № 45-о от "
            "15.09.2026)",
            "сформировано пар и групп — 2: в работе — 1, завершили работу успешно "
            "— 0, завершили досрочно — 1",
            "учитель – ученик | 2 | 1 | 0 | 1",
            "С 01.09.2026 по 20.11.2026 проведено встреч наставников с "
            "наставляемыми — 2",
            "октябрь 2026 | 2",
            "ноябрь 2026 | 0",
            "Показатели рассчитаны на 20.11.2026 за период с 01.09.2026",
            "1 | Дети 10–19 лет в роли наставляемого | 0 | нет данных | 70 | —",
            "Закреплено приказом пар и групп — 2: продолжают работу — 1",
            "Несовместимость",
            "Пары работают.",
            "Нужен семинар.",
            "Куратор программы наставничества\t____________ А. Алексеева",
        ):
            with self.subTest(expected):
                self.assertIn(expected, text)
        self.assertNotIn("декабрь 2026", text)

    def test_the_results_note_says_so_in_its_subject(self) -> None:
        text = text_of(self._download(subject="results").content)
        self.assertIn(
            "об итогах реализации программы наставничества в СОШ № 1 в 2026/2027",
            text,
        )

    def test_without_pairs_or_conclusions_it_says_so_and_leaves_lines_to_write(
        self,
    ) -> None:
        text = text_of(self._download().content)
        self.assertIn("пары и группы не сформированы", text)
        self.assertIn("Пар и групп, закреплённых приказом, пока нет.", text)
        self.assertIn("Программа наставничества СОШ № 1 на 2026/2027", text)
        self.assertEqual(text.count("_" * 64), 4)
        self.assertNotIn("Форма наставничества", text)

    def test_an_unknown_subject_shows_the_form_again(self) -> None:
        r = self.client.post(self.url, {"subject": "gossip"})
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "text/html; charset=utf-8")
        self.assertFormError(
            r.context["form"],
            "subject",
            "Выберите корректный вариант. gossip нет среди допустимых значений.",
        )

    def test_the_dashboard_links_to_the_note_page(self) -> None:
        r = self.client.get(self.url)
        self.assertContains(r, "Скачать справку (DOCX)")
        dashboard = reverse(
            "monitoring-organisation-dashboard", args=[self.school_a.code]
        )
        self.assertContains(self.client.get(dashboard), self.url)

    def test_other_schools_and_mentors_get_404(self) -> None:
        mentor = make_user("mentor")
        Membership.objects.create(
            user=mentor, role=Role.MENTOR, organisation=self.school_a
        )
        for user in (self.charlie, mentor):
            self.client.force_login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(self.url).status_code, 404)
                self.assertEqual(
                    self.client.post(self.url, {"subject": "formation"}).status_code,
                    404,
                )

    @skipUnless(SOFFICE, "LibreOffice (soffice) is not installed")
    def test_the_note_prints_on_numbered_a4_pages(self) -> None:
        self._programme()
        info, text = pdf_info(self._download().content)
        self.assertIn("(A4)", info)
        self.assertIn("АНАЛИТИЧЕСКАЯ СПРАВКА", text)
        pages = re.search(r"Pages:\s+(\d+)", info)[1]
        # the last page ends with its number in the footer
        self.assertEqual(text.split()[-1], pages)


class NoteTemplateTests(BaseTestCase):
    def test_the_default_template_takes_the_sample_an_upload_is_checked_with(
        self,
    ) -> None:
        kind = BY_KEY["analytical_note"]
        content = docx.document_template(kind.file_name).read_bytes()
        docx.check_template(content, kind.sample_context())
        text = text_of(docx.render_docx(content, kind.sample_context()))
        self.assertIn("Работа пар идёт по плану.", text)
