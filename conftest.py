"""Test-only settings: a fast password hasher and static files without a manifest."""

from __future__ import annotations


def pytest_configure(config) -> None:
    import os

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
