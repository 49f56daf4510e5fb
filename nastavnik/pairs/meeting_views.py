"""Pages of meetings: the curator's (from the pair page, and group meetings
of many pairs from the board) and the members' (from the mentor's and the
mentee's cabinets, i.e. their home pages)."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from nastavnik.accounts.access import get_staff_organisation_for_user
from nastavnik.lib import prepared
from nastavnik.lib.forms import is_tampered
from nastavnik.lib.urls import url_maker
from nastavnik.pairs import meetings
from nastavnik.pairs.access import (
    get_meeting_for_member,
    get_meeting_for_user,
    get_pairing_for_member,
    get_pairing_for_user,
)
from nastavnik.pairs.meeting_forms import (
    FeedbackForm,
    GatheringForm,
    HoldForm,
    MeetingForm,
    PaperForm,
)
from nastavnik.pairs.models import (
    Feedback,
    Meeting,
    Pairing,
    PairingMember,
)
from nastavnik.pairs.services import Refused
from nastavnik.people.models import Person

PAIR_MEETING_FIELDS = (
    "pk",
    "pairing_id",
    "code",
    "kind",
    "status",
    "starts_at",
    "topic",
    "mentor_confirmed_at",
    "mentee_confirmed_at",
    "paper_confirmed_on",
)


def _pair_meetings_query(pairing_id: int):
    return (
        Meeting.objects.filter(pairing=pairing_id)
        .with_gathering_size()
        .order_by("starts_at", "pk")
        .values_list(*PAIR_MEETING_FIELDS, "gathering_size")
    )


def _pair_ratings_query(pairing_id: int):
    return (
        Feedback.objects.filter(meeting__pairing=pairing_id)
        .order_by("pk")
        .values_list("meeting_id", "rating")
    )


def pair_meetings(pairing: Pairing) -> list[Meeting]:
    """The meetings of the curator's pair page, each with the link to its own
    page for the actions and the ratings of its feedback: two queries
    compiled once per process."""
    ratings: dict[int, list[int]] = {}
    for meeting_id, rating in prepared.rows(_pair_ratings_query, pairing_id=pairing.pk):
        ratings.setdefault(meeting_id, []).append(rating)
    url = url_maker("pairs-meeting-detail")
    rows = []
    for *fields, gathering_size in prepared.rows(
        _pair_meetings_query, pairing_id=pairing.pk
    ):
        meeting = Meeting(**dict(zip(PAIR_MEETING_FIELDS, fields, strict=True)))
        meeting.gathering_size = gathering_size
        meeting.url = url(meeting.code)
        meeting.ratings = ratings.get(meeting.pk, [])
        rows.append(meeting)
    return rows


def _plan(request: HttpRequest, pairing: Pairing, back: str, cancel: str):
    form = MeetingForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                meetings.meeting_plan(pairing, **form.meeting(), user=request.user)
            except Refused as refused:
                for message in refused.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("The meeting is planned."))
                return redirect(back)
        elif is_tampered(form):
            return HttpResponseBadRequest()
    ctx = {
        "pairing": pairing,
        "organisation": pairing.organisation,
        "form": form,
        "cancel": cancel,
        "ask_far": _is_far(form),
    }
    return render(request, "pairs/meeting_form.html", ctx)


def _live_groups(pairings, chosen: set[str]) -> list[tuple[str, list[Pairing]]]:
    """The live pairs by stage, each named «mentors → mentees», for the
    checkboxes of a group meeting; ``chosen`` are the codes ticked."""
    live = list(meetings.with_current_members(pairings.live().select_related("form")))
    for pairing in live:
        pairing.label = meetings.pair_label(pairing)
        pairing.checked = str(pairing.code) in chosen
    live.sort(key=lambda p: (p.label, p.pk))
    groups = [
        (label, [p for p in live if p.status == status])
        for status, label in Pairing.Status.choices
        if status in Pairing.LIVE
    ]
    return [(label, rows) for label, rows in groups if rows]


@login_required
def gathering_add(request: HttpRequest, org_code: str) -> HttpResponse:
    """The curator plans a group meeting of several pairs at once: one
    meeting for each pair, all of one gathering."""
    organisation = get_staff_organisation_for_user(request, org_code)
    pairings = Pairing.objects.for_organisation(organisation)
    form = GatheringForm(request.POST or None, pairings=pairings)
    if request.method == "POST":
        if form.is_valid():
            try:
                planned = meetings.gathering_plan(
                    form.cleaned_data["pairings"], **form.meeting(), user=request.user
                )
            except Refused as refused:
                for message in refused.messages:
                    form.add_error(None, message)
            else:
                n = len(planned)
                messages.success(
                    request,
                    ngettext(
                        "The group meeting of %(n)s pair is planned.",
                        "The group meeting of %(n)s pairs is planned.",
                        n,
                    )
                    % {"n": n},
                )
                return redirect("pairs-meeting-detail", code=planned[0].code)
        elif is_tampered(form):
            return HttpResponseBadRequest()
    chosen = {str(code) for code in form["pairings"].value() or []}
    ctx = {
        "organisation": organisation,
        "form": form,
        "groups": _live_groups(pairings, chosen),
        "cancel": reverse("pairs-board", args=[organisation.code]),
        "ask_far": _is_far(form),
    }
    return render(request, "pairs/gathering_form.html", ctx)


def _is_far(form: MeetingForm) -> bool:
    """Whether the posted date is far enough to ask «are you sure?»."""
    data = getattr(form, "cleaned_data", {})
    if not data.get("day") or not data.get("time"):
        return False
    return meetings.is_far(meetings.starts_at_of(data["day"], data["time"]))


@login_required
def meeting_add(request: HttpRequest, code: str) -> HttpResponse:
    """The curator plans a meeting of a pair."""
    pairing = get_pairing_for_user(request, code)
    back = pairing_url = f"{_pair_url(pairing)}#meetings"
    return _plan(request, pairing, back, pairing_url)


def _pair_url(pairing: Pairing) -> str:
    return url_maker("pairs-pairing-detail")(pairing.code)


def _act(request: HttpRequest, meeting: Meeting, person: Person | None):
    """Apply the posted action to the meeting; the forms with their errors."""
    forms = {
        "hold": HoldForm(
            request.POST if request.POST.get("action") == "hold" else None
        ),
        "paper": PaperForm(
            request.POST if request.POST.get("action") == "paper" else None,
            initial={"day": timezone.localdate()},
        ),
        "feedback": FeedbackForm(
            request.POST if request.POST.get("action") == "feedback" else None
        ),
    }
    action = request.POST.get("action")
    if request.method != "POST":
        return forms, None
    if action not in ("hold", "paper", "feedback", "confirm"):
        return forms, HttpResponseBadRequest()
    form = forms.get(action)
    if form is not None and not form.is_valid():
        if is_tampered(form):
            return forms, HttpResponseBadRequest()
        return forms, None
    data = form.cleaned_data if form is not None else {}
    try:
        if action == "hold":
            meetings.meeting_hold(meeting, outcome=data["outcome"], user=request.user)
            messages.success(request, _("The meeting is logged as held."))
        elif action == "paper":
            meetings.meeting_mark_paper(meeting, day=data["day"], user=request.user)
            messages.success(request, _("The signed confirmation form is marked."))
        elif action == "feedback":
            meetings.feedback_give(
                meeting,
                person=person,
                rating=data["rating"],
                comment=data["comment"],
                user=request.user,
            )
            messages.success(request, _("Thank you for the feedback!"))
        else:
            meetings.meeting_confirm(meeting, person=person, user=request.user)
            messages.success(request, _("The meeting is confirmed."))
    except Refused as refused:
        if form is None:
            for message in refused.messages:
                messages.error(request, message)
            return forms, redirect(request.path)
        for message in refused.messages:
            form.add_error(None, message)
        return forms, None
    return forms, redirect(request.path)


def _gathering(meeting: Meeting, role: str) -> dict:
    """The group meeting a meeting belongs to: its size for everyone; for the
    curator the other pairs' meetings and whether they can be logged at once.
    A fixed number of queries however many pairs."""
    if meeting.gathering is None:
        return {}
    others = Meeting.objects.filter(gathering=meeting.gathering).exclude(pk=meeting.pk)
    if role != "curator":
        return {"gathering_size": others.count() + 1}
    pairings = meetings.with_current_members(Pairing.objects.all())
    rows = list(others.prefetch_related(Prefetch("pairing", queryset=pairings)))
    url = url_maker("pairs-meeting-detail")
    for row in rows:
        row.url = url(row.code)
        row.pair = meetings.pair_label(row.pairing)
    rows.sort(key=lambda m: (m.pair, m.pk))
    to_hold = [
        m for m in rows if m.status == Meeting.Status.PLANNED and not m.pairing.is_ended
    ]
    return {
        "gathering_size": len(rows) + 1,
        "gathering": rows,
        "can_hold_gathering": bool(to_hold) and meeting.starts_at <= timezone.now(),
    }


def _meeting_page(request, meeting, *, role, person, forms, back) -> HttpResponse:
    pairing = meeting.pairing
    members = list(
        pairing.members.filter(until__isnull=True)
        .select_related("person")
        .order_by("role", "pk")
    )
    feedback = list(meeting.feedback.select_related("person"))
    held = meeting.status == Meeting.Status.HELD
    open_pair = not pairing.is_ended and pairing.status != Pairing.Status.PROPOSED
    confirmed_by_me = {
        "mentor": meeting.mentor_confirmed_at,
        "mentee": meeting.mentee_confirmed_at,
    }.get(role)
    ctx = {
        "meeting": meeting,
        "pairing": pairing,
        "organisation": pairing.organisation,
        "mentors": [m.person for m in members if m.role == "mentor"],
        "mentees": [m.person for m in members if m.role == "mentee"],
        "feedback": feedback,
        "forms": forms,
        "back": back,
        "role": role,
        "can_hold": open_pair
        and role in ("curator", "mentor")
        and meeting.status == Meeting.Status.PLANNED
        and meeting.starts_at <= timezone.now(),
        "can_paper": role == "curator" and held and not meeting.paper_confirmed_on,
        "can_confirm": open_pair
        and role in ("mentor", "mentee")
        and meeting.status != Meeting.Status.CANCELLED
        and not confirmed_by_me,
        "can_feedback": role == "mentee"
        and held
        and not any(f.person_id == person.pk for f in feedback),
        "gathering_form": HoldForm(prefix="gathering"),
        **_gathering(meeting, role),
    }
    return render(request, "pairs/meeting_detail.html", ctx)


@login_required
def meeting_detail(request: HttpRequest, code: str) -> HttpResponse:
    """The curator's page of a meeting: log it as held, mark the paper form."""
    meeting = get_meeting_for_user(request, code)
    forms, response = _act(request, meeting, None)
    if response is not None:
        return response
    back = f"{_pair_url(meeting.pairing)}#meetings"
    return _meeting_page(
        request, meeting, role="curator", person=None, forms=forms, back=back
    )


