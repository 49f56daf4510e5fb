from __future__ import annotations

from django.http import HttpRequest

from nastavnik.accounts.access import memberships_of


def memberships(request: HttpRequest) -> dict:
    """The current membership and all of the user's, for the role switcher."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "membership": getattr(request, "membership", None),
        # The middleware has read them; a request without it reads them lazily.
        "all_memberships": request.memberships
        if hasattr(request, "memberships")
        else (lambda: list(memberships_of(user))),
    }
