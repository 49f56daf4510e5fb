from __future__ import annotations

from django.urls import path

from nastavnik.monitoring import views

urlpatterns = [
    path(
        "org/<uuid:org_code>/",
        views.organisation_dashboard,
        name="monitoring-organisation-dashboard",
    ),
    path(
        "org/<uuid:org_code>/impact/",
        views.organisation_impact,
        name="monitoring-organisation-impact",
    ),
    path(
        "org/<uuid:org_code>/quality/",
        views.organisation_quality,
        name="monitoring-organisation-quality",
    ),
    path(
        "org/<uuid:org_code>/note/",
        views.organisation_note,
        name="monitoring-organisation-note",
    ),
    path(
        "org/<uuid:org_code>/kpis/",
        views.organisation_kpis,
        name="monitoring-organisation-kpis",
    ),
    path(
        "org/<uuid:org_code>/denominators/",
        views.organisation_denominators,
        name="monitoring-organisation-denominators",
    ),
    path(
        "municipality/<uuid:municipality_code>/kpis/",
        views.municipality_kpis,
        name="monitoring-municipality-kpis",
    ),
    path(
        "municipality/<uuid:municipality_code>/denominators/",
        views.municipality_denominators,
        name="monitoring-municipality-denominators",
    ),
    path(
        "municipality/<uuid:municipality_code>/targets/",
        views.municipality_targets,
        name="monitoring-municipality-targets",
    ),
    path(
        "region/<uuid:region_code>/kpis/",
        views.region_kpis,
        name="monitoring-region-kpis",
    ),
    path(
        "region/<uuid:region_code>/denominators/",
        views.region_denominators,
        name="monitoring-region-denominators",
    ),
    path(
        "region/<uuid:region_code>/targets/",
        views.region_targets,
        name="monitoring-region-targets",
    ),
]
