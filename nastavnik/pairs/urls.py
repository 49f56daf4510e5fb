from __future__ import annotations

from django.urls import path

from nastavnik.pairs import (
    calendar_views,
    document_views,
    meeting_views,
    plan_views,
    views,
)

urlpatterns = [
    path("<uuid:org_code>/", views.board, name="pairs-board"),
    path("<uuid:org_code>/new/", views.pairing_add, name="pairs-pairing-add"),
    path("<uuid:org_code>/support/", views.support_list, name="pairs-support-list"),
    path("<uuid:org_code>/orders/", views.order_list, name="pairs-order-list"),
    path("p/<uuid:code>/", views.pairing_detail, name="pairs-pairing-detail"),
    path("p/<uuid:code>/status/", views.pairing_status, name="pairs-pairing-status"),
    path("p/<uuid:code>/close/", views.pairing_close, name="pairs-pairing-close"),
    path("p/<uuid:code>/replace/", views.mentor_replace, name="pairs-mentor-replace"),
    path("orders/<uuid:code>/", views.order_detail, name="pairs-order-detail"),
    path("person/<uuid:code>/", views.person_pairs, name="pairs-person-pairs"),
]

urlpatterns += [
    path(
        "p/<uuid:code>/meetings/new/",
        meeting_views.meeting_add,
        name="pairs-meeting-add",
    ),
    path(
        "meetings/<uuid:code>/",
        meeting_views.meeting_detail,
        name="pairs-meeting-detail",
    ),
    path(
        "my/p/<uuid:code>/meetings/new/",
        meeting_views.my_meeting_add,
        name="pairs-my-meeting-add",
    ),
    path("my/meetings/<uuid:code>/", meeting_views.my_meeting, name="pairs-my-meeting"),
    path("my/confirm/", meeting_views.my_confirm, name="pairs-my-meeting-confirm"),
]
urlpatterns += [
    path(
        "orders/<uuid:code>/docx/", document_views.order_docx, name="pairs-order-docx"
    ),
    path(
        "p/<uuid:code>/agreement/",
        document_views.agreement_docx,
        name="pairs-pairing-agreement",
    ),
    path(
        "p/<uuid:code>/meetings.docx",
        document_views.meeting_log_docx,
        name="pairs-pairing-meeting-log",
    ),
    path(
        "p/<uuid:code>/thanks/<uuid:person_code>/",
        document_views.thanks_docx,
        name="pairs-pairing-thanks",
    ),
    path(
        "mentor-card/<uuid:code>/",
        document_views.mentor_card_docx,
        name="pairs-mentor-card",
    ),
]
urlpatterns += [
    path("p/<uuid:code>/plan/", plan_views.plan_detail, name="pairs-plan-detail"),
    path("p/<uuid:code>/plan/start/", plan_views.plan_start, name="pairs-plan-start"),
    path(
        "p/<uuid:code>/plan/approve/",
        plan_views.plan_approve,
        name="pairs-plan-approve",
    ),
    path("p/<uuid:code>/plan/rows/", plan_views.plan_row, name="pairs-plan-row"),
    path("p/<uuid:code>/plan.docx", plan_views.plan_docx, name="pairs-plan-docx"),
]
urlpatterns += [
    path(
        "calendar/<str:token>.ics",
        calendar_views.feed,
        name="pairs-calendar-feed",
    ),
    path(
        "meetings/<uuid:code>/ics/",
        calendar_views.meeting_ics,
        name="pairs-meeting-ics",
    ),
]
urlpatterns += [
    path(
        "<uuid:org_code>/gathering/",
        meeting_views.gathering_add,
        name="pairs-gathering-add",
    ),
    path(
        "meetings/<uuid:code>/gathering/hold/",
        meeting_views.gathering_hold,
        name="pairs-gathering-hold",
    ),
]
