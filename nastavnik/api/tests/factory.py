"""Helpers for API tests: a user's bearer header, read as the API reads it."""

from __future__ import annotations

from nastavnik.accounts.models import User
from nastavnik.api import services


def bearer(user: User, name: str = "тест") -> dict:
    """The extra of a test client's call that sends a new token of ``user``."""
    _token, secret = services.token_create(user=user, name=name)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
