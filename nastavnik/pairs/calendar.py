"""Meetings as iCalendar (RFC 5545), for Google Calendar, Outlook and Yandex
Calendar.

Each person has a private feed of the meetings of the pairs they are a
current member of, at a URL that works without login: its only part is a
token signed with the site's secret key (``django.core.signing``), so it
cannot be guessed or altered, and it names nobody. A single meeting also
downloads as an ``.ics`` file. Times are written in UTC, which every calendar
reads and shows in its user's own time zone.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import pgettext
from icalendar import Calendar, Event

from nastavnik.accounts.access import get_or_404
from nastavnik.pairs.access import get_meeting_for_staff_or_member
from nastavnik.pairs.models import Meeting, PairingMember
from nastavnik.people.models import Person

SALT = "nastavnik.pairs.calendar.feed"
PRODID = "-//Nastavnik//Meetings//RU"
SHOWN = [Meeting.Status.PLANNED, Meeting.Status.HELD]


def feed_token(person: Person) -> str:
    """The signed token of the person's feed: their public id and a signature."""
    return signing.Signer(salt=SALT).sign(person.code.hex)


def person_of_token(token: str) -> Person:
    """The person whose feed the token opens, or Http404 for a tampered or
    unknown token."""
    try:
        code = uuid.UUID(hex=signing.Signer(salt=SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        raise Http404 from None
    return get_or_404(Person.objects.filter(anonymised_at__isnull=True), code)


def feed_url(person: Person) -> str:
    """The absolute URL of the person's feed, to paste into a calendar."""
    path = reverse("pairs-calendar-feed", args=[feed_token(person)])
    return settings.SITE_ROOT.rstrip("/") + path


def _with_members(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    members = (
        PairingMember.objects.filter(until__isnull=True)
        .select_related("person")
        .order_by("role", "pk")
    )
    return meetings.select_related("pairing").prefetch_related(
        Prefetch("pairing__members", queryset=members)
    )


def meetings_of(person: Person) -> QuerySet[Meeting]:
    """The planned and held meetings of the pairs the person is a current
    member of, with those pairs' members."""
    pairings = PairingMember.objects.filter(person=person, until__isnull=True)
    meetings = Meeting.objects.filter(
        pairing__in=pairings.values("pairing"), status__in=SHOWN
    )
    return _with_members(meetings).order_by("starts_at", "pk")


def meeting_for_download(request: HttpRequest, code: uuid.UUID | str) -> Meeting:
    """A meeting to download as .ics: one its user may open (the staff of its
    organisation, the current members of its pair), not cancelled."""
    meeting = get_meeting_for_staff_or_member(request, code)
    if meeting.status == Meeting.Status.CANCELLED:
        raise Http404
    return _with_members(Meeting.objects.filter(pk=meeting.pk)).get()


def _host() -> str:
    return urlsplit(settings.SITE_ROOT).hostname or "nastavnik"


def _summary(meeting: Meeting) -> str:
    members = list(meeting.pairing.members.all())
    mentors = ", ".join(m.person.short_name for m in members if m.role == "mentor")
    mentees = ", ".join(m.person.short_name for m in members if m.role == "mentee")
    return f"{meeting.get_kind_display().capitalize()}: {mentors} — {mentees}"


def event(meeting: Meeting) -> Event:
    """One VEVENT: its UID stays the same however the meeting changes, so a
    calendar updates the event instead of adding another."""
    starts = meeting.starts_at.astimezone(UTC)
    ev = Event()
    ev.add("uid", f"{meeting.code}@{_host()}")
    ev.add("dtstamp", meeting.updated.astimezone(UTC))
    ev.add("last-modified", meeting.updated.astimezone(UTC))
    ev.add("dtstart", starts)
    ev.add("dtend", starts + timedelta(minutes=meeting.duration_minutes))
    ev.add("summary", _summary(meeting))
    place = meeting.place or (
        pgettext("meeting place", "online") if meeting.online else ""
    )
    if place:
        ev.add("location", place)
    if meeting.topic:
        ev.add("description", meeting.topic)
    ev.add("status", "CONFIRMED")
    ev.add("transp", "OPAQUE")
    return ev


def calendar(meetings: Iterable[Meeting], name: str) -> bytes:
    """A VCALENDAR of the meetings, published for subscription."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for meeting in meetings:
        cal.add_component(event(meeting))
    return cal.to_ical()
