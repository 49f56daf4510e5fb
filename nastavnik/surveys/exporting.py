"""A campaign's answers as XLSX, and a questionnaire's blank form as DOCX.

The workbook has a row per response and a column per question, answers
written as people read them (labels, not codes), and a second sheet with the
numbers of the summary. An anonymous campaign's sheet has no names and no
dates, and its rows are shuffled, so that neither the order nor a date ties
a row to whoever handed in a form.

The blank form comes from surveys/documents/survey_blank.docx (made by
bin/make-survey-template), so a school can change the header, the fonts and
the wording around the questions; the questions themselves are drawn with
python-docx and set into the template's ``{{p body }}`` as XML, the way
programmes/exporting.py sets its table.
"""

from __future__ import annotations

import io
import re
import secrets
from datetime import date
from decimal import Decimal

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree
from markupsafe import Markup
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from nastavnik.lib import docx, downloads, spreadsheets
from nastavnik.orgs.documents import template_for
from nastavnik.orgs.models import Organisation
from nastavnik.people.models import Topic
from nastavnik.surveys import answers
from nastavnik.surveys.models import (
    NO,
    YES,
    Answer,
    Campaign,
    Question,
    Response,
    Version,
)
from nastavnik.surveys.results import Names, Summary, answer_text
from nastavnik.surveys.services import questions_of

T = Question.Type
DOCX_TEMPLATE = "survey_blank.docx"
# Characters XML forbids (openpyxl refuses them, Word too).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
BOX = "☐"
BLANK_DATE = "«____» ______________ 20____ г."
# A sentence of an online form's instruction that says the name is known:
# on paper the name is written on the line above it.
_NAME_KNOWN = re.compile(r"[^.!?]*уже знаем[^.!?]*[.!?]\s*", re.IGNORECASE)
LONG_TEXT_LINES = 4


def _clean(text: str) -> str:
    return _CONTROL.sub(" ", text)


def xlsx_file_name(campaign: Campaign, day: date) -> str:
    """«Ответы — Удовлетворённость наставляемых — СОШ № 1 — 05.12.2026.xlsx»."""
    return downloads.file_name(
        _("Answers"),
        campaign.title,
        campaign.organisation.short_name,
        day=day,
        extension="xlsx",
    )


def docx_file_name(version: Version, organisation: str, day: date) -> str:
    """«Бланк — Анкета наставляемого — СОШ № 1 — 05.12.2026.docx»."""
    title = version.questionnaire.title
    return downloads.file_name(
        _("Blank form"), title, organisation, day=day, extension="docx"
    )


# XLSX


def _xlsx_value(question: Question, value: object, names: Names):
    """Numbers stay numbers and dates dates, so that a sheet can sum them."""
    if value is None:
        return None
    if question.type in (T.SCALE, T.NUMBER) and isinstance(value, int | float):
        return value
    if question.type == T.DATE:
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            return str(value)
    return answer_text(question, value, names)


def _responses(campaign: Campaign) -> list[Response]:
    if not campaign.anonymous:
        order = ["person__last_name", "person__first_name", "submitted_on", "pk"]
        return list(campaign.responses.select_related("person").order_by(*order))
    rows = list(campaign.responses.only("pk"))
    # Anonymous: no order of submission (the primary key) to read from.
    secrets.SystemRandom().shuffle(rows)
    return rows


