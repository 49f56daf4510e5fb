from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "nastavnik.surveys"
    label = "surveys"
    verbose_name = _("Questionnaires")

    def ready(self) -> None:
        # people know nothing of this app: it adds its share of a person's
        # data (export, anonymising) to theirs
        from nastavnik.people.personal_data import register
        from nastavnik.surveys import personal_data

        register(personal_data.PART)