@login_required
@require_POST
def gathering_hold(request: HttpRequest, code: str) -> HttpResponse:
    """The curator logs a whole group meeting as held, from the page of one
    of its meetings: one outcome for every pair's meeting."""
    meeting = get_meeting_for_user(request, code)
    form = HoldForm(request.POST, prefix="gathering")
    if not form.is_valid():
        return HttpResponseBadRequest()
    try:
        held = meetings.gathering_hold(
            meeting, outcome=form.cleaned_data["outcome"], user=request.user
        )
    except Refused as refused:
        for message in refused.messages:
            messages.error(request, message)
    else:
        n = len(held)
        messages.success(
            request,
            ngettext(
                "%(n)s meeting of the group meeting is logged as held.",
                "%(n)s meetings of the group meeting are logged as held.",
                n,
            )
            % {"n": n},
        )
    return redirect("pairs-meeting-detail", code=meeting.code)


def _own_person(request: HttpRequest, pairing: Pairing) -> tuple[Person, str]:
    member = (
        PairingMember.objects.filter(
            pairing=pairing, person__user=request.user, until__isnull=True
        )
        .select_related("person")
        .first()
    )
    return member.person, member.role


@login_required
def my_meeting_add(request: HttpRequest, code: str) -> HttpResponse:
    """The mentor plans a meeting of their pair from the cabinet."""
    pairing = get_pairing_for_member(request, code, role=PairingMember.Role.MENTOR)
    return _plan(request, pairing, reverse("home"), reverse("home"))


