"""The official layout shared by the bin/make-*-template scripts.

Russian schools lay their documents out as ГОСТ Р 7.0.97-2016 says: A4, the
margins of its п. 6.3 (at least 20 mm left, top and bottom, 10 mm right), the
organisation's name and address at the top, the approval block («УТВЕРЖДАЮ»)
on the right and the agreement («СОГЛАСОВАНО») on the left, the place and the
date, page numbers, and names in signatures as «И.О. Фамилия».

The scripts import this module from their own folder; the fields it prints
are filled by the exporting modules (see their ``*_context`` functions).
"""

from __future__ import annotations

import datetime

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
LEFT, RIGHT, TOP, BOTTOM = Cm(3), Cm(1.5), Cm(2), Cm(2)
BLANK_DATE = "«____» ______________ 20____ г."


def document(title: str) -> DocumentType:
    """An empty A4 portrait document with the ГОСТ margins, Times New Roman
    12 pt in Russian, and the page number centred in the footer."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.left_margin, section.right_margin = LEFT, RIGHT
    section.footer_distance = Cm(1)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    # Cyrillic text takes the font from the eastAsia/cs slots in some editors.
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    # Russian, so that Word and LibreOffice check the spelling as such.
    lang = normal.element.rPr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        normal.element.rPr.append(lang)
    lang.set(qn("w:val"), "ru-RU")
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    _page_number(section.footer.paragraphs[0])
    props = doc.core_properties
    props.title = title
    props.author = props.last_modified_by = "Наставник"
    props.created = props.modified = datetime.datetime(2025, 1, 1)
    props.revision = 1
    return doc


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A field Word and LibreOffice compute when they lay the page out."""
    run = paragraph.add_run()
    for kind in ("begin", None, "separate", "end"):
        if kind is None:
            text = OxmlElement("w:instrText")
            text.set(qn("xml:space"), "preserve")
            text.text = f" {instruction} "
            run._r.append(text)
            continue
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)
        if kind == "separate":
            shown = OxmlElement("w:t")
            shown.text = "1"
            run._r.append(shown)


def _page_number(paragraph: Paragraph) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(paragraph, "PAGE")
    for run in paragraph.runs:
        run.font.size = Pt(10)


def p(
    doc,
    text: str = "",
    *,
    align: WD_ALIGN_PARAGRAPH | None = None,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    indent: bool = False,
    after: float = 0,
) -> Paragraph:
    """A paragraph of one run; ``doc`` may be a document or a table cell."""
    paragraph = doc.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1.25)
    paragraph.paragraph_format.space_after = Pt(after)
    if text:
        run = paragraph.add_run(text)
        run.bold = bold
        run.italic = italic
        if size is not None:
            run.font.size = Pt(size)
    return paragraph


def tag(doc, text: str) -> None:
    """A paragraph that docxtpl replaces with a Jinja tag ({%p if … %})."""
    doc.add_paragraph(text)


def organisation_header(doc: DocumentType) -> None:
    """The organisation's full name and, under it, its address (ГОСТ: the
    name of the organisation and its reference data)."""
    center = WD_ALIGN_PARAGRAPH.CENTER
    tag(doc, "{%p if organisation_name %}")
    p(doc, "{{ organisation_name }}", align=center, bold=True)
    tag(doc, "{%p if organisation_address %}")
    p(doc, "{{ organisation_address }}", align=center, size=10)
    tag(doc, "{%p endif %}")
    rule = p(doc, after=12)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("val", "single"), ("sz", "6"), ("space", "1")):
        bottom.set(qn(f"w:{name}"), value)
    border.append(bottom)
    rule._p.get_or_add_pPr().append(border)
    tag(doc, "{%p endif %}")


def approval_blocks(doc: DocumentType, width) -> None:
    """«УТВЕРЖДАЮ» on the right half of the page (the head's position with
    the organisation, the signature line with «И.О. Фамилия», the approving
    order or a date to fill in), then «СОГЛАСОВАНО» on the left (the body
    and its protocol)."""

    def right(text: str, **style) -> None:
        paragraph = p(doc, text, **style)
        paragraph.paragraph_format.left_indent = int(width / 2)

    tag(doc, "{%p if approved %}")
    right("{{ approval_word }}", bold=True)
    right("{{ approver_title }}")
    right("____________ {{ approver_name }}")
    tag(doc, "{%p if order_number or order_date %}")
    right(
        "Приказ{% if order_date %} от {{ order_date }}{% endif %}"
        "{% if order_number %} № {{ order_number }}{% endif %}",
        after=12,
    )
    tag(doc, "{%p else %}")
    right(BLANK_DATE, after=12)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if agreed_note %}")
    p(doc, "СОГЛАСОВАНО", bold=True)
    p(doc, "{{ agreed_note }}", after=12)
    tag(doc, "{%p endif %}")


def place_and_date(doc: DocumentType, date_field: str = "{{ document_date }}") -> None:
    """The place on the left and the date on the right, on one line."""
    section = doc.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    paragraph = p(doc, after=12)
    paragraph.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    paragraph.add_run("{{ place }}\t" + date_field)
