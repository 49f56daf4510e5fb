"""Writes of matching: a run (read the cohort, score every allowed pair,
solve, keep the proposals with their explanations), at once or, for a large
cohort, in the background worker with its progress on the run; the curator's
changes to a proposal, a re-run that keeps the locked pairs, and the approval
that turns the proposals into pairs and an order through the pairs app's
services."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable
from datetime import date

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.accounts.models import AuditEvent, User
from nastavnik.accounts.services import audit_log
from nastavnik.lib.dates import SchoolYear
from nastavnik.matching import algorithm, facts, scoring, tasks
from nastavnik.matching.models import Proposal, Run
from nastavnik.orgs.models import Municipality, Organisation
from nastavnik.pairs import services as pairs
from nastavnik.pairs.models import PairingOrder
from nastavnik.people.models import Person
from nastavnik.programmes.models import MentorshipForm, Programme

Refused = pairs.Refused

# How many other allowed mentors, and how many mentors the rules excluded,
# each proposal keeps for «почему не этот».
ALTERNATIVES = 3
EXCLUDED = 5
# Proposals per INSERT
PROPOSALS_BATCH = 1000


def _plain(value):
    """Facts as JSON: sets as sorted lists."""
    if isinstance(value, frozenset | set):
        return sorted(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def _snapshot(items) -> list[dict]:
    if not items:
        return []
    names = [f.name for f in dataclasses.fields(items[0])]
    return [{name: _plain(getattr(item, name)) for name in names} for item in items]


def _check_locks(cohort, locked, edges: facts.Edges, mentee_at, mentor_at):
    """The locked pairs the run can keep, as indices, and a message for each
    it cannot: gone from the bases, now against a rule, a second lock for a
    mentee, or more locks than a mentor has room for."""
    kept, notes = [], []
    taken: set[int] = set()
    room = [m.capacity for m in cohort.mentors]
    names = {m.id: m.name for m in [*cohort.mentees, *cohort.mentors]}
    for mentee_id, mentor_id in locked:
        i, j = mentee_at.get(mentee_id), mentor_at.get(mentor_id)
        pair = {
            "mentee": names.get(mentee_id, "—"),
            "mentor": names.get(mentor_id, "—"),
        }
        if i is None or j is None:
            notes.append(
                _(
                    "The locked pair %(mentor)s → %(mentee)s is not kept: one of "
                    "them is no longer in the support list or has no room."
                )
                % pair
            )
        elif edges.find(i, j) is None:
            why = "; ".join(cohort.violations(mentee_id, mentor_id))
            notes.append(
                _("The locked pair %(mentor)s → %(mentee)s is not kept: %(why)s")
                % {**pair, "why": why}
            )
        elif i in taken:
            notes.append(
                _("%(mentee)s has two locked pairs: only the first is kept.") % pair
            )
        elif room[j] <= 0:
            notes.append(
                _("%(mentor)s has no room for the locked pair with %(mentee)s.") % pair
            )
        else:
            taken.add(i)
            room[j] -= 1
            kept.append((i, j))
    return kept, notes


def _unmatched_reason(options: int, best: int, min_score: int) -> str:
    """Why a mentee with ``options`` allowed mentors, the best scoring
    ``best``, is left unmatched."""
    if not options:
        return _("No mentor of the base is allowed for this mentee by the rules.")
    if best < min_score:
        return _(
            "Every mentor allowed for this mentee scores under the minimum score "
            "of %(min)s."
        ) % {"min": min_score}
    return _(
        "The mentors allowed for this mentee went to other mentees: this way "
        "more mentees get a mentor."
    )


def _excluded(cohort, mentee, allowed: set[int], mentor_at: dict) -> list[dict]:
    """Mentors the rules excluded for ``mentee`` that the curator would look
    for: those the mentee ranked first, then those sharing a topic."""
    if len(allowed) == len(cohort.mentors):
        return []
    mentors = cohort.mentors
    wanted = [mentor_at[pk] for pk in mentee.ranks if pk in mentor_at]
    ranked = set(wanted)
    wanted += [
        j
        for j in sorted(set(range(len(mentors))) - allowed - ranked)
        if mentee.topics & mentors[j].topics
    ]
    found = []
    for j in wanted:
        if j in allowed:
            continue
        found.append(
            {
                "id": mentors[j].id,
                "name": mentors[j].name,
                "messages": cohort.violations(mentee.id, mentors[j].id),
            }
        )
        if len(found) == EXCLUDED:
            break
    return found


def _rank_order(chooser, chosen, ci, di, total) -> list[list[int]]:
    """For each of ``chooser``, the people of ``chosen`` of their pairs
    (chooser ci[k], chosen di[k]) in their order: whom they ranked, in
    their order, then the higher score, then the lower index."""
    index = {person.id: n for n, person in enumerate(chosen)}
    position = np.array([len(c.ranks) for c in chooser] or [0])[ci]
    keys = ci * len(chosen) + di
    wanted, value = [], []
    for c, person in enumerate(chooser):
        for other in dict.fromkeys(person.ranks):  # a person named twice: the first
            if other in index:
                wanted.append(c * len(chosen) + index[other])
                value.append(person.ranks.index(other))
    if wanted:
        order = np.argsort(keys, kind="stable")
        at = np.searchsorted(keys[order], wanted)
        found = at < len(keys)
        found[found] = keys[order][at[found]] == np.array(wanted)[found]
        position[order[at[found]]] = np.array(value)[found]
    order = np.lexsort((di, -total, position, ci))
    bounds = np.cumsum(np.bincount(ci, minlength=len(chooser)))[:-1]
    return [part.tolist() for part in np.split(di[order], bounds)]


def _stable(problem, edges: facts.Edges, mentees, mentors) -> dict | None:
    """The figures of the stable assignment when anybody ranked anybody:
    each side prefers whom they ranked (in their order), then the higher
    score. None when nobody ranked: stability would only restate scores."""
    if not any(m.ranks for m in [*mentees, *mentors]):
        return None
    i, j, total = edges.mentee, edges.mentor, edges.total
    prefers = _rank_order(mentees, mentors, i, j, total)
    wanted = _rank_order(mentors, mentees, j, i, total)
    priority = [{i: n for n, i in enumerate(row)} for row in wanted]
    found = algorithm.stable(problem, prefers, priority)
    return {"matched": found.matched, "score": found.score}


def _new_run(
    *,
    programme: Programme,
    form: MentorshipForm,
    user: User | None,
    weights: dict[str, int] | None = None,
    min_score: int = 0,
    training_required: bool = False,
    groups: bool = False,
    previous: Run | None = None,
) -> Run:
    """A run with its options, not saved yet."""
    return Run(
        organisation=programme.organisation,
        programme=programme,
        form=form,
        weights={**scoring.DEFAULT_WEIGHTS, **(weights or {})},
        min_score=min_score,
        training_required=training_required,
        groups=groups,
        previous=previous,
        created_by=user if user and user.is_authenticated else None,
    )


@transaction.atomic
def run_matching(
    *,
    programme: Programme,
    form: MentorshipForm,
    user: User | None,
    locked: list[tuple[int, int]] = (),
    removed: list[tuple[int, int]] = (),
    on: date | None = None,
    **options,
) -> Run:
    """Match the programme's support list with its mentor base for ``form``
    at once: the optimal proposals, ``locked`` pairs (person ids) kept,
    ``removed`` pairs never proposed again. ``options`` are the run's
    (``weights``, ``min_score``, ``training_required``, ``groups``,
    ``previous``)."""
    run = _new_run(programme=programme, form=form, user=user, **options)
    _match(run, locked=locked, removed=removed, on=on or timezone.localdate())
    return run


def _match(
    run: Run,
    *,
    locked: list[tuple[int, int]],
    removed: list[tuple[int, int]],
    on: date,
    step: Callable[[int], None] = lambda value: None,
) -> None:
    """Read the cohort of ``run``, score, solve and save the run as ready
    with its proposals (and its previous run as replaced), all in one
    transaction. ``step`` is told each ``Run.Step`` as it begins."""
    step(Run.Step.COHORT)
    cohort = facts.cohort(
        run.programme, run.form, on=on, training_required=run.training_required
    )
    mentees, mentors = cohort.mentees, cohort.mentors
    mentee_at = {m.id: i for i, m in enumerate(mentees)}
    mentor_at = {m.id: j for j, m in enumerate(mentors)}
    step(Run.Step.SCORING)
    edges = cohort.edge_table(run.weights)
    banned = [
        mentee_at[a] * len(mentors) + mentor_at[b]
        for a, b in removed
        if a in mentee_at and b in mentor_at
    ]
    if banned:
        edges = edges.only(~np.isin(edges.keys, banned))
    kept, notes = _check_locks(cohort, locked, edges, mentee_at, mentor_at)
    step(Run.Step.SOLVING)
    problem = algorithm.Problem(
        mentees=len(mentees),
        capacities=np.array([m.capacity for m in mentors], dtype=np.int64),
        edge_mentee=edges.mentee,
        edge_mentor=edges.mentor,
        edge_score=edges.total,
    )
    min_score = run.min_score
    solution = algorithm.solve(problem, locked=kept, min_score=min_score)
    assigned = {int(i): int(j) for i, j in solution.pairs.tolist()}
    variant = _stable(problem, edges, mentees, mentors)
    step(Run.Step.SAVING)
    run.matched = len(assigned)
    run.unmatched = len(mentees) - len(assigned) + len(cohort.not_eligible)
    run.total_score = solution.score
    run.inputs = {
        "day": on.isoformat(),
        "form_code": cohort.form_code,
        "mentees": _snapshot(mentees),
        "mentors": _snapshot(mentors),
        "not_eligible": {str(k): v for k, v in cohort.not_eligible.items()},
        "edges": len(edges),
        "locked": [list(pair) for pair in locked],
        "removed": [list(pair) for pair in removed],
        "notes": notes,
        "stable": variant,
        "matched": len(assigned),
        "score": solution.score,
    }
    # Each mentee's allowed mentors, the best first (then by name): the
    # pairs sorted once, each mentee's a slice.
    by_name = sorted(range(len(mentors)), key=lambda j: (mentors[j].name, j))
    name_rank = np.empty(len(mentors), dtype=np.int64)
    name_rank[by_name] = np.arange(len(mentors))
    order = np.lexsort((name_rank[edges.mentor], -edges.total, edges.mentee))
    ends = np.cumsum(np.bincount(edges.mentee, minlength=len(mentees))).tolist()
    option_mentor = edges.mentor[order].tolist()
    option_total = edges.total[order].tolist()
    parts: dict[int, dict] = {}  # edge -> parts, for the few shown

    def parts_at(n: int) -> dict:
        k = int(order[n])
        if k not in parts:
            parts[k] = scoring.parts_of(edges.points[k])
        return parts[k]

    locked_set = set(kept)
    proposals = []
    start = 0
    for i, mentee in enumerate(mentees):
        end = ends[i]
        j = assigned.get(i)
        alternatives = []
        for n in range(start, end):
            k = option_mentor[n]
            if k == j:
                continue
            alternatives.append(
                {
                    "id": mentors[k].id,
                    "name": mentors[k].name,
                    "score": option_total[n],
                    "parts": parts_at(n),
                }
            )
            if len(alternatives) == ALTERNATIVES:
                break
        proposal = Proposal(
            run=run,
            mentee_id=mentee.id,
            alternatives=alternatives,
            excluded=_excluded(
                cohort, mentee, set(option_mentor[start:end]), mentor_at
            ),
        )
        if j is None:
            best = option_total[start] if end > start else 0
            proposal.reason = _unmatched_reason(end - start, best, min_score)
        else:
            k = edges.find(i, j)
            proposal.mentor_id = mentors[j].id
            proposal.score = int(edges.total[k])
            proposal.parts = scoring.parts_of(edges.points[k])
            proposal.locked = (i, j) in locked_set
        proposals.append(proposal)
        start = end
    for mentee_id, messages in cohort.not_eligible.items():
        proposals.append(
            Proposal(run=run, mentee_id=mentee_id, reason=" ".join(messages))
        )
    with transaction.atomic():
        if run.previous_id is not None:
            Run.objects.filter(pk=run.previous_id, status=Run.Status.READY).update(
                status=Run.Status.REPLACED
            )
        run.status = Run.Status.READY
        run.step = None
        run.save()
        Proposal.objects.bulk_create(proposals, batch_size=PROPOSALS_BATCH)


@transaction.atomic
def run_start(
    *,
    programme: Programme,
    form: MentorshipForm,
    user: User | None,
    locked: list[tuple[int, int]] = (),
    removed: list[tuple[int, int]] = (),
    **options,
) -> Run:
    """A run the curator asked for: matched at once (``run_matching``), or,
    for a cohort of more people than ``settings.MATCHING_BACKGROUND_COHORT``,
    saved as queued and handed to the worker (``run_queued``), which records
    its progress on the run."""
    if facts.cohort_size(programme) <= settings.MATCHING_BACKGROUND_COHORT:
        return run_matching(
            programme=programme,
            form=form,
            user=user,
            locked=locked,
            removed=removed,
            **options,
        )
    run = _new_run(programme=programme, form=form, user=user, **options)
    run.status = Run.Status.QUEUED
    run.inputs = {
        "day": timezone.localdate().isoformat(),
        "locked": [list(pair) for pair in locked],
        "removed": [list(pair) for pair in removed],
    }
    run.save()
    tasks.match.enqueue(str(run.code))
    return run


def run_queued(code: str) -> None:
    """The worker's side of ``run_start``: claim the queued run, match it,
    telling the run each step as it begins, and save it ready with its
    proposals. On an error, or when the worker is stopped, the run is marked
    failed with a message for the curator, nothing of it saved, and the
    error raised again for the worker's log."""
    claimed = Run.objects.filter(code=code, status=Run.Status.QUEUED).update(
        status=Run.Status.RUNNING, step=Run.Step.COHORT
    )
    if not claimed:
        return  # taken by another worker, or deleted with its programme
    run = Run.objects.select_related("programme__organisation", "form").get(code=code)
    at = Run.Step.COHORT

    def step(value: int) -> None:
        nonlocal at
        at = value
        Run.objects.filter(pk=run.pk).update(step=value)

    try:
        _match(
            run,
            locked=[tuple(pair) for pair in run.inputs["locked"]],
            removed=[tuple(pair) for pair in run.inputs["removed"]],
            on=date.fromisoformat(run.inputs["day"]),
            step=step,
        )
    except BaseException:  # an error, or the worker stopped (Ctrl-C twice)
        Run.objects.filter(pk=run.pk).update(
            status=Run.Status.FAILED,
            error=_(
                "The matching stopped at the step «%(step)s» and saved nothing: "
                "an error, or the background worker was stopped. Start it again; "
                "if it fails again, tell the administrator: the log of the "
                "background worker has the details."
            )
            % {"step": Run.Step(at).label},
        )
        raise


