"""Redirects after a form: back to the page it was sent from, never off the site."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, within: str = "/") -> str:
    """The form's ``next`` field when it is a page of this site under
    ``within``, else ""."""
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if safe and target.startswith(within) and not target.startswith("//"):
        return target
    return ""


def redirect_next(
    request: HttpRequest, fallback: str, *args, within: str = "/", **kwargs
) -> HttpResponse:
    """Redirect to the form's ``next`` field when it is a page of this site
    under ``within``, else to ``fallback`` (a URL name with ``args`` and
    ``kwargs``, or a URL)."""
    if target := safe_next(request, within):
        return redirect(target)
    return redirect(fallback, *args, **kwargs)
