from __future__ import annotations

from django.urls import path

from nastavnik.accounts import views

# /accounts/
urlpatterns = [
    path("login/", views.login, name="accounts-login"),
    path("logout/", views.logout, name="accounts-logout"),
    path("profile/", views.profile, name="accounts-profile"),
    path("switch/", views.switch, name="accounts-switch"),
    path("password/", views.password_change, name="accounts-password-change"),
    path("password-reset/", views.password_reset, name="accounts-password-reset"),
    path(
        "password-reset/sent/",
        views.password_reset_sent,
        name="accounts-password-reset-sent",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="accounts-password-reset-confirm",
    ),
    path(
        "password-reset/done/",
        views.password_reset_complete,
        name="accounts-password-reset-complete",
    ),
]
