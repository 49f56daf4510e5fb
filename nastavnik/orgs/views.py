from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from nastavnik.accounts.access import (
    get_organisation_for_user,
    get_staff_organisation_for_user,
    is_staff_of,
)
from nastavnik.accounts.models import STAFF_ROLES, Membership
from nastavnik.lib.forms import is_tampered
from nastavnik.orgs.forms import OrganisationForm


@login_required
def detail(request: HttpRequest, code: str) -> HttpResponse:
    """The organisation's card: staff and the municipal and regional overseers."""
    organisation = get_organisation_for_user(request, code)
    team = (
        Membership.objects.active()
        .filter(organisation=organisation, role__in=STAFF_ROLES)
        .select_related("user")
        .order_by("role", "user__last_name")
    )
    ctx = {
        "organisation": organisation,
        "team": team,
        "can_edit": is_staff_of(request.user, organisation),
    }
    return render(request, "orgs/detail.html", ctx)


@login_required
def edit(request: HttpRequest, code: str) -> HttpResponse:
    organisation = get_staff_organisation_for_user(request, code)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("The organisation's details are saved."))
            return redirect("orgs-organisation-detail", code=organisation.code)
        if is_tampered(form):
            return HttpResponseBadRequest()
    ctx = {"organisation": organisation, "form": form}
    return render(request, "orgs/edit.html", ctx)
