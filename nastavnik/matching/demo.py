"""Demo data of matching: at the demo school, a run of the form «учитель —
ученик» whose curator locked two pairs, ran it again, kept four pairs for
now and approved them: they are confirmed and listed in a draft order. The
other mentees stay on the support list, for the curator to match them."""

from __future__ import annotations

from typing import Any

from nastavnik.matching import services
from nastavnik.matching.models import Run
from nastavnik.programmes.models import MentorshipForm, Programme

# The pairs the demo's curator approved from the run; the rest wait.
KEPT = 4


def load(ctx: dict[str, Any]) -> None:
    school = ctx["organisations"]["school1"]
    if Run.objects.filter(organisation=school).exists():
        return
    programme = (
        Programme.objects.filter(organisation=school, status__in=Programme.ACTIVE)
        .order_by("-school_year")
        .first()
    )
    if programme is None:
        return
    form = MentorshipForm.objects.get(organisation=None, slug="teacher_pupil")
    curator = ctx.get("users", {}).get("curator")
    run = services.run_matching(programme=programme, form=form, user=curator)
    proposed = list(run.proposals.filter(mentor__isnull=False).order_by("pk")[:2])
    if not proposed:
        return
    for proposal in proposed:
        services.proposal_lock(proposal, locked=True)
    again = services.rerun(run, user=curator)
    proposed = again.proposals.filter(mentor__isnull=False)
    for proposal in proposed.order_by("-locked", "-score", "pk")[KEPT:]:
        services.proposal_remove(proposal)
    services.approve(again, user=curator)
