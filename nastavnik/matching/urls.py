from __future__ import annotations

from django.urls import path

from nastavnik.matching import views

urlpatterns = [
    path("<uuid:org_code>/", views.run_list, name="matching-run-list"),
    path("runs/<uuid:code>/", views.run_detail, name="matching-run-detail"),
    path(
        "runs/<uuid:code>/progress/", views.run_progress, name="matching-run-progress"
    ),
    path("runs/<uuid:code>/rerun/", views.run_rerun, name="matching-run-rerun"),
    path("runs/<uuid:code>/approve/", views.run_approve, name="matching-run-approve"),
    path(
        "runs/<uuid:code>/m/<uuid:mentee_code>/",
        views.proposal_detail,
        name="matching-proposal-detail",
    ),
]
