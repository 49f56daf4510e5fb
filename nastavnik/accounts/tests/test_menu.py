"""The main menu: a head or curator has their organisation's sections, the
page's own section marked; other roles have none."""

from __future__ import annotations

from django.test import SimpleTestCase
from django.urls import reverse
from django.utils import translation

from nastavnik.accounts import menu
from nastavnik.accounts.models import Membership
from nastavnik.test import BaseTestCase

# (the page's url name, the section marked as current)
CURRENT = [
    ("people-mentee-list", "people-person-list"),
    ("programmes-roadmap-detail", "programmes-programme-list"),
    ("pairs-pairing-detail", "pairs-board"),
    ("matching-run-detail", "pairs-board"),
    ("monitoring-organisation-kpis", "monitoring-organisation-dashboard"),
    ("practices-case-list", "practices-case-list"),
    ("reports-report-detail", "reports-organisation-list"),
    ("surveys-campaign-results", "surveys-questionnaire-list"),
    ("orgs-organisation-detail", "orgs-organisation-detail"),
    ("orgs-organisation-edit", None),
    ("home", None),
    (None, None),
]


class CurrentSectionTestCase(SimpleTestCase):
    def test_a_page_belongs_to_the_section_its_url_name_starts_with(self) -> None:
        for url_name, section in CURRENT:
            with self.subTest(url_name=url_name):
                found = menu.current_section(url_name)
                self.assertEqual(found and found.url_name, section)


class OrganisationLinksTestCase(BaseTestCase):
    def test_a_curator_has_a_link_to_each_section_of_the_school(self) -> None:
        links = menu.organisation_links(self.alice_membership, "pairs-board")
        self.assertEqual(
            [link.href for link in links],
            [
                reverse(section.url_name, args=[self.school_a.code])
                for section in menu.SECTIONS
            ],
        )
        self.assertEqual([link.label for link in links if link.current], ["Пары"])

    def test_the_menu_written_once_is_each_schools_own_in_each_language(
        self,
    ) -> None:
        pairs = menu.organisation_menu(self.alice_membership, "pairs-board")
        other = Membership.objects.get(user=self.charlie)
        theirs = menu.organisation_menu(other, "pairs-board")
        self.assertIn(str(self.school_a.code), pairs)
        self.assertNotIn(str(self.school_a.code), theirs)
        self.assertIn(str(self.school_c.code), theirs)
        people = menu.organisation_menu(self.alice_membership, "people-person-list")
        self.assertIn('aria-current="page">Пары<', pairs)
        self.assertIn('aria-current="page">Люди<', people)
        with translation.override("en"):
            english = menu.organisation_menu(self.alice_membership, "pairs-board")
        self.assertIn('aria-current="page">Pairs<', english)

    def test_a_mentor_and_a_coordinator_have_no_school_sections(self) -> None:
        self.demote_bob()
        coordinator = Membership.objects.get(user=self.mila)
        for membership in (self.bob_membership, coordinator, None):
            with self.subTest(membership=membership):
                self.assertEqual(menu.organisation_links(membership, "home"), [])

    def test_the_page_marks_its_section_in_the_menu(self) -> None:
        self.client.force_login(self.alice)
        url = reverse("pairs-board", args=[self.school_a.code])
        r = self.client.get(url)
        self.assertContains(
            r, f'<a href="{url}" aria-current="page">Пары</a>', html=True
        )
        people = reverse("people-person-list", args=[self.school_a.code])
        self.assertContains(r, f'<a href="{people}">Люди</a>', html=True)
