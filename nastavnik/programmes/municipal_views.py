"""The municipal centre's pages: its own plan (seed 003) and the progress of
its organisations' roadmaps side by side.

The coordinator of the municipality creates and runs its plans; the regional
operator reads them. Both see the progress of every organisation: roadmaps
name no pupils, so they may drill down into each one.
"""

from __future__ import annotations

import io

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from openpyxl import Workbook

from nastavnik.accounts.access import get_municipality_for_user, overseen_organisations
from nastavnik.lib import downloads, spreadsheets
from nastavnik.lib.dates import SchoolYear
from nastavnik.lib.forms import is_tampered
from nastavnik.orgs.models import Municipality
from nastavnik.programmes import progress, roadmap_templates, services
from nastavnik.programmes.access import coordinated_municipalities
from nastavnik.programmes.models import ItemQuerySet, Programme, Roadmap

# Years outside these are typos or forged links, not school years.
FIRST_YEAR, LAST_YEAR = 2000, 2100


class PlanForm(forms.Form):
    """A new municipal plan: a template and the school year it is for."""

    template = forms.ChoiceField(label=gettext_lazy("Template"))
    school_year = forms.TypedChoiceField(label=gettext_lazy("School year"), coerce=int)

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["template"].choices = [
            (t.key, t.name) for t in roadmap_templates.for_municipalities()
        ]
        current = SchoolYear.current()
        years = [current.previous(), current, current.next()]
        self.fields["school_year"].choices = [(y.start_year, y.label) for y in years]
        planned = set(
            Roadmap.objects.filter(municipality=municipality).values_list(
                "period_start", flat=True
            )
        )
        free = [y for y in (current, current.next()) if y.start not in planned]
        self.fields["school_year"].initial = (free or [current])[0].start_year

    def clean_school_year(self) -> SchoolYear:
        year = SchoolYear(self.cleaned_data["school_year"])
        plans = Roadmap.objects.filter(
            municipality=self.municipality, period_start=year.start
        )
        if plans.exists():
            raise forms.ValidationError(
                _(
                    "The municipality already has a plan for the %(year)s school "
                    "year: open it from the list, or choose another year."
                ),
                params={"year": year.label},
                code="exists",
            )
        return year


def _can_edit_plans(request: HttpRequest, municipality: Municipality) -> bool:
    mine = coordinated_municipalities(request.user)
    return mine.filter(pk=municipality.pk).exists()


def _plans(municipality: Municipality) -> QuerySet[Roadmap]:
    """The municipality's plans, latest first, with their items counted."""
    today = timezone.localdate()
    items = "stages__items"
    open_late = Q(
        **{f"{items}__status__in": ItemQuerySet.OPEN},
        **{f"{items}__due_on__lt": today},
    )
    return Roadmap.objects.filter(municipality=municipality).annotate(
        num_items=Count(items),
        num_done=Count(items, filter=Q(**{f"{items}__status": "done"})),
        num_cancelled=Count(items, filter=Q(**{f"{items}__status": "cancelled"})),
        num_overdue=Count(items, filter=open_late),
    )


@login_required
def municipality_plan(request: HttpRequest, municipality_code: str) -> HttpResponse:
    """The municipal centre's own plans; its coordinator creates one from a
    template (seed 003) and runs it on the roadmap page."""
    municipality = get_municipality_for_user(request, municipality_code)
    can_edit = _can_edit_plans(request, municipality)
    form = PlanForm(request.POST or None, municipality=municipality)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            template = roadmap_templates.get(form.cleaned_data["template"])
            roadmap = services.build_roadmap(
                template,
                municipality=municipality,
                school_year=form.cleaned_data["school_year"],
            )
            messages.success(request, _("The plan is created from the template."))
            return redirect("programmes-roadmap-detail", code=roadmap.code)
        if is_tampered(form):
            return HttpResponseBadRequest()
    plans = list(_plans(municipality))
    for plan in plans:
        plan.template_name = progress.template_name(plan.template)
        plan.year = SchoolYear.of(plan.period_start)
        plan.percent_done = progress.percent_done(
            plan.num_done, plan.num_items, plan.num_cancelled
        )
    ctx = {
        "municipality": municipality,
        "plans": plans,
        "form": form,
        "can_edit": can_edit,
        "has_templates": bool(form.fields["template"].choices),
    }
    return render(request, "programmes/municipality_plan.html", ctx)


def _year(request: HttpRequest) -> SchoolYear | None:
    """The school year of ``?year=2026`` (default: the current one); None
    when the parameter is not a year."""
    value = request.GET.get("year", "")
    if not value:
        return SchoolYear.current()
    if not value.isdigit() or not FIRST_YEAR <= int(value) <= LAST_YEAR:
        return None
    return SchoolYear(int(value))


