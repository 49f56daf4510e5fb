"""The curator's pages of cases: the list, writing and editing a case of one
of the organisation's pairs; nobody else's staff and no mentor get in."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nastavnik.accounts.models import Membership, Role
from nastavnik.pairs.models import PairingMember
from nastavnik.pairs.tests.factory import make_mentee
from nastavnik.practices.models import Case
from nastavnik.practices.tests.factory import make_case, make_pair, topic
from nastavnik.test import BaseTestCase, make_user

TODAY = datetime(2027, 4, 12, 9, tzinfo=UTC)


@time_machine.travel(TODAY, tick=False)
class CaseViewsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        with time_machine.travel(TODAY, tick=False):
            cls.pairing = make_pair(cls.school_a, "Орлова", "Зайцев")
            cls.other_pairing = make_pair(cls.school_c, "Кузнецова", "Лисин")
        cls.case = make_case(cls.pairing, "Олимпиада")
        cls.math = topic("math", "Математика")
        cls.mentor_user = make_user("olga")
        Membership.objects.create(
            user=cls.mentor_user, role=Role.MENTOR, organisation=cls.school_a
        )

    def setUp(self) -> None:
        self.client.force_login(self.alice)

    def data(self, **fields) -> dict:
        return {
            "title": "Проект по физике",
            "pairing": self.pairing.pk,
            "form": self.pairing.form_id,
            "topics": [self.math.pk],
            "mentor_description": "учитель физики",
            "mentee_description": "ученица 9 класса",
            "done": "Собрали установку для опыта.",
            "result": "Проект занял первое место.",
            "lesson": "Начинать с малого.",
            **fields,
        }

    def test_the_curator_sees_the_organisations_cases(self) -> None:
        r = self.client.get(reverse("practices-case-list", args=[self.school_a.code]))
        self.assertContains(r, "Олимпиада")
        self.assertContains(
            r,
            reverse("practices-public-municipality", args=[self.municipality_a.code]),
        )

    def test_the_curator_writes_a_draft_case_of_a_pair(self) -> None:
        url = reverse("practices-case-add", args=[self.school_a.code])
        self.assertEqual(self.client.get(url).status_code, 200)
        r = self.client.post(url, self.data())
        case = Case.objects.get(title="Проект по физике")
        self.assertRedirects(r, reverse("practices-case-detail", args=[case.code]))
        self.assertEqual(case.organisation, self.school_a)
        self.assertEqual(case.status, Case.Status.DRAFT)
        self.assertEqual(list(case.topics.all()), [self.math])
        self.assertEqual(case.created_by, self.alice)

    def test_a_missing_result_is_asked_for_and_nothing_is_saved(self) -> None:
        url = reverse("practices-case-add", args=[self.school_a.code])
        r = self.client.post(url, self.data(result=""))
        self.assertContains(r, "Обязательное поле")
        self.assertFalse(Case.objects.filter(title="Проект по физике").exists())

    def test_a_pair_of_another_school_is_refused(self) -> None:
        url = reverse("practices-case-add", args=[self.school_a.code])
        r = self.client.post(url, self.data(pairing=self.other_pairing.pk))
        self.assertEqual(r.status_code, 400)
        self.assertFalse(Case.objects.filter(title="Проект по физике").exists())

    def test_the_curator_edits_a_case(self) -> None:
        url = reverse("practices-case-edit", args=[self.case.code])
        self.client.post(url, self.data(title="Олимпиада по физике"))
        self.case.refresh_from_db()
        self.assertEqual(self.case.title, "Олимпиада по физике")

    def test_a_published_case_cannot_be_made_to_name_people_without_consent(
        self,
    ) -> None:
        published = make_case(self.pairing, "Кружок робототехники", published=True)
        url = reverse("practices-case-edit", args=[published.code])
        r = self.client.post(
            url, self.data(title="Кружок робототехники", names_mentees="on")
        )
        self.assertContains(r, "без действующего согласия на распространение")
        self.assertContains(r, "Зайцев")
        published.refresh_from_db()
        self.assertFalse(published.names_mentees)
        self.assertEqual(published.result, "Призёр муниципального этапа олимпиады.")

    def test_another_schools_curator_and_a_mentor_get_404(self) -> None:
        urls = [
            reverse("practices-case-list", args=[self.school_a.code]),
            reverse("practices-case-add", args=[self.school_a.code]),
            reverse("practices-case-detail", args=[self.case.code]),
            reverse("practices-case-edit", args=[self.case.code]),
        ]
        for user in (self.charlie, self.mentor_user, self.mila):
            self.client.force_login(user)
            for url in urls:
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(self.client.get(url).status_code, 404)

    def test_an_anonymous_visitor_is_sent_to_log_in(self) -> None:
        self.client.logout()
        url = reverse("practices-case-detail", args=[self.case.code])
        self.assertEqual(self.client.get(url).status_code, 302)

    def test_the_case_page_asks_the_same_queries_for_a_bigger_group(self) -> None:
        Case.objects.filter(pk=self.case.pk).update(
            names_mentors=True, names_mentees=True
        )
        url = reverse("practices-case-detail", args=[self.case.code])
        with CaptureQueriesContext(connection) as pair:
            self.client.get(url)
        for n in range(3):
            PairingMember.objects.create(
                pairing=self.pairing,
                person=make_mentee(self.school_a, f"Новиков{n}"),
                role=PairingMember.Role.MENTEE,
            )
        with self.assertNumQueries(len(pair)):
            r = self.client.get(url)
        self.assertContains(r, "Новиков2")
