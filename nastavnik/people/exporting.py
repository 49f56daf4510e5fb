"""Export of an organisation's people to XLSX, in the columns the import reads.

Exporting and importing the file again changes nothing: every row comes back
as a duplicate. Only the plain card fields leave: never SNILS, never the
sensitive categories.
"""

from __future__ import annotations

import io
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from nastavnik.accounts.models import AuditEvent, User
from nastavnik.accounts.services import audit_log
from nastavnik.orgs.models import Organisation
from nastavnik.people.models import Person

# (Person field, column header, column width). The headers are those the
# import recognises (importing.HEADERS), so a round trip is lossless.
COLUMNS = [
    ("last_name", gettext_lazy("Last name"), 18),
    ("first_name", gettext_lazy("First name"), 14),
    ("patronymic", gettext_lazy("Patronymic"), 18),
    ("birth_date", gettext_lazy("Birth date"), 14),
    ("category", gettext_lazy("Category"), 20),
    ("class_name", gettext_lazy("Class"), 8),
    ("position", gettext_lazy("Position"), 24),
    ("experience_years", gettext_lazy("Experience"), 8),
    ("employer_name", gettext_lazy("Workplace"), 30),
    ("employer_inn", gettext_lazy("INN"), 14),
    ("email", gettext_lazy("E-mail"), 26),
    ("phone", gettext_lazy("Phone"), 18),
]
DATE_FORMAT = "DD.MM.YYYY"
# A text starting with these is a formula to Excel (or becomes one when the
# cell is edited, or the sheet saved as CSV): OWASP «CSV injection».
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(ws: Any, value: Any) -> Any:
    if value.__class__ is str and value.startswith(FORMULA_STARTS):
        cell = WriteOnlyCell(ws, value)
        # Text, and shown with Excel's hidden apostrophe (quotePrefix), so
        # neither opening nor editing the cell evaluates it.
        cell.data_type = "s"
        cell.quotePrefix = True
        return cell
    return value


def people_xlsx(people: QuerySet[Person]) -> bytes:
    """The people as an XLSX workbook, one row each, with a header row."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(str(_("People"))[:31])
    ws.freeze_panes = "A2"
    for index, (_name, _header, width) in enumerate(COLUMNS):
        ws.column_dimensions[get_column_letter(index + 1)].width = width
    bold = Font(bold=True)
    header = []
    for _name, label, _width in COLUMNS:
        cell = WriteOnlyCell(ws, str(label))
        cell.font = bold
        header.append(cell)
    ws.append(header)
    categories = {code: str(label) for code, label in Person.Category.choices}
    names = [name for name, _label, _width in COLUMNS]
    birth, category = names.index("birth_date"), names.index("category")
    for values in people.values_list(*names).iterator(chunk_size=2000):
        row = [_cell(ws, value) for value in values]
        if values[birth] is not None:
            row[birth] = WriteOnlyCell(ws, values[birth])
            row[birth].number_format = DATE_FORMAT
        row[category] = categories.get(values[category], values[category])
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def people_export(
    *, organisation: Organisation, user: User | None, category: str = ""
) -> tuple[str, bytes]:
    """The organisation's base (one category, or all) as (file name, XLSX).

    Anonymised people stay out. The export is written to the audit log.
    """
    people = Person.objects.for_organisation(organisation).present()
    if category:
        people = people.filter(category=category)
    content = people_xlsx(people)
    count = people.count()
    audit_log(
        user=user,
        organisation=organisation,
        action=AuditEvent.Action.EXPORT,
        object_type="export",
        summary=f"xlsx, {count} people"
        + (f", category {category}" if category else ""),
    )
    day = timezone.localdate().isoformat()
    name = f"baza-{category}-{day}.xlsx" if category else f"baza-{day}.xlsx"
    return name, content
