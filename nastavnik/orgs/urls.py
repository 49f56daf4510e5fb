from __future__ import annotations

from django.urls import path

from nastavnik.orgs import views

# /orgs/
urlpatterns = [
    path("<uuid:code>/", views.detail, name="orgs-organisation-detail"),
    path("<uuid:code>/edit/", views.edit, name="orgs-organisation-edit"),
    # The organisation's own document templates; the document is named in the
    # query or the form (?kind=roadmap), so that each URL takes one id.
    path("<uuid:org_code>/documents/", views.documents, name="orgs-document-list"),
    path(
        "<uuid:org_code>/documents/download/",
        views.document_download,
        name="orgs-document-download",
    ),
    path(
        "<uuid:org_code>/documents/upload/",
        views.document_upload,
        name="orgs-document-upload",
    ),
    path(
        "<uuid:org_code>/documents/revert/",
        views.document_revert,
        name="orgs-document-revert",
    ),
]
