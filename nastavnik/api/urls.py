from __future__ import annotations

from django.urls import path

from nastavnik.api import views

# /accounts/api-tokens/
urlpatterns = [
    path("", views.token_list, name="api-token-list"),
    path("<uuid:code>/revoke/", views.token_revoke, name="api-token-revoke"),
]