@login_required
def my_meeting(request: HttpRequest, code: str) -> HttpResponse:
    """A member's page of a meeting: confirm it; the mentor logs it as held,
    the mentee gives feedback."""
    meeting = get_meeting_for_member(request, code)
    person, role = _own_person(request, meeting.pairing)
    action = request.POST.get("action")
    if action == "paper" or (action == "hold" and role != PairingMember.Role.MENTOR):
        return HttpResponseBadRequest()
    forms, response = _act(request, meeting, person)
    if response is not None:
        return response
    return _meeting_page(
        request, meeting, role=role, person=person, forms=forms, back=reverse("home")
    )


@login_required
@require_POST
def my_confirm(request: HttpRequest) -> HttpResponse:
    """«Подтверждаю» from the cabinet: one form, a button per meeting."""
    meeting = get_meeting_for_member(request, request.POST.get("meeting", ""))
    person, _role = _own_person(request, meeting.pairing)
    try:
        meetings.meeting_confirm(meeting, person=person, user=request.user)
    except Refused as refused:
        for message in refused.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The meeting is confirmed."))
    return redirect("home")


def _cabinet_pairings(person_id: int):
    """The person's pairs not closed, where they are a current member."""
    return (
        Pairing.objects.filter(members__person=person_id, members__until__isnull=True)
        .exclude(status__in=Pairing.ENDED)
        .values("pk")
    )


def _cabinet_pairings_query(person_id: int):
    return (
        Pairing.objects.filter(pk__in=_cabinet_pairings(person_id))
        .order_by("created", "pk")
        .values_list("pk", "code", "status", "form__name")
    )