def _answers_sheet(ws: Worksheet, campaign: Campaign) -> None:
    questions = questions_of(campaign.version)
    responses = _responses(campaign)
    by_response: dict[int, dict[str, object]] = {}
    values: dict[str, list[tuple[int, object]]] = {}
    rows = Answer.objects.filter(response__campaign=campaign).values_list(
        "response_id", "question__key", "value"
    )
    for response_id, key, value in rows:
        by_response.setdefault(response_id, {})[key] = value
        values.setdefault(key, []).append((0, value))
    names = Names.for_values(questions, values)
    head = []
    if not campaign.anonymous:
        head = [_("Full name"), _("Class"), _("Submitted"), _("How it came")]
    head += [f"{n}. {q.text}" for n, q in enumerate(questions, start=1)]
    for column, text in enumerate(head, start=1):
        spreadsheets.put(ws, 1, column, text, bold=True)
    for r, response in enumerate(responses, start=2):
        row: list = []
        if not campaign.anonymous:
            person = response.person
            row = [
                person.full_name if person else "",
                person.class_name if person else "",
                response.submitted_on,
                capfirst(response.get_source_display()),
            ]
        answers = by_response.get(response.pk, {})
        row += [_xlsx_value(q, answers.get(q.key), names) for q in questions]
        for column, value in enumerate(row, start=1):
            spreadsheets.put(ws, r, column, value)
    frozen = 1 if not campaign.anonymous else 0
    spreadsheets.set_up_page(ws, header_rows=(1, 1), frozen_columns=frozen)


def _summary_sheet(ws: Worksheet, summary: Summary) -> None:
    campaign = summary.campaign
    lines: list[tuple[list, bool]] = [([campaign.title], True)]
    questionnaire = str(campaign.version.questionnaire)
    lines.append(([f"{_('Questionnaire')}: {questionnaire}"], False))
    lines.append(([_("Invited"), summary.invited], False))
    lines.append(([_("Answered"), summary.answered], False))
    lines.append(([_("Answered, per cent"), summary.share], False))
    satisfaction = summary.satisfaction
    if satisfaction is not None:
        lines += [
            ([_("Satisfied"), satisfaction.satisfied], False),
            (
                [_("Satisfied, per cent of those with a score"), satisfaction.share],
                False,
            ),
            ([_("Mean score"), satisfaction.mean], False),
            ([satisfaction.rule.capitalize()], False),
        ]
    for item in summary.questions:
        lines.append(([], False))
        lines.append(([f"{item.number}. {item.question.text}"], True))
        lines.append(([_("Answered"), item.answered], False))
        if item.bars:
            lines.append(
                ([_("Answer"), pgettext("number of people", "Answered"), "%"], True)
            )
            lines += [([bar.label, bar.count, bar.percent], False) for bar in item.bars]
        if item.mean is not None:
            lines.append(([_("Mean"), item.mean], False))
        if item.ranking:
            head = [_("Candidate"), _("Ranked by"), _("Mean place"), _("First places")]
            lines.append((head, True))
            lines += [
                ([r.name, r.ranked_by, r.mean_rank, r.first_places], False)
                for r in item.ranking
            ]
    for r, (values, bold) in enumerate(lines, start=1):
        if len(values) == 1:
            # A title or a question: over the whole width of the sheet.
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=4)
        for column, value in enumerate(values, start=1):
            # Means and shares print with one decimal: 7.8, not 7.8075.
            decimal = isinstance(value, float | Decimal)
            spreadsheets.put(ws, r, column, value, bold=bold, decimal=decimal)
    spreadsheets.set_up_page(ws, header_rows=None, borders=False)


def campaign_xlsx(summary: Summary) -> bytes:
    """All answers of the summary's campaign, and its numbers on a second
    sheet. The caller checks that the results may be shown at all."""
    wb = Workbook()
    answers = wb.active
    answers.title = str(_("Answers"))[:31]
    _answers_sheet(answers, summary.campaign)
    _summary_sheet(wb.create_sheet(str(_("Summary"))[:31]), summary)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# DOCX


def _line(paragraph: Paragraph, width: int, label: str = "") -> None:
    """A line to write on, up to ``width`` from the margin: a right tab stop
    with an underscore leader, which Word and LibreOffice draw alike."""
    paragraph.paragraph_format.tab_stops.add_tab_stop(
        width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.LINES
    )
    paragraph.add_run(f"{label}\t")


