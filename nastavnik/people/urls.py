from __future__ import annotations

from django.urls import path

from nastavnik.people import class_views, consent_views, import_views, views

# /people/
urlpatterns = [
    path("<uuid:org_code>/", views.person_list, name="people-person-list"),
    path("<uuid:org_code>/mentors/", views.mentor_list, name="people-mentor-list"),
    path("<uuid:org_code>/mentees/", views.mentee_list, name="people-mentee-list"),
    path("<uuid:org_code>/add/", views.person_add, name="people-person-add"),
    path("<uuid:org_code>/bulk/", views.bulk, name="people-bulk"),
    path("<uuid:org_code>/audit/", views.audit_list, name="people-audit-list"),
    # /people/p/<code>/: one person's card
    path("p/<uuid:code>/", views.person_detail, name="people-person-detail"),
    path("p/<uuid:code>/edit/", views.person_edit, name="people-person-edit"),
    path("p/<uuid:code>/data.xlsx", views.person_export, name="people-person-export"),
    path(
        "p/<uuid:code>/anonymise/",
        views.person_anonymise,
        name="people-person-anonymise",
    ),
    path("p/<uuid:code>/mentor/", views.mentor_edit, name="people-mentor-edit"),
    path("p/<uuid:code>/mentee/", views.mentee_edit, name="people-mentee-edit"),
    path(
        "p/<uuid:code>/sensitive/", views.sensitive_edit, name="people-sensitive-edit"
    ),
    # /people/<org_code>/import/ and /people/import/<code>/: one import, step by step
    path("<uuid:org_code>/import/", import_views.upload, name="people-import-upload"),
    path("<uuid:org_code>/export.xlsx", import_views.export, name="people-export"),
    path("import/<uuid:code>/", import_views.detail, name="people-import-detail"),
    path(
        "import/<uuid:code>/commit/", import_views.commit, name="people-import-commit"
    ),
    path(
        "import/<uuid:code>/cancel/", import_views.cancel, name="people-import-cancel"
    ),
    # /people/p/<code>/: a person's guardians and consent requests
    path(
        "p/<uuid:code>/guardians/add/",
        consent_views.guardian_add,
        name="people-guardian-add",
    ),
    path(
        "p/<uuid:code>/guardians/<uuid:guardian_code>/remove/",
        consent_views.guardian_remove,
        name="people-guardian-remove",
    ),
    path(
        "p/<uuid:code>/consents/new/",
        consent_views.consent_request,
        name="people-consent-request",
    ),
    # /people/consents/<code>/: one consent
    path(
        "consents/<uuid:code>/",
        consent_views.consent_detail,
        name="people-consent-detail",
    ),
    path(
        "consents/<uuid:code>/sign/",
        consent_views.consent_sign,
        name="people-consent-sign",
    ),
    path(
        "consents/<uuid:code>/link/",
        consent_views.consent_link,
        name="people-consent-link",
    ),
    path(
        "consents/<uuid:code>/revoke/",
        consent_views.consent_revoke,
        name="people-consent-revoke",
    ),
    path(
        "consents/<uuid:code>/form.docx",
        consent_views.consent_form,
        name="people-consent-form",
    ),
    # /people/<org_code>/classes/: consents of a whole class (?class_name=7Б)
    path("<uuid:org_code>/classes/", class_views.class_list, name="people-class-list"),
    path(
        "<uuid:org_code>/classes/consents/",
        class_views.class_consents,
        name="people-class-consents",
    ),
    path(
        "<uuid:org_code>/classes/consents/request/",
        class_views.class_request,
        name="people-class-request",
    ),
    path(
        "<uuid:org_code>/classes/consents/asked/",
        class_views.class_asked,
        name="people-class-asked",
    ),
    path(
        "<uuid:org_code>/classes/consents/pack.docx",
        class_views.class_pack,
        name="people-class-pack",
    ),
    path(
        "<uuid:org_code>/classes/consents/mark/",
        class_views.class_mark,
        name="people-class-mark",
    ),
]

# /consent/: pages for parents who open a personal link, no account needed
public_urlpatterns = [
    path("<str:token>/", consent_views.public_consent, name="public-consent"),
    path(
        "<str:token>/decline/",
        consent_views.public_decline,
        name="public-consent-decline",
    ),
    path(
        "<str:token>/revoke/", consent_views.public_revoke, name="public-consent-revoke"
    ),
]
