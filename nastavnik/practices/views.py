"""The best-practice bank: the curator's cases of the organisation, and the
public page of the municipality that anyone reads without logging in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nastavnik.accounts.access import get_staff_organisation_for_user
from nastavnik.lib import docx, downloads
from nastavnik.lib.forms import is_tampered
from nastavnik.people.models import Topic
from nastavnik.practices import exporting, services
from nastavnik.practices.access import (
    get_award_for_user,
    get_award_order_for_user,
    get_case_for_user,
    get_public_case,
    get_public_municipality,
)
from nastavnik.practices.forms import (
    AwardForm,
    AwardOrderForm,
    CaseForm,
    CaseSearchForm,
)
from nastavnik.practices.models import AwardOrder, Case
from nastavnik.programmes.models import MentorshipForm

PAGE_SIZE = 20


@login_required
def case_list(request: HttpRequest, org_code: str) -> HttpResponse:
    organisation = get_staff_organisation_for_user(request, org_code)
    cases = Case.objects.filter(organisation=organisation).select_related("form")
    ctx = {"organisation": organisation, "cases": cases}
    return render(request, "practices/case_list.html", ctx)


def _save_case(request: HttpRequest, form: CaseForm, case: Case) -> HttpResponse:
    """Save a valid form; a forged choice (another school's pair) is a 400."""
    if form.is_valid():
        # a published case keeps the rule of publishing: it names nobody
        # without a valid dissemination consent
        lacking = case.lacking_consent() if case.is_published else []
        if not lacking:
            case = form.save()
            messages.success(request, _("The case is saved."))
            return redirect("practices-case-detail", code=case.code)
        form.add_error(None, services.lacking_consent_message(lacking))
    elif is_tampered(form):
        return HttpResponseBadRequest()
    ctx = {"organisation": case.organisation, "form": form, "case": case}
    return render(request, "practices/case_form.html", ctx)


@login_required
def case_add(request: HttpRequest, org_code: str) -> HttpResponse:
    organisation = get_staff_organisation_for_user(request, org_code)
    case = Case(organisation=organisation, created_by=request.user)
    form = CaseForm(request.POST or None, instance=case, organisation=organisation)
    if request.method == "POST":
        return _save_case(request, form, case)
    ctx = {"organisation": organisation, "form": form, "case": None}
    return render(request, "practices/case_form.html", ctx)


@login_required
def case_edit(request: HttpRequest, code: str) -> HttpResponse:
    case = get_case_for_user(request, code)
    form = CaseForm(request.POST or None, instance=case, organisation=case.organisation)
    if request.method == "POST":
        return _save_case(request, form, case)
    ctx = {"organisation": case.organisation, "form": form, "case": case}
    return render(request, "practices/case_form.html", ctx)


@login_required
def case_detail(request: HttpRequest, code: str) -> HttpResponse:
    case = get_case_for_user(request, code)
    case = Case.objects.for_display().get(pk=case.pk)
    ctx = {
        "organisation": case.organisation,
        "case": case,
        "lacking": case.lacking_consent(),
    }
    return render(request, "practices/case_detail.html", ctx)


@login_required
@require_POST
def case_publish(request: HttpRequest, code: str) -> HttpResponse:
    case = get_case_for_user(request, code)
    try:
        services.case_publish(case=case)
    except services.Refused as refused:
        for message in refused.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The case is published."))
    return redirect("practices-case-detail", code=case.code)


@login_required
@require_POST
def case_withdraw(request: HttpRequest, code: str) -> HttpResponse:
    case = get_case_for_user(request, code)
    services.case_withdraw(case=case)
    messages.success(request, _("The case is taken off the public page."))
    return redirect("practices-case-detail", code=case.code)


def public_municipality(request: HttpRequest, municipality_code: str) -> HttpResponse:
    """The published cases of the municipality's organisations, for anyone:
    filtered by form and topic in one query, a page at a time."""
    municipality = get_public_municipality(municipality_code)
    published = Case.objects.published().of_municipality(municipality)
    search = CaseSearchForm(
        request.GET or None,
        forms_qs=MentorshipForm.objects.filter(
            pk__in=published.values("form")
        ).order_by("name"),
        topics_qs=Topic.objects.filter(pk__in=published.values("topics")).order_by(
            "position", "name"
        ),
    )
    cases = published
    if search.is_valid():
        if chosen := search.cleaned_data["form"]:
            cases = cases.filter(form=chosen)
        if chosen := search.cleaned_data["topic"]:
            cases = cases.filter(topics=chosen)
    page = Paginator(cases.for_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    ctx = {
        "municipality": municipality,
        "search": search,
        "page": page,
        "query": query.urlencode(),
    }
    return render(request, "practices/public_municipality.html", ctx)


def public_case(request: HttpRequest, code: str) -> HttpResponse:
    case = get_public_case(code)
    ctx = {"case": case, "municipality": case.organisation.municipality}
    return render(request, "practices/public_case.html", ctx)


@login_required
def award_list(request: HttpRequest, org_code: str) -> HttpResponse:
    """The award orders of the organisation, and a new one."""
    organisation = get_staff_organisation_for_user(request, org_code)
    order = AwardOrder(organisation=organisation, created_by=request.user)
    form = AwardOrderForm(request.POST or None, instance=order)
    if request.method == "POST" and form.is_valid():
        order = form.save()
        messages.success(request, _("The order is recorded: add the awards."))
        return redirect("practices-awardorder-detail", code=order.code)
    orders = AwardOrder.objects.filter(organisation=organisation).annotate(
        num_awards=Count("awards")
    )
    ctx = {"organisation": organisation, "form": form, "orders": orders}
    return render(request, "practices/award_list.html", ctx)


@login_required
def award_order_detail(request: HttpRequest, code: str) -> HttpResponse:
    """The awards of the order, and a new award to a mentor of the base."""
    order = get_award_order_for_user(request, code)
    form = AwardForm(request.POST or None, order=order)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("The award is added to the order."))
            return redirect("practices-awardorder-detail", code=order.code)
        if is_tampered(form):
            return HttpResponseBadRequest()
    ctx = {
        "organisation": order.organisation,
        "order": order,
        "form": form,
        "awards": order.awards.select_related("person"),
    }
    return render(request, "practices/award_order_detail.html", ctx)


@login_required
@require_POST
def award_delete(request: HttpRequest, code: str) -> HttpResponse:
    award = get_award_for_user(request, code)
    award.delete()
    messages.success(request, _("The award is removed from the order."))
    return redirect("practices-awardorder-detail", code=award.order.code)


@login_required
def award_order_docx(request: HttpRequest, code: str) -> HttpResponse:
    order = get_award_order_for_user(request, code)
    return downloads.attachment(
        exporting.award_order_docx(order),
        name=exporting.award_order_file_name(order),
        content_type=docx.CONTENT_TYPE,
    )
