from __future__ import annotations

import uuid
from datetime import date

from django.db.models import Count, F, Max, QuerySet

from nastavnik.lib import prepared
from nastavnik.monitoring.tests.factory import person
from nastavnik.people.models import Person
from nastavnik.test import BaseTestCase


def born_by(organisation: int, born: date) -> QuerySet:
    return (
        Person.objects.filter(organisation=organisation, birth_date__lte=born)
        .values_list("last_name", "birth_date")
        .order_by("last_name")
    )


def by_municipality(municipality: int) -> QuerySet:
    return (
        Person.objects.filter(organisation__municipality=municipality)
        .values_list("organisation")
        .annotate(n=Count("pk"))
        .order_by("organisation")
    )


def youngest_by_school(municipality: int) -> prepared.Around:
    people = (
        Person.objects.filter(organisation__municipality=municipality)
        .annotate(school=F("organisation"), born=F("birth_date"))
        .values_list("school", "born")
        .order_by()
    )
    sql = """
        SELECT school, MAX(born), COUNT(*) FROM ({rows}) people
        GROUP BY school ORDER BY school
    """
    return prepared.Around(people, sql, kept=2)


def people_with_schools(municipality: int) -> QuerySet:
    return (
        Person.objects.filter(organisation__municipality=municipality)
        .select_related("organisation__municipality")
        .order_by("last_name")
    )


def by_last_name(organisation: int, last_name: str) -> QuerySet:
    return Person.objects.filter(
        organisation=organisation, last_name=last_name
    ).values_list("last_name", "birth_date")


def by_code(code: uuid.UUID) -> QuerySet:
    return Person.objects.filter(code=code).select_related("organisation")


def ignoring(organisation: int) -> QuerySet:
    return Person.objects.values_list("pk")


class PreparedQueryTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        person(cls.school_a, "Старший", birth_date=date(2010, 5, 1))
        person(cls.school_a, "Младший", birth_date=date(2014, 5, 1))
        person(cls.school_a2, "Другой", birth_date=date(2012, 5, 1))
        person(cls.school_c, "Дальний", birth_date=date(2011, 5, 1))

    def test_each_call_gets_the_rows_of_its_own_values_as_the_orm_reads_them(
        self,
    ) -> None:
        cases = [
            (born_by, {"organisation": self.school_a.pk, "born": date(2012, 1, 1)}),
            (born_by, {"organisation": self.school_a.pk, "born": date(2015, 1, 1)}),
            (born_by, {"organisation": self.school_a2.pk, "born": date(2015, 1, 1)}),
            (by_municipality, {"municipality": self.municipality_a.pk}),
            (by_municipality, {"municipality": self.municipality_b.pk}),
            (by_last_name, {"organisation": self.school_a.pk, "last_name": "Старший"}),
            (by_last_name, {"organisation": self.school_a.pk, "last_name": "Другой"}),
            (by_last_name, {"organisation": self.school_a2.pk, "last_name": "Другой"}),
        ]
        for build, values in cases:
            with self.subTest(build=build.__name__, **values):
                self.assertEqual(prepared.rows(build, **values), list(build(**values)))

    def test_sql_around_a_query_reads_its_rows_and_converts_the_kept_columns(
        self,
    ) -> None:
        for municipality in (self.municipality_a, self.municipality_b):
            with self.subTest(municipality=municipality.name):
                expected = list(
                    Person.objects.filter(organisation__municipality=municipality)
                    .values_list("organisation")
                    .annotate(Max("birth_date"), Count("pk"))
                    .order_by("organisation")
                )
                found = prepared.rows(youngest_by_school, municipality=municipality.pk)
                self.assertEqual(found, expected)

    def test_objects_come_with_their_related_objects_as_the_orm_makes_them(
        self,
    ) -> None:
        for municipality in (self.municipality_a, self.municipality_b):
            with self.subTest(municipality=municipality.name):
                expected = list(people_with_schools(municipality.pk))
                with self.assertNumQueries(1):
                    found = prepared.objects(
                        people_with_schools, municipality=municipality.pk
                    )
                    seen = [
                        (p.last_name, p.birth_date, p.organisation.short_name,
                         p.organisation.municipality.name)
                        for p in found
                    ]  # fmt: skip
                self.assertEqual(found, expected)
                self.assertEqual(
                    seen,
                    [
                        (
                            p.last_name,
                            p.birth_date,
                            p.organisation.short_name,
                            p.organisation.municipality.name,
                        )
                        for p in expected
                    ],  # fmt: skip
                )

    def test_a_row_is_found_by_its_public_code(self) -> None:
        for one in Person.objects.all():
            with self.subTest(person=one.last_name):
                [found] = prepared.objects(by_code, code=one.code)
                self.assertEqual(
                    (found.pk, found.organisation.short_name),
                    (one.pk, one.organisation.short_name),
                )
        self.assertEqual(prepared.objects(by_code, code=uuid.uuid4()), [])

    def test_a_value_the_query_does_not_use_is_refused(self) -> None:
        with self.assertRaises(ValueError):
            prepared.rows(ignoring, organisation=self.school_a.pk)
