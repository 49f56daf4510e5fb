"""Who may read and change a roadmap: the pages judge it from the request's
memberships (``can_read``, ``can_edit``); the rule written as SQL
(``readable_roadmaps``, ``editable_roadmaps``) must say the same of every
user and every roadmap."""

from __future__ import annotations

from datetime import date

from nastavnik.accounts.access import ACTIVE_MEMBERSHIPS, read_active_memberships
from nastavnik.accounts.models import Membership, Role
from nastavnik.lib.dates import SchoolYear
from nastavnik.programmes import services
from nastavnik.programmes.access import (
    can_edit,
    can_read,
    editable_roadmaps,
    readable_roadmaps,
)
from nastavnik.programmes.models import Roadmap
from nastavnik.programmes.roadmap_templates import TEMPLATES
from nastavnik.programmes.tests.factory import make_programme
from nastavnik.test import BaseTestCase, make_user


class RoadmapAccessTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for school in (cls.school_a, cls.school_a2, cls.school_c):
            make_programme(school)
        for municipality in (cls.municipality_a, cls.municipality_b):
            services.build_roadmap(
                TEMPLATES["seed_003"],
                municipality=municipality,
                school_year=SchoolYear(2026),
                since=date(2026, 9, 1),
            )
        cls.head = make_user("head")
        Membership.objects.create(
            user=cls.head, role=Role.HEAD, organisation=cls.school_a2
        )
        cls.mentor = make_user("mentor")
        Membership.objects.create(
            user=cls.mentor, role=Role.MENTOR, organisation=cls.school_a
        )
        cls.coordinator_b = make_user("coordinator_b")
        Membership.objects.create(
            user=cls.coordinator_b, role=Role.MUNICIPAL, municipality=cls.municipality_b
        )

    def test_the_memberships_say_what_the_sql_says_for_everyone(self) -> None:
        users = [
            self.alice,  # curator of school A
            self.charlie,  # curator of school C, another municipality
            self.head,  # head of school A2
            self.mentor,  # a mentor: neither reads nor changes roadmaps
            self.mila,  # municipal coordinator of A
            self.coordinator_b,  # municipal coordinator of B
            self.rita,  # regional operator of A's region
        ]
        roadmaps = list(
            Roadmap.objects.select_related(
                "programme__organisation__municipality", "municipality__region"
            )
        )
        self.assertEqual(len(roadmaps), 5)
        for user in users:
            setattr(user, ACTIVE_MEMBERSHIPS, read_active_memberships(user))
            readable = set(readable_roadmaps(user))
            editable = set(editable_roadmaps(user))
            for roadmap in roadmaps:
                with self.subTest(user=user.username, roadmap=str(roadmap)):
                    self.assertEqual(can_read(user, roadmap), roadmap in readable)
                    self.assertEqual(can_edit(user, roadmap), roadmap in editable)
        # all three answers occur: the table tells the rules apart
        answers = {
            (user.username, can_read(user, roadmap), can_edit(user, roadmap))
            for user in users
            for roadmap in roadmaps
        }
        for seen in [
            ("alice", True, True),
            ("rita", True, False),
            ("mentor", False, False),
        ]:
            self.assertIn(seen, answers)
