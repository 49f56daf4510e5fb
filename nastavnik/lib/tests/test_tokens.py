"""Tokens: unguessable, stored as a hash, and usable on a command line."""

from __future__ import annotations

from django.test import SimpleTestCase

from nastavnik.lib import tokens


class TokensTestCase(SimpleTestCase):
    def test_a_token_never_starts_with_a_dash_that_a_command_line_reads_as_an_option(
        self,
    ) -> None:
        # one token in 64 would start with a dash if nothing prevented it
        made = [tokens.new() for _ in range(2000)]
        self.assertFalse([token for token in made if token.startswith("-")])
        self.assertEqual(len(set(made)), len(made))

    def test_the_database_keeps_only_the_hash_of_a_token(self) -> None:
        token = tokens.new()
        self.assertEqual(len(tokens.digest(token)), 64)
        self.assertNotIn(token, tokens.digest(token))
        self.assertEqual(tokens.digest(token), tokens.digest(token))
