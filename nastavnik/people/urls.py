from __future__ import annotations

from django.urls import path

from nastavnik.people import urls_classes, urls_consents, urls_imports, views

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
    path("p/<uuid:code>/mentor/", views.mentor_edit, name="people-mentor-edit"),
    path("p/<uuid:code>/mentee/", views.mentee_edit, name="people-mentee-edit"),
    path(
        "p/<uuid:code>/sensitive/", views.sensitive_edit, name="people-sensitive-edit"
    ),
    *urls_imports.urlpatterns,
    *urls_consents.urlpatterns,
    *urls_classes.urlpatterns,
]
