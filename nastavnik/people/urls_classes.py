from __future__ import annotations

from django.urls import path

from nastavnik.people import class_views as views

# /people/<org_code>/classes/: consents of a whole class (?class_name=7Б)
urlpatterns = [
    path("<uuid:org_code>/classes/", views.class_list, name="people-class-list"),
    path(
        "<uuid:org_code>/classes/consents/",
        views.class_consents,
        name="people-class-consents",
    ),
    path(
        "<uuid:org_code>/classes/consents/request/",
        views.class_request,
        name="people-class-request",
    ),
    path(
        "<uuid:org_code>/classes/consents/asked/",
        views.class_asked,
        name="people-class-asked",
    ),
    path(
        "<uuid:org_code>/classes/consents/pack.docx",
        views.class_pack,
        name="people-class-pack",
    ),
    path(
        "<uuid:org_code>/classes/consents/mark/",
        views.class_mark,
        name="people-class-mark",
    ),
]
