from __future__ import annotations

import bisect
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nastavnik.accounts.access import get_staff_organisation_for_user
from nastavnik.lib import fragments, prepared
from nastavnik.lib.forms import is_tampered
from nastavnik.lib.urls import url_maker
from nastavnik.pairs import meetings, nudges, rules, services
from nastavnik.pairs.access import get_order_for_user, get_pairing_for_user
from nastavnik.pairs.candidates import candidate, unpaired_mentees, with_rule_facts
from nastavnik.pairs.forms import (
    BoardFilterForm,
    ClosureForm,
    OrderForm,
    OrderSignForm,
    PairingForm,
    ReplacementForm,
)
from nastavnik.pairs.meeting_views import pair_meetings
from nastavnik.pairs.models import (
    Nudge,
    Pairing,
    PairingEvent,
    PairingMember,
    PairingOrder,
)
from nastavnik.people.access import get_person_for_user
from nastavnik.people.models import MenteeProfile, MentorProfile, Person
from nastavnik.surveys.flows import preferences_for


def _with_members(pairings):
    members = PairingMember.objects.filter(until__isnull=True).select_related("person")
    return pairings.prefetch_related(Prefetch("members", queryset=members))


@login_required
def board(request: HttpRequest, org_code: str) -> HttpResponse:
    """Every pair and group of the organisation, in columns by stage."""
    organisation = get_staff_organisation_for_user(request, org_code)
    # the board is of the organisation and of the filters as typed (they are
    # written back into its form); the form is built only with the figures
    typed = tuple(request.GET.get(name, "") for name in BOARD_FILTERS)
    shown = {"organisation": organisation, "typed": typed}
    ctx = fragments.figures(
        "pairs-board", shown, lambda: _board_page(organisation, typed)
    )
    return render(request, "pairs/board.html", ctx)


BOARD_FILTERS = ("q", "programme", "form")


def _board_page(organisation, typed: tuple[str, ...]) -> dict:
    """The board's figures and its filters as people/_select.html writes
    them: an invalid filter shows every pair, and is marked."""
    filters = BoardFilterForm(
        dict(zip(BOARD_FILTERS, typed, strict=True)), organisation=organisation
    )
    filters.is_valid()
    selects = {
        name: {
            "name": name,
            "label": str(filters.fields[name].label),
            "value": value,
            "errors": name in filters.errors,
            "field": {"choices": list(filters.fields[name].choices)},
        }
        for name, value in zip(BOARD_FILTERS, typed, strict=True)
        if name != "q"
    }
    return {
        **_board_figures(organisation, filters),
        "q": typed[0],
        "programme_select": selects["programme"],
        "form_select": selects["form"],
        "filtered": any(typed),
    }


def _member_names(members: list[tuple[str, str]]) -> str:
    """«Mentors → mentees» as pairs/_members.html writes them, from the
    current members (role, short name) in their order."""
    last = len(members) - 1
    mentors = "".join(
        name + ("" if i == last else ", ")
        for i, (role, name) in enumerate(members)
        if role == PairingMember.Role.MENTOR
    )
    mentees = "".join(
        f"{name} " for role, name in members if role == PairingMember.Role.MENTEE
    )
    return f"{mentors} → {mentees}"


def _board_pairings_query(organisation_id: int) -> QuerySet[Pairing]:
    return (
        Pairing.objects.for_organisation(organisation_id)
        .order_by("created", "pk")
        .values_list("pk", "code", "status", "form__name")
    )


def _board_members_query(organisation_id: int) -> QuerySet[PairingMember]:
    """The current members of every pair of the organisation, in the order
    of ``pairing.members.all()``."""
    return (
        PairingMember.objects.filter(
            until__isnull=True, pairing__organisation=organisation_id
        )
        .order_by("pairing_id", "role", "pk")
        .values_list(
            "pairing_id",
            "role",
            "person__last_name",
            "person__first_name",
            "person__patronymic",
        )
    )


def _board_nudges_query(organisation_id: int) -> QuerySet[Nudge]:
    return nudges.open_for(organisation_id)


def _board_waiting_query(organisation_id: int) -> prepared.Around:
    waiting = unpaired_mentees(Person.objects.for_organisation(organisation_id))
    return prepared.Around(
        waiting.order_by().values("pk"), "SELECT COUNT(*) FROM ({rows}) AS waiting"
    )