def _spacing(paragraph: Paragraph, before: int = 0, after: int = 0) -> None:
    paragraph.paragraph_format.space_before = Pt(before)
    paragraph.paragraph_format.space_after = Pt(after)


def _borders(table: Table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "6")
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), "000000")
        borders.append(line)
    # Word refuses a document whose tblPr children are out of schema order.
    table._tbl.tblPr.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"
    )


def _scale(doc, question: Question) -> Table:
    """The scale as a row of boxes with their numbers: one is circled or
    crossed."""
    values = list(range(question.scale_min, question.scale_max + 1))
    table = doc.add_table(rows=1, cols=len(values))
    table.autofit = False
    _borders(table)
    row = table.rows[0]
    row.height = Cm(0.9)
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    for cell, value in zip(row.cells, values, strict=True):
        cell.width = Cm(1.2)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(str(value))
    return table


def _hint(question: Question) -> str:
    return {
        T.SINGLE: _("mark one answer"),
        T.YES_NO: _("mark one answer"),
        T.MULTIPLE: _("you may mark several answers"),
        T.TOPICS: _("you may mark several answers"),
        T.SCALE: _("circle one score"),
        T.RANKING: _(
            "write the names in order of preference, the most preferred first"
        ),
    }.get(question.type, "")


def _says_it_already(help_text: str, hint: str) -> bool:
    """Whether the question's own help («Отметьте одну или несколько тем»)
    already says what the hint says («можно отметить несколько вариантов»):
    a long word of the hint starts a word of the help."""
    stems = {word[:5] for word in hint.casefold().split() if len(word) >= 6}
    words = help_text.casefold().split()
    return any(word.startswith(stem) for stem in stems for word in words)


def _condition(question: Question, numbers: dict[int, int]) -> str:
    condition = question.show_if
    if condition is None:
        return ""
    value = question.show_if_value
    label = {YES: _("yes"), NO: _("no")}.get(value) or condition.labels.get(
        value, value
    )
    return _("Answer if your answer to question %(number)s was «%(answer)s».") % {
        "number": numbers.get(condition.pk, "?"),
        "answer": label,
    }


def _options(question: Question, topics: list[tuple[str, str]]) -> list[str]:
    if question.type == T.YES_NO:
        return [_("yes"), _("no")]
    if question.type == T.TOPICS:
        return [name for _code, name in topics]
    return [str(label) for _value, label in question.choices]


def _question(doc, question: Question, number: int, width: int, context) -> None:
    title = doc.add_paragraph()
    _spacing(title, before=10, after=2)
    title.paragraph_format.keep_with_next = True
    title.add_run(f"{number}. {_clean(question.text)}").bold = True
    help_text = _clean(question.help_text)
    hint = _hint(question)
    if _says_it_already(help_text, hint):
        hint = ""
    notes = [_condition(question, context["numbers"]), help_text, hint]
    for note in filter(None, notes):
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.keep_with_next = True
        run = paragraph.add_run(note[0].upper() + note[1:])
        run.italic = True
        run.font.size = Pt(10)
    kind = question.type
    if kind == T.YES_NO:
        doc.add_paragraph(f"{BOX} {_('yes')}        {BOX} {_('no')}")
    elif kind in (T.SINGLE, T.MULTIPLE, T.TOPICS):
        for option in _options(question, context["topics"]):
            doc.add_paragraph(f"{BOX} {_clean(option)}")
        if question.allow_other and kind != T.TOPICS:
            _line(doc.add_paragraph(), width, f"{BOX} {_('own answer')}: ")
    elif kind == T.SCALE:
        _scale(doc, question)
    elif kind == T.RANKING:
        for place in range(1, answers.RANKING_PLACES + 1):
            _line(doc.add_paragraph(), width, f"{place}. ")
    elif kind == T.DATE:
        doc.add_paragraph("____.____.________")
    elif kind == T.NUMBER:
        _line(doc.add_paragraph(), min(width, Cm(5)))
    else:
        lines = LONG_TEXT_LINES if kind == T.LONG_TEXT else 1
        for _n in range(lines):
            paragraph = doc.add_paragraph()
            _spacing(paragraph, before=6)
            _line(paragraph, width)


