"""Campaigns: the curator sends a questionnaire to a set of people.

Every row comes through ``surveys.access`` and ``accounts.access``: the
organisation's staff (head and curators) only; municipal and regional roles,
mentors and mentees get 404. Only people with a valid consent to the
processing of their data are invited.

Personal links are kept only as hashes: a link is shown once (a page of slips
to print for those without e-mail) or e-mailed; re-issuing makes a new one.
In an anonymous campaign the page knows who answered (for the progress bar
and the reminders), never what: no invitation links to a response.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Q, QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    QueryDict,
)
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from nastavnik.accounts.access import get_staff_organisation_for_user
from nastavnik.lib import fragments
from nastavnik.lib.forms import is_tampered
from nastavnik.orgs.models import Organisation
from nastavnik.people.models import Person
from nastavnik.surveys import services
from nastavnik.surveys.access import campaigns_of, get_campaign_for_user
from nastavnik.surveys.campaign_forms import (
    FIXED_PAIR_STATUSES,
    MENTEE_ROLE,
    MENTOR_ROLE,
    Audience,
    CampaignForm,
    DeadlineForm,
    InvitationForm,
    campaign_choices,
    candidate_options,
    chosen_options,
    current_versions,
    pair_members,
    pair_role,
    unbound_value,
)
from nastavnik.surveys.models import Campaign, Response, Version

# Hand-picked people: a search lists at most this many.
PEOPLE_SHOWN = 50


def _url_or_none(name: str, *args) -> str | None:
    """The URL of a page another part of the product may not have yet."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _percent(part: int, whole: int) -> int:
    return round(part * 100 / whole) if whole else 0


def _audience(
    organisation: Organisation, form: CampaignForm
) -> tuple[QuerySet[Person], str]:
    """The people a campaign goes to, before the consent check, and how the
    campaign names them."""
    data = form.cleaned_data
    audience = data["audience"]
    everyone = Person.objects.for_organisation(organisation)
    if audience == Audience.MENTEES:
        return everyone.mentees(), _("the mentee base")
    if audience == Audience.MENTORS:
        return everyone.mentors(), _("the mentor base")
    if audience == Audience.CLASS:
        people = Person.objects.for_organisation(organisation).present().pupils()
        name = data["class_name"]
        return people.filter(class_name=name), _("class %(name)s") % {"name": name}
    if audience == Audience.GRADE:
        grade = data["grade"]
        names = form.counts.classes_of_grade(grade)
        people = Person.objects.for_organisation(organisation).present().pupils()
        return people.filter(class_name__in=names), _("classes of grade %(n)s") % {
            "n": grade
        }
    if audience == Audience.CATEGORY:
        category = data["category"]
        people = Person.objects.for_organisation(organisation).present()
        label = Person.Category(category).label
        return people.filter(category=category), _(
            "everyone of the category «%(name)s»"
        ) % {"name": label}
    if audience == Audience.FORM:
        form = data["form"]
        role = pair_role(data["version"].questionnaire.kind)
        people = pair_members(
            everyone.present(),
            role,
            organisation=organisation,
            form=form,
            status__in=FIXED_PAIR_STATUSES,
        )
        names = {
            MENTEE_ROLE: _("mentees of the pairs of the form «%(name)s»"),
            MENTOR_ROLE: _("mentors of the pairs of the form «%(name)s»"),
            None: _("members of the pairs of the form «%(name)s»"),
        }
        return people, names[role] % {"name": form.name}
    people = data["people"]
    return (
        Person.objects.filter(pk__in=[p.pk for p in people]),
        ngettext("%(n)s chosen person", "%(n)s chosen people", len(people))
        % {"n": len(people)},
    )


def _people_shown(
    organisation: Organisation, query: str, ticked: list[str]
) -> tuple[list[dict], bool]:
    """The people listed as checkboxes: those ticked already and those
    matching the search (up to ``PEOPLE_SHOWN``); nobody else, so that the
    page stays light however large the base."""
    ticked = {str(code) for code in ticked}
    query = query.strip()
    shown, more = [], False
    if not query and not ticked:  # the form as first shown: nobody listed
        return [], False
    everyone = Person.objects.for_organisation(organisation).present()
    if query:
        people = everyone.with_consent_state().search(query)
        shown = list(people[: PEOPLE_SHOWN + 1])
        more = len(shown) > PEOPLE_SHOWN
        shown = shown[:PEOPLE_SHOWN]
    missing = ticked - {str(p.code) for p in shown}
    if missing:
        extra = everyone.with_consent_state().filter(code__in=missing)
        shown = list(extra) + shown
    rows = [
        {
            "code": str(person.code),
            "name": person.full_name,
            "detail": person.class_name or person.position,
            "has_consent": person.has_consent,
            "checked": str(person.code) in ticked,
        }
        for person in shown
    ]
    return rows, more


