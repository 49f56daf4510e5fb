"""``manage.py api_token USERNAME [--name NAME]``: a new API token of the
user, for scripts. The token is the last line of the output; it is shown
this once (only its digest is kept) and is revoked on the user's token page."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from nastavnik.accounts.models import User
from nastavnik.api import services


class Command(BaseCommand):
    help = "Create a personal API token for a user and print it as the last line."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="manage.py api_token")

    def handle(self, *args, username: str, name: str, **options) -> None:
        try:
            user = User.objects.get(username=username, is_active=True)
        except User.DoesNotExist:
            raise CommandError(
                _("No active user «%(username)s».") % {"username": username}
            ) from None
        token, secret = services.token_create(user=user, name=name)
        self.stderr.write(
            _("Token «%(name)s» of %(username)s; it is shown only now:")
            % {"name": token.name, "username": username}
        )
        self.stdout.write(secret)
