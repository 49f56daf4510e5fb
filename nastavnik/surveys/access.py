"""Access helpers for questionnaires, campaigns and answers.

- Shipped questionnaires are read by the staff of every organisation; an
  organisation's own questionnaires by its staff only, who also edit them.
- Campaigns, invitations and responses belong to an organisation: its staff
  (head and curators) only. Answers are personal data of children: municipal
  and regional roles never reach them (monitoring gives them aggregates).
- People answer through their personal link (``services.invitation_find``),
  no account needed; a person with an account also from their home page
  (``get_own_invitation_for_user``): their own invitations only.
Every helper returns the object or raises Http404.
"""

from __future__ import annotations

import uuid

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from nastavnik.accounts.access import (
    get_or_404,
    get_staff_row_or_404,
    staff_organisations,
)
from nastavnik.accounts.models import User
from nastavnik.surveys.models import (
    Campaign,
    Invitation,
    Question,
    Questionnaire,
    Response,
    Section,
    Version,
)


def readable_questionnaires(user: User) -> QuerySet[Questionnaire]:
    mine = staff_organisations(user)
    if not mine.exists():
        return Questionnaire.objects.none()
    return Questionnaire.objects.filter(
        Q(organisation__isnull=True) | Q(organisation__in=mine)
    )


def editable_questionnaires(user: User) -> QuerySet[Questionnaire]:
    return Questionnaire.objects.filter(organisation__in=staff_organisations(user))


def campaigns_of(user: User) -> QuerySet[Campaign]:
    return Campaign.objects.filter(organisation__in=staff_organisations(user))


def get_questionnaire_for_user(
    request: HttpRequest, code: uuid.UUID | str, *, edit: bool = False
) -> Questionnaire:
    questionnaires = (editable_questionnaires if edit else readable_questionnaires)(
        request.user
    )
    return get_or_404(questionnaires.select_related("organisation", "form"), code)


def get_version_for_user(
    request: HttpRequest, code: uuid.UUID | str, *, edit: bool = False
) -> Version:
    questionnaires = (editable_questionnaires if edit else readable_questionnaires)(
        request.user
    )
    versions = Version.objects.filter(questionnaire__in=questionnaires)
    return get_or_404(versions.select_related("questionnaire__organisation"), code)


def get_section_for_user(
    request: HttpRequest, code: uuid.UUID | str, *, edit: bool = False
) -> Section:
    questionnaires = (editable_questionnaires if edit else readable_questionnaires)(
        request.user
    )
    sections = Section.objects.filter(version__questionnaire__in=questionnaires)
    return get_or_404(sections.select_related("version__questionnaire"), code)


def get_question_for_user(
    request: HttpRequest, code: uuid.UUID | str, *, edit: bool = False
) -> Question:
    questionnaires = (editable_questionnaires if edit else readable_questionnaires)(
        request.user
    )
    questions = Question.objects.filter(
        section__version__questionnaire__in=questionnaires
    )
    return get_or_404(questions.select_related("section__version__questionnaire"), code)


def get_campaign_for_user(request: HttpRequest, code: uuid.UUID | str) -> Campaign:
    """A campaign of the organisations the user is staff of (its organisation
    from the memberships the request has read), with its questionnaire."""
    return get_staff_row_or_404(request, _campaign_by_code, code)


def _campaign_by_code(code: uuid.UUID) -> QuerySet[Campaign]:
    return Campaign.objects.select_related("version__questionnaire").filter(code=code)


def get_response_for_user(request: HttpRequest, code: uuid.UUID | str) -> Response:
    """A response of a named campaign; anonymous responses are never opened
    one by one (their page would link an answer to its time and order)."""
    responses = Response.objects.filter(
        campaign__in=campaigns_of(request.user), campaign__anonymous=False
    )
    return get_or_404(responses.select_related("campaign", "person", "version"), code)


def get_own_invitation_for_user(
    request: HttpRequest, code: uuid.UUID | str
) -> Invitation:
    """An invitation of the signed-in user's own person: nobody else's, not
    even the curator's, because the answers are the person's to give."""
    invitations = Invitation.objects.filter(
        person__user=request.user, person__anonymised_at__isnull=True
    )
    return get_or_404(
        invitations.select_related(
            "campaign__version__questionnaire", "campaign__organisation", "person"
        ),
        code,
    )
