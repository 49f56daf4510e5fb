"""Response headers that hold for every page of the site."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def content_security_policy(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Send settings.CONTENT_SECURITY_POLICY with every response that has none.

    One fixed policy with no nonces: the pages hold no inline script or style
    (nastavnik/tests/test_content_security_policy.py scans the templates), so
    nothing needs to be let through one page at a time.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault(
            "Content-Security-Policy", settings.CONTENT_SECURITY_POLICY
        )
        return response

    return middleware
