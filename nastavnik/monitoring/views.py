"""KPI pages: the organisation's six figures with the people behind them,
the municipality's organisations side by side, and the denominators each
level enters per school year; the organisation's dashboard."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from nastavnik.accounts.access import (
    get_municipality_for_user,
    get_region_for_user,
    get_staff_organisation_for_user,
)
from nastavnik.lib import docx, downloads, fragments
from nastavnik.lib.dates import SchoolYear
from nastavnik.monitoring import dashboard, impact, kpis, note, quality
from nastavnik.monitoring.forms import (
    DateForm,
    DenominatorsForm,
    NoteForm,
    TargetsForm,
)
from nastavnik.monitoring.models import Denominators
from nastavnik.orgs.models import Municipality, Organisation, Region
from nastavnik.programmes.access import coordinates
from nastavnik.programmes.models import Programme
from nastavnik.surveys.models import Kind


def _day(request: HttpRequest) -> tuple[date, DateForm]:
    """The day asked for in ``?on=``, or today when none or a wrong one
    (the form then shows why)."""
    today = timezone.localdate()
    if "on" not in request.GET:
        return today, DateForm(initial={"on": today})
    form = DateForm(request.GET)
    return (form.cleaned_data["on"] if form.is_valid() else today), form


@login_required
def organisation_kpis(request: HttpRequest, org_code: str) -> HttpResponse:
    organisation = get_staff_organisation_for_user(request, org_code)
    on, date_form = _day(request)
    data = kpis.for_organisation(organisation, on)
    period = data["period"]
    shown = request.GET.get("show", "")
    behind = None
    if shown in {"1", "2", "3", "4"}:
        behind = kpis.people_behind(
            organisation, int(shown), period.since, on, period.reference
        )
        behind = {"indicator": kpis.INDICATORS[int(shown) - 1], "people": behind}
    ctx = {
        "organisation": organisation,
        "date_form": date_form,
        "on": on,
        **data,
        "behind": behind,
        "before_programme": not Programme.objects.filter(
            organisation=organisation, school_year__lte=period.school_year.start_year
        ).exists(),
    }
    return render(request, "monitoring/organisation_kpis.html", ctx)


@login_required
def organisation_dashboard(request: HttpRequest, org_code: str) -> HttpResponse:
    """Today's figures of the school year at a glance; the KPI page has them
    on any date, with the people behind them."""
    organisation = get_staff_organisation_for_user(request, org_code)
    today = timezone.localdate()
    ctx = fragments.figures(
        "organisation-dashboard",
        {"organisation": organisation, "today": today},
        lambda: _dashboard_figures(organisation, today),
    )
    return render(request, "monitoring/organisation_dashboard.html", ctx)


def _dashboard_figures(organisation: Organisation, today: date) -> dict:
    year = SchoolYear.of(today)
    satisfaction = [
        (label, dashboard.satisfaction(organisation, kind, year.start, today))
        for label, kind in (
            (_("Mentees"), Kind.SATISFACTION_MENTEE),
            (_("Mentors"), Kind.SATISFACTION_MENTOR),
        )
    ]
    return {
        "year": year,
        "kpis": kpis.for_organisation(organisation, today),
        "by_status": dashboard.pairs_by_status(organisation, year),
        "by_form": dashboard.pairs_by_form(organisation, year),
        "meetings": dashboard.meetings_by_month(organisation, year),
        "satisfaction": satisfaction,
        "programmes": dashboard.programmes_progress(organisation, year, today),
        "survival": dashboard.survival(organisation, today),
    }


@login_required
def organisation_impact(request: HttpRequest, org_code: str) -> HttpResponse:
    """Stage 2: the change of each parameter of the entry and exit
    questionnaires over the school year, overall and per form, and on demand
    the people behind one parameter."""
    organisation = get_staff_organisation_for_user(request, org_code)
    year = _year(request)
    parameter = request.GET.get("parameter", "")
    ctx = fragments.figures(
        "organisation-impact",
        {"organisation": organisation, "year": year, "parameter": parameter},
        lambda: _impact_figures(organisation, year, parameter),
    )
    return render(request, "monitoring/impact.html", ctx)


def _impact_figures(organisation: Organisation, year: SchoolYear, shown: str) -> dict:
    data = impact.for_organisation(organisation, year)
    behind = None
    for item in data["changes"]:
        if item.parameter == shown:
            behind = {
                "label": item.label,
                "parameter": item.parameter,
                "people": impact.people_behind(item, data["forms"]),
            }
    return {"rows": data["rows"], "by_form": data["by_form"], "behind": behind}


@login_required
def organisation_quality(request: HttpRequest, org_code: str) -> HttpResponse:
    """Stage 1: the curator's SWOT analyses and curator questionnaires of the
    school year, intermediate and final, on a page that prints."""
    organisation = get_staff_organisation_for_user(request, org_code)
    year = _year(request)
    ctx = fragments.figures(
        "organisation-quality",
        {"organisation": organisation, "year": year},
        lambda: _quality_figures(organisation, year),
    )
    return render(request, "monitoring/quality.html", ctx)


def _quality_figures(organisation: Organisation, year: SchoolYear) -> dict:
    found = quality.analyses(organisation, year)
    return {
        "swot": [a for a in found if a.kind == Kind.SWOT],
        "curator": [a for a in found if a.kind == Kind.CURATOR],
    }


@login_required
def organisation_note(request: HttpRequest, org_code: str) -> HttpResponse:
    """The analytical note of today, as DOCX: the form asks what it is about
    and for the curator's conclusions."""
    organisation = get_staff_organisation_for_user(request, org_code)
    today = timezone.localdate()
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return downloads.attachment(
            note.analytical_note_docx(
                organisation,
                today,
                form.cleaned_data["subject"],
                form.cleaned_data["conclusions"],
            ),
            name=note.note_file_name(organisation, today),
            content_type=docx.CONTENT_TYPE,
        )
    ctx = {
        "organisation": organisation,
        "form": form,
        "today": today,
        "year": SchoolYear.of(today),
    }
    return render(request, "monitoring/note_form.html", ctx)


