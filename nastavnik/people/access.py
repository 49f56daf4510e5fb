"""Access helpers for people and their consents.

People are read and changed by the staff of their organisation only (its head
and curators); sensitive categories by its curators only. Municipal and
regional roles never reach a person: they read aggregates.
"""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest

from nastavnik.accounts.access import (
    get_or_404,
    get_staff_row_or_404,
    staff_organisations,
)
from nastavnik.accounts.models import Role, User
from nastavnik.orgs.models import Organisation
from nastavnik.people.models import Consent, ImportBatch, Person


def can_see_sensitive(request: HttpRequest, organisation: Organisation) -> bool:
    """Only the organisation's curators see ОВЗ, «на учёте» and the like.

    Read from the user's active memberships, which the accounts middleware
    keeps for the request (``request.memberships``).
    """
    return any(
        membership.role == Role.CURATOR
        and membership.organisation_id == organisation.pk
        for membership in request.memberships
    )


def people_of(user: User):
    """Everyone the user may read: the people of the organisations they run."""
    return Person.objects.filter(organisation__in=staff_organisations(user))


def get_person_for_user(request: HttpRequest, code: uuid.UUID | str) -> Person:
    return get_or_404(people_of(request.user).select_related("organisation"), code)


def get_person_card_for_user(request: HttpRequest, code: uuid.UUID | str) -> Person:
    """The person, read from their table alone: their organisation is the
    one of the user's memberships (read for the request already) that lets
    the user see them; the card reads their profiles when it writes itself."""
    return get_staff_row_or_404(request, _person_by_code, code)


def _person_by_code(code: uuid.UUID):
    return Person.objects.filter(code=code)


def get_person_for_curator(request: HttpRequest, code: uuid.UUID | str) -> Person:
    """The person, for a curator of their organisation (special categories);
    404 for anyone else, the head included."""
    person = get_person_for_user(request, code)
    if not can_see_sensitive(request, person.organisation):
        raise Http404
    return person


def get_consent_for_user(request: HttpRequest, code: uuid.UUID | str) -> Consent:
    consents = Consent.objects.filter(person__in=people_of(request.user))
    return get_or_404(consents.select_related("person__organisation", "signer"), code)


def get_import_for_user(request: HttpRequest, code: uuid.UUID | str) -> ImportBatch:
    imports = ImportBatch.objects.filter(
        organisation__in=staff_organisations(request.user)
    )
    return get_or_404(imports.select_related("organisation"), code)
