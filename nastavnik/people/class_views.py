"""Consents of a whole class: ask all the parents at once, print the class pack,
mark the paper forms that come back.

A class is named in the query string (``?class_name=7Б``); a selection of
pupils by their codes (``?people=…``). Either way the pupils are looked up
inside the organisation that the access helper returned, never by id alone.
"""

from __future__ import annotations

import smtplib
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from nastavnik.accounts.access import get_staff_organisation_for_user
from nastavnik.lib import docx, docx_join, downloads
from nastavnik.lib.forms import is_tampered
from nastavnik.orgs.models import Organisation
from nastavnik.people import services
from nastavnik.people.class_forms import ClassRequestForm, PaperMarksForm
from nastavnik.people.consent_views import consent_form_docx, consent_link_email
from nastavnik.people.models import Consent, GuardianLink, Person, PersonQuerySet


def _class_name(request: HttpRequest) -> str:
    value = request.GET.get("class_name") or request.POST.get("class_name", "")
    return value.replace(" ", "").upper()[:10]


def _class_people(organisation: Organisation, class_name: str) -> PersonQuerySet:
    return (
        Person.objects.for_organisation(organisation)
        .present()
        .pupils()
        .filter(class_name=class_name)
    )


def _chosen_people(request: HttpRequest, organisation: Organisation):
    """The pupils of ``class_name``, or those of ``people``; None for neither.

    Raises ValueError for a code that is not a UUID (tampered input).
    """
    if class_name := _class_name(request):
        return _class_people(organisation, class_name)
    codes = request.GET.getlist("people")
    if not codes:
        return None
    codes = [uuid.UUID(code) for code in codes]
    return (
        Person.objects.for_organisation(organisation).present().filter(code__in=codes)
    )


def _pending_consents(people: PersonQuerySet) -> list[Consent]:
    """The latest processing consent awaiting signature of each person, in class
    order: the forms to print and to mark."""
    latest = {}
    consents = (
        Consent.objects.processing()
        .filter(person__in=people, status=Consent.Status.PENDING)
        .select_related("person__organisation__municipality__region", "signer")
        .prefetch_related("links")
        .order_by("created", "pk")
    )
    for consent in consents:
        latest[consent.person_id] = consent
    order = {person.pk: n for n, person in enumerate(people.in_class_order())}
    return sorted(latest.values(), key=lambda consent: order[consent.person_id])


def _class_url(organisation: Organisation, class_name: str) -> str:
    url = reverse("people-class-consents", args=[organisation.code])
    return f"{url}?{urlencode({'class_name': class_name})}"


@login_required
def class_list(request: HttpRequest, org_code: str) -> HttpResponse:
    """The classes of the organisation, each with «consents: 18 of 25»."""
    organisation = get_staff_organisation_for_user(request, org_code)
    people = Person.objects.for_organisation(organisation).present()
    ctx = {"organisation": organisation, "classes": people.consent_counts_by_class()}
    return render(request, "people/class_list.html", ctx)


@login_required
def class_consents(request: HttpRequest, org_code: str) -> HttpResponse:
    """One class: each pupil with the legal representatives and the consent."""
    organisation = get_staff_organisation_for_user(request, org_code)
    class_name = _class_name(request)
    if not class_name:
        return redirect("people-class-list", org_code=organisation.code)
    people = _class_people(organisation, class_name)
    pupils = list(
        people.with_consent_state().prefetch_related(
            Prefetch(
                "guardian_links",
                GuardianLink.objects.filter(is_legal_representative=True)
                .select_related("guardian")
                .order_by("pk"),
                to_attr="representative_links",
            ),
            Prefetch(
                "consents",
                Consent.objects.processing().order_by("-created", "-pk"),
                to_attr="processing_consents",
            ),
        )
    )
    if not pupils:
        raise Http404
    ctx = {
        "organisation": organisation,
        "class_name": class_name,
        "pupils": pupils,
        "consented": sum(1 for pupil in pupils if pupil.has_consent),
        "pending": sum(
            1
            for pupil in pupils
            if not pupil.has_consent
            and pupil.processing_consents
            and pupil.processing_consents[0].status == Consent.Status.PENDING
        ),
        "form": ClassRequestForm(),
    }
    return render(request, "people/class_consents.html", ctx)


def _send_links(request: HttpRequest, asked: list[services.ConsentAsked]) -> list:
    """E-mail each new link; returns the rows whose letter could not be sent.

    The letters go out here, after the transaction, not from a queued job:
    a job would have to store the tokens, and they are never stored."""
    failed = []
    for row in asked:
        if not row.token:
            continue
        url = request.build_absolute_uri(reverse("public-consent", args=[row.token]))
        try:
            consent_link_email(row.consent, row.link, url)
        except (OSError, smtplib.SMTPException):
            failed.append(row)
    return failed


# The outcome of the last request, for the page shown after the redirect:
# public ids only, never a token (the tokens went out in the letters).
ASKED_KEY = "people-consents-asked"


def request_consents(
    request: HttpRequest,
    organisation: Organisation,
    people: list[Person],
    *,
    class_name: str = "",
    terms: dict | None = None,
) -> HttpResponse:
    """Ask for the consents of ``people``, e-mail the links, and redirect to the
    page that shows what became of each (a reload must not send them again)."""
    asked = services.consents_request(people=people, user=request.user, **terms or {})
    failed = _send_links(request, asked)

    def codes(rows) -> list[str]:
        return [str(row.person.code) for row in rows]

    request.session[ASKED_KEY] = {
        "organisation": str(organisation.code),
        "class_name": class_name,
        "requested": codes(row for row in asked if row.consent is not None),
        "emailed": codes(row for row in asked if row.token and row not in failed),
        "failed": codes(failed),
        "no_email": codes(row for row in asked if row.consent and not row.recipient),
        "no_guardian": codes(row for row in asked if row.no_guardian),
        "consented": codes(row for row in asked if row.consented),
    }
    return redirect("people-class-asked", org_code=organisation.code)


