"""The REST API at /api/ (OpenAPI document: /api/openapi.json).

A personal token (``Authorization: Bearer TOKEN``) stands for its user, and
every endpoint then fetches rows through the same access helpers as the pages:
another organisation's objects answer 404 as if they did not exist. Meetings
are planned and logged through the pairs app's form and services, so the API
refuses exactly what the pair page refuses. Every error is JSON with a
``detail`` in Russian.
"""

# No ``from __future__ import annotations`` here: ninja reads the endpoints'
# annotations at run time, and those of a @paginate endpoint through the
# wrapper, in the namespace of ninja's own module where our names are unknown.
# ruff: noqa: I002

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import HttpBearer

from nastavnik.accounts.access import (
    get_municipality_for_user,
    get_organisation_for_user,
    get_staff_organisation_for_user,
    overseen_organisations,
)
from nastavnik.accounts.middleware import read_memberships
from nastavnik.api import services
from nastavnik.api.schemas import (
    Error,
    HoldIn,
    KpisOut,
    MeetingIn,
    MeetingOut,
    MeetingStatus,
    MunicipalityKpisOut,
    OrganisationOut,
    PairOut,
    PairStatus,
    PersonCategory,
    PersonOut,
    PersonRole,
    ProgrammeOut,
    ProgrammeStatus,
    ReportFileIn,
    ReportOut,
    ResponseIn,
    ResponseOut,
)
from nastavnik.lib import throttle
from nastavnik.lib.throttle import client_address
from nastavnik.monitoring import kpis
from nastavnik.pairs import meetings
from nastavnik.pairs.access import get_meeting_for_user, get_pairing_for_user
from nastavnik.pairs.meeting_forms import HoldForm, MeetingForm
from nastavnik.pairs.models import Meeting, Pairing
from nastavnik.pairs.services import Refused
from nastavnik.people.models import Person
from nastavnik.programmes.access import readable_programmes
from nastavnik.reports import services as reports_services
from nastavnik.reports.access import (
    WRITE,
    get_report_for_user,
    importable_organisations,
    readable_reports,
)
from nastavnik.surveys import answers
from nastavnik.surveys import services as surveys_services
from nastavnik.surveys.access import get_campaign_for_user
from nastavnik.surveys.models import Response
from nastavnik.surveys.results_views import audit_paper


class TooMany(Exception):
    """More requests in this minute than settings.API_RATE."""


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        """The token's user acts as on the pages: their memberships are read
        for the request (the access helpers use them) and their
        organisation's time zone is active."""
        rate = settings.API_RATE
        found = services.token_user(token)
        # a token's use is counted per token, a hunt for tokens per address
        if found is None:
            if rate and throttle.count("api-hunt", client_address(request)) > rate:
                raise TooMany
            return None
        if rate and throttle.count("api-token", str(found.pk)) > rate:
            raise TooMany
        found.touch()
        request.user = found.user
        read_memberships(request)
        return found.user


class Pages(LimitOffsetPagination):
    """limit/offset pages of at most 100 rows; the offset is bounded so that
    no database is asked for an offset it cannot hold."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=100)
        offset: int = Field(0, ge=0, le=1_000_000_000)


api = NinjaAPI(
    title="Nastavnik API",
    version="1",
    description=(
        "Read the organisations, programmes, people, pairs and meetings you "
        "may see on the pages, and plan and log meetings. Authenticate with "
        "a personal token: `Authorization: Bearer TOKEN`."
    ),
    auth=TokenAuth(),
    urls_namespace="api",
    # The interactive docs page loads scripts a school's closed network and
    # the Content-Security-Policy would refuse; the document is enough.
    docs_url=None,
)

# The errors every endpoint may answer, in the OpenAPI document.
ERRORS = {401: Error, 404: Error, 422: Error, 429: Error}
# and those of an endpoint that reads a JSON body
WRITE_ERRORS = {400: Error, **ERRORS}


def _error(request: HttpRequest, status: int, detail: str, errors=()) -> HttpResponse:
    body = {"detail": detail, "errors": list(errors)}
    return api.create_response(request, body, status=status)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _error(
        request,
        401,
        _(
            "A valid API token is needed: send the header «Authorization: Bearer "
            "TOKEN». A revoked or unknown token is refused."
        ),
    )
    # RFC 6750: a 401 names the scheme it wants
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(TooMany)
def _too_many(request: HttpRequest, exc: TooMany) -> HttpResponse:
    response = _error(
        request,
        429,
        _("Too many requests: at most %(rate)s a minute. Try again in %(seconds)s s.")
        % {"rate": settings.API_RATE, "seconds": throttle.seconds_left()},
    )
    response["Retry-After"] = str(throttle.seconds_left())
    return response


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, _("Not found, or you have no access to it."))


@api.exception_handler(Refused)
@api.exception_handler(DjangoValidationError)
def _refused(
    request: HttpRequest, exc: Refused | DjangoValidationError
) -> HttpResponse:
    """A service refused by the rules (a report submitted already, a file
    altered…): 422 with its reasons, as the page shows them."""
    return _error(request, 422, " ".join(exc.messages))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # ninja's only other error: a body that is not JSON
    detail = str(exc)
    if exc.status_code == 400:
        detail = _("The request body is not valid JSON.")
    return _error(request, exc.status_code, detail)


def _message(error: dict) -> str:
    """A pydantic error in the words the pages' forms use."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "greater_than_equal":
        return _("Ensure this value is at least %(limit)s.") % {"limit": ctx["ge"]}
    if kind == "less_than_equal":
        return _("Ensure this value is at most %(limit)s.") % {"limit": ctx["le"]}
    if kind == "string_too_long":
        return _("Ensure this value has at most %(limit)s characters.") % {
            "limit": ctx["max_length"]
        }
    if kind.startswith("int_"):
        return _("Enter a whole number.")
    if kind.startswith("date"):
        return _("Enter a valid date (YYYY-MM-DD).")
    if kind.startswith("time"):
        return _("Enter a valid time (HH:MM).")
    if kind.startswith("bool"):
        return _("Enter true or false.")
    if kind.startswith("uuid"):
        return _("Enter a valid public id (UUID).")
    if kind in ("literal_error", "enum"):
        return _("Choose one of: %(choices)s.") % {"choices": ctx.get("expected", "")}
    if kind.startswith("string"):
        return _("Enter text.")
    return _("Send a JSON object with the fields the document describes.")