def _body(version: Version, width: int) -> Markup:
    """The sections and questions, as the XML of paragraphs and tables drawn
    in a scratch document: they name no style, so they take the template's
    fonts."""
    doc = Document()
    container = doc.element.body
    for child in list(container):
        if child.tag != qn("w:sectPr"):
            container.remove(child)
    questions = questions_of(version)
    context = {
        "numbers": {q.pk: n for n, q in enumerate(questions, start=1)},
        "topics": [],
    }
    if any(q.type == T.TOPICS for q in questions):
        topics = Topic.objects.filter(is_active=True).values_list("code", "name")
        context["topics"] = list(topics)
    section = None
    for number, question in enumerate(questions, start=1):
        if question.section_id != section:
            section = question.section_id
            if question.section.title:
                heading = doc.add_paragraph()
                _spacing(heading, before=14, after=2)
                heading.paragraph_format.keep_with_next = True
                heading.add_run(_clean(question.section.title)).bold = True
            if question.section.instruction:
                paragraph = doc.add_paragraph()
                paragraph.add_run(_clean(question.section.instruction)).italic = True
        _question(doc, question, number, width, context)
    parts = [
        etree.tostring(child, encoding="unicode")
        for child in container
        if child.tag != qn("w:sectPr")
    ]
    return Markup("".join(parts))


def _line_of(text: str) -> str:
    return " ".join(_clean(text).split())


def _instruction(version: Version) -> str:
    text = _clean(version.instruction).strip()
    if not version.anonymous:
        text = _NAME_KNOWN.sub("", text).strip()
    return text


def blank_docx(
    version: Version, organisation: Organisation | str | None = None
) -> bytes:
    """The blank form of ``version`` to fill in by hand, headed with the
    organisation (its own template when it has one): the title, the place
    and a date to fill in, a line for the name unless the questionnaire is
    anonymous by default, the instruction, and each question with its boxes
    or lines. ``organisation`` may also be just a name to print."""
    if isinstance(organisation, Organisation):
        source = template_for(organisation, DOCX_TEMPLATE)
        name, address = organisation.name, organisation.address
        place = organisation.place()
    else:
        source = docx.document_template(DOCX_TEMPLATE)
        name, address, place = organisation or "", "", ""
    template = docx.open_template(source)
    section = template.get_docx().sections[-1]
    width = section.page_width - section.left_margin - section.right_margin
    questionnaire = version.questionnaire
    context = {
        "organisation": _line_of(name),
        "organisation_name": _line_of(name),
        "organisation_address": _line_of(address),
        "place": _line_of(place),
        "document_date": BLANK_DATE,
        "title": _line_of(questionnaire.title),
        "description": _clean(questionnaire.description).strip(),
        "instruction": _instruction(version),
        "named": not version.anonymous,
        "body": _body(version, width),
    }
    docx.fill(template, context)
    return docx.save(template)


def sample_docx_context() -> dict:
    """The fields of the blank form filled with made-up values: an uploaded
    template is checked against them (orgs.documents)."""
    return {
        "organisation": "МБОУ СОШ № 1",
        "organisation_name": "Муниципальное бюджетное общеобразовательное "
        "учреждение «Средняя общеобразовательная школа № 1»",
        "organisation_address": "613140, Кировская область, пгт Уни, ул. Ленина, 1",
        "place": "пгт Уни",
        "document_date": BLANK_DATE,
        "title": "Анкета наставляемого",
        "description": "Заполняет каждый, кто хочет найти наставника.",
        "instruction": "Ответьте, пожалуйста, на вопросы о себе.",
        "named": True,
        "body": Markup("<w:p><w:r><w:t>1. Вопрос</w:t></w:r></w:p>"),
    }
