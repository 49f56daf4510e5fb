"""The municipal centre's pages: its own plan (seed 003) and the progress of
its organisations' roadmaps side by side.

The coordinator of the municipality creates and runs its plans; the regional
operator reads them. Both see the progress of every organisation: roadmaps
name no pupils, so they may drill down into each one.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.accounts.access import get_municipality_for_user
from nastavnik.lib import downloads, fragments, spreadsheets
from nastavnik.lib.dates import SchoolYear
from nastavnik.lib.forms import is_tampered
from nastavnik.orgs.models import Municipality, Organisation
from nastavnik.programmes import exporting, progress, roadmap_templates, services
from nastavnik.programmes.access import coordinates
from nastavnik.programmes.forms import PlanForm
from nastavnik.programmes.models import ItemQuerySet, Programme, Roadmap

# Years outside these are typos or forged links, not school years.
FIRST_YEAR, LAST_YEAR = 2000, 2100


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
    can_edit = coordinates(request.user, municipality)
    form = PlanForm(request.POST or None, municipality=municipality)
    if request.method == "POST":
        if not can_edit:
            raise Http404
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


def _progress(municipality: Municipality, year: SchoolYear, today: date):
    # whoever may open the municipality (get_municipality_for_user) oversees
    # all its organisations: the figures are the same for each of them
    organisations = Organisation.objects.filter(municipality=municipality)
    rows = progress.organisations_progress(organisations.educational(), year, today)
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


def _progress_figures(municipality: Municipality, year: SchoolYear, today: date):
    rows, totals = _progress(municipality, year, today)
    return {"years": _years(municipality, year), "rows": rows, "totals": totals}


@login_required
def municipality_progress(request: HttpRequest, municipality_code: str) -> HttpResponse:
    """Every organisation's roadmap side by side: done, late, which ones."""
    municipality = get_municipality_for_user(request, municipality_code)
    year = _year(request)
    if year is None:
        return HttpResponseBadRequest()
    today = timezone.localdate()
    shown = {
        "municipality": municipality,
        "year": year,
        "today": today,
        "can_edit_plans": coordinates(request.user, municipality),
    }
    ctx = fragments.figures(
        "municipality-progress",
        shown,
        lambda: _progress_figures(municipality, year, today),
    )
    return render(request, "programmes/municipality_progress.html", ctx)


@login_required
def municipality_progress_xlsx(
    request: HttpRequest, municipality_code: str
) -> HttpResponse:
    municipality = get_municipality_for_user(request, municipality_code)
    year = _year(request)
    if year is None:
        return HttpResponseBadRequest()
    rows, totals = _progress(municipality, year, timezone.localdate())
    name = downloads.file_name(
        _("Roadmap progress %(year)s")
        % {"year": f"{year.start_year}-{year.start_year + 1}"},
        municipality.name,
        day=timezone.localdate(),
        extension="xlsx",
    )
    return downloads.attachment(
        exporting.progress_xlsx(rows, totals),
        name=name,
        content_type=spreadsheets.CONTENT_TYPE,
    )
