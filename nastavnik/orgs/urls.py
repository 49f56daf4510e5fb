from __future__ import annotations

from django.urls import path

from nastavnik.orgs import views

# /orgs/
urlpatterns = [
    path("<uuid:code>/", views.detail, name="orgs-organisation-detail"),
    path("<uuid:code>/edit/", views.edit, name="orgs-organisation-edit"),
]