ASKED_LISTS = (
    "requested",
    "emailed",
    "failed",
    "no_email",
    "no_guardian",
    "consented",
)


def _asked_rows(organisation: Organisation, result: dict) -> dict:
    """The lists of the stored outcome as rows: each person in class order,
    with the consent awaiting signature and where its link was sent (the
    ``recipient`` of a row in ``emailed`` or ``failed``)."""
    wanted = {key: set(result[key]) for key in ASKED_LISTS}
    people = Person.objects.for_organisation(organisation).filter(
        code__in=set().union(*wanted.values())
    )
    consents = {consent.person_id: consent for consent in _pending_consents(people)}
    lists = {key: [] for key in ASKED_LISTS}
    for person in people.in_class_order():
        consent = consents.get(person.pk)
        links = list(consent.links.all()) if consent else []
        row = services.ConsentAsked(
            person=person,
            consent=consent,
            recipient=links[0].sent_to if links else "",
        )
        for key in ASKED_LISTS:
            if str(person.code) in wanted[key]:
                lists[key].append(row)
    return lists


@login_required
def class_asked(request: HttpRequest, org_code: str) -> HttpResponse:
    """What became of the last request for consents: how many wait, how many
    links went by e-mail, who has no legal representative or no e-mail."""
    organisation = get_staff_organisation_for_user(request, org_code)
    result = request.session.get(ASKED_KEY)
    if not result or result["organisation"] != str(organisation.code):
        return redirect("people-class-list", org_code=organisation.code)
    rows = _asked_rows(organisation, result)
    class_name = result["class_name"]
    if class_name:
        pack_query = {"class_name": class_name}
    else:
        pack_query = {"people": [str(row.person.code) for row in rows["requested"]]}
    ctx = {
        "organisation": organisation,
        "class_name": class_name,
        **rows,
        "pack_query": urlencode(pack_query, doseq=True),
    }
    return render(request, "people/class_request_result.html", ctx)


@login_required
@require_POST
def class_request(request: HttpRequest, org_code: str) -> HttpResponse:
    """Ask for the consents of every pupil of the class, in one action."""
    organisation = get_staff_organisation_for_user(request, org_code)
    class_name = _class_name(request)
    people = list(_class_people(organisation, class_name)) if class_name else []
    if not people:
        return HttpResponseBadRequest()
    form = ClassRequestForm(request.POST)
    if not form.is_valid():
        if is_tampered(form):
            return HttpResponseBadRequest()
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_class_url(organisation, class_name))
    return request_consents(
        request, organisation, people, class_name=class_name, terms=form.cleaned_data
    )


@login_required
def class_pack(request: HttpRequest, org_code: str) -> HttpResponse:
    """The filled forms of the consents awaiting signature, one pupil after
    another in class order, in one DOCX for the class teacher to hand out."""
    organisation = get_staff_organisation_for_user(request, org_code)
    try:
        people = _chosen_people(request, organisation)
    except ValueError:
        return HttpResponseBadRequest()
    if people is None:
        return redirect("people-class-list", org_code=organisation.code)
    consents = _pending_consents(people)
    class_name = _class_name(request)
    if not consents:
        messages.error(
            request,
            _("No consent is awaiting a signature: ask for the consents first."),
        )
        if class_name:
            return redirect(_class_url(organisation, class_name))
        return redirect("people-class-list", org_code=organisation.code)
    content = docx_join.join([consent_form_docx(consent) for consent in consents])
    for consent in consents:
        services.person_audit_print(person=consent.person, user=request.user)
    name = downloads.file_name(
        _("Consents %(what)s") % {"what": class_name or _("of the chosen pupils")},
        organisation.short_name,
        day=timezone.localdate(),
        extension="docx",
    )
    return downloads.attachment(content, name=name, content_type=docx.CONTENT_TYPE)


@login_required
def class_mark(request: HttpRequest, org_code: str) -> HttpResponse:
    """Mark the paper forms of a class that came back signed, all in one go."""
    organisation = get_staff_organisation_for_user(request, org_code)
    class_name = _class_name(request)
    if not class_name:
        return redirect("people-class-list", org_code=organisation.code)
    consents = _pending_consents(_class_people(organisation, class_name))
    form = PaperMarksForm(request.POST or None, consents=consents)
    if request.method == "POST":
        if form.is_valid():
            signed = services.consents_sign_paper(
                marks=form.cleaned_data["marks"], user=request.user
            )
            messages.success(
                request,
                ngettext(
                    "%(n)s consent is marked signed on paper.",
                    "%(n)s consents are marked signed on paper.",
                    len(signed),
                )
                % {"n": len(signed)},
            )
            return redirect(_class_url(organisation, class_name))
        if is_tampered(form):
            return HttpResponseBadRequest()
        messages.error(request, _("Nothing is saved: correct the rows marked below."))
    ctx = {
        "organisation": organisation,
        "class_name": class_name,
        "form": form,
        "class_url": _class_url(organisation, class_name),
    }
    return render(request, "people/class_mark.html", ctx)
