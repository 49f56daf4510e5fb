from __future__ import annotations

from unittest import skipUnless

from django.db import connection
from django.test import TransactionTestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nastavnik.accounts.models import AuditEvent, Membership, Role
from nastavnik.orgs.models import Municipality, Region
from nastavnik.people import services
from nastavnik.people.models import (
    GuardianLink,
    MenteeProfile,
    MentorProfile,
    SensitiveInfo,
    Topic,
)
from nastavnik.people.tests.factory import give_consent, make_guardian, make_pupil
from nastavnik.test import BaseTestCase, make_organisation, make_user


class PersonDetailTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.pupil = make_pupil(self.school_a, "Зайцев", first_name="Лёша")
        self.mother = make_guardian(self.pupil, "Зайцева")
        SensitiveInfo.objects.create(person=self.pupil, disability=True)
        self.url = reverse("people-person-detail", args=[self.pupil.code])

    def test_it_works(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "Зайцев Лёша")
        self.assertContains(r, "Зайцева Мария")
        self.assertContains(r, "Нет действующего согласия")

    def test_every_read_is_audited(self) -> None:
        self.client.force_login(self.alice)
        self.client.get(self.url)
        self.client.get(self.url)
        views = AuditEvent.objects.filter(
            object_code=self.pupil.code, action=AuditEvent.Action.VIEW, user=self.alice
        )
        self.assertEqual(views.count(), 2)
        self.assertEqual(views.first().organisation, self.school_a)

    def test_the_curator_sees_special_categories(self) -> None:
        self.client.force_login(self.alice)
        self.assertContains(self.client.get(self.url), "ОВЗ")

    def test_the_head_does_not_see_special_categories(self) -> None:
        head = make_user("head")
        Membership.objects.create(user=head, role=Role.HEAD, organisation=self.school_a)
        self.client.force_login(head)
        r = self.client.get(self.url)
        self.assertContains(r, "Зайцев Лёша")
        self.assertNotContains(r, "ОВЗ")

    def test_the_curator_may_export_or_anonymise_the_persons_data(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, reverse("people-person-export", args=[self.pupil.code]))
        self.assertContains(
            r, reverse("people-person-anonymise", args=[self.pupil.code])
        )

    def test_the_head_may_neither(self) -> None:
        head = make_user("head")
        Membership.objects.create(user=head, role=Role.HEAD, organisation=self.school_a)
        self.client.force_login(head)
        r = self.client.get(self.url)
        self.assertNotContains(r, "data.xlsx")
        self.assertNotContains(r, "anonymise")

    def test_it_works_for_the_teammate(self) -> None:
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_it_checks_ownership(self) -> None:
        for user in (self.charlie, self.mila, self.rita):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertFalse(
            AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).exists()
        )

    def test_a_mentor_of_the_school_cannot_open_cards(self) -> None:
        self.demote_bob()
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_says_when_the_person_was_anonymised(self) -> None:
        consent = give_consent(self.pupil, signer=self.mother)
        services.consent_revoke(consent=consent, user=self.alice)
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "персональные данные удалены")
        self.assertNotContains(r, "Лёша")
        self.assertNotContains(r, "ОВЗ")

    def test_its_queries_do_not_grow_with_what_the_card_holds(self) -> None:
        self.client.force_login(self.alice)
        self.client.get(self.url)
        with CaptureQueriesContext(connection) as few:
            self.client.get(self.url)
        for i in range(5):
            give_consent(self.pupil, signer=self.mother)
            brother = make_pupil(self.school_a, f"Зайцев{i}")
            GuardianLink.objects.create(child=brother, guardian=self.pupil)
        MenteeProfile.objects.create(person=self.pupil, category="gifted")
        profile = MentorProfile.objects.create(person=self.pupil, source="student")
        profile.topics.set(Topic.objects.all()[:3])
        with self.assertNumQueries(len(few) + 2):  # each profile's topics
            r = self.client.get(self.url)
        self.assertContains(r, "Зайцев4")

    def test_a_read_is_one_insert_into_the_audit_log(self) -> None:
        self.client.force_login(self.alice)
        with CaptureQueriesContext(connection) as queries:
            self.client.get(self.url)
        audit = [q["sql"] for q in queries if "accounts_auditevent" in q["sql"]]
        inserts = [sql for sql in audit if sql.startswith("INSERT")]
        self.assertEqual(len(inserts), 1)
        # besides the insert, only the card's own history is read
        self.assertEqual(len(audit), 2)

    def test_its_history_shows_the_newest_fifty_events_first(self) -> None:
        self.client.force_login(self.alice)
        for _ in range(5):  # the oldest: beyond the fifty
            services.person_audit_change(
                person=self.pupil, user=self.alice, fields=["адрес"]
            )
        for _ in range(50):
            services.person_audit_view(person=self.pupil, user=self.alice)
        services.person_audit_change(
            person=self.pupil, user=self.alice, fields=["телефон"]
        )
        r = self.client.get(self.url)
        history = r.context["history"]
        self.assertEqual(len(history), 50)
        self.assertIn("Просмотр", history[0])  # this read
        self.assertIn("Изменение", history[1])
        self.assertIn("телефон", history[1])
        self.assertFalse([row for row in history if "адрес" in row])
        who = self.alice.get_short_name()
        self.assertEqual(len([row for row in history if who in row]), 50)

    def test_its_history_names_a_user_as_they_are_now_called(self) -> None:
        self.client.force_login(self.alice)
        self.client.get(self.url)
        self.alice.last_name, self.alice.first_name = "Лисицына", "Алиса"
        self.alice.save()
        history = self.client.get(self.url).context["history"]
        self.assertEqual(len([row for row in history if "Лисицына А." in row]), 2)

    def test_it_shows_a_phone_changed_between_two_visits(self) -> None:
        self.client.force_login(self.alice)
        self.assertNotContains(self.client.get(self.url), "+7 900 111-22-33")
        self.pupil.phone = "+7 900 111-22-33"
        self.pupil.save()
        self.assertContains(self.client.get(self.url), "+7 900 111-22-33")

    def test_each_visit_of_an_unchanged_card_is_audited_and_in_its_history(
        self,
    ) -> None:
        self.client.force_login(self.alice)
        self.client.get(self.url)
        r = self.client.get(self.url)
        views = AuditEvent.objects.filter(
            object_code=self.pupil.code, action=AuditEvent.Action.VIEW
        )
        self.assertEqual(views.count(), 2)
        self.assertEqual(len(r.context["history"]), 2)

    def test_the_head_and_the_curator_do_not_get_each_others_card(self) -> None:
        head = make_user("head")
        Membership.objects.create(user=head, role=Role.HEAD, organisation=self.school_a)
        for user, sees in [(self.alice, True), (head, False), (self.alice, True)]:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                r = self.client.get(self.url)
                self.assertContains(r, "Зайцев Лёша")
                self.assertEqual("ОВЗ" in r.content.decode(), sees)


