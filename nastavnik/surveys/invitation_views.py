"""A signed-in mentor or mentee answers their questionnaire from their home
page: /surveys/invitations/<code>/.

The personal link's token is shown or sent once and stored only as a hash,
so the home page cannot link to it; these pages find the invitation by its
code instead, among the user's own (``get_own_invitation_for_user``), and
then behave exactly as the personal link does. Unlike the link they are
authorised by the session cookie, so their forms carry a CSRF token.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from nastavnik.surveys import public_views
from nastavnik.surveys.access import get_own_invitation_for_user
from nastavnik.surveys.models import Invitation


def _answer(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    done_url = reverse("surveys-invitation-done", args=[invitation.code])
    return public_views.answer_page(request, invitation, done_url, signed_in=True)


def _done(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    answer_url = reverse("surveys-invitation-answer", args=[invitation.code])
    return public_views.done_page(request, invitation, answer_url)


@login_required
def answer(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    """The questionnaire: «Save the draft» keeps it, «Send» stores the answers."""
    invitation = get_own_invitation_for_user(request, code)
    return public_views.while_open(request, invitation, _answer)


@login_required
def done(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    """Thanks, after the answers are stored."""
    invitation = get_own_invitation_for_user(request, code)
    return public_views.while_open(request, invitation, _done)
