from __future__ import annotations

from django.core.exceptions import ValidationError

from nastavnik.orgs.models import Organisation
from nastavnik.test import BaseTestCase


class OrganisationModelTestCase(BaseTestCase):
    def test_it_inherits_the_time_zone_from_above(self) -> None:
        self.assertEqual(self.school_a.display_time_zone(), "Europe/Kirov")
        self.school_a.time_zone = "Asia/Yekaterinburg"
        self.assertEqual(self.school_a.display_time_zone(), "Asia/Yekaterinburg")

    def test_it_validates_the_inn(self) -> None:
        organisation = Organisation(
            municipality=self.municipality_a,
            type=Organisation.Type.SCHOOL,
            name="Школа",
            short_name="Школа",
            inn="4330000014",
        )
        with self.assertRaises(ValidationError) as raised:
            organisation.full_clean()
        self.assertIn("inn", raised.exception.error_dict)

    def test_partners_are_not_educational(self) -> None:
        self.school_a2.type = Organisation.Type.PARTNER
        self.school_a2.save()
        self.assertNotIn(self.school_a2, Organisation.objects.educational())
        self.assertFalse(self.school_a2.is_educational)