def _uuid_or_none(text: str) -> str | None:
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return None


def _preset_version(organisation: Organisation, query: QueryDict) -> Version | None:
    """The questionnaire a link brings: its ``version`` («Send» on a
    questionnaire's page), or the current one of a ``kind`` (a pair's page
    at closure), the organisation's own before the shipped one."""
    code = _uuid_or_none(query.get("version", ""))
    if code:
        return current_versions(organisation).filter(code=code).first()
    kind = query.get("kind", "")
    if not kind:
        return None
    return (
        current_versions(organisation)
        .filter(questionnaire__kind=kind)
        .order_by(F("questionnaire__organisation").desc(nulls_last=True), "pk")
        .first()
    )


def _pair_people(organisation: Organisation, code: str, kind: str) -> list[str]:
    """The codes of a pair's present members, of the side a questionnaire of
    ``kind`` is for (both without one). A pair of another organisation, or
    no pair, answers 404: its members' names are not shown."""
    code = _uuid_or_none(code)
    # ``pairings`` of an organisation: pairs.models.Pairing, not imported here.
    if code is None or not organisation.pairings.filter(code=code).exists():
        raise Http404
    people = pair_members(
        Person.objects.for_organisation(organisation).present(),
        pair_role(kind),
        organisation=organisation,
        code=code,
    )
    return [str(c) for c in people.values_list("code", flat=True)]


def _as_initial(post: QueryDict) -> dict:
    """A posted campaign form as the initial values of an unbound one."""
    initial: dict = {key: post.get(key) for key in post}
    for key in ("people", "candidates"):
        initial[key] = post.getlist(key)
    for key in ("anonymous", "editable"):
        initial[key] = key in post
    return initial


def _form_page(
    request: HttpRequest,
    organisation: Organisation,
    form: CampaignForm | None = None,
    *,
    initial: dict | None = None,
) -> HttpResponse:
    """The page of a form with errors, or of the form as first shown (or
    re-shown by a search) with its ``initial`` values: that one is written
    once per set of choices and values, and is built only to be written."""
    if form is None:
        offered = campaign_choices(organisation)
        initial = initial or {}

        def value(name: str) -> object:
            return unbound_value(initial, name)

        form = SimpleLazyObject(
            lambda: CampaignForm(
                initial=initial, organisation=organisation, offered=offered
            )
        )
    else:
        offered = form.offered

        def value(name: str) -> object:
            return form[name].value()

    query = value("q") or ""
    people, more = _people_shown(organisation, query, value("people") or [])
    chosen = chosen_options(value)
    ranking = any(
        v["ranking"] for v in offered["versions"] if v["code"] == chosen["version"]
    ) or bool(value("candidates"))
    ctx = {
        "organisation": organisation,
        "form": form,
        "versions": offered["versions"],
        "mentorship_forms": offered["mentorship_forms"],
        "counts": offered["counts"],
        "chosen": chosen,
        # The mentors to rank: listed once the chosen questionnaire asks to
        # rank them (the page's script asks for them when it is chosen).
        "candidates": (
            candidate_options(organisation, value("candidates")) if ranking else None
        ),
        "people": people,
        "more_people": more,
        "people_limit": PEOPLE_SHOWN,
        "searched": bool(query.strip()),
    }
    if initial is not None:
        values = {
            name: value(name)
            for name in ("title", "deadline", "anonymous", "editable", "audience", "q")
        }
        ctx["fragment_key"] = fragments.key(
            offered["fragment_key"],
            chosen,
            values,
            people,
            more,
            ctx["searched"],
            ctx["candidates"],
        )
    return render(request, "surveys/campaign_form.html", ctx)


def _created_messages(request: HttpRequest, campaign: Campaign, total: int) -> None:
    """How many are invited, and how many were left out for want of consent."""
    invited = campaign.invitations.count()
    messages.success(
        request,
        ngettext(
            "The survey is created: %(n)s person is invited.",
            "The survey is created: %(n)s people are invited.",
            invited,
        )
        % {"n": invited},
    )
    if total > invited:
        messages.warning(
            request,
            ngettext(
                "%(n)s person is left out: no valid consent to the processing "
                "of personal data.",
                "%(n)s people are left out: no valid consent to the processing "
                "of personal data.",
                total - invited,
            )
            % {"n": total - invited},
        )


