from __future__ import annotations

import itertools

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory

from nastavnik.accounts import access
from nastavnik.accounts.models import Membership, Role
from nastavnik.test import BaseTestCase, make_user


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


class ScopeFromMembershipsTestCase(BaseTestCase):
    """The municipality and the region a page shows are found among the
    memberships the request has read; for every user and every scope, the
    answer is the one of the SQL rule (overseen_municipalities, overseen_regions)."""

    def _request(self, user):
        request = RequestFactory().get("/")
        request.user = user
        return request

    def test_each_user_gets_the_scopes_the_sql_rule_gives_and_no_other(self) -> None:
        outsider = make_user("outsider")
        other_coordinator = make_user("coordinator-b")
        Membership.objects.create(
            user=other_coordinator,
            role=Role.MUNICIPAL,
            municipality=self.municipality_b,
        )
        users = [self.alice, self.mila, self.rita, other_coordinator, outsider]
        cases = [
            (
                access.get_municipality_for_user,
                access.overseen_municipalities,
                [self.municipality_a, self.municipality_b],
            ),
            (
                access.get_region_for_user,
                access.overseen_regions,
                [self.region_a, self.region_b],
            ),
        ]
        for found_by, rule, scopes in cases:
            for user, scope in itertools.product(users, scopes):
                with self.subTest(user=user.username, scope=str(scope)):
                    allowed = rule(user).filter(pk=scope.pk).exists()
                    request = self._request(user)
                    if allowed:
                        self.assertEqual(found_by(request, scope.code), scope)
                    else:
                        with self.assertRaises(Http404):
                            found_by(request, scope.code)

    def test_a_coordinator_finds_the_municipality_with_its_region_and_no_query(
        self,
    ) -> None:
        request = self._request(self.mila)
        # as the middleware keeps them for the request
        memberships = access.read_active_memberships(self.mila)
        setattr(self.mila, access.ACTIVE_MEMBERSHIPS, memberships)
        with self.assertNumQueries(0):
            municipality = access.get_municipality_for_user(
                request, self.municipality_a.code
            )
            self.assertEqual(municipality.region, self.region_a)

    def test_a_malformed_code_is_a_code_that_does_not_exist(self) -> None:
        for found_by in (access.get_municipality_for_user, access.get_region_for_user):
            with (
                self.subTest(found_by=found_by.__name__),
                self.assertRaises(Http404),
            ):
                found_by(self._request(self.rita), "not-a-code")