def _board_figures(organisation, filters: BoardFilterForm) -> dict:
    """The board's cards (link, members, form, status), the open nudges and
    the support list's length: four queries compiled once per process (the
    pairs of a filtered board are asked anew)."""
    if filters.applied() in (None, ("", "", "")):
        pairings = prepared.rows(_board_pairings_query, organisation_id=organisation.pk)
    else:
        pairings = (
            filters.apply(Pairing.objects.for_organisation(organisation), organisation)
            .order_by("created", "pk")
            .values_list("pk", "code", "status", "form__name")
        )
    members: dict[int, list[tuple[str, str]]] = {}
    rows = prepared.rows(_board_members_query, organisation_id=organisation.pk)
    for pairing_id, role, last_name, first_name, patronymic in rows:
        person = Person(
            last_name=last_name, first_name=first_name, patronymic=patronymic
        )
        members.setdefault(pairing_id, []).append((role, person.short_name))
    url = url_maker("pairs-pairing-detail")
    labels = dict(Pairing.Status.choices)
    cards = {
        pk: {
            "url": url(code),
            "names": _member_names(members.get(pk, [])),
            "form": form,
            "status": status,
            "status_label": labels[status],
        }
        for pk, code, status, form in pairings
    }
    shown = [Pairing.Status.CONFIRMED, *Pairing.WORKING_STAGES, Pairing.Status.PAUSED]
    attention: dict[int, dict] = {}
    open_nudges = prepared.objects(_board_nudges_query, organisation_id=organisation.pk)
    for nudge in nudges.describe(open_nudges):
        card = cards.get(nudge.pairing_id)
        if card is not None:
            group = attention.setdefault(nudge.pairing_id, {"card": card, "nudges": []})
            group["nudges"].append(nudge.text)
    [(num_waiting,)] = prepared.rows(
        _board_waiting_query, organisation_id=organisation.pk
    )
    return {
        "columns": [
            (status, label, [c for c in cards.values() if c["status"] == status])
            for status, label in Pairing.Status.choices
            if status in shown
        ],
        "proposed": [
            c for c in cards.values() if c["status"] == Pairing.Status.PROPOSED
        ],
        "ended": [c for c in cards.values() if c["status"] in Pairing.ENDED],
        "attention": list(attention.values()),
        "num_waiting": num_waiting,
    }


@login_required
def support_list(request: HttpRequest, org_code: str) -> HttpResponse:
    """Mentees still without a pair: they get support while the search goes on."""
    organisation = get_staff_organisation_for_user(request, org_code)
    mentees = (
        unpaired_mentees(Person.objects.for_organisation(organisation))
        .select_related("mentee_profile")
        .order_by("last_name", "first_name", "pk")
    )
    ctx = {"organisation": organisation, "mentees": mentees}
    return render(request, "pairs/support_list.html", ctx)


