from __future__ import annotations

from django.urls import path

from nastavnik.people import consent_views as views

# /consent/ : pages for parents who open a personal link, no account needed
urlpatterns = [
    path("<str:token>/", views.public_consent, name="public-consent"),
    path("<str:token>/decline/", views.public_decline, name="public-consent-decline"),
    path("<str:token>/revoke/", views.public_revoke, name="public-consent-revoke"),
]