def _progress(request: HttpRequest, municipality: Municipality, year: SchoolYear):
    organisations = overseen_organisations(request.user).filter(
        municipality=municipality
    )
    rows = progress.organisations_progress(
        organisations.educational(), year, timezone.localdate()
    )
    return rows, progress.totals(rows)


def _years(municipality: Municipality, year: SchoolYear) -> list[SchoolYear]:
    """The years to switch between: those with programmes, this one and the
    one shown."""
    with_programmes = (
        Programme.objects.filter(organisation__municipality=municipality)
        .order_by()
        .values_list("school_year", flat=True)
        .distinct()
    )
    starts = {*with_programmes, SchoolYear.current().start_year, year.start_year}
    return [SchoolYear(start) for start in sorted(starts, reverse=True)]


@login_required
def municipality_progress(request: HttpRequest, municipality_code: str) -> HttpResponse:
    """Every organisation's roadmap side by side: done, late, which ones."""
    municipality = get_municipality_for_user(request, municipality_code)
    year = _year(request)
    if year is None:
        return HttpResponseBadRequest()
    rows, totals = _progress(request, municipality, year)
    ctx = {
        "municipality": municipality,
        "year": year,
        "years": _years(municipality, year),
        "rows": rows,
        "totals": totals,
        "today": timezone.localdate(),
        "can_edit_plans": _can_edit_plans(request, municipality),
    }
    return render(request, "programmes/municipality_progress.html", ctx)


# The headers of the progress workbook's columns.
XLSX_COLUMNS = [
    gettext_lazy("Organisation"),
    gettext_lazy("Programme"),
    gettext_lazy("Template"),
    gettext_lazy("Items"),
    gettext_lazy("Done"),
    gettext_lazy("In progress"),
    gettext_lazy("Planned"),
    gettext_lazy("Overdue"),
    gettext_lazy("Cancelled"),
    gettext_lazy("Percent done"),
    gettext_lazy("Current stage"),
    gettext_lazy("Next item"),
    gettext_lazy("Due"),
    gettext_lazy("Overdue items"),
]

# Widths in characters, narrowed to the page: the overdue items wrap the
# least, the figures' columns are as narrow as their upright headings.
XLSX_WIDTHS = [18, 18, 14, 6, 6, 6, 6, 6, 6, 6, 16, 18, 11, 30]


def _xlsx_row(row) -> list:
    programmes = row.year_programmes
    figures = [getattr(row, field) for field in progress.FIELDS]
    late = "\n".join(
        f"{item.due_on:%d.%m.%Y} {' '.join(item.activity.split())}"
        for item in row.overdue_items
    )
    titles = [p.title for p in programmes]
    if row.num_drafts:
        titles.append(
            ngettext(
                "%(n)s draft programme, not counted",
                "%(n)s draft programmes, not counted",
                row.num_drafts,
            )
            % {"n": row.num_drafts}
        )
    return [
        row.short_name,
        "\n".join(titles) or _("no programme"),
        "\n".join(p.template_name for p in programmes),
        *figures,
        row.percent_done if programmes else None,
        row.current_stage,
        row.next_activity,
        row.next_due,
        late,
    ]


def progress_xlsx(rows: list, totals: dict) -> bytes:
    """The progress table with a total row, set up to print on A4."""
    wb = Workbook()
    ws = wb.active
    ws.title = str(_("Roadmaps"))[:31]
    figures = range(4, 4 + len(progress.FIELDS) + 1)
    for column, label in enumerate(XLSX_COLUMNS, start=1):
        # The figures' headings run upright: their columns stay narrow.
        upright = column in figures
        spreadsheets.put(
            ws, 1, column, str(label), bold=True, horizontal="center", upright=upright
        )
    r = 1
    for r, row in enumerate(rows, start=2):
        for column, value in enumerate(_xlsx_row(row), start=1):
            spreadsheets.put(ws, r, column, value)
    total = [str(_("Total")), "", "", *(totals[f] for f in progress.FIELDS)]
    total.append(totals["percent_done"])
    for column, value in enumerate(total, start=1):
        spreadsheets.put(ws, r + 1, column, value, bold=True)
    spreadsheets.set_up_page(ws, header_rows=(1, 1), widths=XLSX_WIDTHS)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@login_required
def municipality_progress_xlsx(
    request: HttpRequest, municipality_code: str
) -> HttpResponse:
    municipality = get_municipality_for_user(request, municipality_code)
    year = _year(request)
    if year is None:
        return HttpResponseBadRequest()
    rows, totals = _progress(request, municipality, year)
    name = downloads.file_name(
        _("Roadmap progress %(year)s")
        % {"year": f"{year.start_year}-{year.start_year + 1}"},
        municipality.name,
        day=timezone.localdate(),
        extension="xlsx",
    )
    return downloads.attachment(
        progress_xlsx(rows, totals),
        name=name,
        content_type=spreadsheets.CONTENT_TYPE,
    )
