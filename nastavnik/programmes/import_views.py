"""Importing a roadmap from a table: a .docx file or text pasted from Word or
Excel.

One page in three steps: the source (``ImportSourceForm``); the preview, with
the column layout to confirm and every stage and item as it will be saved,
nothing written yet (``ImportLayoutForm``); the import, in one transaction
(``services.roadmap_import``). Only those who may change the roadmap reach it:
the organisation's staff, or the municipal coordinator for the municipal plan.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from nastavnik.lib.forms import is_tampered
from nastavnik.programmes import services
from nastavnik.programmes.access import get_roadmap_for_user
from nastavnik.programmes.deadlines import Kind
from nastavnik.programmes.import_forms import ImportLayoutForm, ImportSourceForm, Mode
from nastavnik.programmes.models import Item, Roadmap, Stage

# How a deadline was read, shown beside it in the preview. An unreadable one
# gets the roadmap's own warning («Срок не распознан») instead, none a dash.
KIND_LABELS = {
    Kind.DATE: gettext_lazy("a date"),
    Kind.MONTH: gettext_lazy("a month"),
    Kind.RANGE: gettext_lazy("a period"),
    Kind.YEARLY: gettext_lazy("every year"),
    Kind.MONTHLY: gettext_lazy("every month"),
    Kind.QUARTERLY: gettext_lazy("every quarter"),
    Kind.TWICE_A_YEAR: gettext_lazy("twice a year"),
    Kind.PERIOD: gettext_lazy("the whole period"),
    Kind.AS_NEEDED: gettext_lazy("as needed, no date"),
    Kind.RELATIVE: gettext_lazy("counted from an event, no date"),
    Kind.NONE: "",
    Kind.UNKNOWN: "",
}


def _current(roadmap: Roadmap) -> dict[str, int]:
    items = Item.objects.filter(stage__roadmap=roadmap)
    return {
        "stages": roadmap.stages.count(),
        "items": items.count(),
        "done": items.filter(status=Item.Status.DONE).count(),
    }


def _preview(roadmap: Roadmap, form: ImportLayoutForm) -> list[Stage]:
    """The imported stages as unsaved rows, each item with its due date
    computed as the import will: what the user sees is what is saved."""
    since = timezone.localdate()
    stages = []
    for imported in form.stages:
        stage = Stage(roadmap=roadmap, number=imported.number, title=imported.title)
        stage.preview_items = []
        for template_item in imported.items:
            item = Item.from_template(template_item, stage=stage, since=since)
            item.reading = KIND_LABELS[item.deadline_kind]
            stage.preview_items.append(item)
        stages.append(stage)
    return stages


def _source_page(
    request: HttpRequest, roadmap: Roadmap, form: ImportSourceForm, current: dict
) -> HttpResponse:
    ctx = {
        "roadmap": roadmap,
        "owner": roadmap.owner_name,
        "form": form,
        "current": current,
    }
    return render(request, "programmes/roadmap_import.html", ctx)


def _preview_page(
    request: HttpRequest, roadmap: Roadmap, form: ImportLayoutForm, current: dict
) -> HttpResponse:
    form.is_valid()  # the stages and the errors of a form made in step 1
    stages = _preview(roadmap, form)
    items = [item for stage in stages for item in stage.preview_items]
    ctx = {
        "roadmap": roadmap,
        "owner": roadmap.owner_name,
        "form": form,
        "current": current,
        "stages": stages,
        "num_items": len(items),
        "unreadable": sum(item.deadline_unreadable for item in items),
        "keys": {key for key, _heading in form.layout},
        "replace": form.data.get("mode") == Mode.REPLACE,
    }
    return render(request, "programmes/roadmap_import_preview.html", ctx)


def _imported_message(stages: int, items: int) -> str:
    return _("Imported: %(stages)s, %(items)s") % {
        "stages": ngettext("%(n)s stage", "%(n)s stages", stages) % {"n": stages},
        "items": ngettext("%(n)s activity", "%(n)s activities", items) % {"n": items},
    }


@login_required
def roadmap_import(request: HttpRequest, code: str) -> HttpResponse:
    roadmap = get_roadmap_for_user(request, code, edit=True)
    current = _current(roadmap)
    if request.method != "POST":
        form = ImportSourceForm(done=current["done"])
        return _source_page(request, roadmap, form, current)
    if "payload" not in request.POST:
        source = ImportSourceForm(request.POST, request.FILES, done=current["done"])
        if not source.is_valid():
            if is_tampered(source):
                return HttpResponseBadRequest()
            return _source_page(request, roadmap, source, current)
        data = ImportLayoutForm.initial_data(
            roadmap, source.cleaned_data["rows"], source.cleaned_data["mode"]
        )
        form = ImportLayoutForm(data, roadmap=roadmap, done=current["done"])
        return _preview_page(request, roadmap, form, current)

    form = ImportLayoutForm(request.POST, roadmap=roadmap, done=current["done"])
    if not form.is_valid():
        if is_tampered(form):
            return HttpResponseBadRequest()
        return _preview_page(request, roadmap, form, current)
    if request.POST.get("action") != "import":
        return _preview_page(request, roadmap, form, current)
    try:
        services.roadmap_import(
            roadmap,
            form.stages,
            form.layout,
            replace=form.cleaned_data["mode"] == Mode.REPLACE,
        )
    except ValidationError as error:
        form.add_error(None, error.messages)
        return _preview_page(request, roadmap, form, current)
    messages.success(request, _imported_message(*form.counts()))
    return redirect("programmes-roadmap-detail", code=roadmap.code)
