from __future__ import annotations

from django.urls import path

from nastavnik.people import import_views

# /people/
urlpatterns = [
    path("<uuid:org_code>/import/", import_views.upload, name="people-import-upload"),
    path("<uuid:org_code>/export.xlsx", import_views.export, name="people-export"),
    # /people/import/<code>/: one import, step by step
    path("import/<uuid:code>/", import_views.detail, name="people-import-detail"),
    path(
        "import/<uuid:code>/commit/", import_views.commit, name="people-import-commit"
    ),
    path(
        "import/<uuid:code>/cancel/", import_views.cancel, name="people-import-cancel"
    ),
]
