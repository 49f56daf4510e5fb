"""Questionnaires, campaigns and answers: everything that writes goes through here.

The answers a respondent gives are checked in ``surveys.answers``
(``check_answers``); the builder's edits of questionnaires live in
``surveys.builder``.
"""

from __future__ import annotations

import smtplib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from nastavnik.accounts.models import User
from nastavnik.lib import emails, prepared, tokens
from nastavnik.orgs.models import Organisation
from nastavnik.people.models import Person
from nastavnik.surveys.models import (
    YES,
    Answer,
    Campaign,
    Invitation,
    Question,
    Response,
    Version,
)

T = Question.Type


class AlreadyAnswered(Exception):
    """The link was used and the campaign does not allow changes."""


class Closed(Exception):
    """The campaign is closed or past its deadline."""


# ---------------------------------------------------------------- versions


def questions_of(version: Version, *, with_sections: bool = True) -> list[Question]:
    """The version's questions in order; with their sections and conditions
    unless the caller reads neither (the results page). By SQL compiled once
    per process: a respondent's page reads them on every request."""
    return prepared.objects(_questions, (with_sections,), version_id=version.pk)


def _questions(with_sections: bool, version_id: int) -> QuerySet[Question]:
    questions = Question.objects.filter(section__version=version_id).order_by(
        "section__position", "position"
    )
    if with_sections:
        questions = questions.select_related("section", "show_if")
    return questions


def _number(question: Question, value) -> float | None:
    if question.type in (T.SCALE, T.NUMBER):
        return float(value)
    if question.type == T.YES_NO:
        return 1.0 if value == YES else 0.0
    return None


def score(version: Version, answers: dict[str, object]) -> Decimal | None:
    """The mean of the scored 1–10 items answered, or None without any."""
    values = [
        answers[q.key]
        for q in questions_of(version)
        if q.scored and q.type == T.SCALE and q.key in answers
    ]
    if not values:
        return None
    mean = Decimal(sum(values)) / Decimal(len(values))
    return mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def is_satisfied(version: Version, mean: Decimal | None) -> bool | None:
    return None if mean is None else mean >= version.satisfied_from


# -------------------------------------------------------- campaigns, links


def invitation_create(campaign: Campaign, person: Person) -> tuple[Invitation, str]:
    """A personal link for ``person``; returns it and its token (shown or
    sent once, never stored). A second call gives the person a new token."""
    token = tokens.new()
    invitation, created = Invitation.objects.get_or_create(
        campaign=campaign,
        person=person,
        defaults={"token_hash": Invitation.hash(token)},
    )
    if not created:
        invitation.token_hash = Invitation.hash(token)
        invitation.save(update_fields=["token_hash"])
    return invitation, token


def invitation_find(token: str) -> Invitation | None:
    """The invitation of a token, or None for a forged one."""
    if not token or len(token) > 100:
        return None
    found = prepared.objects(_invitation, token_hash=Invitation.hash(token))
    return found[0] if found else None


def _invitation(token_hash: str) -> QuerySet[Invitation]:
    """With all that the respondent's page shows, the organisation's time
    zone included; by SQL compiled once per process (every request of a
    personal link reads it)."""
    return Invitation.objects.select_related(
        "campaign__version__questionnaire",
        "campaign__organisation__municipality__region",
        "person",
    ).filter(token_hash=token_hash)


def draft_save(invitation: Invitation, data: dict[str, object]) -> None:
    """Keep a half-filled form (raw values) until it is sent."""
    invitation.draft = {k: v for k, v in data.items() if k != "csrfmiddlewaretoken"}
    invitation.save(update_fields=["draft"])