def _year(request: HttpRequest) -> SchoolYear:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return SchoolYear.current()
    if not 2000 <= year <= 2100:
        raise Http404
    return SchoolYear(year)


def _denominators_page(
    request: HttpRequest, instance: Denominators, own: dict, back: str, title: str
) -> HttpResponse:
    form = DenominatorsForm(
        request.POST or None,
        instance=instance,
        own=own,
        initial=own if instance.pk is None else None,
    )
    if request.method == "POST" and form.is_valid():
        denominators = form.save(commit=False)
        denominators.updated_by = request.user
        denominators.save()
        messages.success(request, _("The denominators are saved."))
        return redirect(back)
    return render(
        request,
        "monitoring/denominators_form.html",
        {
            "form": form,
            "title": title,
            "back": back,
            "year": SchoolYear(instance.school_year),
        },
    )


@login_required
def organisation_denominators(request: HttpRequest, org_code: str) -> HttpResponse:
    organisation = get_staff_organisation_for_user(request, org_code)
    year = _year(request)
    instance = Denominators.objects.filter(
        organisation=organisation, school_year=year.start_year
    ).first() or Denominators(
        organisation=organisation,
        school_year=year.start_year,
        reference_date=Denominators.default_reference_date(year.start_year),
    )
    own = kpis.own_lists(organisation, instance.reference_date)
    back = reverse("monitoring-organisation-kpis", args=[organisation.code])
    return _denominators_page(request, instance, own, back, organisation.short_name)


def _day_shown(request: HttpRequest) -> tuple[date, DateForm]:
    """``_day(request)`` for a page that writes its date form inside its
    cached part: with no ``?on=`` the form is made only when that part is
    written (its key holds the day and ``?on=`` as sent, all the form shows)."""
    if "on" in request.GET:
        return _day(request)
    today = timezone.localdate()
    return today, SimpleLazyObject(lambda: DateForm(initial={"on": today}))


