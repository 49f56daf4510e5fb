"""Publishing a case: refused while a person it names has no valid
dissemination consent; without names it may always be published; a
withdrawn consent takes the name off the public page at once."""

from __future__ import annotations

from datetime import UTC, date, datetime

import time_machine
from django.urls import reverse
from django.utils import timezone

from nastavnik.people.models import Consent
from nastavnik.practices.models import Case
from nastavnik.practices.tests.factory import give_dissemination, make_case, make_pair
from nastavnik.test import BaseTestCase

TODAY = datetime(2027, 4, 12, 9, tzinfo=UTC)


@time_machine.travel(TODAY, tick=False)
class CasePublishTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        with time_machine.travel(TODAY, tick=False):
            cls.pairing = make_pair(cls.school_a, "Орлова", "Зайцев")
        cls.mentor = cls.pairing.mentors()[0]
        cls.mentee = cls.pairing.mentees()[0]

    def setUp(self) -> None:
        self.client.force_login(self.alice)

    def publish(self, case: Case):
        return self.client.post(
            reverse("practices-case-publish", args=[case.code]), follow=True
        )

    def public_page(self, case: Case) -> str:
        r = self.client.get(reverse("practices-public-case", args=[case.code]))
        self.assertEqual(r.status_code, 200)
        return r.content.decode()

    def test_it_refuses_to_publish_names_without_consent_and_says_whose(self) -> None:
        give_dissemination(self.mentor)
        case = make_case(self.pairing, names_mentors=True, names_mentees=True)
        r = self.publish(case)
        [message] = [str(m) for m in r.context["messages"]]
        self.assertIn("без действующего согласия на распространение", message)
        self.assertIn("Зайцев Пётр", message)
        self.assertNotIn("Орлова", message)
        case.refresh_from_db()
        self.assertEqual(case.status, Case.Status.DRAFT)
        self.assertIsNone(case.published_at)

    def test_it_publishes_names_when_everyone_named_has_consented(self) -> None:
        give_dissemination(self.mentor)
        give_dissemination(self.mentee)
        case = make_case(self.pairing, names_mentors=True, names_mentees=True)
        self.assertContains(self.publish(case), "Кейс опубликован")
        case.refresh_from_db()
        self.assertEqual(case.status, Case.Status.PUBLISHED)
        self.client.logout()
        page = self.public_page(case)
        self.assertIn("Орлова Ольга", page)
        self.assertIn("Зайцев Пётр", page)

    def test_it_publishes_only_the_mentors_name_when_only_the_mentor_is_named(
        self,
    ) -> None:
        give_dissemination(self.mentor)
        give_dissemination(self.mentee)
        case = make_case(self.pairing, names_mentors=True)
        self.publish(case)
        self.client.logout()
        page = self.public_page(case)
        self.assertIn("Орлова Ольга", page)
        self.assertNotIn("Зайцев", page)

    def test_an_anonymised_case_is_published_without_consent_and_shows_no_names(
        self,
    ) -> None:
        case = make_case(self.pairing)
        self.assertContains(self.publish(case), "Кейс опубликован")
        self.client.logout()
        page = self.public_page(case)
        self.assertIn("учитель математики", page)
        self.assertIn("ученик 7 класса", page)
        self.assertNotIn("Орлова", page)
        self.assertNotIn("Зайцев", page)

    def test_a_withdrawn_consent_takes_the_name_off_the_public_page_at_once(
        self,
    ) -> None:
        consent = give_dissemination(self.mentor)
        case = make_case(self.pairing, names_mentors=True)
        self.publish(case)
        self.client.logout()
        self.assertIn("Орлова Ольга", self.public_page(case))
        Consent.objects.filter(pk=consent.pk).update(
            status=Consent.Status.REVOKED, revoked_at=timezone.now()
        )
        page = self.public_page(case)
        self.assertNotIn("Орлова", page)
        self.assertIn("учитель математики", page)

    def test_an_expired_consent_does_not_let_the_name_be_published(self) -> None:
        give_dissemination(self.mentor)
        Consent.objects.dissemination().update(
            valid_from=date(2027, 3, 1), valid_until=date(2027, 4, 1)
        )
        case = make_case(self.pairing, names_mentors=True)
        self.assertContains(self.publish(case), "Орлова Ольга")
        case.refresh_from_db()
        self.assertFalse(case.is_published)

    def test_withdrawing_the_case_takes_it_off_the_public_page(self) -> None:
        case = make_case(self.pairing, published=True)
        self.client.post(reverse("practices-case-withdraw", args=[case.code]))
        self.client.logout()
        r = self.client.get(reverse("practices-public-case", args=[case.code]))
        self.assertEqual(r.status_code, 404)

    def test_another_schools_curator_cannot_publish(self) -> None:
        case = make_case(self.pairing)
        self.client.force_login(self.charlie)
        self.assertEqual(self.publish(case).status_code, 404)
        case.refresh_from_db()
        self.assertFalse(case.is_published)

    def test_publishing_takes_a_post(self) -> None:
        case = make_case(self.pairing)
        r = self.client.get(reverse("practices-case-publish", args=[case.code]))
        self.assertEqual(r.status_code, 405)
