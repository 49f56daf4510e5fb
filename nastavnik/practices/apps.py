from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "nastavnik.practices"
    label = "practices"
    verbose_name = _("Best practices and awards")
