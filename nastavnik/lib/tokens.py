"""Personal-link tokens: made at random, stored only as a SHA-256 hash, so a
stolen database gives nobody the power to act through a link."""

from __future__ import annotations

import hashlib
import secrets


def new() -> str:
    """A fresh unguessable token for a URL: shown or sent once, never stored.
    It never starts with a dash, so that a command line takes it as the value
    of an option (``--token TOKEN``) rather than as another option."""
    while True:
        token = secrets.token_urlsafe(32)
        if not token.startswith("-"):
            return token


def digest(token: str) -> str:
    """What the database keeps of a token."""
    return hashlib.sha256(token.encode()).hexdigest()
