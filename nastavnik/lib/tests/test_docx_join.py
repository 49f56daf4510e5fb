from __future__ import annotations

import io

from django.test import SimpleTestCase
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm

from nastavnik.lib.docx_join import join


def _document(text: str, *, numbered: bool = False) -> bytes:
    document = Document()
    document.sections[0].page_width = Mm(210)
    document.sections[0].page_height = Mm(297)
    paragraph = document.add_paragraph(text)
    if numbered:
        # a list of its own, as a school's edited template may have
        numbering = document.part.numbering_part.element
        numbering.append(
            parse_xml(
                f'<w:abstractNum {nsdecls("w")} w:abstractNumId="7">'
                '<w:nsid w:val="0A0B0C0D"/><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
                "</w:abstractNum>"
            )
        )
        numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="7"><w:abstractNumId w:val="7"/>'
                "</w:num>"
            )
        )
        properties = paragraph._p.get_or_add_pPr()
        properties.append(
            parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="7"/>'
                "</w:numPr>"
            )
        )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class JoinTestCase(SimpleTestCase):
    def test_it_keeps_the_documents_in_order_one_section_each(self) -> None:
        joined = Document(io.BytesIO(join([_document(t) for t in "АБВ"])))
        self.assertEqual([p.text for p in joined.paragraphs if p.text], list("АБВ"))
        self.assertEqual(len(joined.sections), 3)
        for section in joined.sections:
            self.assertEqual(round(section.page_height.mm), 297)
            numbers = section._sectPr.find(qn("w:pgNumType"))
            self.assertEqual(numbers.get(qn("w:start")), "1")

    def test_each_document_numbers_its_list_from_one(self) -> None:
        parts = [_document("пункт", numbered=True) for _ in range(3)]
        joined = Document(io.BytesIO(join(parts)))
        ids = [
            p._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}").get(qn("w:val"))
            for p in joined.paragraphs
            if p.text
        ]
        self.assertEqual(len(set(ids)), 3)
        numbering = joined.part.numbering_part.element
        abstract = {
            num.get(qn("w:numId")): num.find(qn("w:abstractNumId")).get(qn("w:val"))
            for num in numbering.iterchildren(qn("w:num"))
        }
        self.assertEqual(len({abstract[i] for i in ids}), 3)

    def test_one_document_comes_back_as_it_was(self) -> None:
        joined = Document(io.BytesIO(join([_document("один")])))
        self.assertEqual([p.text for p in joined.paragraphs], ["один"])

    def test_nothing_to_join_is_an_error(self) -> None:
        with self.assertRaises(ValueError):
            join([])