@login_required
def pairing_add(request: HttpRequest, org_code: str) -> HttpResponse:
    """Forming a pair or group by hand: the mentees first (from the support
    list), then a mentor beside what each side asked for and ranked."""
    organisation = get_staff_organisation_for_user(request, org_code)
    today = timezone.localdate()
    people = Person.objects.for_organisation(organisation)
    waiting = unpaired_mentees(people).order_by("last_name", "first_name", "pk")
    codes = request.POST.getlist("mentees") or request.GET.getlist("mentee")
    chosen = list(
        waiting.filter(code__in=[c for c in codes if _is_uuid(c)]).select_related(
            "mentee_profile"
        )
    )
    if not chosen:
        ctx = {"organisation": organisation, "waiting": waiting}
        return render(request, "pairs/pairing_choose_mentees.html", ctx)
    mentor_base = people.mentors().order_by("last_name", "first_name", "pk")
    form = PairingForm(
        request.POST or None,
        organisation=organisation,
        mentees=waiting,
        mentors=mentor_base,
        today=today,
        initial={"mentees": [p.code for p in chosen]} if not request.POST else None,
    )
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                pairing = services.pairing_create(
                    programme=data["programme"],
                    form=data["form"],
                    mentors=[data["mentor"]],
                    mentees=list(data["mentees"]),
                    user=request.user,
                    period_start=data["period_start"],
                    period_end=data["period_end"],
                    goal=data["goal"],
                )
            except services.Refused as refused:
                for message in refused.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("The pair is formed."))
                return redirect("pairs-pairing-detail", code=pairing.code)
        elif is_tampered(form):
            return HttpResponseBadRequest()
    # the mentees' topics, read once: shown here and matched with the mentors'
    MenteeProfile.read_topic_names([person.mentee_profile for person in chosen])
    for person in chosen:
        person.topic_names = person.mentee_profile._topic_names
    mentors = _mentor_rows(organisation, mentor_base, chosen, today, form)
    ctx = {
        "organisation": organisation,
        "form": form,
        "mentees": chosen,
        "mentors": mentors,
    }
    return render(request, "pairs/pairing_form.html", ctx)


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def _mentor_rows(organisation, mentor_base, mentees, today, form) -> list[dict]:
    """The mentors to choose from, with their topics, availability, format,
    load, the ranks both sides gave each other and what the rules say
    (checked with the chosen form, or with the sides of each mentor alone)."""
    people = list(with_rule_facts(mentor_base, today).select_related("mentor_profile"))
    chosen_mentees = {
        p.pk: candidate(p, "mentee", today)
        for p in with_rule_facts(
            Person.objects.filter(pk__in=[m.pk for m in mentees]), today
        )
    }
    ranks = preferences_for(organisation)
    MentorProfile.read_topic_names([person.mentor_profile for person in people])
    mentee_topics = set().union(*(m.topic_names for m in mentees))
    chosen_form = getattr(form, "cleaned_data", {}).get("form")
    rule = services.form_rule(chosen_form) if chosen_form else None
    rows = []
    for person in people:
        mentor = candidate(person, "mentor", today)
        topics = person.mentor_profile._topic_names
        problems = []
        if rule:
            problems = rules.violations([mentor], list(chosen_mentees.values()), rule)
        else:
            problems = rules.mentor_violations(mentor, rules.FormRule("", ""))
            full = rules.capacity_violation(mentor, len(mentees))
            problems += [full] if full else []
        rows.append(
            {
                "person": person,
                "profile": person.mentor_profile,
                "topics": topics,
                "shared": sorted(mentee_topics & set(topics)),
                "load": mentor.load,
                "ranked_by_mentees": [
                    ranks[m.pk].index(person.pk) + 1
                    for m in mentees
                    if person.pk in ranks.get(m.pk, [])
                ],
                "ranks_mentees": [
                    ranks[person.pk].index(m.pk) + 1
                    for m in mentees
                    if m.pk in ranks.get(person.pk, [])
                ],
                "problems": problems,
            }
        )
    rows.sort(
        key=lambda r: (
            bool(r["problems"]),
            min(r["ranked_by_mentees"] or [99]),
            -len(r["shared"]),
            r["person"].last_name,
        )
    )
    return rows


# The pair page shows the latest lines of the history; the whole of it is one
# link away (?history=all).
HISTORY_SHOWN = 5


def _pair_members_query(pairing_id: int) -> QuerySet[PairingMember]:
    return (
        PairingMember.objects.filter(pairing=pairing_id)
        .select_related("person")
        .order_by("role", "since")
    )


def _pair_orders_query(pairing_id: int) -> QuerySet[PairingOrder]:
    return PairingOrder.objects.filter(pairings=pairing_id).order_by("-created")


def _pair_events_query(whole: bool, pairing_id: int) -> QuerySet[PairingEvent]:
    events = PairingEvent.objects.filter(pairing=pairing_id).select_related("user")
    return events if whole else events[: HISTORY_SHOWN + 1]


def _history(pairing: Pairing, whole: bool) -> dict:
    events = prepared.objects(_pair_events_query, (whole,), pairing_id=pairing.pk)
    if whole:
        return {"events": events, "more_history": False}
    return {
        "events": events[:HISTORY_SHOWN],
        "more_history": len(events) > HISTORY_SHOWN,
    }


