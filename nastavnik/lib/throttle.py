"""A per-address limit on the pages anybody may open without an account.

Django's cache counts the requests of one address to one group of pages in
the current minute. With the default local-memory cache each server process
counts on its own, so N gunicorn workers let through up to N times the limit:
enough to stop a flood or a token hunt, no more is promised.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_address(request: HttpRequest) -> str:
    """The visitor's address: behind settings.TRUSTED_PROXIES reverse proxies,
    the one the outermost of them added to X-Forwarded-For (the entries left
    of it come from the visitor and may be forged)."""
    proxies = settings.TRUSTED_PROXIES
    forwarded = [
        a.strip() for a in request.headers.get("X-Forwarded-For", "").split(",")
    ]
    if proxies and len(forwarded) >= proxies and forwarded[-proxies]:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def per_address(group: str) -> Callable:
    """Let one address open the views of ``group`` settings.PUBLIC_LINK_RATE
    times a minute (0: no limit); beyond that answer 429 with a page."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            rate = settings.PUBLIC_LINK_RATE
            if rate and count(group, client_address(request)) > rate:
                return _too_many(request)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def count(group: str, who: str) -> int:
    """This minute's requests of ``who`` (an address, a token) to ``group``,
    this one included."""
    minute = int(time.time() // 60)
    key = f"throttle:{group}:{who}:{minute}"
    cache.add(key, 0, timeout=120)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=120)
        return 1


def seconds_left() -> int:
    """Until the next minute, when the counts start again."""
    return 60 - int(time.time()) % 60


def _too_many(request: HttpRequest) -> HttpResponse:
    response = render(request, "429.html", status=429)
    response.headers["Retry-After"] = str(seconds_left())
    # django.request would log the path, and the path holds a personal token.
    response._has_been_logged = True
    return response
