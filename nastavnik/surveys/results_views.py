"""Results of a campaign: the summary, each person's answers, the XLSX of
all answers, the blank form to print and the entry of a paper form.

Answers are children's personal data: every campaign and response comes
through ``surveys.access`` (the organisation's staff only). An anonymous
campaign has no per-person pages, shows nothing until
``results.MIN_ANONYMOUS_GROUP`` people have answered, and is never filtered
by class. Each opening of a person's answers is written to the audit log.
"""

from __future__ import annotations

import uuid
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.accounts.access import is_staff_of
from nastavnik.accounts.models import AuditEvent
from nastavnik.accounts.services import audit_log
from nastavnik.lib import docx, downloads, fragments, spreadsheets
from nastavnik.surveys import access, answers, exporting, results, services
from nastavnik.surveys.models import Campaign, Invitation, Response


def _classes(campaign: Campaign) -> list[str]:
    """The classes the filter offers (none for an anonymous campaign: a class
    of it is a group too small to hide in), remembered while the database
    stays the same (fragments.remembered)."""
    return fragments.remembered(
        "campaign-classes", (campaign.pk,), lambda: results.classes_of(campaign)
    )


@login_required
def campaign_results(request: HttpRequest, code: str) -> HttpResponse:
    campaign = access.get_campaign_for_user(request, code)
    class_name = request.GET.get("class", "").strip()
    if class_name and class_name not in _classes(campaign):
        return HttpResponseBadRequest()
    shown = {
        "campaign": campaign,
        "class_name": class_name,
        "today": timezone.localdate(),
        "min_group": results.MIN_ANONYMOUS_GROUP,
    }
    context = fragments.figures(
        "campaign-results",
        shown,
        lambda: {
            "summary": results.summary(campaign, class_name=class_name),
            "classes": _classes(campaign),
        },
    )
    return render(request, "surveys/results.html", context)


@login_required
def campaign_responses(request: HttpRequest, code: str) -> HttpResponse:
    """Who answered a named campaign, with links to their answers."""
    campaign = access.get_campaign_for_user(request, code)
    responses = []
    if not campaign.anonymous:
        responses = campaign.responses.select_related("person", "entered_by")
        responses = responses.order_by(
            "person__last_name", "person__first_name", "submitted_on"
        )
    context = {"campaign": campaign, "responses": responses}
    return render(request, "surveys/response_list.html", context)


@login_required
def response_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A person's answers, with the question texts of the response's own
    version. It is a read of a person's data: written to the audit log."""
    response = access.get_response_for_user(request, code)
    campaign = response.campaign
    answers = dict(response.answers.values_list("question__key", "value"))
    if response.person is not None:
        audit_log(
            user=request.user,
            organisation=campaign.organisation,
            action=AuditEvent.Action.VIEW,
            object_type="person",
            object_code=response.person.code,
            summary=_("questionnaire answers viewed"),
        )
    context = {
        "response": response,
        "campaign": campaign,
        "sections": [
            (section, list(rows))
            for section, rows in groupby(
                results.version_answers(response.version, answers),
                key=lambda row: row[0].section,
            )
        ],
    }
    return render(request, "surveys/response_detail.html", context)


@login_required
def campaign_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    campaign = access.get_campaign_for_user(request, code)
    summary = results.summary(campaign)
    if summary.hidden:
        messages.error(request, _("The results of this campaign are not shown yet."))
        return redirect("surveys-campaign-results", campaign.code)
    audit_log(
        user=request.user,
        organisation=campaign.organisation,
        action=AuditEvent.Action.EXPORT,
        object_type="campaign",
        object_code=campaign.code,
        summary=_("questionnaire answers exported"),
    )
    return downloads.attachment(
        exporting.campaign_xlsx(summary),
        name=exporting.xlsx_file_name(campaign, timezone.localdate()),
        content_type=spreadsheets.CONTENT_TYPE,
    )


