"""The iCalendar feed of a person's meetings and the ``.ics`` of one meeting."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from nastavnik.lib.downloads import attachment, file_name
from nastavnik.pairs import calendar

CONTENT_TYPE = "text/calendar; charset=utf-8"


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The person's meetings for a calendar to subscribe to: no login, the
    signed token in the URL is the key (a tampered one answers 404)."""
    person = calendar.person_of_token(token)
    content = calendar.calendar(calendar.meetings_of(person), _("Mentorship meetings"))
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_GET
def meeting_ics(request: HttpRequest, code: str) -> HttpResponse:
    """One meeting as an ``.ics`` file, for its pair's members and the staff."""
    meeting = calendar.meeting_for_download(request, code)
    content = calendar.calendar([meeting], _("Mentorship meetings"))
    day = timezone.localtime(meeting.starts_at).date()
    name = file_name(meeting.get_kind_display().capitalize(), day=day, extension="ics")
    return attachment(content, name=name, content_type=CONTENT_TYPE)
