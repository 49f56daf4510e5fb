"""Personal-link tokens: made at random, stored only as a SHA-256 hash, so a
stolen database gives nobody the power to act through a link."""

from __future__ import annotations

import hashlib
import secrets


def new() -> str:
    """A fresh unguessable token for a URL: shown or sent once, never stored."""
    return secrets.token_urlsafe(32)


def digest(token: str) -> str:
    """What the database keeps of a token."""
    return hashlib.sha256(token.encode()).hexdigest()
