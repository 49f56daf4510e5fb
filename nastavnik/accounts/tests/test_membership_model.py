from __future__ import annotations

from django.db import IntegrityError, transaction

from nastavnik.accounts.models import Membership, Role
from nastavnik.test import BaseTestCase


class MembershipModelTestCase(BaseTestCase):
    def test_a_role_needs_the_scope_that_fits_it(self) -> None:
        wrong = [
            {"role": Role.MUNICIPAL, "organisation": self.school_a},
            {"role": Role.REGIONAL, "municipality": self.municipality_a},
            {"role": Role.CURATOR, "region": self.region_a},
            {"role": Role.MENTOR},
            {
                "role": Role.CURATOR,
                "organisation": self.school_a,
                "municipality": self.municipality_a,
            },
        ]
        for fields in wrong:
            with (
                self.subTest(fields=fields),
                self.assertRaises(IntegrityError),
                transaction.atomic(),
            ):
                Membership.objects.create(user=self.alice, **fields)

    def test_a_user_holds_a_role_in_a_scope_once(self) -> None:
        with self.assertRaises(IntegrityError), transaction.atomic():
            Membership.objects.create(
                user=self.alice, role=Role.CURATOR, organisation=self.school_a
            )

    def test_a_user_may_hold_several_roles(self) -> None:
        Membership.objects.create(
            user=self.alice, role=Role.MENTOR, organisation=self.school_a
        )
        Membership.objects.create(
            user=self.alice, role=Role.CURATOR, organisation=self.school_a2
        )
        self.assertEqual(self.alice.memberships.count(), 3)

    def test_it_shows_times_in_its_scopes_zone(self) -> None:
        self.assertEqual(self.alice_membership.display_time_zone(), "Europe/Kirov")
        self.municipality_a.time_zone = "Europe/Samara"
        self.municipality_a.save()
        self.alice_membership.refresh_from_db()
        self.assertEqual(self.alice_membership.display_time_zone(), "Europe/Samara")
