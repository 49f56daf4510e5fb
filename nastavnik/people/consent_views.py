"""Guardians of minors and consents under 152-ФЗ.

The curator's pages reach people and consents through ``people.access``: the
staff of the person's organisation only. The parent's pages (``public_*``)
need no account: the personal link's token is the only key, so they show
nothing but the one consent it was made for.
"""

from __future__ import annotations

import functools
import smtplib
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nastavnik.lib import docx, downloads, emails
from nastavnik.lib.forms import is_tampered
from nastavnik.lib.throttle import per_address
from nastavnik.people import services
from nastavnik.people.access import get_consent_for_user, get_person_for_user
from nastavnik.people.consent_forms import (
    ConsentDocumentError,
    ConsentRequestForm,
    ConsentSignForm,
    GuardianForm,
    PublicSignForm,
    consent_form_docx,
)
from nastavnik.people.consent_forms import data_list as _data_list
from nastavnik.people.consent_forms import signer_name as _signer_name
from nastavnik.people.models import (
    Consent,
    ConsentLink,
    Person,
    PersonQuerySet,
)


def _guardian_candidates(child: Person) -> PersonQuerySet:
    """Parents of the child's organisation who are not linked to the child yet."""
    return (
        Person.objects.for_organisation(child.organisation)
        .present()
        .filter(category=Person.Category.PARENT)
        .exclude(pk=child.pk)
        .exclude(pk__in=child.guardian_links.values("guardian"))
    )


def consent_link_email(consent: Consent, link: ConsentLink, url: str) -> None:
    """Send the personal link to ``link.sent_to``; raises OSError or SMTPException."""
    ctx = {
        "url": url,
        "link": link,
        "consent": consent,
        "person": consent.person,
        "organisation": consent.person.organisation,
        "signer_name": _signer_name(consent),
        "is_representative": consent.basis == Consent.Basis.REPRESENTATIVE,
    }
    emails.send("consent-link", link.sent_to, ctx)


def _link_recipient(consent: Consent) -> str:
    """The e-mail of whoever signs: the representative, or the adult themself."""
    if consent.basis == Consent.Basis.REPRESENTATIVE:
        return consent.signer.email if consent.signer else ""
    return consent.person.email


def _consent_page(
    request: HttpRequest, consent: Consent, *, status: int = 200, **extra
) -> HttpResponse:
    ctx = {
        "consent": consent,
        "person": consent.person,
        "organisation": consent.person.organisation,
        "link": consent.links.first(),
        "recipient": _link_recipient(consent),
        "sign_form": ConsentSignForm(consent=consent),
        **extra,
    }
    return render(request, "people/consent_detail.html", ctx, status=status)


def _by_link(view: Callable) -> Callable:
    """Resolve the token of a parent's link, or answer with a page that says why
    not (and records nothing). Dates show in the organisation's time zone."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, token: str) -> HttpResponse:
        link = services.consent_link_find(token)
        if link is None:
            response = render(request, "public/consent_invalid.html", status=404)
        else:
            organisation = link.consent.person.organisation
            with timezone.override(organisation.zoneinfo()):
                if link.is_expired():
                    ctx = {"organisation": organisation}
                    response = render(
                        request, "public/consent_expired.html", ctx, status=410
                    )
                else:
                    response = view(request, link, token)
        # The token is in the URL: keep it out of caches and search indexes.
        # (Referrer-Policy stays «same-origin»: with «no-referrer» browsers post
        # «Origin: null» and the CSRF check refuses the parent's answer.)
        add_never_cache_headers(response)
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        if response.status_code >= 400:
            # django.request would log «Not Found: /consent/<token>/».
            response._has_been_logged = True
        return response

    return wrapper


def _public_ctx(link: ConsentLink, token: str) -> dict:
    consent = link.consent
    return {
        "link": link,
        "token": token,
        "consent": consent,
        "person": consent.person,
        "organisation": consent.person.organisation,
        "signer_name": _signer_name(consent),
        "is_representative": consent.basis == Consent.Basis.REPRESENTATIVE,
        "data_list": _data_list(consent.data_items),
    }


def _public_done(
    request: HttpRequest, link: ConsentLink, token: str, outcome: str
) -> HttpResponse:
    ctx = {**_public_ctx(link, token), "outcome": outcome}
    return render(request, "public/consent_done.html", ctx)


@login_required
def guardian_add(request: HttpRequest, code: str) -> HttpResponse:
    """The child's parents and guardians, and the form that adds one."""
    child = get_person_for_user(request, code)
    if child.is_anonymised:
        raise Http404
    form = GuardianForm(request.POST or None, candidates=_guardian_candidates(child))
    if request.method == "POST":
        if form.is_valid():
            services.guardian_link_create(
                child=child, user=request.user, data=form.cleaned_data
            )
            messages.success(request, _("The parent or guardian is added."))
            return redirect("people-guardian-add", code=child.code)
        if is_tampered(form):
            return HttpResponseBadRequest()
    ctx = {
        "person": child,
        "organisation": child.organisation,
        "form": form,
        "is_minor": child.is_minor(),
        "guardians": child.guardian_links.select_related("guardian"),
    }
    return render(request, "people/guardian_add.html", ctx)


