"""Access helpers for pairs and groups and their orders.

The staff of an organisation (head and curators) read and change its pairs;
municipal and regional roles see no pair (they read aggregates). Mentors and
mentees reach their own pairs through their cabinets. Every helper returns
the object or raises Http404.
"""

from __future__ import annotations

import uuid

from django.http import HttpRequest

from nastavnik.accounts.access import get_or_404, staff_organisations
from nastavnik.pairs.models import Pairing, PairingOrder


def get_pairing_for_user(request: HttpRequest, code: uuid.UUID | str) -> Pairing:
    pairings = Pairing.objects.filter(
        organisation__in=staff_organisations(request.user)
    )
    return get_or_404(
        pairings.select_related("organisation", "programme", "form"), code
    )


def get_order_for_user(request: HttpRequest, code: uuid.UUID | str) -> PairingOrder:
    orders = PairingOrder.objects.filter(
        organisation__in=staff_organisations(request.user)
    )
    return get_or_404(orders.select_related("organisation"), code)