@login_required
def pairing_detail(request: HttpRequest, code: str) -> HttpResponse:
    pairing = get_pairing_for_user(request, code)
    whole = request.GET.get("history") == "all"
    # one look at the database's generation: what the page shows of the pair
    # is remembered with the page at each count of meetings started
    page = fragments.remembered(
        "pair-page", (pairing.pk, whole), lambda: _PairPage(pairing, whole)
    )
    ctx = page.at(timezone.now())
    return render(
        request,
        "pairs/pairing_detail.html",
        {**ctx, "pairing": pairing, "organisation": pairing.organisation},
    )


class _PairPage:
    """The pair page as of the database it was read from: its figures and
    their digest for each number of planned meetings whose start has passed
    (the next step moves on with them); the page is the same for every staff
    member who may open it."""

    def __init__(self, pairing: Pairing, whole_history: bool) -> None:
        self.pairing = pairing
        self.whole_history = whole_history
        self.read = _pairing_read(pairing, whole_history)
        self.pages: dict[int, dict] = {}

    def at(self, now) -> dict:
        started = bisect.bisect_right(self.read["starts"], now)
        page = self.pages.get(started)
        if page is None:
            page = self.pages[started] = self._page(now, started)
        return page

    def _page(self, now, started: int) -> dict:
        pairing = self.pairing
        shown = {
            "pairing": pairing,
            "organisation": pairing.organisation,
            "whole_history": self.whole_history,
            "started": started,
        }
        figures = self.read["figures"]
        found = {
            **figures,
            "can_plan": pairing.status in Pairing.LIVE,
            # the buttons that pause or resume it send the page's hidden form
            "posts_status": pairing.status == Pairing.Status.PAUSED
            or pairing.status in Pairing.WORKING_STAGES,
            "next_step": meetings.next_step(pairing, now, meetings=figures["meetings"]),
        }
        return {**shown, **found, "fragment_key": fragments.key(shown, found)}


def _pairing_read(pairing: Pairing, whole_history: bool) -> dict:
    """What the pair page shows of the pair, as of no moment in particular,
    and the sorted start times of its meetings."""
    members = prepared.objects(_pair_members_query, pairing_id=pairing.pk)
    rows = pair_meetings(pairing)
    return {
        "figures": {
            "mentors": [m for m in members if m.role == "mentor" and m.until is None],
            "mentees": [m for m in members if m.role == "mentee" and m.until is None],
            "former": [m for m in members if m.until is not None],
            "orders": prepared.objects(_pair_orders_query, pairing_id=pairing.pk),
            **_history(pairing, whole_history),
            "meetings": rows,
        },
        "starts": sorted(m.starts_at for m in rows),
    }


@login_required
@require_POST
def pairing_status(request: HttpRequest, code: str) -> HttpResponse:
    """Pause or resume the pair (the buttons of the pair page)."""
    pairing = get_pairing_for_user(request, code)
    action = request.POST.get("action")
    try:
        if action == "pause":
            services.pairing_pause(pairing, user=request.user)
        elif action == "resume":
            services.pairing_resume(pairing, user=request.user)
        else:
            return HttpResponseBadRequest()
    except services.Refused as refused:
        for message in refused.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Saved."))
    return redirect("pairs-pairing-detail", code=pairing.code)


@login_required
def pairing_close(request: HttpRequest, code: str) -> HttpResponse:
    """Close the pair: successfully with its result, or early with a reason.
    The form has a page of its own, so that the pair page carries none."""
    pairing = get_pairing_for_user(request, code)
    form = ClosureForm(
        request.POST or None,
        organisation=pairing.organisation,
        initial={"day": timezone.localdate()},
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                services.pairing_close(
                    pairing,
                    user=request.user,
                    day=form.cleaned_data["day"],
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                )
            except services.Refused as refused:
                for message in refused.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("The pair is closed."))
                return redirect("pairs-pairing-detail", code=pairing.code)
        elif is_tampered(form):
            return HttpResponseBadRequest()
    ctx = {"pairing": pairing, "organisation": pairing.organisation, "form": form}
    return render(request, "pairs/pairing_close.html", ctx)


