"""The main menu of a head or curator: one link per section of their
organisation, the current section marked. Built in Python, so that the page
layout reverses and compares once per link rather than through template tags
(the layout is on every page; its menu cost more than some pages' content)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from nastavnik.accounts.models import Membership


@dataclass(frozen=True)
class Section:
    label: str
    # the section's page, which takes the organisation's code
    url_name: str
    # the pages that belong to the section: url names starting with these
    prefixes: tuple[str, ...]


SECTIONS = [
    Section(_("People"), "people-person-list", ("people-",)),
    Section(_("Programme"), "programmes-programme-list", ("programmes-",)),
    Section(_("Pairs"), "pairs-board", ("pairs-", "matching-")),
    Section(_("Monitoring"), "monitoring-organisation-dashboard", ("monitoring-",)),
    Section(_("Best practices"), "practices-case-list", ("practices-",)),
    Section(_("Reports"), "reports-organisation-list", ("reports-",)),
    Section(_("Questionnaires"), "surveys-questionnaire-list", ("surveys-",)),
    Section(_("Organisation"), "orgs-organisation-detail", ()),
]


@dataclass(frozen=True)
class Link:
    href: str
    label: str
    current: bool


def current_section(url_name: str | None) -> Section | None:
    """The section a page belongs to, by its url name."""
    for section in SECTIONS:
        if url_name == section.url_name or (
            url_name and url_name.startswith(section.prefixes)
        ):
            return section
    return None


def organisation_links(membership: Membership | None, url_name: str | None) -> list:
    """The links of the membership's organisation, for its head and
    curators; none for the other roles."""
    if membership is None or not membership.is_staff_role:
        return []
    organisation = membership.organisation
    if organisation is None:
        return []
    current = current_section(url_name)
    hrefs = _hrefs(get_script_prefix(), str(organisation.code))
    return [
        Link(href, str(section.label), section is current)
        for href, section in zip(hrefs, SECTIONS, strict=True)
    ]


def organisation_menu(membership: Membership | None, url_name: str | None) -> str:
    """The menu's links written out (accounts/_menu.html): the same for every
    page of a section, so written once per organisation, section and
    language in a process."""
    links = organisation_links(membership, url_name)
    if not links:
        return ""
    return _written(tuple(links), translation.get_language())


@functools.lru_cache(maxsize=4096)
def _written(links: tuple[Link, ...], language: str) -> SafeString:
    return render_to_string("accounts/_menu.html", {"links": links})


@functools.lru_cache(maxsize=4096)
def _hrefs(prefix: str, code: str) -> tuple[str, ...]:
    """The sections' addresses for one organisation: the same on every page."""
    return tuple(reverse(section.url_name, args=[code]) for section in SECTIONS)
