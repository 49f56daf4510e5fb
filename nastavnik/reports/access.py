"""Who reaches a report: the staff of its organisation (head and curators),
who write it, and the coordinator of its municipality, who reviews it.
Nobody else, not even the regional operator: the quarterly annex names
people whose consent covers the transfer to the municipal centre only.
A draft stays with the school. Every helper returns the report or raises
Http404."""

from __future__ import annotations

import uuid

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from nastavnik.accounts.access import (
    active_memberships,
    get_or_404,
    staff_organisations,
)
from nastavnik.accounts.models import STAFF_ROLES, User
from nastavnik.orgs.models import Municipality, Organisation
from nastavnik.programmes.access import coordinated_municipalities
from nastavnik.reports.models import Report

WRITE, REVIEW = "write", "review"


def _reviewable(user: User) -> Q:
    """The reports the coordinator reads: those of his municipality that the
    school has submitted at least once (a draft, and its annex of names,
    has not left the school)."""
    return Q(
        organisation__municipality__in=coordinated_municipalities(user),
        submitted_on__isnull=False,
    )


def readable_reports(user: User) -> QuerySet[Report]:
    return Report.objects.filter(
        Q(organisation__in=staff_organisations(user)) | _reviewable(user)
    )


def get_report_for_user(
    request: HttpRequest, code: uuid.UUID | str, *, to: str | None = None
) -> Report:
    """The report if the user may read it; ``to=WRITE`` its school's staff
    only, ``to=REVIEW`` its municipality's coordinator only."""
    user = request.user
    reports = {
        None: readable_reports(user),
        WRITE: Report.objects.filter(organisation__in=staff_organisations(user)),
        REVIEW: Report.objects.filter(_reviewable(user)),
    }[to]
    return get_or_404(
        reports.select_related("organisation__municipality", "created_by"), code
    )


def get_coordinated_municipality_for_user(
    request: HttpRequest, code: uuid.UUID | str
) -> Municipality:
    """The municipality if the user is its МНЦ coordinator; else 404."""
    return get_or_404(
        coordinated_municipalities(request.user).select_related("region"), code
    )


def get_coordinated_organisation_for_user(
    request: HttpRequest, code: uuid.UUID | str
) -> Organisation:
    """An educational organisation of a municipality the user coordinates;
    else 404."""
    organisations = Organisation.objects.educational().filter(
        municipality__in=coordinated_municipalities(request.user)
    )
    return get_or_404(organisations.select_related("municipality"), code)


def importable_organisations(user: User) -> QuerySet[Organisation]:
    """The organisations whose reports the user may import from a school's
    own server: the educational ones of the municipalities he coordinates,
    and those he runs (a school's own account on the municipal server, so
    that it need not hold the coordinator's token)."""
    return Organisation.objects.educational().filter(
        Q(municipality__in=coordinated_municipalities(user))
        | Q(pk__in=staff_organisations(user))
    )


def is_staff(user: User, report: Report) -> bool:
    """Whether the user writes the report, from the memberships the request
    has read already."""
    return any(
        m.role in STAFF_ROLES and m.organisation_id == report.organisation_id
        for m in active_memberships(user)
    )
