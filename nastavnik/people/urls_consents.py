from __future__ import annotations

from django.urls import path

from nastavnik.people import consent_views as views

# /people/
urlpatterns = [
    # /people/p/<code>/: a person's guardians and consent requests
    path(
        "p/<uuid:code>/guardians/add/",
        views.guardian_add,
        name="people-guardian-add",
    ),
    path(
        "p/<uuid:code>/guardians/<uuid:guardian_code>/remove/",
        views.guardian_remove,
        name="people-guardian-remove",
    ),
    path(
        "p/<uuid:code>/consents/new/",
        views.consent_request,
        name="people-consent-request",
    ),
    # /people/consents/<code>/: one consent
    path("consents/<uuid:code>/", views.consent_detail, name="people-consent-detail"),
    path("consents/<uuid:code>/sign/", views.consent_sign, name="people-consent-sign"),
    path("consents/<uuid:code>/link/", views.consent_link, name="people-consent-link"),
    path(
        "consents/<uuid:code>/revoke/",
        views.consent_revoke,
        name="people-consent-revoke",
    ),
    path(
        "consents/<uuid:code>/form.docx",
        views.consent_form,
        name="people-consent-form",
    ),
]
