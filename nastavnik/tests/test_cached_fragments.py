"""A fragment cached by its figures (nastavnik/lib/fragments.py) is the same
for everyone who sees those figures: it may show only what its key was made
of, never the request's user, role, messages or form tokens."""

from __future__ import annotations

import re
from pathlib import Path

from django.template.loader import get_template
from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[2]
FRAGMENT = re.compile(
    r"{%\s*cached_figures\b.*?%}(.*?){%\s*endcached_figures\s*%}", re.DOTALL
)
INCLUDE = re.compile(r"""{%\s*include\s+["']([^"']+)["']""")
# what the context processors and the middleware put beside the view's data
# (a membership's user, ``m.user``, is data of the page)
PER_REQUEST = re.compile(
    r"(?<![.\w])(request|user|membership|all_memberships|organisation_menu|perms"
    r"|messages|csrf_token)\b"
)


# the code of a template (its variables and tags) without the strings in it:
# «request» in a sentence or in a URL's name is not the request
CODE = re.compile(r"{{(.*?)}}|{%(.*?)%}", re.DOTALL)
QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")


def _per_request(text: str) -> list[str]:
    """What the template ``text`` reads of the request."""
    code = "\n".join(QUOTED.sub("", a or b) for a, b in CODE.findall(text))
    return PER_REQUEST.findall(code)


def _templates() -> list[Path]:
    folders = [ROOT / "templates", *ROOT.glob("nastavnik/*/templates")]
    return [path for folder in folders for path in folder.rglob("*.html")]


def _with_includes(text: str) -> str:
    """The fragment's text and that of the templates it includes, nested."""
    texts, todo, seen = [text], INCLUDE.findall(text), set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        included = Path(get_template(name).origin.name).read_text()
        texts.append(included)
        todo += INCLUDE.findall(included)
    return "\n".join(texts)


class CachedFragmentsTests(SimpleTestCase):
    def test_the_dashboards_cache_their_figures(self) -> None:
        cached = {
            path.name for path in _templates() if FRAGMENT.search(path.read_text())
        }
        self.assertLessEqual(
            {
                "organisation_dashboard.html",
                "municipality_kpis.html",
                "region_kpis.html",
                "municipality_overview.html",
                "region_overview.html",
                "organisation.html",
                "municipality.html",
                "region.html",
                "municipality_progress.html",
                "programme_list.html",
                "roadmap_detail.html",
                "impact.html",
                "quality.html",
                "results.html",
                "person_list.html",
                "mentee_list.html",
                "mentor_list.html",
                "person_detail.html",
                "campaign_form.html",
                "questionnaire_list.html",
                "board.html",
                "mentor.html",
                "mentee.html",
                "_participant.html",
                "pairing_detail.html",
            },
            cached,
        )

    def test_no_cached_fragment_shows_anything_of_the_request(self) -> None:
        for path in _templates():
            for fragment in FRAGMENT.findall(path.read_text()):
                with self.subTest(template=str(path.relative_to(ROOT))):
                    self.assertEqual(_per_request(_with_includes(fragment)), [])

    def test_the_scan_reads_the_code_of_a_template_not_its_text(self) -> None:
        cases = [
            ("<a href='{{ request.path }}'>", ["request"]),
            ("{% if user.is_staff %}x{% endif %}", ["user"]),
            ("{% csrf_token %}", ["csrf_token"]),
            ("{% for m in messages %}{{ m }}{% endfor %}", ["messages"]),
            ("{% include 'x.html' with back=request.get_full_path %}", ["request"]),
            ("{{ m.user.get_short_name }}", []),
            ("On the person's request", []),
            ("{% url 'people-consent-request' person.code %}", []),
            ('{% translate "A request of the mentee" %}', []),
        ]
        for text, found in cases:
            with self.subTest(text=text):
                self.assertEqual(_per_request(text), found)