def run_municipality(
    municipality: Municipality, form: MentorshipForm, *, user: User | None, **options
) -> list[Run]:
    """Match every educational organisation of ``municipality`` that has an
    active programme, on its latest school year's one: a run per
    organisation (``run_matching`` with ``options``), since no pair crosses
    organisations. The runs in the order of the organisations' names."""
    programmes = (
        Programme.objects.active()
        .filter(organisation__municipality=municipality)
        .exclude(organisation__type=Organisation.Type.PARTNER)
        .select_related("organisation")
        .order_by(
            "organisation__short_name", "organisation_id", "-school_year", "title"
        )
    )
    latest: dict[int, Programme] = {}
    for programme in programmes:
        latest.setdefault(programme.organisation_id, programme)
    return [
        run_matching(programme=programme, form=form, user=user, **options)
        for programme in latest.values()
    ]


def refuse_unfinished(run: Run) -> None:
    """A run queued, running or failed has no proposals to act on."""
    if run.is_pending:
        raise Refused(
            [_("The proposal is not ready yet: wait until the matching finishes.")]
        )
    if run.has_failed:
        raise Refused([_("This matching failed and proposed nothing: start it again.")])


def rerun(run: Run, *, user: User | None, **changes) -> Run:
    """Run again with the same options (or ``changes``), keeping the locked
    pairs and never proposing again the pairs the curator removed: at once
    or in the background, as ``run_start`` decides."""
    refuse_unfinished(run)
    if not run.is_open:
        raise Refused([_("This run is closed: start a new one.")])
    proposals = list(run.proposals.all())
    options = {
        "weights": run.weights,
        "min_score": run.min_score,
        "training_required": run.training_required,
        "groups": run.groups,
        **changes,
    }
    return run_start(
        programme=run.programme,
        form=run.form,
        user=user,
        locked=[(p.mentee_id, p.mentor_id) for p in proposals if p.locked],
        removed=[tuple(pair) for pair in run.inputs.get("removed", [])]
        + [(p.mentee_id, p.mentor_id) for p in proposals if p.removed],
        previous=run,
        **options,
    )