def _cabinet_members_query(person_id: int):
    return (
        PairingMember.objects.filter(
            until__isnull=True, pairing__in=_cabinet_pairings(person_id)
        )
        .order_by("pairing_id", "role", "pk")
        .values_list(
            "pairing_id",
            "person_id",
            "role",
            "person__last_name",
            "person__first_name",
            "person__patronymic",
            "person__class_name",
        )
    )


MEETING_FIELDS = (
    "pairing_id",
    "code",
    "kind",
    "status",
    "starts_at",
    "place",
    "online",
    "topic",
    "mentor_confirmed_at",
    "mentee_confirmed_at",
    "paper_confirmed_on",
)


def _cabinet_meetings_query(person_id: int):
    given = Feedback.objects.filter(person=person_id, meeting=OuterRef("pk"))
    return (
        Meeting.objects.filter(pairing__in=_cabinet_pairings(person_id))
        .with_gathering_size()
        .annotate(mine=Exists(given))
        .order_by("starts_at", "pk")
        .values_list(*MEETING_FIELDS, "gathering_size", "mine")
    )


def cabinet_read(person: Person | None) -> dict:
    """The person's pairs with their members and meetings, for their
    cabinet (``cabinet`` shows them at a moment), and the sorted start times
    of those meetings: three queries, compiled once per process, however
    many meetings."""
    if person is None:
        return {"pairings": [], "starts": []}
    pairings = {
        pk: {
            "pairing": Pairing(pk=pk, code=code, status=status),
            "form_name": form_name,
            "members": [],
            "meetings": [],
        }
        for pk, code, status, form_name in prepared.rows(
            _cabinet_pairings_query, person_id=person.pk
        )
    }
    for (
        pairing_id,
        person_id,
        role,
        last,
        first,
        patronymic,
        class_name,
    ) in prepared.rows(_cabinet_members_query, person_id=person.pk):
        member = Person(
            pk=person_id,
            last_name=last,
            first_name=first,
            patronymic=patronymic,
            class_name=class_name,
        )
        pairings[pairing_id]["members"].append((role, member))
    starts = []
    for *fields, gathering_size, mine in prepared.rows(
        _cabinet_meetings_query, person_id=person.pk
    ):
        meeting = Meeting(**dict(zip(MEETING_FIELDS, fields, strict=True)))
        meeting.gathering_size = gathering_size
        meeting.mine = mine
        pairings[meeting.pairing_id]["meetings"].append(meeting)
        starts.append(meeting.starts_at)
    return {"pairings": list(pairings.values()), "starts": sorted(starts)}


def cabinet(person: Person | None, read: dict, now: datetime) -> dict:
    """The pairs of a mentor or mentee (``cabinet_read``) with their next
    steps and meetings at ``now``, for their home page: plain values, which
    change only when a meeting's start passes (or the database changes)."""
    if person is None:
        return {"pairings": []}
    meeting_url = url_maker("pairs-my-meeting")
    add_url = url_maker("pairs-my-meeting-add")
    rows = []
    for read_pairing in read["pairings"]:
        pairing = read_pairing["pairing"]
        members = read_pairing["members"]
        held = read_pairing["meetings"]
        role = next(role for role, member in members if member.pk == person.pk)
        field = f"{role}_confirmed_at"
        confirmable = pairing.status != Pairing.Status.PROPOSED

        def row(meeting: Meeting, role=role, field=field, confirmable=confirmable):
            return {
                "url": meeting_url(meeting.code),
                "code": meeting.code,
                "starts_at": meeting.starts_at,
                "kind_label": meeting.get_kind_display(),
                "gathering_size": meeting.gathering_size,
                "topic": meeting.topic,
                "online": meeting.online,
                "place": meeting.place,
                "status": meeting.status,
                "status_label": meeting.get_status_display(),
                "to_confirm": getattr(meeting, field) is None
                and meeting.status != Meeting.Status.CANCELLED
                and confirmable,
                "wants_feedback": role == "mentee"
                and meeting.status == Meeting.Status.HELD
                and not meeting.mine,
            }

        recent = [
            m
            for m in held
            if m.starts_at <= now and m.status != Meeting.Status.CANCELLED
        ][-5:][::-1]
        rows.append(
            {
                "my_role": role,
                "status": pairing.status,
                "status_label": pairing.get_status_display(),
                "form_name": read_pairing["form_name"],
                "others": [
                    {"full_name": m.full_name, "class_name": m.class_name}
                    for r, m in members
                    if r != role
                ],
                "step": meetings.next_step(pairing, now, meetings=held),
                "add_url": add_url(pairing.code),
                "upcoming": [
                    row(m)
                    for m in held
                    if m.status == Meeting.Status.PLANNED and m.starts_at > now
                ],
                "recent": [row(m) for m in recent],
            }
        )
    return {"pairings": rows}
