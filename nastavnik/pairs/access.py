"""Access helpers for pairs and groups and their orders.

The staff of an organisation (head and curators) read and change its pairs;
municipal and regional roles see no pair (they read aggregates). Mentors and
mentees reach their own pairs through their cabinets. Every helper returns
the object or raises Http404.
"""

from __future__ import annotations

import uuid

from django.db.models import Q
from django.http import Http404, HttpRequest

from nastavnik.accounts.access import (
    get_or_404,
    get_staff_row_or_404,
    staff_organisations,
)
from nastavnik.pairs.models import Meeting, Pairing, PairingMember, PairingOrder
from nastavnik.people.models import Person


def get_pairing_for_user(request: HttpRequest, code: uuid.UUID | str) -> Pairing:
    """A pair of the organisations the user is staff of, with its programme
    and form; its organisation is the one the request's memberships hold
    already (with its municipality and region)."""
    return get_staff_row_or_404(request, _pairing_by_code, code)


def _pairing_by_code(code: uuid.UUID):
    return Pairing.objects.select_related("programme", "form").filter(code=code)


def get_mentor_of_pairing(pairing: Pairing, code: uuid.UUID | str) -> Person:
    """A current mentor of ``pairing`` (fetched through an access helper
    first), by the person's public id; anyone else gives Http404."""
    mentors = Person.objects.filter(
        pairings__pairing=pairing,
        pairings__role=PairingMember.Role.MENTOR,
        pairings__until__isnull=True,
    )
    return get_or_404(mentors.select_related("organisation"), code)


def get_order_for_user(request: HttpRequest, code: uuid.UUID | str) -> PairingOrder:
    orders = PairingOrder.objects.filter(
        organisation__in=staff_organisations(request.user)
    )
    return get_or_404(orders.select_related("organisation"), code)


def get_meeting_for_user(request: HttpRequest, code: uuid.UUID | str) -> Meeting:
    """A meeting of a pair of the organisations the user is staff of."""
    meetings = Meeting.objects.filter(
        pairing__organisation__in=staff_organisations(request.user)
    )
    return get_or_404(
        meetings.select_related("pairing__organisation", "pairing__form"), code
    )


def _member_of(request: HttpRequest, prefix: str = "") -> dict:
    """The filter on a pair's current members for the user's own person."""
    if not request.user.is_authenticated:
        raise Http404
    return {
        f"{prefix}members__person__user": request.user,
        f"{prefix}members__until__isnull": True,
    }


def get_pairing_for_member(
    request: HttpRequest, code: uuid.UUID | str, role: str | None = None
) -> Pairing:
    """A pair the user is a current member of (in ``role`` if given)."""
    filters = _member_of(request)
    if role:
        filters["members__role"] = role
    pairings = Pairing.objects.filter(**filters).distinct()
    return get_or_404(pairings.select_related("organisation", "form"), code)


def get_meeting_for_member(request: HttpRequest, code: uuid.UUID | str) -> Meeting:
    """A meeting of a pair the user is a current member of."""
    meetings = Meeting.objects.filter(**_member_of(request, "pairing__")).distinct()
    return get_or_404(
        meetings.select_related("pairing__organisation", "pairing__form"), code
    )


def get_pairing_for_mentor_or_staff(
    request: HttpRequest, code: uuid.UUID | str
) -> Pairing:
    """The pair, for the staff of its organisation or a current mentor of it
    (the mentor keeps the personalised programme and the meeting log)."""
    user = request.user
    mine = Q(organisation__in=staff_organisations(user))
    if user.is_authenticated:
        mine |= Q(
            members__person__user=user,
            members__role=PairingMember.Role.MENTOR,
            members__until__isnull=True,
        )
    pairings = Pairing.objects.filter(
        pk__in=Pairing.objects.filter(mine).values("pk")
    ).select_related("organisation", "programme", "form")
    return get_or_404(pairings, code)


def is_staff_of_pairing(request: HttpRequest, pairing: Pairing) -> bool:
    return staff_organisations(request.user).filter(pk=pairing.organisation_id).exists()


def get_meeting_for_staff_or_member(
    request: HttpRequest, code: uuid.UUID | str
) -> Meeting:
    """A meeting for the staff of its organisation and the current members of
    its pair (its calendar file); anyone else gets Http404."""
    mine = PairingMember.objects.filter(person__user=request.user, until__isnull=True)
    meetings = Meeting.objects.filter(
        Q(pairing__organisation__in=staff_organisations(request.user))
        | Q(pairing__in=mine.values("pairing"))
    )
    return get_or_404(meetings, code)
