"""makemessages without fuzzy matching: a guessed translation is worse than none,
because compilemessages drops fuzzy entries and the page falls back to English."""

from __future__ import annotations

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
