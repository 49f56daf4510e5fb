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
    # the demo's own mentor keeps the one pair his cabinet shows
    own = ctx["people"]["mentor"]
    run = services.run_matching(programme=programme, form=form, user=curator)
    proposed = run.proposals.filter(mentor__isnull=False).exclude(mentor=own)
    for proposal in proposed.order_by("pk")[:2]:
        services.proposal_lock(proposal, locked=True)
    again = services.rerun(run, user=curator)
    proposed = again.proposals.filter(mentor__isnull=False)
    for proposal in proposed.filter(mentor=own):
        services.proposal_remove(proposal)
    kept = proposed.exclude(mentor=own).order_by("-locked", "-score", "pk")
    for proposal in kept[KEPT:]:
        services.proposal_remove(proposal)
    if again.proposals.filter(mentor__isnull=False, removed=False).exists():
        services.approve(again, user=curator)
