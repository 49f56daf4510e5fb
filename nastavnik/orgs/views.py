from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nastavnik.accounts.access import (
    get_organisation_for_user,
    get_staff_organisation_for_user,
    is_staff_of,
)
from nastavnik.accounts.models import STAFF_ROLES, Membership
from nastavnik.lib import docx, downloads
from nastavnik.lib.forms import is_tampered
from nastavnik.orgs import documents as documents_registry
from nastavnik.orgs.forms import DocumentTemplateForm, OrganisationForm
from nastavnik.orgs.models import Organisation


@login_required
def detail(request: HttpRequest, code: str) -> HttpResponse:
    """The organisation's card: staff and the municipal and regional overseers."""
    organisation = get_organisation_for_user(request, code)
    team = (
        Membership.objects.active()
        .filter(organisation=organisation, role__in=STAFF_ROLES)
        .select_related("user")
        .order_by("role", "user__last_name")
    )
    ctx = {
        "organisation": organisation,
        "team": team,
        "can_edit": is_staff_of(request.user, organisation),
    }
    return render(request, "orgs/detail.html", ctx)


@login_required
def edit(request: HttpRequest, code: str) -> HttpResponse:
    organisation = get_staff_organisation_for_user(request, code)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("The organisation's details are saved."))
            return redirect("orgs-organisation-detail", code=organisation.code)
        if is_tampered(form):
            return HttpResponseBadRequest()
    ctx = {"organisation": organisation, "form": form}
    return render(request, "orgs/edit.html", ctx)


def _documents_page(
    request: HttpRequest,
    organisation: Organisation,
    failed: DocumentTemplateForm | None = None,
) -> HttpResponse:
    """Each document with its standard form, the organisation's own version
    if any, and the upload form (``failed``, with its errors, for one)."""
    own = {
        template.name: template
        for template in organisation.document_templates.defer("content")
    }
    rows = []
    for kind in documents_registry.KINDS:
        form = DocumentTemplateForm(
            initial={"kind": kind.key}, auto_id=f"id_{kind.key}_%s"
        )
        if failed is not None and failed.data.get("kind") == kind.key:
            form = failed
        rows.append({"kind": kind, "own": own.get(kind.file_name), "form": form})
    ctx = {"organisation": organisation, "rows": rows}
    return render(
        request, "orgs/documents.html", ctx, status=200 if failed is None else 400
    )


def _kind(data) -> documents_registry.Kind:
    kind = documents_registry.BY_KEY.get(data.get("kind", ""))
    if kind is None:
        raise Http404
    return kind


@login_required
def documents(request: HttpRequest, org_code: str) -> HttpResponse:
    """The documents the organisation prints, and its own versions of them."""
    organisation = get_staff_organisation_for_user(request, org_code)
    return _documents_page(request, organisation)


@login_required
def document_download(request: HttpRequest, org_code: str) -> HttpResponse:
    """A template to edit in Word: the standard one (``?default=1``) or the
    organisation's own, when it has one."""
    organisation = get_staff_organisation_for_user(request, org_code)
    kind = _kind(request.GET)
    if request.GET.get("default"):
        source = docx.document_template(kind.file_name)
    else:
        source = organisation.document_template(kind.file_name)
    content = source if isinstance(source, bytes) else source.read_bytes()
    name = downloads.file_name(
        kind.title, organisation.short_name, day=None, extension="docx"
    )
    return downloads.attachment(content, name=name, content_type=docx.CONTENT_TYPE)


@login_required
@require_POST
def document_upload(request: HttpRequest, org_code: str) -> HttpResponse:
    """Print a document from the organisation's own template from now on,
    once it is checked by filling it with sample data; a template that will
    not do is refused with the reason, and the old one stays."""
    organisation = get_staff_organisation_for_user(request, org_code)
    form = DocumentTemplateForm(request.POST, request.FILES)
    if not form.is_valid():
        if is_tampered(form):
            return HttpResponseBadRequest()
        return _documents_page(request, organisation, form)
    kind = documents_registry.BY_KEY[form.cleaned_data["kind"]]
    try:
        documents_registry.document_template_upload(
            organisation=organisation,
            kind=kind,
            content=form.cleaned_data["file"],
            file_name=request.FILES["file"].name,
        )
    except docx.BadTemplate as error:
        form.add_error("file", str(error))
        return _documents_page(request, organisation, form)
    messages.success(
        request,
        _("«%(title)s» is printed from your version from now on.")
        % {"title": kind.title},
    )
    return redirect("orgs-document-list", org_code=organisation.code)


@login_required
@require_POST
def document_revert(request: HttpRequest, org_code: str) -> HttpResponse:
    organisation = get_staff_organisation_for_user(request, org_code)
    kind = _kind(request.POST)
    documents_registry.document_template_revert(organisation=organisation, kind=kind)
    messages.success(
        request,
        _("«%(title)s» is printed from the standard form again.")
        % {"title": kind.title},
    )
    return redirect("orgs-document-list", org_code=organisation.code)
