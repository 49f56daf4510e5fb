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
from collections.abc import Callable, Iterable

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from nastavnik.accounts.models import STAFF_ROLES, Membership, Role, User
from nastavnik.lib import prepared
from nastavnik.orgs.models import Municipality, Organisation, Region


def memberships_of(user: User) -> QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    return _active_with_scope(user.pk)


def _active_with_scope(user_id: int) -> QuerySet[Membership]:
    return Membership.objects.active().filter(user=user_id).with_scope()


def read_active_memberships(user: User) -> list[Membership]:
    """``memberships_of(user)`` as a list, by SQL compiled once per process:
    every page reads them, and building the query with its three joins cost
    more than the rest of a light page's queries."""
    if not user.is_authenticated:
        return []
    return prepared.objects(_active_with_scope, user_id=user.pk)


def active_memberships(user: User) -> list[Membership]:
    """The user's active memberships. The middleware reads them once per
    request and keeps them on ``request.user``; every helper below takes the
    ids it needs from them, so that a page does not ask the database again for
    each scope it checks."""
    if not user.is_authenticated:
        return []
    known = getattr(user, ACTIVE_MEMBERSHIPS, None)
    if known is None:
        known = read_active_memberships(user)
    return known


# The attribute of request.user that holds active_memberships() for a request.
ACTIVE_MEMBERSHIPS = "_active_memberships"


def _ids(user: User, field: str, roles: Iterable[str]) -> list[int]:
    """The ``field`` ids (organisation, municipality, region) of the user's
    active memberships in ``roles``."""
    return [
        getattr(m, f"{field}_id")
        for m in active_memberships(user)
        if m.role in roles and getattr(m, f"{field}_id") is not None
    ]


def staff_organisations(user: User) -> QuerySet[Organisation]:
    """Organisations whose people and programme the user may read and change."""
    return Organisation.objects.filter(pk__in=_ids(user, "organisation", STAFF_ROLES))


def staff_organisations_by_id(user: User) -> dict[int, Organisation]:
    """``staff_organisations(user)`` from the memberships the request has
    read (each with its municipality and region), by id: no query."""
    return {
        m.organisation_id: m.organisation
        for m in active_memberships(user)
        if m.role in STAFF_ROLES and m.organisation_id is not None
    }


def overseen_organisations(user: User) -> QuerySet[Organisation]:
    """Organisations whose aggregates the user may read: staff or overseer."""
    return Organisation.objects.filter(
        Q(pk__in=_ids(user, "organisation", STAFF_ROLES))
        | Q(municipality__in=_ids(user, "municipality", [Role.MUNICIPAL]))
        | Q(municipality__region__in=_ids(user, "region", [Role.REGIONAL]))
    )


def overseen_municipalities(user: User) -> QuerySet[Municipality]:
    return Municipality.objects.filter(
        Q(pk__in=_ids(user, "municipality", [Role.MUNICIPAL]))
        | Q(region__in=_ids(user, "region", [Role.REGIONAL]))
    )


def overseen_regions(user: User) -> QuerySet[Region]:
    return Region.objects.filter(pk__in=_ids(user, "region", [Role.REGIONAL]))


def get_or_404(queryset: QuerySet, code: uuid.UUID | str):
    """The row of ``queryset`` with this public id, or Http404 (also for a
    malformed id): other tenants' ids look like ids that do not exist."""
    try:
        return queryset.get(code=code)
    except (queryset.model.DoesNotExist, ValueError):
        raise Http404 from None


def get_by_code_or_404(build: Callable[[uuid.UUID], QuerySet], code: uuid.UUID | str):
    """The row of ``build(code)`` (a function of the module: it keys the
    query, compiled once per process), or Http404, also for a malformed code.
    For a page's object read on every request; the caller then judges
    whether the user may have it, and answers 404 the same way if not."""
    try:
        wanted = uuid.UUID(str(code))
    except ValueError:
        raise Http404 from None
    found = prepared.objects(build, code=wanted)
    if not found:
        raise Http404
    return found[0]


def get_staff_row_or_404(
    request: HttpRequest, build: Callable[[uuid.UUID], QuerySet], code: uuid.UUID | str
):
    """``get_by_code_or_404(build, code)`` when its row belongs to an
    organisation the user is staff of, else Http404 (as for a code that does
    not exist); its organisation is the one of the request's memberships."""
    organisations = staff_organisations_by_id(request.user)
    row = get_by_code_or_404(build, code)
    if row.organisation_id not in organisations:
        raise Http404
    row.organisation = organisations[row.organisation_id]
    return row


def get_staff_organisation_for_user(
    request: HttpRequest, code: uuid.UUID | str
) -> Organisation:
    """The organisation, if the user is its head or curator; else 404. It
    comes from the memberships the request has read already (with its
    municipality and region), so a page asks the database nothing more."""
    try:
        wanted = uuid.UUID(str(code))
    except ValueError:
        raise Http404 from None
    for membership in active_memberships(request.user):
        organisation = membership.organisation
        if (
            membership.role in STAFF_ROLES
            and organisation is not None
            and organisation.code == wanted
        ):
            return organisation
    raise Http404


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
    """A municipality the user oversees (with its region). Its coordinator
    finds it among the memberships the request has read, with no query; a
    regional operator's is looked up among their region's."""
    found = _scope_of_memberships(request, Role.MUNICIPAL, "municipality", code)
    if found is not None:
        return found
    return get_or_404(
        overseen_municipalities(request.user).select_related("region"), code
    )


def get_region_for_user(request: HttpRequest, code: uuid.UUID | str) -> Region:
    """A region the user is a regional operator of: from the memberships the
    request has read (``overseen_regions``' rule), with no query."""
    found = _scope_of_memberships(request, Role.REGIONAL, "region", code)
    if found is None:
        raise Http404
    return found


def _scope_of_memberships(
    request: HttpRequest, role: str, field: str, code: uuid.UUID | str
):
    """The ``field`` (municipality, region) with this public id of one of the
    user's active memberships in ``role``, or None."""
    wanted = _code_or_404(code)
    for membership in active_memberships(request.user):
        if membership.role == role and getattr(membership, f"{field}_id"):
            scope = getattr(membership, field)
            if scope.code == wanted:
                return scope
    return None


def _code_or_404(code: uuid.UUID | str) -> uuid.UUID:
    """A public id as a UUID; a malformed one is an id that does not exist."""
    try:
        return uuid.UUID(str(code))
    except ValueError:
        raise Http404 from None


def is_staff_of(user: User, organisation: Organisation) -> bool:
    return staff_organisations(user).filter(pk=organisation.pk).exists()
