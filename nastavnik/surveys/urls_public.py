from __future__ import annotations

from django.urls import path  # noqa: F401

from nastavnik.surveys import public_views

# /survey/<token>/: the personal links, no account needed. Names
# surveys-public-<action>, the token as a «str» parameter.
urlpatterns = []

# /survey/<token>/: the questionnaire, and the thanks once it is sent
urlpatterns += [
    path("<str:token>/", public_views.answer, name="surveys-public-answer"),
    path("<str:token>/done/", public_views.done, name="surveys-public-done"),
]
