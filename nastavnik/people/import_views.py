"""Import of people from spreadsheets, and export of the bases to XLSX.

Upload → mapping and dry run → commit, each step on the ImportBatch; the work
is in ``people.importing`` and ``people.exporting``. Only the staff of the
organisation (its head and curators) reach these pages.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nastavnik.accounts.access import get_staff_organisation_for_user
from nastavnik.lib import downloads, spreadsheets
from nastavnik.lib.forms import is_tampered
from nastavnik.people import exporting, importing
from nastavnik.people.access import get_import_for_user
from nastavnik.people.models import ImportBatch, Person

OUTCOMES_PER_PAGE = 200
RECENT_IMPORTS = 10


def _category_choices(mapping: dict[int, str]) -> list[tuple[str, str]]:
    """The categories, the empty choice saying what the file itself tells."""
    fields = set(mapping.values())
    if "category" in fields:
        empty = _("as the «Категория» column says")
    elif importing.implied_category(mapping):
        empty = _("pupils: the file has a «Класс» column")
    else:
        empty = _("— choose —")
    return [("", empty), *Person.Category.choices]


class _UploadForm(forms.Form):
    """The file only: who is in it is asked later, and only if it does not say."""

    file = forms.FileField(
        label=gettext_lazy("Spreadsheet"),
        help_text=gettext_lazy(
            "XLSX or CSV. The first row of the table holds the column names: "
            "«ФИО» or «Фамилия», «Имя», «Отчество», «Дата рождения», «Класс»; "
            "parents in «ФИО родителя», «Телефон родителя», «E-mail родителя», "
            "and a second parent in «ФИО второго родителя» and so on."
        ),
    )


class _MappingForm(forms.Form):
    """One select per column of the file, and the category for the whole file."""

    category = forms.ChoiceField(
        label=gettext_lazy("Who is in the file"), required=False
    )

    def __init__(
        self, headers: list[str], mapping: dict[int, str], category: str, **kwargs
    ) -> None:
        super().__init__(**kwargs)
        self.fields["category"].choices = _category_choices(mapping)
        self.fields["category"].initial = category
        choices = [("", _("— skip —")), *importing.FIELD_LABELS.items()]
        self.columns = []
        for index in range(len(headers)):
            name = f"col_{index}"
            self.fields[name] = forms.ChoiceField(
                label=importing.column_label(headers, index),
                choices=choices,
                required=False,
                initial=mapping.get(index, ""),
            )
            self.columns.append(name)

    def clean(self) -> dict:
        data = super().clean()
        self.mapping = {
            index: data[name]
            for index, name in enumerate(self.columns)
            if data.get(name)
        }
        for error in importing.mapping_errors(self.mapping):
            self.add_error(None, error)
        return data


class _CommitForm(forms.Form):
    valid_only = forms.BooleanField(required=False)


@login_required
def upload(request: HttpRequest, org_code: str) -> HttpResponse:
    organisation = get_staff_organisation_for_user(request, org_code)
    form = _UploadForm(
        request.POST if request.method == "POST" else None, request.FILES or None
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                batch = importing.import_upload(
                    organisation=organisation,
                    user=request.user,
                    file=form.cleaned_data["file"],
                )
            except importing.ImportFileError as e:
                form.add_error("file", str(e))
            else:
                return redirect("people-import-detail", code=batch.code)
        elif is_tampered(form):
            return HttpResponseBadRequest()
    ctx = {
        "organisation": organisation,
        "form": form,
        "batches": organisation.import_batches.select_related("created_by")[
            :RECENT_IMPORTS
        ],
        "categories": Person.Category.choices,
    }
    return render(request, "people/import_upload.html", ctx)


def _outcomes_page(request: HttpRequest, batch: ImportBatch):
    outcomes = importing.batch_outcomes(batch)
    return Paginator(outcomes, OUTCOMES_PER_PAGE).get_page(request.GET.get("page"))


def _guardian_counts(batch: ImportBatch) -> dict[str, int] | None:
    """What the parent columns will do, if the file has any."""
    fields = batch.report.get("fields", [])
    if any(name in importing.PARENT_FIELDS for name in fields):
        return batch.report.get("guardians")
    return None


@login_required
def detail(request: HttpRequest, code: str) -> HttpResponse:
    """The mapping, the dry run's outcomes, the commit; or the result."""
    batch = get_import_for_user(request, code)
    if batch.status in (ImportBatch.Status.COMMITTED, ImportBatch.Status.CANCELLED):
        if request.method == "POST":
            messages.info(request, _("This import is finished already."))
            return redirect("people-import-detail", code=batch.code)
        ctx = {"batch": batch, "organisation": batch.organisation}
        return render(request, "people/import_result.html", ctx)
    headers = batch.report.get("headers", [])
    form = _MappingForm(
        headers,
        importing.batch_mapping(batch),
        batch.category,
        data=request.POST if request.method == "POST" else None,
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                importing.import_check(
                    batch=batch,
                    mapping=form.mapping,
                    category=form.cleaned_data["category"],
                )
            except importing.CategoryMissing:
                form.add_error(
                    "category",
                    _(
                        "The file has neither a «Категория» column nor a «Класс» "
                        "column: choose who is in it."
                    ),
                )
            except importing.ImportFileError as e:
                form.add_error(None, str(e))
            else:
                return redirect("people-import-detail", code=batch.code)
        elif is_tampered(form):
            return HttpResponseBadRequest()
    mapped = set(importing.batch_mapping(batch))
    preview = batch.report.get("preview", [])
    skipped = [h for i, h in enumerate(headers) if i not in mapped and h]
    ctx = {
        "batch": batch,
        "organisation": batch.organisation,
        "form": form,
        "columns": [
            (form[name], [row[index + 1] for row in preview if row[index + 1]])
            for index, name in enumerate(form.columns)
        ],
        "headers": headers,
        "preview": preview,
        "skipped": skipped,
        "snils_skipped": any(importing.field_for_header(h) == "snils" for h in skipped),
        "counts": batch.report.get("counts"),
        "guardians": _guardian_counts(batch),
        "notes": batch.report.get("notes", []),
        "page": _outcomes_page(request, batch),
    }
    return render(request, "people/import_detail.html", ctx)


@login_required
@require_POST
def commit(request: HttpRequest, code: str) -> HttpResponse:
    batch = get_import_for_user(request, code)
    form = _CommitForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()
    if batch.status == ImportBatch.Status.UPLOADED:
        return HttpResponseBadRequest()  # the form shows only after a dry run
    try:
        counts = importing.import_commit(
            batch=batch,
            user=request.user,
            valid_only=form.cleaned_data["valid_only"],
        )
    except importing.AlreadyDone:
        messages.info(request, _("This import is finished already."))
    except ValueError:
        messages.error(
            request,
            _(
                "Nothing is imported: the file has errors. Correct them and upload "
                "the file again, or import only the valid rows."
            ),
        )
    else:
        messages.success(
            request,
            _("Imported: %(created)s new, %(updated)s updated.") % counts,
        )
    return redirect("people-import-detail", code=batch.code)


@login_required
@require_POST
def cancel(request: HttpRequest, code: str) -> HttpResponse:
    batch = get_import_for_user(request, code)
    try:
        importing.import_cancel(batch=batch)
    except importing.AlreadyDone:
        messages.info(request, _("This import is finished already."))
        return redirect("people-import-detail", code=batch.code)
    messages.success(request, _("The import is cancelled and the file deleted."))
    return redirect("people-import-upload", org_code=batch.organisation.code)


@login_required
def export(request: HttpRequest, org_code: str) -> HttpResponse:
    organisation = get_staff_organisation_for_user(request, org_code)
    category = request.GET.get("category", "")
    if category and category not in Person.Category.values:
        return HttpResponseBadRequest()
    name, content = exporting.people_export(
        organisation=organisation, user=request.user, category=category
    )
    return downloads.attachment(
        content, name=name, content_type=spreadsheets.CONTENT_TYPE
    )
