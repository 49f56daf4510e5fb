from __future__ import annotations

from datetime import date

from nastavnik.accounts.models import Membership
from nastavnik.lib.dates import SchoolYear
from nastavnik.programmes import reminders, services
from nastavnik.programmes.models import Item
from nastavnik.programmes.roadmap_templates import TEMPLATES
from nastavnik.programmes.tests.roadmaps import make_roadmap
from nastavnik.test import BaseTestCase

TODAY = date(2026, 11, 23)


def _activities(items: list[Item]) -> list[str]:
    return [item.activity for item in items]


class RemindersTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.roadmap = make_roadmap(
            cls.school_a,
            [
                ("15.10.2026", "done"),
                ("31.10.2026", "in_progress"),
                ("20.10.2026", "planned"),
                ("30.11.2026", "planned"),
                ("23.11.2026", "in_progress"),
                ("01.12.2026", "planned"),
                ("25.11.2026", "cancelled"),
                ("весь период", "in_progress"),
            ],
        )
        make_roadmap(cls.school_a2, [("20.11.2026", "planned")])
        # last year's plan: its open items are history, not reminders
        make_roadmap(cls.school_a, [("20.05.2026", "planned")], year=2025)

    def test_it_lists_overdue_items_earliest_first(self) -> None:
        found = reminders.for_organisation(self.school_a, TODAY)
        self.assertEqual(_activities(found.overdue), ["Мероприятие 3", "Мероприятие 2"])
        self.assertEqual([i.days_late for i in found.overdue], [34, 23])

    def test_it_lists_open_items_due_within_seven_days(self) -> None:
        found = reminders.for_organisation(self.school_a, TODAY)
        self.assertEqual(
            _activities(found.due_soon), ["Мероприятие 5", "Мероприятие 4"]
        )

    def test_it_is_empty_when_nothing_is_due(self) -> None:
        found = reminders.for_organisation(self.school_c, TODAY)
        self.assertFalse(found)
        self.assertEqual((found.overdue, found.due_soon), ([], []))

    def test_a_staff_user_gets_their_organisations_items(self) -> None:
        groups = reminders.for_user(self.alice, TODAY)
        self.assertEqual([g.title for g in groups], ["СОШ № 1"])
        self.assertEqual(len(groups[0].reminders.overdue), 2)

    def test_a_responsible_user_gets_their_items_of_other_organisations(
        self,
    ) -> None:
        Item.objects.filter(
            stage__roadmap__programme__organisation=self.school_a2
        ).update(responsible_user=self.alice)
        groups = reminders.for_user(self.alice, TODAY)
        self.assertEqual([g.title for g in groups], ["СОШ № 1", "СОШ № 2"])
        self.assertEqual(
            [g.title for g in reminders.for_user(self.bob, TODAY)], ["СОШ № 1"]
        )

    def test_the_coordinator_gets_the_municipal_plan(self) -> None:
        plan = services.build_roadmap(
            TEMPLATES["seed_003"],
            municipality=self.municipality_a,
            school_year=SchoolYear(2026),
            since=date(2026, 9, 1),
        )
        groups = reminders.for_user(self.mila, TODAY)
        self.assertEqual([g.title for g in groups], ["Уни"])
        self.assertTrue(
            all(
                i.stage.roadmap == plan
                for i in groups[0].reminders.overdue + groups[0].reminders.due_soon
            )
        )

    def test_outsiders_and_former_staff_get_nothing(self) -> None:
        self.assertEqual(reminders.for_user(self.charlie, TODAY), [])
        self.assertEqual(reminders.for_user(self.rita, TODAY), [])
        self.demote_bob()
        self.assertEqual(reminders.for_user(self.bob, TODAY), [])

    def test_an_inactive_membership_gives_nothing(self) -> None:
        Membership.objects.filter(user=self.alice).update(is_active=False)
        self.assertEqual(reminders.for_user(self.alice, TODAY), [])

    def test_iso_week(self) -> None:
        self.assertEqual(reminders.iso_week(date(2026, 11, 23)), "2026-W48")
        self.assertEqual(reminders.iso_week(date(2027, 1, 1)), "2026-W53")
        self.assertEqual(reminders.iso_week(date(2027, 1, 4)), "2027-W01")

    def test_recipients_are_staff_coordinators_and_responsible_users(self) -> None:
        self.assertEqual(
            list(reminders.digest_recipients()),
            [self.alice, self.bob, self.charlie, self.mila],
        )