@login_required
def campaign_list(request: HttpRequest, org_code: str) -> HttpResponse:
    organisation = get_staff_organisation_for_user(request, org_code)
    campaigns = (
        campaigns_of(request.user)
        .filter(organisation=organisation)
        .select_related("version__questionnaire")
        .annotate(
            invited=Count("invitations"),
            answered=Count("invitations", filter=Q(invitations__answered=True)),
        )
    )
    campaigns = list(campaigns)
    for campaign in campaigns:
        campaign.percent = _percent(campaign.answered, campaign.invited)
    ctx = {
        "organisation": organisation,
        "campaigns": campaigns,
        "can_add": current_versions(organisation).exists(),
        "today": timezone.localdate(),
    }
    return render(request, "surveys/campaign_list.html", ctx)


@login_required
def campaign_add(request: HttpRequest, org_code: str) -> HttpResponse:
    organisation = get_staff_organisation_for_user(request, org_code)
    initial = {}
    version = _preset_version(organisation, request.GET)
    if version:
        initial = {
            "version": version.code,
            "title": version.questionnaire.title,
            "anonymous": version.anonymous,
        }
    if request.method == "GET" and "pairing" in request.GET:
        # A pair's page after closure: its members, ticked one by one.
        kind = version.questionnaire.kind if version else request.GET.get("kind", "")
        initial["audience"] = Audience.PEOPLE
        initial["people"] = _pair_people(organisation, request.GET["pairing"], kind)
    if request.method == "POST" and request.POST.get("action") == "search":
        # A search re-shows the form as filled so far, without errors.
        return _form_page(request, organisation, initial=_as_initial(request.POST))
    if request.method != "POST":
        return _form_page(request, organisation, initial=initial)
    form = CampaignForm(request.POST, organisation=organisation, initial=initial)
    if not form.is_valid():
        if is_tampered(form):
            return HttpResponseBadRequest()
        return _form_page(request, organisation, form)
    data = form.cleaned_data
    people, audience = _audience(organisation, form)
    total = people.count()
    campaign = services.campaign_create(
        organisation=organisation,
        version=data["version"],
        title=data["title"],
        deadline=data["deadline"],
        people=people,
        audience=audience,
        anonymous=data["anonymous"],
        editable=data["editable"],
        candidates=data["candidates"] or [],
        user=request.user,
    )
    _created_messages(request, campaign, total)
    return redirect("surveys-campaign-detail", code=campaign.code)


@login_required
def campaign_people(request: HttpRequest, org_code: str) -> HttpResponse:
    """The hand-picked people of the new campaign form, as its search box
    asks for them (htmx): those ticked (``people``) and those matching ``q``."""
    organisation = get_staff_organisation_for_user(request, org_code)
    query = request.GET.get("q", "")[:100]
    ticked = [c for c in request.GET.getlist("people") if _uuid_or_none(c)]
    people, more = _people_shown(organisation, query, ticked)
    ctx = {
        "people": people,
        "more_people": more,
        "people_limit": PEOPLE_SHOWN,
        "searched": bool(query.strip()),
    }
    return render(request, "surveys/_campaign_people.html", ctx)


def _detail_page(
    request: HttpRequest,
    campaign: Campaign,
    deadline_form: DeadlineForm | None = None,
    status: int = 200,
) -> HttpResponse:
    invitations = list(
        campaign.invitations.select_related("person").order_by(
            "person__class_name", "person__last_name", "person__first_name"
        )
    )
    answered = sum(1 for i in invitations if i.answered)
    responses = campaign.responses.aggregate(
        total=Count("pk"), paper=Count("pk", filter=Q(source=Response.Source.PAPER))
    )
    response_url = None
    if not campaign.anonymous:
        # Named campaigns only: an anonymous response is never linked to
        # whoever gave it, not even by a link on this page.
        response_url = _url_or_none("surveys-response-detail", campaign.code)
        codes = dict(
            campaign.responses.filter(invitation__isnull=False).values_list(
                "invitation_id", "code"
            )
        )
        for invitation in invitations:
            invitation.response_code = codes.get(invitation.pk)
    ctx = {
        "campaign": campaign,
        "organisation": campaign.organisation,
        "questionnaire": campaign.version.questionnaire,
        "invitations": invitations,
        "invited": len(invitations),
        "answered": answered,
        "percent": _percent(answered, len(invitations)),
        "responses": responses,
        "unsent": sum(1 for i in invitations if not i.sent_at and not i.answered),
        "to_remind": services.to_remind(campaign).count(),
        "is_open": campaign.is_open(),
        "changeable": campaign.editable and not campaign.anonymous,
        "deadline_form": deadline_form or DeadlineForm(),
        "results_url": _url_or_none("surveys-campaign-results", campaign.code),
        "has_response_pages": response_url is not None,
    }
    return render(request, "surveys/campaign_detail.html", ctx, status=status)


@login_required
def campaign_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _detail_page(request, get_campaign_for_user(request, code))