@transaction.atomic
def response_submit(
    campaign: Campaign,
    answers: dict[str, object],
    *,
    invitation: Invitation | None = None,
    person: Person | None = None,
    source: str = Response.Source.LINK,
    entered_by: User | None = None,
    today: date | None = None,
) -> Response:
    """Store checked answers as a response (replacing an earlier one when the
    campaign lets answers change until the deadline). In an anonymous campaign
    the response keeps neither the person nor the invitation.

    Raises Closed after the deadline and AlreadyAnswered for a second answer
    that the campaign does not allow."""
    today = today or timezone.localdate()
    if not campaign.is_open(today) and source == Response.Source.LINK:
        raise Closed
    if invitation is not None:
        # Claim the invitation with one conditional UPDATE: of two submissions
        # at once only one finds it unanswered (no select_for_update: STYLE).
        person = invitation.person
        claimed = Invitation.objects.filter(pk=invitation.pk, answered=False).update(
            answered=True, draft={}
        )
        if not claimed:
            if not campaign.editable or campaign.anonymous:
                raise AlreadyAnswered
            # A change until the deadline: the new answers replace the old.
            Response.objects.filter(invitation=invitation).delete()
    version = campaign.version
    response = Response(
        campaign=campaign,
        version=version,
        source=source,
        entered_by=entered_by,
        submitted_on=today,
        score=score(version, answers),
    )
    if not campaign.anonymous:
        response.person = person
        response.invitation = invitation
    try:
        response.save()
    except IntegrityError:
        raise AlreadyAnswered from None
    by_key = {q.key: q for q in questions_of(version)}
    Answer.objects.bulk_create(
        Answer(
            response=response,
            question=by_key[key],
            value=value,
            number=_number(by_key[key], value),
        )
        for key, value in answers.items()
    )
    if invitation is not None:
        invitation.answered = True
        invitation.draft = {}
    # Imported late, so that flows and profiles may import this module.
    from nastavnik.surveys import flows

    # The answers fill the bases or the preferences; what the flow did (a
    # note that the profile was not updated, say) is kept for the page.
    response.outcome = flows.after_response(response, answers)
    return response


# ------------------------------------------- campaigns: audience, links, mail

# The reminders of ``send_survey_reminders`` start this many days before the
# deadline.
REMIND_DAYS_BEFORE = 2


@dataclass
class Slip:
    """A personal link to hand out on paper: shown once, never stored."""

    invitation: Invitation
    url: str
    mail_failed: bool = False


def invitation_url(token: str, root: str = "") -> str:
    """The absolute address of a personal link; ``root`` is the site's
    (``request.build_absolute_uri("/")``), else ``settings.SITE_ROOT``."""
    root = (root or settings.SITE_ROOT).rstrip("/")
    return root + reverse("surveys-public-answer", args=[token])


@transaction.atomic
def campaign_create(
    *,
    organisation: Organisation,
    version: Version,
    title: str,
    deadline: date,
    people: QuerySet[Person],
    audience: str = "",
    anonymous: bool = False,
    editable: bool = False,
    candidates: Iterable[Person] = (),
    user: User | None = None,
) -> Campaign:
    """A campaign of ``version`` with an invitation for each of ``people``
    who may be asked: present and with a valid consent to the processing of
    their data (152-ФЗ). The others are left out; the caller counts them."""
    campaign = Campaign(
        organisation=organisation,
        version=version,
        title=title,
        deadline=deadline,
        audience=audience,
        anonymous=anonymous,
        editable=editable and not anonymous,
        created_by=user,
    )
    campaign.full_clean()
    campaign.save()
    campaign.candidates.set(candidates)
    invited = people.filter(organisation=organisation).eligible().distinct()
    # Each invitation gets the hash of a token nobody knows: the links that
    # work are made when they are sent (``campaign_send_links``).
    Invitation.objects.bulk_create(
        Invitation(
            campaign=campaign, person=person, token_hash=Invitation.hash(tokens.new())
        )
        for person in invited.only("pk")
    )
    return campaign


def campaign_close(*, campaign: Campaign) -> Campaign:
    campaign.status = Campaign.Status.CLOSED
    campaign.save(update_fields=["status"])
    return campaign


def campaign_extend(*, campaign: Campaign, deadline: date) -> Campaign:
    """A new deadline; a closed campaign opens again until it."""
    campaign.deadline = deadline
    campaign.status = Campaign.Status.OPEN
    campaign.full_clean()
    campaign.save(update_fields=["deadline", "status"])
    return campaign


def _letter_context(invitation: Invitation, url: str) -> dict:
    campaign = invitation.campaign
    person = invitation.person
    # Children by their first name, adults by name and patronymic.
    parts = [person.first_name]
    if not person.is_minor() and person.category != Person.Category.PUPIL:
        parts.append(person.patronymic)
    return {
        "url": url,
        "person": person,
        "name": " ".join(p for p in parts if p),
        "campaign": campaign,
        "organisation": campaign.organisation,
        "questionnaire": campaign.version.questionnaire,
    }


