"""Access helpers: every view fetches tenant-owned rows through these.

Two levels of access to an organisation:
- *staff* (its head and curators) read and change its people and programme;
- *overseers* (the coordinator of its municipality, the operator of its region)
  read its aggregates only, never per-person data.
Each ``get_*_for_user`` returns the object or raises Http404, so that another
tenant's ids look exactly like ids that do not exist.
"""

from __future__ import annotations

import uuid

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from nastavnik.accounts.models import STAFF_ROLES, Membership, Role, User
from nastavnik.orgs.models import Municipality, Organisation, Region


def memberships_of(user: User) -> QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.active().filter(user=user).with_scope()


def staff_organisations(user: User) -> QuerySet[Organisation]:
    """Organisations whose people and programme the user may read and change."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user,
        memberships__role__in=STAFF_ROLES,
        memberships__is_active=True,
    ).distinct()


def overseen_organisations(user: User) -> QuerySet[Organisation]:
    """Organisations whose aggregates the user may read: staff or overseer."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    mine = Membership.objects.active().filter(user=user)
    return Organisation.objects.filter(
        Q(pk__in=mine.filter(role__in=STAFF_ROLES).values("organisation"))
        | Q(municipality__in=mine.filter(role=Role.MUNICIPAL).values("municipality"))
        | Q(municipality__region__in=mine.filter(role=Role.REGIONAL).values("region"))
    )


def overseen_municipalities(user: User) -> QuerySet[Municipality]:
    if not user.is_authenticated:
        return Municipality.objects.none()
    mine = Membership.objects.active().filter(user=user)
    return Municipality.objects.filter(
        Q(pk__in=mine.filter(role=Role.MUNICIPAL).values("municipality"))
        | Q(region__in=mine.filter(role=Role.REGIONAL).values("region"))
    )


def overseen_regions(user: User) -> QuerySet[Region]:
    if not user.is_authenticated:
        return Region.objects.none()
    mine = Membership.objects.active().filter(user=user, role=Role.REGIONAL)
    return Region.objects.filter(pk__in=mine.values("region"))


def get_or_404(queryset: QuerySet, code: uuid.UUID | str):
    """The row of ``queryset`` with this public id, or Http404 (also for a
    malformed id): other tenants' ids look like ids that do not exist."""
    try:
        return queryset.get(code=code)
    except (queryset.model.DoesNotExist, ValueError):
        raise Http404 from None


def get_staff_organisation_for_user(
    request: HttpRequest, code: uuid.UUID | str
) -> Organisation:
    """The organisation, if the user is its head or curator; else 404."""
    return get_or_404(
        staff_organisations(request.user).select_related("municipality__region"),
        code,
    )


def get_organisation_for_user(
    request: HttpRequest, code: uuid.UUID | str
) -> Organisation:
    """The organisation, if the user may read at least its aggregates; else 404."""
    return get_or_404(
        overseen_organisations(request.user).select_related("municipality__region"),
        code,
    )


def get_municipality_for_user(
    request: HttpRequest, code: uuid.UUID | str
) -> Municipality:
    return get_or_404(
        overseen_municipalities(request.user).select_related("region"), code
    )


def get_region_for_user(request: HttpRequest, code: uuid.UUID | str) -> Region:
    return get_or_404(overseen_regions(request.user), code)


def is_staff_of(user: User, organisation: Organisation) -> bool:
    return staff_organisations(user).filter(pk=organisation.pk).exists()
