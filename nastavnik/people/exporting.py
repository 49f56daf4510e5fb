"""Export of an organisation's people to XLSX, in the columns the import reads.

Exporting and importing the file again changes nothing: every row comes back
as a duplicate. Only the plain card fields leave: never SNILS, never the
sensitive categories.
"""

from __future__ import annotations

import io

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from nastavnik.accounts.models import AuditEvent, User
from nastavnik.accounts.services import audit_log
from nastavnik.lib import downloads, spreadsheets
from nastavnik.orgs.models import Organisation
from nastavnik.people.models import Person

# (Person field, column header). The headers are those the
# import recognises (importing.HEADERS), so a round trip is lossless.
COLUMNS = [
    ("last_name", gettext_lazy("Last name")),
    ("first_name", gettext_lazy("First name")),
    ("patronymic", gettext_lazy("Patronymic")),
    ("birth_date", gettext_lazy("Birth date")),
    ("category", gettext_lazy("Category")),
    ("class_name", gettext_lazy("Class")),
    ("position", gettext_lazy("Position")),
    ("experience_years", gettext_lazy("Experience")),
    ("employer_name", gettext_lazy("Workplace")),
    ("employer_inn", gettext_lazy("INN")),
    ("email", gettext_lazy("E-mail")),
    ("phone", gettext_lazy("Phone")),
]
# The name of the file of each category, and of everyone.
FILE_TITLES = {
    "": gettext_lazy("People base"),
    Person.Category.PUPIL: gettext_lazy("Base of pupils"),
    Person.Category.STUDENT: gettext_lazy("Base of students"),
    Person.Category.TEACHER: gettext_lazy("Base of teachers"),
    Person.Category.STAFF: gettext_lazy("Base of other staff"),
    Person.Category.PARENT: gettext_lazy("Base of parents"),
    Person.Category.ALUMNUS: gettext_lazy("Base of alumni"),
    Person.Category.EMPLOYEE: gettext_lazy("Base of enterprise employees"),
    Person.Category.ENTREPRENEUR: gettext_lazy("Base of entrepreneurs"),
    Person.Category.VETERAN: gettext_lazy("Base of veteran teachers"),
}


def people_xlsx(people: QuerySet[Person]) -> bytes:
    """The people as an XLSX workbook, one row each, with a header row,
    set up to print on A4."""
    wb = Workbook()
    ws = wb.active
    ws.title = str(_("People"))[:31]
    for column, (_name, label) in enumerate(COLUMNS, start=1):
        spreadsheets.put(ws, 1, column, str(label), bold=True)
    categories = {code: str(label) for code, label in Person.Category.choices}
    names = [name for name, _label in COLUMNS]
    category = names.index("category")
    rows = people.values_list(*names).iterator(chunk_size=2000)
    for row, values in enumerate(rows, start=2):
        values = list(values)
        values[category] = categories.get(values[category], values[category])
        for column, value in enumerate(values, start=1):
            spreadsheets.put(ws, row, column, value)
    spreadsheets.set_up_page(ws, header_rows=(1, 1))
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
    name = downloads.file_name(
        str(FILE_TITLES[category]),
        organisation.short_name,
        day=timezone.localdate(),
        extension="xlsx",
    )
    return name, content
