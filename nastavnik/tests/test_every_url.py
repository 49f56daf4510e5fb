"""Walk every URL of the app as every demo role: no 500, no other tenant's page."""

from __future__ import annotations

import html
from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from nastavnik.accounts.models import ORGANISATION_ROLES, Role, User
from nastavnik.orgs.models import Municipality, Organisation, Region

LOGINS = [
    "region",
    "municipal",
    "head",
    "curator",
    "curator2",
    "curator_other",
    "mentor",
    "mentee",
]
# URL name → the model whose public id fills <uuid:code>.
OBJECT_OF_URL = {
    "orgs-organisation-detail": Organisation,
    "orgs-organisation-edit": Organisation,
    "home-municipality": Municipality,
    "home-region": Region,
}
# URLs that take no object but a signed token: their tests cover them.
SKIP = {"accounts-password-reset-confirm"}


def _named_patterns(resolvers=None, prefix: str = ""):
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            yield from _named_patterns(entry.url_patterns, prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry


def _organisations_of(user: User) -> set[int]:
    """Organisations whose pages the user may see, computed without the helpers."""
    ids = set()
    for m in user.memberships.filter(is_active=True):
        if m.role == Role.REGIONAL:
            ids |= set(
                Organisation.objects.filter(municipality__region=m.region).values_list(
                    "pk", flat=True
                )
            )
        elif m.role == Role.MUNICIPAL:
            ids |= set(m.municipality.organisations.values_list("pk", flat=True))
        elif m.role in ORGANISATION_ROLES:
            ids.add(m.organisation_id)
    return ids


def _may_open(user: User, obj) -> bool:
    staff = {
        m.organisation_id
        for m in user.memberships.filter(is_active=True, role__in=["head", "curator"])
    }
    overseen = _organisations_of(user) - {
        m.organisation_id
        for m in user.memberships.filter(is_active=True, role__in=["mentor", "mentee"])
    }
    if isinstance(obj, Organisation):
        return obj.pk in staff or obj.pk in overseen
    roles = user.memberships.filter(is_active=True)
    if isinstance(obj, Municipality):
        return (
            roles.filter(municipality=obj).exists()
            or roles.filter(region=obj.region).exists()
        )
    return roles.filter(region=obj).exists()


class EveryUrlTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        call_command("demo", stdout=StringIO())

    def _urls(self):
        for pattern in _named_patterns():
            if pattern.name in SKIP:
                continue
            if not pattern.pattern.converters:
                yield reverse(pattern.name), None
                continue
            self.assertIn(
                pattern.name,
                OBJECT_OF_URL,
                f"Add the object type of the URL {pattern.name} to OBJECT_OF_URL",
            )
            for obj in OBJECT_OF_URL[pattern.name].objects.all():
                yield reverse(pattern.name, args=[obj.code]), obj

    def test_every_url_answers_anonymous_visitors_without_data(self) -> None:
        names = list(Organisation.objects.values_list("short_name", flat=True))
        for url, _obj in self._urls():
            with self.subTest(url=url):
                r = self.client.get(url)
                self.assertIn(r.status_code, (200, 302, 405))
                for name in names:
                    self.assertNotContains(
                        r, html.escape(name), status_code=r.status_code
                    )

    def test_every_url_as_every_demo_role(self) -> None:
        organisations = list(Organisation.objects.all())
        for login in LOGINS:
            user = User.objects.get(username=login)
            self.client.force_login(user)
            visible = _organisations_of(user)
            hidden = [o for o in organisations if o.pk not in visible]
            for url, obj in self._urls():
                with self.subTest(login=login, url=url):
                    r = self.client.get(url)
                    self.assertIn(r.status_code, (200, 302, 404, 405))
                    if obj is not None and not _may_open(user, obj):
                        self.assertEqual(r.status_code, 404)
                    if r.status_code == 200:
                        page = r.content.decode()
                        for other in hidden:
                            self.assertNotIn(html.escape(other.short_name), page)
                            self.assertNotIn(other.inn, page)

    def test_it_opens_the_pages_each_role_needs(self) -> None:
        school1 = Organisation.objects.get(inn="4330000013")
        uni = Municipality.objects.get(name="Уни")
        cases = [
            ("curator", reverse("orgs-organisation-edit", args=[school1.code])),
            ("head", reverse("orgs-organisation-detail", args=[school1.code])),
            ("municipal", reverse("home-municipality", args=[uni.code])),
            ("region", reverse("home-region", args=[uni.region.code])),
            ("mentor", reverse("home")),
            ("mentee", reverse("home")),
        ]
        for login, url in cases:
            with self.subTest(login=login, url=url):
                self.client.force_login(User.objects.get(username=login))
                self.assertEqual(self.client.get(url).status_code, 200)
