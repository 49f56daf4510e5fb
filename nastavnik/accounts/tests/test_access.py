from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from nastavnik.accounts import access
from nastavnik.accounts.models import Membership, Role
from nastavnik.test import BaseTestCase


class AccessTestCase(BaseTestCase):
    def test_a_curator_manages_only_their_organisation(self) -> None:
        self.assertEqual(list(access.staff_organisations(self.alice)), [self.school_a])
        self.assertEqual(
            list(access.overseen_organisations(self.alice)), [self.school_a]
        )

    def test_a_municipal_coordinator_oversees_but_does_not_manage(self) -> None:
        self.assertEqual(
            set(access.overseen_organisations(self.mila)),
            {self.school_a, self.school_a2},
        )
        self.assertEqual(list(access.staff_organisations(self.mila)), [])
        self.assertEqual(
            list(access.overseen_municipalities(self.mila)), [self.municipality_a]
        )

    def test_a_regional_operator_oversees_the_whole_region_only(self) -> None:
        self.assertEqual(
            set(access.overseen_organisations(self.rita)),
            {self.school_a, self.school_a2},
        )
        self.assertEqual(list(access.overseen_regions(self.rita)), [self.region_a])

    def test_mentors_and_mentees_oversee_nothing(self) -> None:
        self.demote_bob()
        self.assertEqual(list(access.overseen_organisations(self.bob)), [])
        self.assertEqual(list(access.staff_organisations(self.bob)), [])

    def test_an_inactive_membership_gives_no_access(self) -> None:
        Membership.objects.filter(user=self.mila).update(is_active=False)
        self.assertEqual(list(access.overseen_organisations(self.mila)), [])

    def test_anonymous_users_see_nothing(self) -> None:
        anonymous = AnonymousUser()
        self.assertEqual(list(access.overseen_organisations(anonymous)), [])
        self.assertEqual(list(access.staff_organisations(anonymous)), [])
        self.assertEqual(list(access.memberships_of(anonymous)), [])

    def test_several_roles_do_not_duplicate_organisations(self) -> None:
        Membership.objects.create(
            user=self.alice, role=Role.HEAD, organisation=self.school_a
        )
        self.assertEqual(list(access.staff_organisations(self.alice)), [self.school_a])
