from __future__ import annotations

from django.urls import path

from nastavnik.practices import views

urlpatterns = [
    # /practices/
    path("org/<uuid:org_code>/", views.case_list, name="practices-case-list"),
    path("org/<uuid:org_code>/add/", views.case_add, name="practices-case-add"),
    path("cases/<uuid:code>/", views.case_detail, name="practices-case-detail"),
    path("cases/<uuid:code>/edit/", views.case_edit, name="practices-case-edit"),
    path(
        "cases/<uuid:code>/publish/", views.case_publish, name="practices-case-publish"
    ),
    path(
        "cases/<uuid:code>/withdraw/",
        views.case_withdraw,
        name="practices-case-withdraw",
    ),
    # public, without login
    path(
        "m/<uuid:municipality_code>/",
        views.public_municipality,
        name="practices-public-municipality",
    ),
    path("c/<uuid:code>/", views.public_case, name="practices-public-case"),
]