def _recount(run: Run) -> None:
    """The run's figures after the curator changed a proposal: one query."""
    paired = Q(mentor__isnull=False, removed=False)
    figures = run.proposals.aggregate(
        matched=Count("pk", filter=paired),
        total=Count("pk"),
        score=Sum("score", filter=paired, default=0),
    )
    run.matched = figures["matched"]
    run.unmatched = figures["total"] - figures["matched"]
    run.total_score = figures["score"]
    run.save(update_fields=["matched", "unmatched", "total_score"])


def proposal_lock(proposal: Proposal, *, locked: bool) -> Proposal:
    """Lock a proposed pair (a re-run keeps it) or unlock it."""
    refuse_unfinished(proposal.run)
    if not proposal.run.is_open or proposal.mentor_id is None:
        raise Refused([_("Only a proposed pair of an open run can be locked.")])
    proposal.locked = locked
    proposal.save(update_fields=["locked"])
    return proposal


def proposal_remove(proposal: Proposal) -> Proposal:
    """Take a proposed pair out: the mentee stays unmatched in this run, and
    a re-run does not propose the same pair again."""
    refuse_unfinished(proposal.run)
    if not proposal.run.is_open or proposal.mentor_id is None:
        raise Refused([_("Only a proposed pair of an open run can be removed.")])
    proposal.removed = True
    proposal.locked = False
    proposal.save(update_fields=["removed", "locked"])
    _recount(proposal.run)
    return proposal


