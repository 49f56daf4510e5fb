"""``manage.py import_people FILE --organisation INN [--category C] [--dry-run]
[--valid-only]``.

For administrators onboarding many schools. Prints each row error and each
note about parents (no contacts, or looking like another parent), one per
line, and as the last line a JSON object {"created", "updated", "duplicates",
"errors", "guardians_created", "guardians_linked"}. A file with a «Класс»
column and no «Категория» column is a list of pupils: it needs no --category.
Exit codes: 0 done; 1 the file has row errors and --valid-only was not given
(nothing is written); 2 unknown INN, a file that cannot be read, or no way to
tell the category. With --dry-run nothing is written and the JSON says what a
real run would do.
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
        except importing.CategoryMissing:
            raise CommandError(
                _(
                    "The file does not say who is in it: it has neither a «Категория» "
                    "column nor a «Класс» column. Pass --category (for example "
                    "--category teacher) or add a «Категория» column."
                ),
                returncode=2,
            ) from None
        except importing.ImportFileError as e:
            raise CommandError(str(e), returncode=2) from None

        for message in check.errors:
            self.stdout.write(message)
        for _number, message in check.notes:
            self.stdout.write(message)
        counts = check.counts
        refused = counts["error"] > 0 and not options["valid_only"]
        result = {
            "created": 0 if refused else counts["new"],
            "updated": 0 if refused else counts["update"],
            "duplicates": counts["duplicate"],
            "errors": counts["error"],
            **{name: 0 if refused else n for name, n in check.guardians.items()},
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
