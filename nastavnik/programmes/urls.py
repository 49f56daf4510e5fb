from __future__ import annotations

from django.urls import path

from nastavnik.programmes import import_views, municipal_views, views

# /programmes/: URL names are programmes-<thing>-<action>, where <thing> is
# programme, roadmap, stage, item or evidence and the URL takes its «code»;
# lists of an organisation take «org_code», of a municipality «municipality_code».
urlpatterns = [
    # /programmes/<org_code>/: an organisation's programmes and forms
    path("<uuid:org_code>/", views.programme_list, name="programmes-programme-list"),
    path("<uuid:org_code>/add/", views.programme_add, name="programmes-programme-add"),
    path("<uuid:org_code>/forms/", views.form_list, name="programmes-form-list"),
    path(
        "<uuid:org_code>/forms/toggle/",
        views.form_toggle,
        name="programmes-form-toggle",
    ),
    # /programmes/p/<code>/: one programme
    path("p/<uuid:code>/edit/", views.programme_edit, name="programmes-programme-edit"),
    # /programmes/roadmaps/<code>/: a roadmap, its header, a new stage
    path(
        "roadmaps/<uuid:code>/",
        views.roadmap_detail,
        name="programmes-roadmap-detail",
    ),
    path(
        "roadmaps/<uuid:code>/edit/",
        views.roadmap_edit,
        name="programmes-roadmap-edit",
    ),
    path(
        "roadmaps/<uuid:code>/import/",
        import_views.roadmap_import,
        name="programmes-roadmap-import",
    ),
    path(
        "roadmaps/<uuid:code>/stages/add/",
        views.stage_add,
        name="programmes-roadmap-stage-add",
    ),
    # /programmes/stages/<code>/: a stage, a new item in it
    path("stages/<uuid:code>/edit/", views.stage_edit, name="programmes-stage-edit"),
    path("stages/<uuid:code>/move/", views.stage_move, name="programmes-stage-move"),
    path(
        "stages/<uuid:code>/delete/",
        views.stage_delete,
        name="programmes-stage-delete",
    ),
    path(
        "stages/<uuid:code>/items/add/",
        views.item_add,
        name="programmes-stage-item-add",
    ),
    # /programmes/items/<code>/: an item, its status, comments and evidence
    path("items/<uuid:code>/", views.item_detail, name="programmes-item-detail"),
    path("items/<uuid:code>/edit/", views.item_edit, name="programmes-item-edit"),
    path("items/<uuid:code>/move/", views.item_move, name="programmes-item-move"),
    path("items/<uuid:code>/delete/", views.item_delete, name="programmes-item-delete"),
    path("items/<uuid:code>/status/", views.item_status, name="programmes-item-status"),
    path(
        "items/<uuid:code>/comments/",
        views.item_comment,
        name="programmes-item-comment",
    ),
    path(
        "items/<uuid:code>/evidence/",
        views.item_evidence,
        name="programmes-item-evidence",
    ),
    # /programmes/evidence/<code>/: a file, a link or an object attached
    path(
        "evidence/<uuid:code>/download/",
        views.evidence_download,
        name="programmes-evidence-download",
    ),
    path(
        "evidence/<uuid:code>/delete/",
        views.evidence_delete,
        name="programmes-evidence-delete",
    ),
    # /programmes/roadmaps/<code>/: downloads
    path(
        "roadmaps/<uuid:code>/docx/",
        views.roadmap_docx,
        name="programmes-roadmap-docx",
    ),
    path(
        "roadmaps/<uuid:code>/xlsx/",
        views.roadmap_xlsx,
        name="programmes-roadmap-xlsx",
    ),
    # /programmes/m/<municipality_code>/: the municipal centre
    path(
        "m/<uuid:municipality_code>/",
        municipal_views.municipality_plan,
        name="programmes-municipality-plan",
    ),
    path(
        "m/<uuid:municipality_code>/progress/",
        municipal_views.municipality_progress,
        name="programmes-municipality-progress",
    ),
    path(
        "m/<uuid:municipality_code>/progress.xlsx",
        municipal_views.municipality_progress_xlsx,
        name="programmes-municipality-progress-xlsx",
    ),
]