def proposal_swap(proposal: Proposal, mentor: Person) -> Proposal:
    """Give the mentee one of their alternatives instead, locked: a re-run
    keeps the curator's choice and rearranges the rest around it."""
    refuse_unfinished(proposal.run)
    if not proposal.run.is_open:
        raise Refused([_("This run is closed: start a new one.")])
    choice = next((a for a in proposal.alternatives if a["id"] == mentor.pk), None)
    if choice is None:
        raise Refused([_("Choose one of the mentors allowed for this mentee.")])
    taken = Proposal.objects.filter(
        run=proposal.run, mentor=mentor, removed=False
    ).exclude(pk=proposal.pk)
    capacity = next(
        (m["capacity"] for m in proposal.run.inputs["mentors"] if m["id"] == mentor.pk),
        0,
    )
    if taken.count() >= capacity:
        raise Refused(
            [
                _(
                    "%(mentor)s has no room left in this proposal: remove or "
                    "unlock another of their pairs, then re-run."
                )
                % {"mentor": choice["name"]}
            ]
        )
    previous = {"id": proposal.mentor_id, "score": proposal.score}
    proposal.mentor = mentor
    proposal.score = choice["score"]
    proposal.parts = choice["parts"]
    proposal.locked = True
    proposal.removed = False
    proposal.reason = ""
    proposal.alternatives = [a for a in proposal.alternatives if a["id"] != mentor.pk]
    if previous["id"] is not None:
        name = next(
            (
                m["name"]
                for m in proposal.run.inputs["mentors"]
                if m["id"] == previous["id"]
            ),
            "",
        )
        proposal.alternatives.insert(
            0,
            {
                "id": previous["id"],
                "name": name,
                "score": previous["score"],
                "parts": {},
            },
        )
    proposal.save()
    _recount(proposal.run)
    return proposal