@login_required
@require_POST
def guardian_remove(
    request: HttpRequest, code: str, guardian_code: str
) -> HttpResponse:
    child = get_person_for_user(request, code)
    link = (
        child.guardian_links.filter(guardian__code=guardian_code)
        .select_related("guardian")
        .first()
    )
    if link is None:
        raise Http404
    services.guardian_link_delete(link=link, user=request.user)
    messages.success(request, _("The parent or guardian is removed from the card."))
    return redirect("people-guardian-add", code=child.code)


@login_required
def consent_request(request: HttpRequest, code: str) -> HttpResponse:
    person = get_person_for_user(request, code)
    if person.is_anonymised:
        raise Http404
    form = ConsentRequestForm(request.POST or None, person=person)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            consent = services.consent_request(
                person=person,
                kind=data["kind"],
                user=request.user,
                signer=data.get("signer"),
                transfer_municipal=data["transfer_municipal"],
                transfer_regional=data["transfer_regional"],
                valid_until=data["valid_until"],
            )
            messages.success(
                request,
                _(
                    "The consent is prepared. Print the form or send the link, "
                    "and mark it signed when it is."
                ),
            )
            return redirect("people-consent-detail", code=consent.code)
        if is_tampered(form):
            return HttpResponseBadRequest()
    ctx = {
        "person": person,
        "organisation": person.organisation,
        "form": form,
        "is_minor": person.is_minor(),
    }
    return render(request, "people/consent_request.html", ctx)


@login_required
def consent_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _consent_page(request, get_consent_for_user(request, code))


@login_required
@require_POST
def consent_sign(request: HttpRequest, code: str) -> HttpResponse:
    """The curator enters a consent that was signed on paper."""
    consent = get_consent_for_user(request, code)
    form = ConsentSignForm(request.POST, consent=consent)
    if not form.is_valid():
        if is_tampered(form):
            return HttpResponseBadRequest()
        return _consent_page(request, consent, sign_form=form)
    if consent.status == Consent.Status.SIGNED:
        messages.info(request, _("The consent is signed already."))
    elif consent.status == Consent.Status.REVOKED:
        messages.error(
            request,
            _("A revoked consent cannot be signed again: ask for a new consent."),
        )
    else:
        services.consent_sign(
            consent=consent,
            channel=Consent.Channel.PAPER,
            user=request.user,
            day=form.cleaned_data["day"],
        )
        messages.success(request, _("The consent is marked signed on paper."))
    return redirect("people-consent-detail", code=consent.code)


@login_required
@require_POST
def consent_link(request: HttpRequest, code: str) -> HttpResponse:
    """A new personal link, shown once on the page and e-mailed to the signer."""
    consent = get_consent_for_user(request, code)
    if consent.status == Consent.Status.REVOKED or consent.person.is_anonymised:
        messages.error(
            request,
            _("A revoked consent cannot be signed again: ask for a new consent."),
        )
        return redirect("people-consent-detail", code=consent.code)
    recipient = _link_recipient(consent)
    link, token = services.consent_link_create(
        consent=consent, user=request.user, sent_to=recipient
    )
    url = request.build_absolute_uri(reverse("public-consent", args=[token]))
    if recipient:
        try:
            consent_link_email(consent, link, url)
        except (OSError, smtplib.SMTPException):
            messages.warning(
                request,
                _("The letter could not be sent. Copy the link and pass it on."),
            )
        else:
            messages.success(
                request,
                _("The link is sent to %(email)s.") % {"email": recipient},
            )
    else:
        messages.warning(
            request,
            _("The signer has no e-mail. Copy the link and pass it on yourself."),
        )
    # Rendered here, not redirected: the token is never stored, even in a session.
    response = _consent_page(request, consent, new_link_url=url)
    add_never_cache_headers(response)
    return response


