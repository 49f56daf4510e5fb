from __future__ import annotations

from nastavnik.lib.queries import count_subquery
from nastavnik.orgs.models import Municipality, Organisation
from nastavnik.test import BaseTestCase, make_organisation


class CountSubqueryTestCase(BaseTestCase):
    def test_it_counts_the_rows_of_each_outer_row_and_zero_for_none(self) -> None:
        empty = Municipality.objects.create(region=self.region_a, name="Кильмезь")
        make_organisation(self.municipality_b, "3518000029", "СОШ № 4")
        counts = dict(
            Municipality.objects.annotate(
                n=count_subquery(Organisation.objects.all(), "municipality")
            ).values_list("name", "n")
        )
        self.assertEqual(counts, {"Уни": 2, "Тотьма": 2, empty.name: 0})

    def test_two_counts_side_by_side_do_not_multiply(self) -> None:
        schools = Organisation.objects.all()
        row = Municipality.objects.annotate(
            all_schools=count_subquery(schools, "municipality"),
            first_school=count_subquery(
                schools.filter(inn="4330000013"), "municipality"
            ),
        ).get(pk=self.municipality_a.pk)
        self.assertEqual((row.all_schools, row.first_school), (2, 1))
