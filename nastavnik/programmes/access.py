"""Access helpers for programmes and roadmaps.

- The staff of an organisation (head and curators) read and change its
  programmes and roadmap.
- The coordinator of a municipality reads the roadmaps of its organisations
  (aggregates and the drill-down into each roadmap: roadmaps name no pupils)
  and reads and changes the municipal plan; the regional operator reads both.
- Mentors and mentees see no roadmap.
Every helper returns the object or raises Http404.
"""

from __future__ import annotations

import uuid

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from nastavnik.accounts.access import (
    active_memberships,
    get_by_code_or_404,
    get_or_404,
    overseen_municipalities,
    overseen_organisations,
    staff_organisations,
)
from nastavnik.accounts.models import STAFF_ROLES, Role, User
from nastavnik.orgs.models import Municipality
from nastavnik.programmes.models import Evidence, Item, Programme, Roadmap, Stage


def coordinated_municipalities(user: User) -> QuerySet[Municipality]:
    """Municipalities whose own plan the user runs: their МНЦ coordinator."""
    municipalities = [
        m.municipality_id for m in active_memberships(user) if m.role == Role.MUNICIPAL
    ]
    return Municipality.objects.filter(pk__in=municipalities)


def coordinates(user: User, municipality: Municipality) -> bool:
    """Whether the user is the municipality's МНЦ coordinator (from the
    memberships the request has read: no query)."""
    return any(
        m.role == Role.MUNICIPAL and m.municipality_id == municipality.pk
        for m in active_memberships(user)
    )


def readable_programmes(user: User) -> QuerySet[Programme]:
    return Programme.objects.filter(organisation__in=overseen_organisations(user))


def editable_programmes(user: User) -> QuerySet[Programme]:
    return Programme.objects.filter(organisation__in=staff_organisations(user))


def readable_roadmaps(user: User) -> QuerySet[Roadmap]:
    return Roadmap.objects.filter(
        Q(programme__organisation__in=overseen_organisations(user))
        | Q(municipality__in=overseen_municipalities(user))
    )


def editable_roadmaps(user: User) -> QuerySet[Roadmap]:
    return Roadmap.objects.filter(
        Q(programme__organisation__in=staff_organisations(user))
        | Q(municipality__in=coordinated_municipalities(user))
    )


def can_edit(user: User, roadmap: Roadmap) -> bool:
    """Whether ``editable_roadmaps(user)`` holds the roadmap, from the
    memberships the request has read: no query."""
    if roadmap.programme_id is not None:
        organisation_id = roadmap.programme.organisation_id
        return any(
            m.role in STAFF_ROLES and m.organisation_id == organisation_id
            for m in active_memberships(user)
        )
    return roadmap.municipality_id is not None and any(
        m.role == Role.MUNICIPAL and m.municipality_id == roadmap.municipality_id
        for m in active_memberships(user)
    )


def get_programme_for_user(
    request: HttpRequest, code: uuid.UUID | str, *, edit: bool = False
) -> Programme:
    programmes = (editable_programmes if edit else readable_programmes)(request.user)
    return get_or_404(programmes.select_related("organisation__municipality"), code)


def can_read(user: User, roadmap: Roadmap) -> bool:
    """Whether ``readable_roadmaps(user)`` holds the roadmap (its
    ``programme.organisation.municipality`` or ``municipality`` loaded), from
    the memberships the request has read: no query."""
    memberships = active_memberships(user)
    municipal = {m.municipality_id for m in memberships if m.role == Role.MUNICIPAL}
    regional = {m.region_id for m in memberships if m.role == Role.REGIONAL}
    municipal.discard(None)
    regional.discard(None)
    if roadmap.programme_id is not None:
        organisation = roadmap.programme.organisation
        municipality = organisation.municipality
        return (
            any(
                m.role in STAFF_ROLES and m.organisation_id == organisation.pk
                for m in memberships
            )
            or organisation.municipality_id in municipal
            or (municipality is not None and municipality.region_id in regional)
        )
    municipality = roadmap.municipality
    return municipality is not None and (
        municipality.pk in municipal or municipality.region_id in regional
    )


# What ``can_read`` and ``can_edit`` look at, read with the roadmap.
_WHOSE = ("programme__organisation__municipality", "municipality__region")


def _allowed_or_404(user: User, roadmap: Roadmap, *, edit: bool) -> None:
    if not (can_edit if edit else can_read)(user, roadmap):
        raise Http404


def get_roadmap_for_user(
    request: HttpRequest, code: uuid.UUID | str, *, edit: bool = False
) -> Roadmap:
    """The roadmap by its code, or 404 unless the user may read it (change
    it with ``edit``): ``readable_roadmaps`` and ``editable_roadmaps`` as
    judged from the request's memberships, so that the one query is simple.
    The stage, item and evidence helpers below judge their roadmap the same
    way."""
    roadmap = get_by_code_or_404(_roadmap_by_code, code)
    _allowed_or_404(request.user, roadmap, edit=edit)
    return roadmap


def _roadmap_by_code(code: uuid.UUID) -> QuerySet[Roadmap]:
    return Roadmap.objects.select_related(*_WHOSE).filter(code=code)


def get_stage_for_user(
    request: HttpRequest, code: uuid.UUID | str, *, edit: bool = False
) -> Stage:
    whose = [f"roadmap__{path}" for path in _WHOSE]
    stage = get_or_404(Stage.objects.select_related(*whose), code)
    _allowed_or_404(request.user, stage.roadmap, edit=edit)
    return stage


def get_item_for_user(
    request: HttpRequest, code: uuid.UUID | str, *, edit: bool = False
) -> Item:
    item = get_by_code_or_404(_item_by_code, code)
    _allowed_or_404(request.user, item.stage.roadmap, edit=edit)
    return item


def _item_by_code(code: uuid.UUID) -> QuerySet[Item]:
    whose = [f"stage__roadmap__{path}" for path in _WHOSE]
    return Item.objects.select_related(*whose).filter(code=code)


def get_evidence_for_user(
    request: HttpRequest, code: uuid.UUID | str, *, edit: bool = False
) -> Evidence:
    whose = [f"item__stage__roadmap__{path}" for path in _WHOSE]
    evidence = get_or_404(Evidence.objects.select_related(*whose), code)
    _allowed_or_404(request.user, evidence.item.stage.roadmap, edit=edit)
    return evidence
