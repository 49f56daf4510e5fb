"""Access helpers for matching runs: the staff of an organisation (head and
curators) read and change its runs; anyone else gets Http404."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest

from nastavnik.accounts.access import get_or_404, staff_organisations
from nastavnik.matching.models import Proposal, Run


def get_run_for_user(request: HttpRequest, code: uuid.UUID | str) -> Run:
    runs = Run.objects.filter(organisation__in=staff_organisations(request.user))
    return get_or_404(
        runs.select_related("organisation", "programme", "form", "order"), code
    )


def get_proposal_of_run(run: Run, mentee_code: uuid.UUID | str) -> Proposal:
    """The proposal of ``run`` (fetched through ``get_run_for_user``) for the
    mentee with this public id."""
    try:
        return run.proposals.select_related("mentee", "mentor").get(
            mentee__code=mentee_code
        )
    except (Proposal.DoesNotExist, ValueError):
        raise Http404 from None
