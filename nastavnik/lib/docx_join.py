"""One DOCX made of several, such as a class's consent forms printed as a pack.

Each document becomes a section with the first one's page settings, header and
footer: it starts on a new page and its page numbers start at 1. The styles,
lists and pictures of the later documents come along with their text.
"""

from __future__ import annotations

import copy
import io
import secrets

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

# What follows <w:pgNumType> inside <w:sectPr> (ECMA-376, CT_SectPr).
_AFTER_PAGE_NUMBERS = {
    qn(f"w:{tag}")
    for tag in (
        "cols",
        "formProt",
        "vAlign",
        "noEndnote",
        "titlePg",
        "textDirection",
        "bidi",
        "rtlGutter",
        "docGrid",
        "printerSettings",
        "sectPrChange",
    )
}
_RELATED = (qn("r:embed"), qn("r:id"), qn("r:link"))


def join(documents: list[bytes]) -> bytes:
    """The documents one after another, each on its own pages."""
    if not documents:
        raise ValueError("nothing to join")
    master = Document(io.BytesIO(documents[0]))
    body = master.element.body
    last_section = body.sectPr
    _restart_page_numbers(last_section)
    for content in documents[1:]:
        part = Document(io.BytesIO(content))
        _end_section(last_section)
        _copy_styles(master, part)
        numbers = _copy_numbering(master, part)
        for element in part.element.body.iterchildren():
            if element.tag == qn("w:sectPr"):
                continue
            element = copy.deepcopy(element)
            _relink(master, part, element)
            _renumber(element, numbers)
            last_section.addprevious(element)
    out = io.BytesIO()
    master.save(out)
    return out.getvalue()


def _restart_page_numbers(section) -> None:
    numbers = section.find(qn("w:pgNumType"))
    if numbers is None:
        numbers = OxmlElement("w:pgNumType")
        following = [child for child in section if child.tag in _AFTER_PAGE_NUMBERS]
        if following:
            following[0].addprevious(numbers)
        else:
            section.append(numbers)
    numbers.set(qn("w:start"), "1")


def _end_section(last_section) -> None:
    """Close the text so far with a section break on its last paragraph, so no
    empty paragraph is added that could spill onto a page of its own."""
    previous = last_section.getprevious()
    if previous is None or previous.tag != qn("w:p"):
        previous = OxmlElement("w:p")
        last_section.addprevious(previous)
    properties = previous.get_or_add_pPr()
    old = properties.find(qn("w:sectPr"))
    if old is not None:
        properties.remove(old)
    change = properties.find(qn("w:pPrChange"))
    section = copy.deepcopy(last_section)
    if change is not None:
        change.addprevious(section)
    else:
        properties.append(section)


def _copy_styles(master: DocumentObject, part: DocumentObject) -> None:
    styles = master.styles.element
    known = {style.get(qn("w:styleId")) for style in styles.iterchildren()}
    for style in part.styles.element.iterchildren(qn("w:style")):
        if style.get(qn("w:styleId")) not in known:
            styles.append(copy.deepcopy(style))


def _copy_numbering(master: DocumentObject, part: DocumentObject) -> dict[str, str]:
    """Copy the lists the part uses under new ids, so that each pupil's numbered
    paragraphs start from 1 instead of going on from the previous form."""
    used = {
        element.get(qn("w:val"))
        for element in part.element.body.iter(qn("w:numId"))
        if element.get(qn("w:val")) != "0"
    }
    if not used:
        return {}
    source = part.part.numbering_part.element
    target = master.part.numbering_part.element
    abstract_ids = [
        int(a.get(qn("w:abstractNumId")))
        for a in target.iterchildren(qn("w:abstractNum"))
    ]
    num_ids = [int(n.get(qn("w:numId"))) for n in target.iterchildren(qn("w:num"))]
    next_abstract = max(abstract_ids, default=0) + 1
    next_num = max(num_ids, default=0) + 1
    numbers = {}
    for num in source.iterchildren(qn("w:num")):
        old_id = num.get(qn("w:numId"))
        if old_id not in used:
            continue
        abstract_ref = num.find(qn("w:abstractNumId"))
        abstract = next(
            a
            for a in source.iterchildren(qn("w:abstractNum"))
            if a.get(qn("w:abstractNumId")) == abstract_ref.get(qn("w:val"))
        )
        abstract = copy.deepcopy(abstract)
        abstract.set(qn("w:abstractNumId"), str(next_abstract))
        # Word joins lists that share an nsid: each copy gets its own.
        nsid = abstract.find(qn("w:nsid"))
        if nsid is not None:
            nsid.set(qn("w:val"), secrets.token_hex(4).upper())
        num = copy.deepcopy(num)
        num.set(qn("w:numId"), str(next_num))
        num.find(qn("w:abstractNumId")).set(qn("w:val"), str(next_abstract))
        first_num = target.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            target.append(abstract)
        target.append(num)
        numbers[old_id] = str(next_num)
        next_abstract += 1
        next_num += 1
    return numbers


def _renumber(element, numbers: dict[str, str]) -> None:
    for num_id in element.iter(qn("w:numId")):
        old = num_id.get(qn("w:val"))
        if old in numbers:
            num_id.set(qn("w:val"), numbers[old])


def _relink(master: DocumentObject, part: DocumentObject, element) -> None:
    """Point pictures and hyperlinks at the master's relationships."""
    for child in element.iter():
        for attribute in _RELATED:
            old = child.get(attribute)
            if old is None or old not in part.part.rels:
                continue
            rel = part.part.rels[old]
            if rel.is_external:
                new = master.part.relate_to(rel.target_ref, rel.reltype, True)
            else:
                new = master.part.relate_to(rel.target_part, rel.reltype)
            child.set(attribute, new)
