from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from nastavnik.accounts.models import User


def _find_user(login: str) -> User | None:
    login = login.strip()
    if "@" in login:
        return User.objects.filter(email__iexact=login).first()
    return User.objects.filter(username__iexact=login).first()


class UsernameOrEmailBackend(ModelBackend):
    """Authenticates by username or by e-mail, both case-insensitive."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs,
    ) -> User | None:
        if not username or not password:
            return None
        user = _find_user(username)
        if user is None:
            # Run the hasher anyway so that timing does not reveal who exists.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def axes_username(request: HttpRequest, credentials: dict | None) -> str:
    """Count failed logins per account, whichever of username or e-mail was typed."""
    login = ""
    if credentials:
        login = credentials.get("username") or ""
    if not login and request is not None:
        login = request.POST.get("username", "")
    user = _find_user(login) if login else None
    return user.username.lower() if user else login.strip().lower()
