"""Test-only settings, and an optional clock for the whole run.

`TEST_TODAY=2028-02-29 pytest` runs every test as if it were that day (12:00 in
Moscow, the clock ticking), so that a test which reads «today» without pinning
it shows up on the awkward days: the 1st of a month, 31 August and 1 September,
31 December and 1 January, 29 February. `bin/test-dates` runs them all.
A full moment such as `TEST_TODAY="2026-12-31 23:30+03:00"` works too.

`make test` runs with pytest-xdist: each worker is a process of its own that
runs pytest_configure too, so it pins the same clock, gets its own test
database (pytest-django suffixes the name per worker) and its own MEDIA_ROOT.
"""

from __future__ import annotations

import os
import shutil
import tempfile

_travel = None
_media = None


def pytest_configure(config) -> None:
    from django.conf import settings

    # whitenoise warns about a missing STATIC_ROOT before collectstatic ran
    os.makedirs(settings.STATIC_ROOT, exist_ok=True)

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # a worker opens personal links far more often than anybody: the tests of
    # the limit (test_public_link_throttle.py) turn it on
    settings.PUBLIC_LINK_RATE = 0
    # and the API's fuzzing far more often than a script: test_rate.py turns it on
    settings.API_RATE = 0
    # files the tests upload go to a directory of this process, removed at the end
    global _media
    _media = tempfile.mkdtemp(prefix="nastavnik-test-media-")
    settings.MEDIA_ROOT = _media

    today = os.environ.get("TEST_TODAY", "").strip()
    if today:
        import time_machine

        global _travel
        moment = today if " " in today or "T" in today else f"{today} 12:00+03:00"
        _travel = time_machine.travel(moment, tick=True)
        _travel.start()


def pytest_report_header(config) -> str | None:
    today = os.environ.get("TEST_TODAY", "").strip()
    return f"clock pinned by TEST_TODAY={today}" if today else None


def pytest_unconfigure(config) -> None:
    if _travel is not None:
        _travel.stop()
    if _media is not None:
        shutil.rmtree(_media, ignore_errors=True)