def _mail(letter: str, invitation: Invitation, url: str) -> bool:
    """Send ``letter`` with the link; False when the mail server refused."""
    try:
        emails.send(letter, invitation.person.email, _letter_context(invitation, url))
    except (OSError, smtplib.SMTPException):
        return False
    return True


def invitation_reissue(
    *, invitation: Invitation, root: str = "", mail: bool = True
) -> tuple[str, bool]:
    """A new link for the person (the old one stops working), e-mailed when
    the person has an address and ``mail``. Returns the link and whether it
    was e-mailed."""
    invitation.token_hash = Invitation.hash(token := tokens.new())
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["token_hash", "sent_at"])
    url = invitation_url(token, root)
    mailed = bool(mail and invitation.person.email) and _mail(
        "survey-link", invitation, url
    )
    return url, mailed


def campaign_send_links(
    *, campaign: Campaign, root: str = ""
) -> tuple[int, list[Slip]]:
    """Give a link to everyone invited who has none yet and has not answered:
    e-mail it to those with an address. Returns how many were e-mailed and
    the slips to print for the others (and for those whose letter failed)."""
    mailed, slips = 0, []
    pending = (
        campaign.invitations.filter(sent_at__isnull=True, answered=False)
        .select_related("person", "campaign__organisation", "campaign__version")
        .order_by("person__class_name", "person__last_name", "person__first_name")
    )
    for invitation in pending:
        url, ok = invitation_reissue(invitation=invitation, root=root)
        if ok:
            mailed += 1
        else:
            slips.append(
                Slip(invitation, url, mail_failed=bool(invitation.person.email))
            )
    return mailed, slips


def _start_of_day(campaign: Campaign, now: datetime) -> datetime:
    """Midnight of today in the organisation's time zone."""
    zone = campaign.organisation.zoneinfo()
    return datetime.combine(now.astimezone(zone).date(), time.min, tzinfo=zone)


def to_remind(campaign: Campaign, now: datetime | None = None) -> QuerySet[Invitation]:
    """Whom a reminder may go to: links sent, not answered, an e-mail
    address, and not reminded yet today (at most one reminder a day)."""
    now = now or timezone.now()
    return (
        campaign.invitations.filter(
            answered=False, sent_at__isnull=False, person__anonymised_at__isnull=True
        )
        .exclude(person__email="")
        .exclude(reminded_at__gte=_start_of_day(campaign, now))
    )


def campaign_remind(
    *, campaign: Campaign, root: str = "", now: datetime | None = None
) -> int:
    """E-mail a reminder with a new link to those of ``to_remind``; returns
    how many were reminded. A letter that fails changes nothing: the old
    link keeps working."""
    now = now or timezone.now()
    reminded = 0
    pending = to_remind(campaign, now).select_related(
        "person", "campaign__organisation", "campaign__version__questionnaire"
    )
    for invitation in pending:
        token = tokens.new()
        if not _mail("survey-reminder", invitation, invitation_url(token, root)):
            continue
        invitation.token_hash = Invitation.hash(token)
        invitation.reminded_at = now
        invitation.save(update_fields=["token_hash", "reminded_at"])
        reminded += 1
    return reminded


def campaigns_to_remind(now: datetime | None = None) -> list[Campaign]:
    """Open campaigns whose deadline is within ``REMIND_DAYS_BEFORE`` days,
    counted in each organisation's own time zone."""
    now = now or timezone.now()
    utc_today = now.astimezone(UTC).date()
    near = Campaign.objects.filter(
        status=Campaign.Status.OPEN,
        deadline__gte=utc_today - timedelta(days=1),
        deadline__lte=utc_today + timedelta(days=REMIND_DAYS_BEFORE + 1),
    ).select_related("organisation", "version__questionnaire")
    return [
        campaign
        for campaign in near
        if 0
        <= (campaign.deadline - _start_of_day(campaign, now).date()).days
        <= REMIND_DAYS_BEFORE
    ]