@login_required
def municipality_kpis(request: HttpRequest, municipality_code: str) -> HttpResponse:
    municipality = get_municipality_for_user(request, municipality_code)
    on, date_form = _day_shown(request)
    shown = {
        "municipality": municipality,
        "on": on,
        "sent": request.GET.get("on"),
        "can_edit": coordinates(request.user, municipality),
    }
    ctx = fragments.figures(
        "municipality-kpis", shown, lambda: kpis.for_municipality(municipality, on)
    )
    ctx["date_form"] = date_form
    return render(request, "monitoring/municipality_kpis.html", ctx)


@login_required
def municipality_denominators(
    request: HttpRequest, municipality_code: str
) -> HttpResponse:
    """The coordinator enters the municipality's denominators; the regional
    operator reads them on the KPI page."""
    municipality = get_municipality_for_user(request, municipality_code)
    if not coordinates(request.user, municipality):
        raise Http404
    year = _year(request)
    instance = Denominators.objects.filter(
        municipality=municipality, school_year=year.start_year
    ).first() or Denominators(
        municipality=municipality,
        school_year=year.start_year,
        reference_date=Denominators.default_reference_date(year.start_year),
    )
    own = kpis.sum_of_organisations(municipality, year.start_year)
    back = reverse("monitoring-municipality-kpis", args=[municipality.code])
    return _denominators_page(request, instance, own, back, municipality.name)


@login_required
def region_kpis(request: HttpRequest, region_code: str) -> HttpResponse:
    """The regional operator's page: the region's six figures and each
    municipality's, against its own denominators and targets."""
    region = get_region_for_user(request, region_code)
    on, date_form = _day_shown(request)
    shown = {"region": region, "on": on, "sent": request.GET.get("on")}
    ctx = fragments.figures("region-kpis", shown, lambda: kpis.for_region(region, on))
    ctx["date_form"] = date_form
    return render(request, "monitoring/region_kpis.html", ctx)


@login_required
def region_denominators(request: HttpRequest, region_code: str) -> HttpResponse:
    region = get_region_for_user(request, region_code)
    year = _year(request)
    instance = Denominators.objects.filter(
        region=region, school_year=year.start_year
    ).first() or Denominators(
        region=region,
        school_year=year.start_year,
        reference_date=Denominators.default_reference_date(year.start_year),
    )
    own = kpis.sum_of_municipalities(region, year.start_year)
    back = reverse("monitoring-region-kpis", args=[region.code])
    return _denominators_page(request, instance, own, back, region.name)


def _targets_page(
    request: HttpRequest, level: Municipality | Region, back: str
) -> HttpResponse:
    try:
        year = int(request.GET.get("year", timezone.localdate().year))
    except ValueError:
        raise Http404 from None
    if not 2000 <= year <= 2100:
        raise Http404
    field = "municipality" if isinstance(level, Municipality) else "region"
    form = TargetsForm(
        request.POST or None,
        level={field: level},
        year=year,
        indicators=kpis.INDICATORS,
        inherited=kpis.inherited_targets(level, year),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request, _("The targets of %(year)s are saved.") % {"year": year}
        )
        return redirect(back)
    return render(
        request,
        "monitoring/targets_form.html",
        {"form": form, "level": level, "year": year, "back": back},
    )


@login_required
def municipality_targets(request: HttpRequest, municipality_code: str) -> HttpResponse:
    """The coordinator sets the municipality's own targets of a year."""
    municipality = get_municipality_for_user(request, municipality_code)
    if not coordinates(request.user, municipality):
        raise Http404
    back = reverse("monitoring-municipality-kpis", args=[municipality.code])
    return _targets_page(request, municipality, back)


@login_required
def region_targets(request: HttpRequest, region_code: str) -> HttpResponse:
    """The regional operator sets the region's targets of a year."""
    region = get_region_for_user(request, region_code)
    back = reverse("monitoring-region-kpis", args=[region.code])
    return _targets_page(request, region, back)
