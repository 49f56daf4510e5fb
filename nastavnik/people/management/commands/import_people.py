"""``manage.py import_people FILE --organisation INN [--dry-run] [--valid-only]``.

For administrators onboarding many schools. Prints each row error, one per
line, and as the last line a JSON object {"created", "updated", "duplicates",
"errors"}. Exit codes: 0 done; 1 the file has row errors and --valid-only was
not given (nothing is written); 2 unknown INN or a file that cannot be read.
With --dry-run nothing is written and the JSON says what a real run would do.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from nastavnik.orgs.models import Organisation
from nastavnik.people import importing
from nastavnik.people.models import Person


class Command(BaseCommand):
    help = "Import people from an XLSX or CSV file into an organisation's base."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--organisation", required=True, metavar="INN")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--valid-only", action="store_true")
        parser.add_argument(
            "--category",
            default="",
            choices=Person.Category.values,
            help="the category of rows that have no «Категория» column",
        )

    def handle(self, *args, **options) -> None:
        try:
            organisation = Organisation.objects.get(inn=options["organisation"])
        except Organisation.DoesNotExist:
            raise CommandError(
                _("No organisation has the INN %(inn)s.")
                % {"inn": options["organisation"]},
                returncode=2,
            ) from None
        path: Path = options["file"]
        try:
            check = importing.check_file(path, organisation, options["category"])
        except OSError as e:
            raise CommandError(str(e), returncode=2) from None
        except importing.ImportFileError as e:
            raise CommandError(str(e), returncode=2) from None

        for message in check.errors:
            self.stdout.write(message)
        counts = check.counts
        refused = counts["error"] > 0 and not options["valid_only"]
        result = {
            "created": 0 if refused else counts["new"],
            "updated": 0 if refused else counts["update"],
            "duplicates": counts["duplicate"],
            "errors": counts["error"],
        }
        if not refused and not options["dry_run"]:
            batch = importing.import_rows(
                organisation=organisation,
                user=None,
                check=check,
                original_name=path.name,
                default_category=options["category"],
                valid_only=options["valid_only"],
            )
            result = batch.report["counts"]
        self.stdout.write(json.dumps(result))
        if refused:
            raise CommandError(
                _(
                    "The file has errors: nothing is written. Correct them, "
                    "or pass --valid-only."
                ),
                returncode=1,
            )
