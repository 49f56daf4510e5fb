from __future__ import annotations

from django.urls import path

from nastavnik.reports import views

# /reports/
urlpatterns = [
    path(
        "org/<uuid:org_code>/",
        views.organisation_reports,
        name="reports-organisation-list",
    ),
    path(
        "org/<uuid:org_code>/new/",
        views.report_create,
        name="reports-organisation-create",
    ),
    path(
        "org/<uuid:org_code>/key/",
        views.organisation_key,
        name="reports-organisation-key",
    ),
    path(
        "org/<uuid:org_code>/key/remove/",
        views.organisation_key_remove,
        name="reports-organisation-key-remove",
    ),
    path("org/<uuid:org_code>/key/issue/", views.key_issue, name="reports-key-issue"),
    path(
        "org/<uuid:org_code>/key/revoke/", views.key_revoke, name="reports-key-revoke"
    ),
    path("<uuid:code>/", views.report_detail, name="reports-report-detail"),
    path("<uuid:code>/edit/", views.report_edit, name="reports-report-edit"),
    path("<uuid:code>/correct/", views.report_correct, name="reports-report-correct"),
    path("<uuid:code>/refill/", views.report_refill, name="reports-report-refill"),
    path("<uuid:code>/submit/", views.report_submit, name="reports-report-submit"),
    path("<uuid:code>/accept/", views.report_accept, name="reports-report-accept"),
    path("<uuid:code>/return/", views.report_return, name="reports-report-return"),
    path("<uuid:code>/xlsx/", views.report_xlsx, name="reports-report-xlsx"),
    path("<uuid:code>/export/", views.report_export, name="reports-report-export"),
    path(
        "municipality/<uuid:municipality_code>/",
        views.municipality_reports,
        name="reports-municipality-list",
    ),
    path(
        "municipality/<uuid:municipality_code>/keys/",
        views.municipality_keys,
        name="reports-municipality-keys",
    ),
    path(
        "municipality/<uuid:municipality_code>/import/",
        views.municipality_import,
        name="reports-municipality-import",
    ),
    path(
        "municipality/<uuid:municipality_code>/summary.xlsx",
        views.municipality_summary_xlsx,
        name="reports-municipality-summary",
    ),
]
