from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from nastavnik.accounts.access import get_staff_organisation_for_user
from nastavnik.lib.forms import is_tampered
from nastavnik.lib.urls import url_maker
from nastavnik.matching import scoring, services
from nastavnik.matching.access import get_proposal_of_run, get_run_for_user
from nastavnik.matching.forms import RunForm
from nastavnik.matching.models import Run
from nastavnik.people.models import Person


@login_required
def run_list(request: HttpRequest, org_code: str) -> HttpResponse:
    """The organisation's matching runs, and a new one."""
    organisation = get_staff_organisation_for_user(request, org_code)
    form = RunForm(request.POST or None, organisation=organisation)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            run = services.run_start(
                programme=data["programme"],
                form=data["form"],
                user=request.user,
                weights=form.weights(),
                min_score=data["min_score"],
                training_required=data["training_required"],
                groups=data["groups"],
            )
            _say_started(request, run, _("The proposal is ready: review it."))
            return redirect("matching-run-detail", code=run.code)
        if is_tampered(form):
            return HttpResponseBadRequest()
    runs = (
        Run.objects.filter(organisation=organisation)
        .select_related("programme", "form", "created_by")
        .order_by("-created", "-pk")[:30]
    )
    ctx = {"organisation": organisation, "form": form, "runs": runs}
    return render(request, "matching/run_list.html", ctx)


def _say_started(request: HttpRequest, run: Run, ready: str) -> None:
    if run.is_pending:
        messages.success(
            request,
            _(
                "The cohort is large: the matching goes on in the background, "
                "and this page shows how far it got."
            ),
        )
    else:
        messages.success(request, ready)


# The points a criterion gives when it knows nothing either way.
NEUTRAL = 50


@login_required
def run_detail(request: HttpRequest, code: str) -> HttpResponse:
    """The proposal under review: the pairs with their score and the
    criteria behind it, the unmatched with the reason; lock, remove, re-run
    and approve."""
    run = get_run_for_user(request, code)
    if request.method == "POST":
        return _act(request, run)
    if run.is_pending or run.has_failed:
        # no proposals yet: the progress (polled) or why it failed
        ctx = {"run": run, "organisation": run.organisation}
        return render(request, "matching/run_detail.html", ctx)
    proposals = list(
        run.proposals.select_related("mentee", "mentor").order_by(
            "mentor__last_name", "mentor_id", "mentee__last_name", "pk"
        )
    )
    why = url_maker("matching-proposal-detail", run.code)
    for proposal in proposals:
        proposal.url = why(proposal.mentee.code)
        # the criteria that speak for the pair: above the neutral middle
        rows = scoring.explain(
            scoring.Score(proposal.score, proposal.parts), run.weights
        )
        proposal.reasons = [row["label"] for row in rows if row["points"] > NEUTRAL][:2]
    ctx = {
        "run": run,
        "organisation": run.organisation,
        "paired": [p for p in proposals if p.mentor_id and not p.removed],
        "unpaired": [p for p in proposals if not p.mentor_id or p.removed],
        "notes": run.inputs.get("notes", []),
        "average": round(run.total_score / run.matched) if run.matched else 0,
        "stable": _stable_difference(run),
    }
    return render(request, "matching/run_detail.html", ctx)


@login_required
def run_progress(request: HttpRequest, code: str) -> HttpResponse:
    """The progress of a run in the background, which its page polls (htmx)
    while the run is queued or running; once it is over, the page reloads
    to show the proposals or why the run failed."""
    run = get_run_for_user(request, code)
    if request.htmx and not run.is_pending:
        return HttpResponseClientRefresh()
    return render(request, "matching/_run_progress.html", {"run": run})


def _stable_difference(run: Run) -> dict | None:
    """How much the stable assignment gives up against this proposal (as
    it was proposed, before the curator's changes)."""
    stable = run.inputs.get("stable")
    if not stable:
        return None
    return {
        **stable,
        "fewer": max(run.inputs.get("matched", 0) - stable["matched"], 0),
        "less": max(run.inputs.get("score", 0) - stable["score"], 0),
    }


def _act(request: HttpRequest, run: Run) -> HttpResponse:
    """Lock, unlock, remove or swap a proposal (the buttons of the run page
    and of a proposal's page)."""
    try:
        services.refuse_unfinished(run)
    except services.Refused as refused:
        for message in refused.messages:
            messages.error(request, message)
        return redirect("matching-run-detail", code=run.code)
    proposal = get_proposal_of_run(run, request.POST.get("mentee", ""))
    action = request.POST.get("action")
    back = request.POST.get("back") == "proposal"
    try:
        if action in ("lock", "unlock"):
            services.proposal_lock(proposal, locked=action == "lock")
        elif action == "remove":
            services.proposal_remove(proposal)
        elif action == "swap":
            mentor = Person.objects.filter(
                organisation=run.organisation, code=request.POST.get("mentor", "")
            ).first()
            if mentor is None:
                return HttpResponseBadRequest()
            services.proposal_swap(proposal, mentor)
        else:
            return HttpResponseBadRequest()
    except (services.Refused, ValueError) as refused:
        for message in getattr(refused, "messages", [str(refused)]):
            messages.error(request, message)
    if back:
        return redirect(
            "matching-proposal-detail", code=run.code, mentee_code=proposal.mentee.code
        )
    return redirect("matching-run-detail", code=run.code)


@login_required
def proposal_detail(request: HttpRequest, code: str, mentee_code: str) -> HttpResponse:
    """«Почему этот наставник» and «почему не этот»: the criteria of the
    proposed pair, the best alternatives and the mentors the rules excluded."""
    run = get_run_for_user(request, code)
    proposal = get_proposal_of_run(run, mentee_code)
    labels = scoring.CRITERIA_LABELS
    weights = run.weights
    explanation = (
        scoring.explain(scoring.Score(proposal.score, proposal.parts), weights)
        if proposal.mentor_id
        else []
    )
    codes = dict(
        Person.objects.filter(
            pk__in=[a["id"] for a in proposal.alternatives]
        ).values_list("pk", "code")
    )
    alternatives = [
        {
            **alternative,
            "code": codes.get(alternative["id"]),
            "behind": proposal.score - alternative["score"],
            "explanation": scoring.explain(
                scoring.Score(alternative["score"], alternative["parts"]), weights
            )
            if alternative["parts"]
            else [],
        }
        for alternative in proposal.alternatives
    ]
    ctx = {
        "run": run,
        "organisation": run.organisation,
        "proposal": proposal,
        "explanation": explanation,
        "alternatives": alternatives,
        "labels": labels,
    }
    return render(request, "matching/proposal_detail.html", ctx)


@login_required
@require_POST
def run_rerun(request: HttpRequest, code: str) -> HttpResponse:
    run = get_run_for_user(request, code)
    try:
        new = services.rerun(run, user=request.user)
    except services.Refused as refused:
        for message in refused.messages:
            messages.error(request, message)
        return redirect("matching-run-detail", code=run.code)
    _say_started(request, new, _("Run again: the locked pairs are kept."))
    return redirect("matching-run-detail", code=new.code)


@login_required
@require_POST
def run_approve(request: HttpRequest, code: str) -> HttpResponse:
    run = get_run_for_user(request, code)
    try:
        order = services.approve(run, user=request.user)
    except services.Refused as refused:
        for message in refused.messages:
            messages.error(request, message)
        return redirect("matching-run-detail", code=run.code)
    messages.success(
        request,
        _(
            "The pairs are formed and listed in a draft order: print it and "
            "enter its number and date when the head signs it."
        ),
    )
    return redirect("pairs-order-detail", code=order.code)
