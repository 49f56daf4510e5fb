"""The user's own API tokens: created (shown once) and revoked on a page of
the account area."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nastavnik.accounts.access import get_or_404
from nastavnik.api import services
from nastavnik.api.forms import TokenForm
from nastavnik.api.models import Token


def _get_token_for_user(request: HttpRequest, code: uuid.UUID | str) -> Token:
    """One of the user's own tokens; anyone else's is 404."""
    return get_or_404(Token.objects.filter(user=request.user), code)


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        token, secret = services.token_create(
            user=request.user, name=form.cleaned_data["name"]
        )
        messages.success(
            request, _("The token «%(name)s» is created.") % {"name": token}
        )
        form = TokenForm()
    ctx = {
        "form": form,
        "tokens": Token.objects.filter(user=request.user),
        "new_token": secret,
        "openapi_url": request.build_absolute_uri(reverse("api:openapi-json")),
    }
    response = render(request, "api/token_list.html", ctx)
    if secret:
        # Rendered here, not redirected: the token is never stored, even in a
        # session, and no cache may keep the page that shows it.
        add_never_cache_headers(response)
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, code: str) -> HttpResponse:
    token = _get_token_for_user(request, code)
    services.token_revoke(token)
    messages.success(request, _("The token «%(name)s» is revoked.") % {"name": token})
    return redirect("api-token-list")
