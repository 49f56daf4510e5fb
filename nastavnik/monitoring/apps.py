from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "nastavnik.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        # people know nothing of this app: it adds its share of a person's
        # data (export, anonymising) to theirs
        from nastavnik.monitoring import personal_data
        from nastavnik.people.personal_data import register

        register(personal_data.PART)
