from __future__ import annotations

from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "nastavnik.lib"
    label = "lib"

    def ready(self) -> None:
        # numbers each database connection as it opens (lib/fragments.py)
        from nastavnik.lib import fragments  # noqa: F401