@login_required
def mentor_replace(request: HttpRequest, code: str) -> HttpResponse:
    """Replace a mentor of a pair fixed by order: a new draft order «о замене
    наставника» follows, for the head to sign."""
    pairing = get_pairing_for_user(request, code)
    members = list(pairing.members.filter(until__isnull=True).select_related("person"))
    mentors = [m.person for m in members if m.role == PairingMember.Role.MENTOR]
    candidates = (
        Person.objects.for_organisation(pairing.organisation)
        .mentors()
        .exclude(pk__in=[m.person_id for m in members])
        .order_by("last_name", "first_name", "pk")
    )
    form = ReplacementForm(
        request.POST or None,
        mentors=Person.objects.filter(pk__in=[p.pk for p in mentors]).order_by(
            "last_name", "pk"
        ),
        candidates=candidates,
        initial={"day": timezone.localdate()},
    )
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                order = services.mentor_replace(
                    pairing,
                    old=data["old"],
                    new=data["new"],
                    day=data["day"],
                    note=data["note"],
                    user=request.user,
                )
            except services.Refused as refused:
                for message in refused.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _(
                        "The mentor is replaced. Print the order, and enter its "
                        "number and date when the head signs it."
                    ),
                )
                return redirect("pairs-order-detail", code=order.code)
        elif is_tampered(form):
            return HttpResponseBadRequest()
    ctx = {
        "pairing": pairing,
        "organisation": pairing.organisation,
        "form": form,
        "mentors": mentors,
        "can_replace": pairing.status
        in [*Pairing.WORKING_STAGES, Pairing.Status.PAUSED],
    }
    return render(request, "pairs/mentor_replace.html", ctx)


@login_required
def order_list(request: HttpRequest, org_code: str) -> HttpResponse:
    """The orders on pairs, and a new one for the confirmed pairs."""
    organisation = get_staff_organisation_for_user(request, org_code)
    confirmed = _with_members(
        Pairing.objects.for_organisation(organisation).filter(
            status=Pairing.Status.CONFIRMED
        )
    ).select_related("form")
    form = OrderForm(request.POST or None, pairings=confirmed)
    if request.method == "POST":
        if form.is_valid():
            try:
                order = services.order_create(
                    organisation=organisation,
                    pairings=list(form.cleaned_data["pairings"]),
                    user=request.user,
                )
            except services.Refused as refused:
                form.add_error(None, refused.messages[0])
            else:
                messages.success(request, _("The order is prepared."))
                return redirect("pairs-order-detail", code=order.code)
        elif is_tampered(form):
            return HttpResponseBadRequest()
    ctx = {
        "organisation": organisation,
        "form": form,
        "confirmed": confirmed,
        "orders": PairingOrder.objects.filter(organisation=organisation),
    }
    return render(request, "pairs/order_list.html", ctx)


@login_required
def order_detail(request: HttpRequest, code: str) -> HttpResponse:
    """The order with its pairs; entering its number and date fixes them."""
    order = get_order_for_user(request, code)
    form = OrderSignForm(request.POST or None)
    if request.method == "POST":
        if order.is_signed:
            messages.info(request, _("The order is signed already."))
            return redirect("pairs-order-detail", code=order.code)
        if form.is_valid():
            try:
                services.order_sign(
                    order,
                    number=form.cleaned_data["number"],
                    day=form.cleaned_data["date"],
                    user=request.user,
                )
            except services.Refused as refused:
                form.add_error(None, refused.messages[0])
            else:
                messages.success(
                    request, _("The order is signed: its pairs are fixed.")
                )
                return redirect("pairs-order-detail", code=order.code)
    ctx = {
        "order": order,
        "organisation": order.organisation,
        "form": form,
        "pairings": _with_members(order.pairings.select_related("form")),
    }
    return render(request, "pairs/order_detail.html", ctx)


@login_required
def person_pairs(request: HttpRequest, code: str) -> HttpResponse:
    """The pairs and groups a person of the base is or was in: a section of
    their card (loaded on demand) or a page of its own without JavaScript."""
    person = get_person_for_user(request, code)
    pairings = list(
        _with_members(
            Pairing.objects.of_person(person).select_related("form")
        ).order_by("-created", "-pk")
    )
    for pairing in pairings:
        pairing.role = next(
            (
                m.get_role_display()
                for m in pairing.members.all()
                if m.person_id == person.pk
            ),
            PairingMember.Role.MENTEE.label,
        )
    ctx = {"person": person, "organisation": person.organisation, "pairings": pairings}
    if request.htmx:
        return render(request, "pairs/_person_pairs.html", ctx)
    return render(request, "pairs/person_pairs.html", ctx)