@login_required
def version_docx(request: HttpRequest, code: str) -> HttpResponse:
    """The blank form to print, headed with the organisation's name."""
    version = access.get_version_for_user(request, code)
    organisation = version.questionnaire.organisation
    membership = getattr(request, "membership", None)
    current = membership.organisation if membership is not None else None
    # A shipped questionnaire is headed with the school printing it.
    if organisation is None and current and is_staff_of(request.user, current):
        organisation = current
    short_name = organisation.short_name if organisation else ""
    return downloads.attachment(
        exporting.blank_docx(version, organisation),
        name=exporting.docx_file_name(version, short_name, timezone.localdate()),
        content_type=docx.CONTENT_TYPE,
    )


def _paper_person(
    request: HttpRequest, campaign: Campaign, waiting: QuerySet[Invitation]
) -> tuple[Invitation | None, str]:
    """The invitation of the person whose paper form it is, and an error for
    the page; none in an anonymous campaign. Raises ValueError for a forged
    value."""
    if campaign.anonymous:
        return None, ""
    chosen = request.POST.get("invitation", "").strip()
    if not chosen:
        return None, _("Choose whose form it is.")
    try:
        code = uuid.UUID(chosen)
    except ValueError:
        raise ValueError(chosen) from None
    invitation = waiting.filter(code=code).first()
    if invitation is not None:
        return invitation, ""
    if campaign.invitations.filter(code=code).exists():
        return None, _("This person has already answered.")
    raise ValueError(chosen)


@login_required
def campaign_paper(request: HttpRequest, code: str) -> HttpResponse:
    """A paper form entered by hand: it counts like an answer by link. In a
    named campaign the curator picks the person among those invited who have
    not answered; in an anonymous one nobody."""
    campaign = access.get_campaign_for_user(request, code)
    version = campaign.version
    candidates = list(campaign.candidates.order_by("last_name", "first_name"))
    waiting = campaign.invitations.filter(answered=False).select_related("person")
    waiting = waiting.order_by("person__last_name", "person__first_name")
    data: dict[str, object] = {}
    errors: dict[str, str] = {}
    person_error = ""
    chosen = ""
    respondent = None  # the person whose form it is, once chosen
    if request.method == "POST":
        try:
            invitation, person_error = _paper_person(request, campaign, waiting)
        except ValueError:
            return HttpResponseBadRequest()
        chosen = str(invitation.code) if invitation else ""
        respondent = invitation.person if invitation else None
        data = answers.data_from_post(request.POST)
        checked = answers.check_answers(
            version,
            data,
            candidates=answers.candidate_map(candidates),
            person=respondent,
        )
        errors = checked.errors
        if checked.ok and not person_error:
            try:
                response = services.response_submit(
                    campaign,
                    checked.answers,
                    invitation=invitation,
                    source=Response.Source.PAPER,
                    entered_by=request.user,
                )
            except services.AlreadyAnswered:
                person_error = _("This person has already answered.")
            else:
                audit_paper(request, campaign, invitation)
                messages.success(request, _("The paper form is entered."))
                # The flow may not fill a profile: no consent, say.
                note = getattr(response.outcome, "note", "")
                if note:
                    messages.warning(request, note)
                return redirect("surveys-campaign-paper", campaign.code)
    context = {
        "campaign": campaign,
        "waiting": [] if campaign.anonymous else list(waiting),
        "chosen": chosen,
        "person_error": person_error,
        "answer_form": answers.render_context(
            version, data, errors, candidates, person=respondent
        ),
    }
    return render(request, "surveys/response_paper.html", context)


def audit_paper(
    request: HttpRequest, campaign: Campaign, invitation: Invitation | None
) -> None:
    # An anonymous form is logged against the campaign: nobody is named.
    person = invitation.person if invitation and not campaign.anonymous else None
    audit_log(
        user=request.user,
        organisation=campaign.organisation,
        action=AuditEvent.Action.CREATE,
        object_type="person" if person else "campaign",
        object_code=person.code if person else campaign.code,
        summary=_("paper questionnaire entered"),
    )
