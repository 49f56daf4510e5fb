"""The Content-Security-Policy allows no inline script or style, so the
templates must hold none. (Every page of the every-URL walk is checked for the
header in test_every_url.py.)"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase, TestCase

ROOT = Path(__file__).resolve().parents[2]
# A letter is no page: mail clients keep only inline styles, and the policy
# does not reach them.
LETTERS = "emails"
INLINE = {
    "a style attribute": re.compile(r"<[a-zA-Z][^<>]*\sstyle\s*=", re.IGNORECASE),
    "a <style> element": re.compile(r"<style[\s>]", re.IGNORECASE),
    "an inline <script>": re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE),
    "an event handler attribute": re.compile(
        r"<[a-zA-Z][^<>]*\son[a-z]+\s*=", re.IGNORECASE
    ),
    "a javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def _page_templates() -> list[Path]:
    folders = [ROOT / "templates", *ROOT.glob("nastavnik/*/templates")]
    return [
        path
        for folder in folders
        for path in folder.rglob("*.html")
        if LETTERS not in path.relative_to(folder).parts
    ]


class TemplatesTestCase(SimpleTestCase):
    def test_no_page_template_holds_inline_script_or_style(self) -> None:
        found = [
            f"{path.relative_to(ROOT)}: {what}"
            for path in _page_templates()
            for what, pattern in INLINE.items()
            if pattern.search(path.read_text())
        ]
        self.assertEqual(found, [])

    def test_the_scan_reads_the_templates_of_every_app(self) -> None:
        names = {path.name for path in _page_templates()}
        self.assertTrue({"base.html", "500.html", "survey.html"} <= names)

    def test_it_would_notice_inline_code(self) -> None:
        samples = [
            '<div class="x" style="color: red">',
            "<style>p { color: red }</style>",
            "<script>alert(1)</script>",
            '<button type="button" onclick="go()">',
            '<a href="javascript:go()">',
        ]
        for sample, pattern in zip(samples, INLINE.values(), strict=True):
            self.assertRegex(sample, pattern)
        self.assertNotRegex(
            '<script src="/static/js/base.js" defer></script>',
            INLINE["an inline <script>"],
        )


class PolicyTestCase(TestCase):
    def test_the_login_page_carries_the_policy(self) -> None:
        r = self.client.get("/accounts/login/")
        self.assertEqual(r["Content-Security-Policy"], settings.CONTENT_SECURITY_POLICY)

    def test_the_policy_allows_our_own_files_only(self) -> None:
        directives = dict(
            part.split(" ", 1) for part in settings.CONTENT_SECURITY_POLICY.split("; ")
        )
        self.assertEqual(directives["script-src"], "'self'")
        self.assertEqual(directives["style-src"], "'self'")
        self.assertEqual(directives["frame-ancestors"], "'none'")
        self.assertNotIn("unsafe", settings.CONTENT_SECURITY_POLICY)

    def test_htmx_adds_no_style_of_its_own(self) -> None:
        r = self.client.get("/accounts/login/")
        self.assertContains(r, '"includeIndicatorStyles": false')