@transaction.atomic
def approve(run: Run, *, user: User | None) -> PairingOrder:
    """Turn the proposed pairs into pairs and groups (confirmed, through the
    pairs app's services and its rules) and a draft order fixing them; the
    mentees left over stay on the support list. All or nothing."""
    refuse_unfinished(run)
    if not run.is_open:
        raise Refused([_("This run is closed already.")])
    claimed = Run.objects.filter(pk=run.pk, status=Run.Status.READY).update(
        status=Run.Status.APPROVED
    )
    if not claimed:
        raise Refused([_("This run is closed already.")])
    proposals = list(
        run.proposals.filter(mentor__isnull=False, removed=False)
        .select_related("mentee", "mentor")
        .order_by("mentor__last_name", "mentor_id", "mentee__last_name", "pk")
    )
    if not proposals:
        raise Refused([_("The run proposes no pair to approve.")])
    today = timezone.localdate()
    period = {"period_start": today, "period_end": SchoolYear.of(today).end}
    by_mentor: dict[int, list[Proposal]] = defaultdict(list)
    for proposal in proposals:
        by_mentor[proposal.mentor_id].append(proposal)
    teams = list(by_mentor.values()) if run.groups else [[p] for p in proposals]
    pairings = []
    errors = []
    for team in teams:
        try:
            pairings.append(
                pairs.pairing_create(
                    programme=run.programme,
                    form=run.form,
                    mentors=[team[0].mentor],
                    mentees=[p.mentee for p in team],
                    user=user,
                    **period,
                )
            )
        except Refused as refused:
            errors += refused.messages
    if errors:
        raise Refused(errors)
    order = pairs.order_create(
        organisation=run.organisation, pairings=pairings, user=user
    )
    run.status = Run.Status.APPROVED
    run.order = order
    run.save(update_fields=["status", "order"])
    audit_log(
        user=user,
        organisation=run.organisation,
        action=AuditEvent.Action.CREATE,
        object_type="matching_run",
        object_code=run.code,
        summary=f"{len(pairings)} pairs",
    )
    return order
