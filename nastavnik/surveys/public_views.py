"""The personal link of a questionnaire: /survey/<token>/, no account needed.

The token is the only key, so:
- a forged token gets a 404 page; a campaign closed or past its deadline a
  410 page; a used link of a campaign that allows no changes a page that
  says so. None of them records anything.
- The token stays out of caches, search indexes, other sites' Referer
  headers («Referrer-Policy: no-referrer») and the app's logs: Django logs
  every 4xx response with its path, so these pages mark theirs as logged.
- The forms are exempt from CSRF and the pages set no cookie. CSRF protects
  what a cookie authorises; here the token in the URL is itself the secret
  that a forged post from another site would need. (With «no-referrer»
  browsers post «Origin: null», which the CSRF check would refuse.)
- An anonymous campaign keeps no draft: until it is sent, a half-filled form
  would sit next to the person's name.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt

from nastavnik.lib import fragments
from nastavnik.lib.throttle import per_address
from nastavnik.people.models import Person
from nastavnik.surveys import answers, services
from nastavnik.surveys.models import Campaign, Invitation


def _private(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "no-referrer"
    if response.status_code >= 400:
        # django.request would log «Not Found: /survey/<token>/».
        response._has_been_logged = True
    return response


def _is_changeable(campaign: Campaign) -> bool:
    """May a respondent change their answers? Never in an anonymous campaign:
    there the link works once."""
    return campaign.editable and not campaign.anonymous


def _keeps_drafts(invitation: Invitation) -> bool:
    return not invitation.campaign.anonymous and not invitation.answered


def _ctx(invitation: Invitation) -> dict:
    campaign = invitation.campaign
    return {
        "campaign": campaign,
        "organisation": campaign.organisation,
        "questionnaire": campaign.version.questionnaire,
        "version": campaign.version,
        "changeable": _is_changeable(campaign),
    }


def _by_token(view: Callable) -> Callable:
    """Resolve the token, or answer with a page that says why not. Dates are
    those of the organisation's time zone."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, token: str) -> HttpResponse:
        invitation = services.invitation_find(token)
        if invitation is None or invitation.person.is_anonymised:
            return _private(render(request, "public/survey_invalid.html", status=404))
        return _private(while_open(request, invitation, view, token))

    return wrapper


def while_open(
    request: HttpRequest, invitation: Invitation, view: Callable, *args
) -> HttpResponse:
    """``view(request, invitation, *args)`` in the organisation's time zone,
    or the page that says the campaign is closed (410)."""
    campaign = invitation.campaign
    with timezone.override(campaign.organisation.zoneinfo()):
        if not campaign.is_open():
            return render(
                request, "public/survey_closed.html", _ctx(invitation), status=410
            )
        return view(request, invitation, *args)


def _candidates(campaign: Campaign) -> list[Person]:
    return list(campaign.candidates.filter(anonymised_at__isnull=True))


def _stored_answers(invitation: Invitation) -> dict[str, object]:
    response = invitation.campaign.responses.filter(invitation=invitation).first()
    if response is None:
        return {}
    given = response.answers.select_related("question")
    return answers.data_from_answers({a.question.key: a.value for a in given})


def _form_page(
    request: HttpRequest,
    invitation: Invitation,
    data: dict[str, object],
    candidates: list[Person],
    *,
    errors: dict[str, str] | None = None,
    saved: bool = False,
    signed_in: bool = False,
) -> HttpResponse:
    version = invitation.campaign.version
    answer_form = answers.render_context(
        version, data, errors, candidates, person=invitation.person
    )
    ctx = {
        **_ctx(invitation),
        "answer_form": answer_form,
        # the questions with their answers so far, written once per state
        "answer_form_key": fragments.key(answer_form),
        "changing": invitation.answered,
        "drafts": _keeps_drafts(invitation),
        "saved": saved,
        "signed_in": signed_in,
    }
    return render(request, "public/survey.html", ctx)


def _already_answered(
    request: HttpRequest, invitation: Invitation, status: int = 200
) -> HttpResponse:
    return render(
        request, "public/survey_answered.html", _ctx(invitation), status=status
    )


@per_address("survey")
@csrf_exempt
@_by_token
def answer(request: HttpRequest, invitation: Invitation, token: str) -> HttpResponse:
    """The questionnaire: «Save the draft» keeps it, «Send» stores the answers."""
    return answer_page(
        request, invitation, reverse("surveys-public-done", args=[token])
    )


def answer_page(
    request: HttpRequest,
    invitation: Invitation,
    done_url: str,
    *,
    signed_in: bool = False,
) -> HttpResponse:
    """The questionnaire of an invitation already checked and open, by its
    personal link or, ``signed_in``, from the person's home page (a form with
    a CSRF token then); ``done_url`` is the thanks page to go to once the
    answers are stored."""
    campaign = invitation.campaign
    if invitation.answered and not _is_changeable(campaign):
        status = 409 if request.method == "POST" else 200
        return _already_answered(request, invitation, status)
    candidates = _candidates(campaign)
    if request.method != "POST":
        data = invitation.draft or (
            _stored_answers(invitation) if invitation.answered else {}
        )
        return _form_page(request, invitation, data, candidates, signed_in=signed_in)
    action = request.POST.get("action")
    version = campaign.version
    # Only the version's questions: a draft keeps nothing else.
    keys = {q.key for q in services.questions_of(version)}
    data = {
        key: value
        for key, value in answers.data_from_post(request.POST).items()
        if key.removesuffix(answers.OTHER) in keys
    }
    by_code = answers.candidate_map(candidates)
    person = invitation.person
    draft = answers.check_answers(
        version, data, candidates=by_code, person=person, partial=True
    )
    if action == "draft" and _keeps_drafts(invitation):
        if draft.ok:
            services.draft_save(invitation, data)
        return _form_page(
            request,
            invitation,
            data,
            candidates,
            errors=draft.errors,
            saved=draft.ok,
            signed_in=signed_in,
        )
    if action != "send":
        return HttpResponseBadRequest()
    checked = answers.check_answers(version, data, candidates=by_code, person=person)
    if not checked.ok:
        # A half-filled form is kept, so that reopening the link restores it.
        if draft.ok and _keeps_drafts(invitation):
            services.draft_save(invitation, data)
        return _form_page(
            request,
            invitation,
            data,
            candidates,
            errors=checked.errors,
            signed_in=signed_in,
        )
    try:
        services.response_submit(campaign, checked.answers, invitation=invitation)
    except services.AlreadyAnswered:
        return _already_answered(request, invitation, status=409)
    except services.Closed:
        return render(
            request, "public/survey_closed.html", _ctx(invitation), status=410
        )
    return redirect(done_url)


@per_address("survey")
@_by_token
def done(request: HttpRequest, invitation: Invitation, token: str) -> HttpResponse:
    """Thanks, after the answers are stored."""
    return done_page(
        request, invitation, reverse("surveys-public-answer", args=[token])
    )


def done_page(
    request: HttpRequest, invitation: Invitation, answer_url: str
) -> HttpResponse:
    """Thanks once the answers are stored; before that, the questionnaire
    at ``answer_url``."""
    if not invitation.answered:
        return redirect(answer_url)
    ctx = {**_ctx(invitation), "answer_url": answer_url}
    return render(request, "public/survey_done.html", ctx)
