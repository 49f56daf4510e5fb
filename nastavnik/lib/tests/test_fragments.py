"""A fragment's key is the digest of all it shows: any change, a new key."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.template import Context, Template, TemplateSyntaxError
from django.test import SimpleTestCase
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from nastavnik.lib import fragments
from nastavnik.orgs.models import Municipality, Organisation
from nastavnik.test import BaseTestCase


@dataclass
class Bar:
    label: str
    value: int


def _school(short_name: str, municipality: str = "Уни") -> Organisation:
    school = Organisation(pk=1, code=CODE, short_name=short_name, inn="4330000013")
    school.municipality = Municipality(pk=1, code=CODE, name=municipality)
    return school


CODE = uuid.UUID("0aee5e58-3211-4a88-ae17-97f9325f87da")


def _figures(**changes) -> dict:
    figures = {
        "today": date(2026, 12, 7),
        "share": Decimal("8.2"),
        "bars": [Bar("сен", 12), Bar("окт", 11)],
        "label": gettext_lazy("Mentees"),
        "organisation": _school("Школа № 1"),
        "pairs": {"working": 4, "closed": None},
    }
    return {**figures, **changes}


class FragmentKeyTests(SimpleTestCase):
    def test_the_same_figures_give_the_same_key(self) -> None:
        self.assertEqual(fragments.key(_figures()), fragments.key(_figures()))

    def test_any_change_of_a_figure_gives_a_new_key(self) -> None:
        cases = [
            ("a day", {"today": date(2026, 12, 8)}),
            ("a share", {"share": Decimal("8.3")}),
            ("a bar's value", {"bars": [Bar("сен", 12), Bar("окт", 12)]}),
            ("a bar more", {"bars": [Bar("сен", 12), Bar("окт", 11), Bar("ноя", 0)]}),
            ("a label", {"label": gettext_lazy("Mentors")}),
            (
                "a renamed organisation",
                {"organisation": _school("Школа № 2")},
            ),
            (
                "a renamed municipality of the organisation",
                {"organisation": _school("Школа № 1", municipality="Кильмезь")},
            ),
            ("a count that appeared", {"pairs": {"working": 4, "closed": 0}}),
        ]
        same = fragments.key(_figures())
        for name, changes in cases:
            with self.subTest(name):
                self.assertNotEqual(fragments.key(_figures(**changes)), same)

    def test_the_language_and_the_time_zone_are_part_of_the_key(self) -> None:
        russian = fragments.key(_figures())
        with translation.override("en"):
            self.assertNotEqual(fragments.key(_figures()), russian)
        with timezone.override("Asia/Vladivostok"):
            self.assertNotEqual(fragments.key(_figures()), russian)

    def test_objects_that_hold_each_other_are_written_once(self) -> None:
        school = _school("Школа № 1")
        school.municipality.schools = [school]  # as a prefetch to_attr keeps them
        self.assertEqual(fragments.key(school), fragments.key(school))

    def test_a_value_it_cannot_read_whole_is_refused(self) -> None:
        with self.assertRaises(TypeError):
            fragments.key({"what": object()})


class FragmentKeyOfStoredRowsTests(BaseTestCase):
    def test_it_reads_the_loaded_fields_and_asks_the_database_nothing(self) -> None:
        school = Organisation.objects.only("code", "short_name").get(
            pk=self.school_a.pk
        )
        with self.assertNumQueries(0):
            before = fragments.key(school)
        Organisation.objects.filter(pk=school.pk).update(short_name="Новое имя")
        school.refresh_from_db(fields=["short_name"])
        self.assertNotEqual(fragments.key(school), before)


class CachedFiguresTagTests(SimpleTestCase):
    TEMPLATE = (
        '{% load fragments %}{% cached_figures "test-figures" key %}'
        "{{ figure }}{% endcached_figures %}"
    )

    def _render(self, **values) -> str:
        return Template(self.TEMPLATE).render(Context(values))

    def test_a_fragment_is_written_once_per_key(self) -> None:
        first, second = fragments.key(1), fragments.key(2)
        self.assertEqual(self._render(key=first, figure="1"), "1")
        # the same key: the fragment as written, whatever else is at hand
        self.assertEqual(self._render(key=first, figure="other"), "1")
        self.assertEqual(self._render(key=second, figure="2"), "2")

    def test_a_fragment_without_its_key_is_an_error_not_a_shared_page(self) -> None:
        for values in ({}, {"key": ""}, {"key": None}):
            with self.subTest(values=values), self.assertRaises(TemplateSyntaxError):
                self._render(figure="1", **values)
