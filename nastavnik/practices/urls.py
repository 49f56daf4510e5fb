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
    path("org/<uuid:org_code>/awards/", views.award_list, name="practices-award-list"),
    path(
        "awards/<uuid:code>/",
        views.award_order_detail,
        name="practices-awardorder-detail",
    ),
    path(
        "awards/<uuid:code>/docx/",
        views.award_order_docx,
        name="practices-awardorder-docx",
    ),
    path(
        "award/<uuid:code>/delete/", views.award_delete, name="practices-award-delete"
    ),
    # public, without login
    path(
        "m/<uuid:municipality_code>/",
        views.public_municipality,
        name="practices-public-municipality",
    ),
    path("c/<uuid:code>/", views.public_case, name="practices-public-case"),
]