def _slips_page(
    request: HttpRequest, campaign: Campaign, slips: list[services.Slip]
) -> HttpResponse:
    """The links, shown this once: they are not stored, even in a session."""
    ctx = {
        "campaign": campaign,
        "organisation": campaign.organisation,
        "questionnaire": campaign.version.questionnaire,
        "slips": slips,
    }
    response = render(request, "surveys/campaign_links.html", ctx)
    add_never_cache_headers(response)
    return response


def _closed_message(request: HttpRequest) -> None:
    messages.error(
        request,
        _("The survey is closed or past its deadline: extend the deadline first."),
    )


@login_required
@require_POST
def campaign_send(request: HttpRequest, code: str) -> HttpResponse:
    """Links for everyone who has none yet: by e-mail, or on slips to print."""
    campaign = get_campaign_for_user(request, code)
    if not campaign.is_open():
        _closed_message(request)
        return redirect("surveys-campaign-detail", code=campaign.code)
    mailed, slips = services.campaign_send_links(
        campaign=campaign, root=request.build_absolute_uri("/")
    )
    if mailed:
        messages.success(
            request,
            ngettext(
                "The link is e-mailed to %(n)s person.",
                "The links are e-mailed to %(n)s people.",
                mailed,
            )
            % {"n": mailed},
        )
    if not slips:
        if not mailed:
            messages.info(request, _("Everyone has a link already."))
        return redirect("surveys-campaign-detail", code=campaign.code)
    if any(slip.mail_failed for slip in slips):
        messages.warning(
            request,
            _("Some letters could not be sent: their links are on the slips below."),
        )
    return _slips_page(request, campaign, slips)


@login_required
@require_POST
def campaign_reissue(request: HttpRequest, code: str) -> HttpResponse:
    """A new link for one person: the old one stops working."""
    campaign = get_campaign_for_user(request, code)
    form = InvitationForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()
    invitation = (
        campaign.invitations.filter(code=form.cleaned_data["invitation"])
        .select_related("person", "campaign__organisation", "campaign__version")
        .first()
    )
    if invitation is None:
        return HttpResponseBadRequest()
    if not campaign.is_open():
        _closed_message(request)
        return redirect("surveys-campaign-detail", code=campaign.code)
    if invitation.answered and not (campaign.editable and not campaign.anonymous):
        messages.error(
            request,
            _("%(name)s has answered already: the link would not open the form.")
            % {"name": invitation.person.full_name},
        )
        return redirect("surveys-campaign-detail", code=campaign.code)
    url, mailed = services.invitation_reissue(
        invitation=invitation, root=request.build_absolute_uri("/")
    )
    if mailed:
        messages.success(
            request,
            _("The new link is e-mailed to %(email)s.")
            % {"email": invitation.person.email},
        )
    elif invitation.person.email:
        messages.warning(
            request, _("The letter could not be sent: hand the link over yourself.")
        )
    failed = bool(invitation.person.email) and not mailed
    slip = services.Slip(invitation, url, mail_failed=failed)
    return _slips_page(request, campaign, [slip])


@login_required
@require_POST
def campaign_remind(request: HttpRequest, code: str) -> HttpResponse:
    campaign = get_campaign_for_user(request, code)
    if not campaign.is_open():
        _closed_message(request)
        return redirect("surveys-campaign-detail", code=campaign.code)
    reminded = services.campaign_remind(
        campaign=campaign, root=request.build_absolute_uri("/")
    )
    if reminded:
        messages.success(
            request,
            ngettext(
                "A reminder is e-mailed to %(n)s person.",
                "Reminders are e-mailed to %(n)s people.",
                reminded,
            )
            % {"n": reminded},
        )
    else:
        messages.info(
            request,
            _(
                "Nobody to remind: everyone with an e-mail address has answered "
                "or has been reminded today."
            ),
        )
    return redirect("surveys-campaign-detail", code=campaign.code)


@login_required
@require_POST
def campaign_close(request: HttpRequest, code: str) -> HttpResponse:
    campaign = get_campaign_for_user(request, code)
    services.campaign_close(campaign=campaign)
    messages.success(request, _("The survey is closed: the links no longer open."))
    return redirect("surveys-campaign-detail", code=campaign.code)


@login_required
@require_POST
def campaign_extend(request: HttpRequest, code: str) -> HttpResponse:
    campaign = get_campaign_for_user(request, code)
    form = DeadlineForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, campaign, deadline_form=form, status=400)
    services.campaign_extend(campaign=campaign, deadline=form.cleaned_data["deadline"])
    messages.success(
        request,
        _("Answers are collected until %(day)s.")
        % {"day": campaign.deadline.strftime("%d.%m.%Y")},
    )
    return redirect("surveys-campaign-detail", code=campaign.code)
