"""Access helpers for the best-practice bank.

The staff of an organisation (head and curators) write and publish its
cases; anyone, without logging in, reads the published cases of a
municipality. Every helper returns the object or raises Http404.
"""

from __future__ import annotations

import uuid

from django.http import HttpRequest

from nastavnik.accounts.access import get_or_404, staff_organisations
from nastavnik.orgs.models import Municipality
from nastavnik.practices.models import Award, AwardOrder, Case


def get_case_for_user(request: HttpRequest, code: uuid.UUID | str) -> Case:
    cases = Case.objects.filter(organisation__in=staff_organisations(request.user))
    return get_or_404(cases.select_related("organisation", "form", "pairing"), code)


def get_public_municipality(code: uuid.UUID | str) -> Municipality:
    """Any municipality: its page shows published cases only."""
    return get_or_404(Municipality.objects.select_related("region"), code)


def get_public_case(code: uuid.UUID | str) -> Case:
    """A published case, for anyone; a draft looks like no case at all."""
    return get_or_404(
        Case.objects.published()
        .for_display()
        .select_related("organisation__municipality"),
        code,
    )


def get_award_order_for_user(request: HttpRequest, code: uuid.UUID | str) -> AwardOrder:
    orders = AwardOrder.objects.filter(
        organisation__in=staff_organisations(request.user)
    )
    return get_or_404(orders.select_related("organisation__municipality"), code)


def get_award_for_user(request: HttpRequest, code: uuid.UUID | str) -> Award:
    awards = Award.objects.filter(
        order__organisation__in=staff_organisations(request.user)
    )
    return get_or_404(awards.select_related("order"), code)
