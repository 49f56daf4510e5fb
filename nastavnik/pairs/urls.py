from __future__ import annotations

from django.urls import path

from nastavnik.pairs import meeting_views, views

urlpatterns = [
    path("<uuid:org_code>/", views.board, name="pairs-board"),
    path("<uuid:org_code>/new/", views.pairing_add, name="pairs-pairing-add"),
    path("<uuid:org_code>/support/", views.support_list, name="pairs-support-list"),
    path("<uuid:org_code>/orders/", views.order_list, name="pairs-order-list"),
    path("p/<uuid:code>/", views.pairing_detail, name="pairs-pairing-detail"),
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
