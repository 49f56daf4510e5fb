from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LibConfig(AppConfig):
    name = "nastavnik.lib"
    label = "lib"

    def ready(self) -> None:
        # numbers each database connection as it opens (lib/fragments.py)
        from nastavnik.lib import fragments  # noqa: F401

        post_migrate.connect(_watch_the_tables, sender=self)


def _watch_the_tables(sender, using: str = "default", **kwargs) -> None:
    """After ``migrate`` (and ``flush``), every table's writes move the
    generation that remembered figures are kept under (lib/fragments.py)."""
    from nastavnik.lib import fragments

    fragments.watch_the_tables(using)
