from __future__ import annotations

from django.urls import path

from nastavnik.pairs import views

urlpatterns = [
    path("<uuid:org_code>/", views.board, name="pairs-board"),
    path("<uuid:org_code>/new/", views.pairing_add, name="pairs-pairing-add"),
    path("<uuid:org_code>/support/", views.support_list, name="pairs-support-list"),
    path("<uuid:org_code>/orders/", views.order_list, name="pairs-order-list"),
    path("p/<uuid:code>/", views.pairing_detail, name="pairs-pairing-detail"),
    path("orders/<uuid:code>/", views.order_detail, name="pairs-order-detail"),
    path("person/<uuid:code>/", views.person_pairs, name="pairs-person-pairs"),
]
