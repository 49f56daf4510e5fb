"""Test-only settings, and an optional clock for the whole run.

`TEST_TODAY=2028-02-29 pytest` runs every test as if it were that day (12:00 in
Moscow, the clock ticking), so that a test which reads «today» without pinning
it shows up on the awkward days: the 1st of a month, 31 August and 1 September,
31 December and 1 January, 29 February. `bin/test-dates` runs them all.
A full moment such as `TEST_TODAY="2026-12-31 23:30+03:00"` works too.
"""

from __future__ import annotations

import os

_travel = None


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
