"""Personal API tokens: created with the token shown once, revoked for good."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from nastavnik.accounts.models import User
from nastavnik.api.models import Token
from nastavnik.lib import tokens


@transaction.atomic
def token_create(*, user: User, name: str) -> tuple[Token, str]:
    """A new token of ``user``: the row (which keeps only the digest) and
    the token itself, to be shown once and never again."""
    secret = tokens.new()
    token = Token(user=user, name=name.strip(), digest=tokens.digest(secret))
    token.full_clean()
    token.save()
    return token, secret


def token_revoke(token: Token) -> Token:
    """Revoke the token: from now on it answers 401. Revoking twice keeps
    the first moment."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_user(secret: str) -> Token | None:
    """The active token this secret is, with its user; None for a revoked
    or unknown one, or one of a deactivated user."""
    return (
        Token.objects.active()
        .select_related("user")
        .filter(digest=tokens.digest(secret))
        .first()
    )