@login_required
def consent_revoke(request: HttpRequest, code: str) -> HttpResponse:
    """Ask for confirmation, then revoke: processing revoked anonymises the person."""
    consent = get_consent_for_user(request, code)
    if consent.status != Consent.Status.SIGNED:
        messages.error(request, _("Only a signed consent can be revoked."))
        return redirect("people-consent-detail", code=consent.code)
    if request.method == "POST":
        services.consent_revoke(consent=consent, user=request.user)
        if consent.kind == Consent.Kind.PROCESSING:
            messages.success(
                request,
                _(
                    "The consent is revoked. The person's personal data is "
                    "anonymised and they have left the bases and pairs."
                ),
            )
        else:
            messages.success(
                request,
                _("The consent is revoked. Stop publishing the person's data."),
            )
        return redirect("people-consent-detail", code=consent.code)
    ctx = {
        "consent": consent,
        "person": consent.person,
        "organisation": consent.person.organisation,
    }
    return render(request, "people/consent_revoke.html", ctx)


@login_required
def consent_form(request: HttpRequest, code: str) -> HttpResponse:
    """The consent form to print and sign, filled with the person's data."""
    consent = get_consent_for_user(request, code)
    if consent.person.is_anonymised:
        raise Http404
    try:
        content = consent_form_docx(consent)
    except ConsentDocumentError as error:
        messages.error(request, str(error))
        return redirect("people-consent-detail", code=consent.code)
    services.person_audit_print(person=consent.person, user=request.user)
    if consent.kind == Consent.Kind.PROCESSING:
        title = _("Consent to processing of personal data")
    else:
        title = _("Consent to dissemination of personal data")
    name = downloads.file_name(
        title,
        consent.person.short_name,
        consent.person.organisation.short_name,
        day=timezone.localdate(),
        extension="docx",
    )
    return downloads.attachment(content, name=name, content_type=docx.CONTENT_TYPE)


@per_address("consent")
@_by_link
def public_consent(request: HttpRequest, link: ConsentLink, token: str) -> HttpResponse:
    """What a parent sees by the link: the terms, and «I consent» / «I do not»."""
    consent = link.consent
    form = None
    if consent.status in (Consent.Status.PENDING, Consent.Status.DECLINED):
        form = PublicSignForm(
            request.POST or None,
            expected_name=_signer_name(consent),
            representative=consent.basis == Consent.Basis.REPRESENTATIVE,
        )
    if request.method == "POST":
        # A signed or revoked consent offers no form; a stale page may post.
        if form is None:
            ctx = _public_ctx(link, token)
            return render(request, "public/consent.html", ctx, status=409)
        if form.is_valid():
            services.consent_link_touch(link)
            services.consent_sign(
                consent=consent,
                channel=Consent.Channel.LINK,
                user=None,
                signer_name=_signer_name(consent),
            )
            return _public_done(request, link, token, "signed")
    ctx = {**_public_ctx(link, token), "form": form}
    return render(request, "public/consent.html", ctx)


@per_address("consent")
@require_POST
@_by_link
def public_decline(request: HttpRequest, link: ConsentLink, token: str) -> HttpResponse:
    if link.consent.status != Consent.Status.PENDING:
        ctx = _public_ctx(link, token)
        return render(request, "public/consent.html", ctx, status=409)
    services.consent_link_touch(link)
    services.consent_decline(consent=link.consent, user=None)
    return _public_done(request, link, token, "declined")


@per_address("consent")
@_by_link
def public_revoke(request: HttpRequest, link: ConsentLink, token: str) -> HttpResponse:
    """Explain what revoking means, then revoke on POST."""
    ctx = _public_ctx(link, token)
    if link.consent.status != Consent.Status.SIGNED:
        if request.method != "POST":
            return redirect("public-consent", token=token)
        return render(request, "public/consent.html", ctx, status=409)
    if request.method == "POST":
        services.consent_link_touch(link)
        services.consent_revoke(consent=link.consent, user=None)
        return _public_done(request, link, token, "revoked")
    return render(request, "public/consent_revoke.html", ctx)
