from __future__ import annotations

from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "nastavnik.lib"
    label = "lib"
