"""``manage.py send_survey_reminders``: remind those who have not answered.

Run it from cron once a day (say, 09:00). For every open campaign whose
deadline is within ``services.REMIND_DAYS_BEFORE`` days (in the
organisation's time zone), everyone invited who has been sent a link, has an
e-mail address and has not answered gets a reminder with a new link, at most
one a day (the curator's «Remind» button counts too). A second run the same
day sends nothing new; a letter that fails is tried again on the next run.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from nastavnik.surveys import services


class Command(BaseCommand):
    help = (
        "Напоминает по e-mail не ответившим на анкету за два дня до срока "
        "ответа, не чаще раза в день."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        reminded = 0
        campaigns = services.campaigns_to_remind()
        for campaign in campaigns:
            reminded += services.campaign_remind(campaign=campaign)
        self.stdout.write(
            f"Опросов со сроком через {services.REMIND_DAYS_BEFORE} дня и ближе: "
            f"{len(campaigns)}; отправлено напоминаний: {reminded}."
        )
