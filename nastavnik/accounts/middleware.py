from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from nastavnik.accounts.models import ROLE_ORDER, Membership

SESSION_KEY = "membership"


def current_membership(
    request: HttpRequest, memberships: list[Membership]
) -> Membership | None:
    """The membership the user acts in now: the one chosen, or the first by role."""
    if not memberships:
        return None
    chosen = request.session.get(SESSION_KEY)
    for membership in memberships:
        if str(membership.code) == chosen:
            return membership
    return min(memberships, key=lambda m: ROLE_ORDER.index(m.role))


def read_memberships(request: HttpRequest) -> None:
    """Read ``request.user``'s memberships for the request and act in its
    current one's time zone. The middleware calls it for the session's user;
    the API again once a token has named its user."""
    from nastavnik.accounts.access import ACTIVE_MEMBERSHIPS, read_active_memberships

    request.memberships = read_active_memberships(request.user)
    if request.user.is_authenticated:
        setattr(request.user, ACTIVE_MEMBERSHIPS, request.memberships)
    request.membership = current_membership(request, request.memberships)
    zone = settings.DEFAULT_DISPLAY_TIME_ZONE
    if request.membership:
        zone = request.membership.display_time_zone() or zone
    timezone.activate(zoneinfo.ZoneInfo(zone))


class MembershipMiddleware:
    """Sets request.membership (and request.memberships, all the user's, read
    once per request for the role switcher) and shows times in its
    organisation's time zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        read_memberships(request)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