def _field(error: dict) -> str:
    """«limit», «day»: where the error is, without «query», «body» and the
    name of the payload argument."""
    loc = [str(part) for part in error.get("loc", ())]
    if loc[:1] == ["body"]:
        loc = loc[2:] or loc[1:]
    elif loc[:1] in (["query"], ["path"]):
        loc = loc[1:]
    return ".".join(loc) or "body"


def _invalid(request: HttpRequest, errors: list[dict]) -> HttpResponse:
    """422: a sentence listing every field's error, and each of them apart."""
    summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    detail = _("The request has errors: %(errors)s") % {"errors": summary}
    return _error(request, 422, detail, errors)


@api.exception_handler(ValidationError)
def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [{"field": _field(e), "message": _message(e)} for e in exc.errors]
    return _invalid(request, errors)


def _form_errors(request: HttpRequest, form) -> HttpResponse:
    errors = [
        {"field": name if name != "__all__" else "body", "message": message}
        for name, messages in form.errors.items()
        for message in messages
    ]
    return _invalid(request, errors)


def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Any other /api/ address: JSON, like every error of the API."""
    return JsonResponse({"detail": _("No such API address."), "errors": []}, status=404)


# /api/organisations/


@api.get(
    "/organisations",
    response={200: list[OrganisationOut], **ERRORS},
    url_name="api-organisation-list",
    summary="Organisations you may see",
)
@paginate(Pages)
def organisation_list(request: HttpRequest) -> QuerySet:
    """Those you run (head, curator) or oversee (municipal centre, region)."""
    return (
        overseen_organisations(request.user)
        .select_related("municipality__region")
        .order_by("short_name", "pk")
    )


@api.get(
    "/organisations/{uuid:code}",
    response={200: OrganisationOut, **ERRORS},
    url_name="api-organisation-detail",
)
def organisation_detail(request: HttpRequest, code: uuid.UUID):
    return get_organisation_for_user(request, code)


@api.get(
    "/organisations/{uuid:code}/programmes",
    response={200: list[ProgrammeOut], **ERRORS},
    url_name="api-organisation-programmes",
)
@paginate(Pages)
def programme_list(
    request: HttpRequest, code: uuid.UUID, status: ProgrammeStatus | None = None
) -> QuerySet:
    organisation = get_organisation_for_user(request, code)
    programmes = readable_programmes(request.user).filter(organisation=organisation)
    if status:
        programmes = programmes.filter(status=status)
    return programmes.prefetch_related("forms").order_by("-school_year", "pk")


@api.get(
    "/organisations/{uuid:code}/people",
    response={200: list[PersonOut], **ERRORS},
    url_name="api-organisation-people",
    summary="People of an organisation",
)
@paginate(Pages)
def person_list(
    request: HttpRequest,
    code: uuid.UUID,
    role: PersonRole | None = None,
    category: PersonCategory | None = None,
) -> QuerySet:
    """For its head and curators only, like the lists on the pages. ``role``
    keeps the mentor base or the mentee base."""
    organisation = get_staff_organisation_for_user(request, code)
    people = Person.objects.for_organisation(organisation).present()
    if role == "mentor":
        people = people.mentors()
    elif role == "mentee":
        people = people.mentees()
    if category:
        people = people.filter(category=category)
    return people.annotate(
        mentor_status=F("mentor_profile__status"),
        mentee_status=F("mentee_profile__status"),
    ).order_by("last_name", "first_name", "patronymic", "pk")


@api.get(
    "/organisations/{uuid:code}/pairs",
    response={200: list[PairOut], **ERRORS},
    url_name="api-organisation-pairs",
    summary="Pairs and groups of an organisation",
)
@paginate(Pages)
def pair_list(
    request: HttpRequest,
    code: uuid.UUID,
    programme: uuid.UUID | None = None,
    status: PairStatus | None = None,
) -> QuerySet:
    organisation = get_staff_organisation_for_user(request, code)
    pairings = Pairing.objects.for_organisation(organisation)
    if programme:
        pairings = pairings.filter(programme__code=programme)
    if status:
        pairings = pairings.filter(status=status)
    pairings = pairings.select_related("programme", "form").order_by("pk")
    return meetings.with_current_members(pairings)


# /api/pairs/


def _pair(request: HttpRequest, code: uuid.UUID) -> Pairing:
    pairing = get_pairing_for_user(request, code)
    pairing = meetings.with_current_members(Pairing.objects.filter(pk=pairing.pk))
    return pairing.select_related("programme", "form").get()


@api.get(
    "/pairs/{uuid:code}",
    response={200: PairOut, **ERRORS},
    url_name="api-pair-detail",
)
def pair_detail(request: HttpRequest, code: uuid.UUID):
    return _pair(request, code)


@api.get(
    "/pairs/{uuid:code}/meetings",
    response={200: list[MeetingOut], **ERRORS},
    url_name="api-pair-meetings",
)
@paginate(Pages)
def meeting_list(
    request: HttpRequest, code: uuid.UUID, status: MeetingStatus | None = None
) -> QuerySet:
    pairing = get_pairing_for_user(request, code)
    rows = Meeting.objects.filter(pairing=pairing).select_related("pairing")
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("starts_at", "pk")


@api.post(
    "/pairs/{uuid:code}/meetings",
    response={201: MeetingOut, **WRITE_ERRORS},
    url_name="api-pair-meeting-plan",
    summary="Plan a meeting of a pair",
)
def meeting_plan(request: HttpRequest, code: uuid.UUID, payload: MeetingIn):
    """As the pair page plans it: the same form and the same rules (a live
    pair; a date far away confirmed; a place unless online)."""
    pairing = get_pairing_for_user(request, code)
    form = MeetingForm(data=payload.dict())
    if not form.is_valid():
        return _form_errors(request, form)
    meeting = meetings.meeting_plan(pairing, **form.meeting(), user=request.user)
    return Status(201, meeting)


# /api/meetings/


@api.get(
    "/meetings/{uuid:code}",
    response={200: MeetingOut, **ERRORS},
    url_name="api-meeting-detail",
)
def meeting_detail(request: HttpRequest, code: uuid.UUID):
    return get_meeting_for_user(request, code)


@api.post(
    "/meetings/{uuid:code}/hold",
    response={200: MeetingOut, **WRITE_ERRORS},
    url_name="api-meeting-hold",
    summary="Log a planned meeting as held",
)
def meeting_hold(request: HttpRequest, code: uuid.UUID, payload: HoldIn):
    """As the meeting page logs it: a pair fixed by order moves on to the
    stage the meeting marks."""
    meeting = get_meeting_for_user(request, code)
    form = HoldForm(data=payload.dict())
    if not form.is_valid():
        return _form_errors(request, form)
    return meetings.meeting_hold(
        meeting, outcome=form.cleaned_data["outcome"], user=request.user
    )


# /api/…/kpis


def _kpis(period, figures, thresholds) -> dict:
    return {
        "on": period.on,
        "school_year": period.school_year.label,
        "reference_date": period.reference,
        "satisfied_from": [float(t) for t in thresholds],
        "figures": figures,
    }


def _day(on: dt.date | None) -> dt.date:
    return on or timezone.localdate()


@api.get(
    "/organisations/{uuid:code}/kpis",
    response={200: KpisOut, **ERRORS},
    url_name="api-organisation-kpis",
    summary="The six KPIs of an organisation",
)
def organisation_kpis(request: HttpRequest, code: uuid.UUID, on: dt.date | None = None):
    """On ``on`` (today if not given), for its head and curators, as on the
    KPI page."""
    organisation = get_staff_organisation_for_user(request, code)
    data = kpis.for_organisation(organisation, _day(on))
    return _kpis(data["period"], data["figures"], data["thresholds"])


@api.get(
    "/municipalities/{uuid:code}/kpis",
    response={200: MunicipalityKpisOut, **ERRORS},
    url_name="api-municipality-kpis",
    summary="The six KPIs of a municipality and of each of its schools",
)
def municipality_kpis(request: HttpRequest, code: uuid.UUID, on: dt.date | None = None):
    """For its coordinator and the region; groups of fewer than 5 people are
    suppressed, as the figures leave the schools."""
    municipality = get_municipality_for_user(request, code)
    data = kpis.for_municipality(municipality, _day(on))
    body = _kpis(data["period"], data["total"], data["thresholds"])
    body["organisations"] = [
        {"code": o.code, "short_name": o.short_name, "figures": figures}
        for o, figures in data["rows"]
    ]
    return body


# /api/campaigns/


@api.post(
    "/campaigns/{uuid:code}/responses",
    response={201: ResponseOut, **WRITE_ERRORS},
    url_name="api-campaign-response-add",
    summary="Enter a questionnaire's answers (a paper form)",
)
def campaign_response_add(request: HttpRequest, code: uuid.UUID, payload: ResponseIn):
    """As a paper form is entered on the campaign's page: checked against the
    questionnaire, counted like an answer by link, and audited."""
    campaign = get_campaign_for_user(request, code)
    invitation = None
    if not campaign.anonymous:
        if payload.invitation is None:
            return _invalid(
                request,
                [{"field": "invitation", "message": _("Choose whose form it is.")}],
            )
        invitation = campaign.invitations.filter(code=payload.invitation).first()
        if invitation is None:
            raise Http404
        if invitation.answered and not campaign.editable:
            return _error(request, 422, _("This person has already answered."))
    respondent = invitation.person if invitation else None
    candidates = list(campaign.candidates.all())
    checked = answers.check_answers(
        campaign.version,
        dict(payload.answers),
        candidates=answers.candidate_map(candidates),
        person=respondent,
    )
    if not checked.ok:
        errors = [
            {"field": f"answers.{k}", "message": str(m)}
            for k, m in checked.errors.items()
        ]
        return _invalid(request, errors)
    try:
        response = surveys_services.response_submit(
            campaign,
            checked.answers,
            invitation=invitation,
            source=Response.Source.PAPER,
            entered_by=request.user,
        )
    except surveys_services.AlreadyAnswered:
        return _error(request, 422, _("This person has already answered."))
    audit_paper(request, campaign, invitation)
    return Status(201, response)


# /api/…/reports


@api.get(
    "/organisations/{uuid:code}/reports",
    response={200: list[ReportOut], **ERRORS},
    url_name="api-organisation-reports",
    summary="An organisation's reports to the municipal centre",
)
@paginate(Pages)
def report_list(request: HttpRequest, code: uuid.UUID) -> QuerySet:
    """Its staff read every report, the municipal coordinator those submitted
    at least once, as on the pages."""
    organisation = get_organisation_for_user(request, code)
    return (
        readable_reports(request.user)
        .filter(organisation=organisation)
        .select_related("organisation")
        .order_by("-period_start", "kind", "pk")
    )


@api.get(
    "/reports/{uuid:code}",
    response={200: ReportOut, **ERRORS},
    url_name="api-report-detail",
)
def report_detail(request: HttpRequest, code: uuid.UUID):
    return get_report_for_user(request, code)


@api.post(
    "/reports/{uuid:code}/submit",
    response={200: ReportOut, **ERRORS},
    url_name="api-report-submit",
    summary="Submit a report to the municipal centre",
)
def report_submit(request: HttpRequest, code: uuid.UUID):
    """By its school's head or curator; a report submitted or accepted
    already is refused, as on the page."""
    report = get_report_for_user(request, code, to=WRITE)
    return reports_services.report_submit(
        report=report, user=request.user, today=timezone.localdate()
    )


@api.post(
    "/reports/import",
    response={201: ReportOut, **WRITE_ERRORS},
    url_name="api-report-import",
    summary="Import a report a school exported on its own server",
)
def report_import(request: HttpRequest, payload: ReportFileIn):
    """The school's submission, as the coordinator's upload page makes it:
    for the coordinator of the school's municipality or the school's own
    head or curator on this server (so that the school's script needs no
    token of the coordinator). The file's signature must be that of the key
    the municipal centre issued to the organisation with the file's INN; an
    altered file, an unknown organisation, one of another municipality and a
    period submitted or accepted already are refused (422) and change
    nothing."""
    report = reports_services.report_import(
        raw=request.body,
        organisations=importable_organisations(request.user),
        user=request.user,
        today=timezone.localdate(),
    )
    return Status(201, report)