@skipUnless(connection.vendor == "sqlite", "the history is kept on SQLite")
class PersonHistoryReadAgainTests(TransactionTestCase):
    """Outside a transaction, as a server reads: the card's history kept from
    one visit to the next and only the events written since read."""

    # the database as the other TransactionTestCases find and leave it
    serialized_rollback = True

    def setUp(self) -> None:
        region = Region.objects.create(name="Кировская область")
        municipality = Municipality.objects.create(region=region, name="Уни")
        school = make_organisation(municipality, "4330000013", "СОШ № 1")
        self.curator = make_user("alice", last_name="Алексеева", first_name="Алиса")
        Membership.objects.create(
            user=self.curator, role=Role.CURATOR, organisation=school
        )
        self.pupil = make_pupil(school, "Зайцев", first_name="Лёша")
        self.url = reverse("people-person-detail", args=[self.pupil.code])
        self.client.force_login(self.curator)

    def _history(self) -> list[str]:
        return self.client.get(self.url).context["history"]

    def test_a_visit_shows_the_events_written_since_the_last_above_it(self) -> None:
        self._history()
        services.person_audit_change(
            person=self.pupil, user=self.curator, fields=["телефон"]
        )
        history = self._history()
        self.assertEqual(len(history), 3)
        self.assertIn("Просмотр", history[0])
        self.assertIn("телефон", history[1])
        self.assertIn("Просмотр", history[2])

    def test_it_stops_at_fifty_events(self) -> None:
        for _ in range(60):
            history = self._history()
        self.assertEqual(len(history), 50)

    def test_a_user_renamed_is_named_anew_in_the_rows_kept(self) -> None:
        self._history()
        self.curator.last_name = "Лисицына"
        self.curator.save()
        history = self._history()
        self.assertEqual(len([row for row in history if "Лисицына А." in row]), 2)
