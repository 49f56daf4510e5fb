"""Load the demo municipality: ``manage.py demo [--if-empty]``.

The command knows no domain. It walks the installed apps in INSTALLED_APPS order
(so orgs come before accounts, accounts before people, and so on) and, for every
app that has a ``demo`` module, calls its hooks inside one transaction:

``load(ctx: dict) -> None`` (required)
    Creates the app's demo rows. It must be idempotent: on a loaded database it
    creates nothing new and changes nothing (the accounts app re-sets the cast's
    passwords to ``demo``). ``ctx`` is shared by all apps: earlier apps leave
    what later ones need there (``ctx["organisations"]``, ``ctx["users"]``, …).
    The command puts in ``ctx["faker"]``, one ``Faker("ru_RU")`` with a fixed
    seed (use it, and its ``.random``, for everything random, so that the data
    is the same on every fresh database), and ``ctx["today"]``, the local date.

``is_loaded() -> bool`` (optional)
    True when the demo, or any real data, is already there: ``--if-empty``
    then loads nothing.

``logins() -> list[tuple[str, str, str, str]]`` (optional)
    The demo logins as (login, role, organisation or territory, password),
    printed at the end.

To add demo data for a new app, add ``<app>/demo.py`` with a ``load(ctx)``.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Iterator
from types import ModuleType
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from faker import Faker

SEED = 4330  # any fixed number: it makes the demo data the same on every run


def _demo_modules() -> Iterator[ModuleType]:
    for app_config in apps.get_app_configs():
        name = f"{app_config.name}.demo"
        try:
            yield importlib.import_module(name)
        except ModuleNotFoundError as e:
            # Only a missing demo module is fine, not a broken import inside one.
            if e.name != name:
                raise


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return [line.rstrip() for line in lines]


class Command(BaseCommand):
    help = (
        "Загружает демонстрационные данные: муниципалитет «Уни» Кировской "
        "области, его организации, базы и учётные записи с паролем «demo»."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Ничего не загружать, если в базе уже есть данные.",
        )

    def handle(self, *args: Any, if_empty: bool = False, **options: Any) -> None:
        started = time.monotonic()
        modules = list(_demo_modules())
        if if_empty and any(m.is_loaded() for m in modules if hasattr(m, "is_loaded")):
            self.stdout.write("В базе уже есть данные: демо-данные не загружаются.")
        else:
            faker = Faker("ru_RU")
            faker.seed_instance(SEED)
            ctx: dict[str, Any] = {"faker": faker, "today": timezone.localdate()}
            with transaction.atomic():
                for module in modules:
                    module.load(ctx)
            self.stdout.write(self.style.SUCCESS("Демо-данные загружены."))
        self._print_logins(modules)
        elapsed = time.monotonic() - started
        self.stdout.write(f"Время: {elapsed:.1f} с.".replace(".", ",", 1))

    def _print_logins(self, modules: list[ModuleType]) -> None:
        rows = [row for m in modules if hasattr(m, "logins") for row in m.logins()]
        if not rows:
            return
        header = ("Логин", "Роль", "Организация / территория", "Пароль")
        self.stdout.write("\nДемо-пользователи:")
        for line in _table([header, *rows]):
            self.stdout.write(line)
        self.stdout.write("")
