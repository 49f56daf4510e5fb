from __future__ import annotations

from django.http import HttpRequest

from nastavnik.accounts import menu
from nastavnik.accounts.access import read_active_memberships


def memberships(request: HttpRequest) -> dict:
    """The current membership and all of the user's, for the role switcher,
    and the main menu of the current one (made only if the page shows it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    membership = getattr(request, "membership", None)
    match = getattr(request, "resolver_match", None)
    return {
        "membership": membership,
        "organisation_menu": lambda: menu.organisation_menu(
            membership, match.url_name if match else None
        ),
        # The middleware has read them; a request without it reads them lazily.
        "all_memberships": request.memberships
        if hasattr(request, "memberships")
        else (lambda: read_active_memberships(user)),
    }
