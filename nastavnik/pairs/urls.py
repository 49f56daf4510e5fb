from __future__ import annotations

from django.urls import path

from nastavnik.pairs import calendar_views, views

urlpatterns = [
    path("<uuid:org_code>/", views.board, name="pairs-board"),
    path("<uuid:org_code>/new/", views.pairing_add, name="pairs-pairing-add"),
    path("<uuid:org_code>/support/", views.support_list, name="pairs-support-list"),
    path("<uuid:org_code>/orders/", views.order_list, name="pairs-order-list"),
    path("p/<uuid:code>/", views.pairing_detail, name="pairs-pairing-detail"),
    path("orders/<uuid:code>/", views.order_detail, name="pairs-order-detail"),
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
