"""A mentor or mentee finds the questionnaires waiting for them at the top of
their home page."""

from __future__ import annotations

from datetime import date, timedelta

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nastavnik.accounts.models import Membership, Role
from nastavnik.surveys import services
from nastavnik.surveys.tests.factory import (
    SurveyCastTestCase,
    make_campaign,
    make_questionnaire,
)
from nastavnik.test import make_user

URL = reverse("home")
TODAY = date(2026, 3, 10)


def _answer_url(campaign, person) -> str:
    invitation = campaign.invitations.get(person=person)
    return reverse("surveys-invitation-answer", args=[invitation.code])


@time_machine.travel(TODAY, tick=False)
class HomeQuestionnairesTestCase(SurveyCastTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.masha_user = make_user("masha")
        Membership.objects.create(
            user=cls.masha_user, role=Role.MENTEE, organisation=cls.school_a
        )
        cls.masha.user = cls.masha_user
        cls.masha.save(update_fields=["user"])
        cls.teacher_user = make_user("anna")
        Membership.objects.create(
            user=cls.teacher_user, role=Role.MENTOR, organisation=cls.school_a
        )
        cls.teacher.user = cls.teacher_user
        cls.teacher.save(update_fields=["user"])

    def _campaign(self, title: str, people, days: int, **fields):
        return make_campaign(
            make_questionnaire(),
            self.school_a,
            people,
            title=title,
            deadline=TODAY + timedelta(days=days),
            **fields,
        )

    def test_a_mentee_sees_the_open_questionnaire_at_the_top(self) -> None:
        campaign = self._campaign("Анкета удовлетворённости", [self.masha], 5)
        self.client.force_login(self.masha_user)
        r = self.client.get(URL)
        self.assertContains(r, "Анкеты, которые ждут вашего ответа")
        self.assertContains(r, "Анкета удовлетворённости")
        self.assertContains(r, "ответить до 15.03.2026")
        self.assertContains(
            r, f'href="{_answer_url(campaign, self.masha)}">Ответить</a>', html=False
        )
        page = r.content.decode()
        self.assertLess(
            page.index("Анкета удовлетворённости"), page.index("Ваш куратор")
        )

    def test_a_mentor_sees_theirs_too(self) -> None:
        campaign = self._campaign("Анкета наставника", [self.teacher], 3)
        self.client.force_login(self.teacher_user)
        r = self.client.get(URL)
        self.assertContains(r, "Анкета наставника")
        self.assertContains(r, f'href="{_answer_url(campaign, self.teacher)}"')

    def test_the_nearest_deadline_comes_first(self) -> None:
        self._campaign("Поздняя анкета", [self.masha], 20)
        self._campaign("Срочная анкета", [self.masha], 1)
        self.client.force_login(self.masha_user)
        page = self.client.get(URL).content.decode()
        self.assertLess(page.index("Срочная анкета"), page.index("Поздняя анкета"))

    def test_answered_closed_and_other_peoples_questionnaires_are_not_listed(
        self,
    ) -> None:
        answered = self._campaign("Отвеченная анкета", [self.masha], 5)
        answered.invitations.update(answered=True)
        closed = self._campaign("Закрытая анкета", [self.masha], 5)
        services.campaign_close(campaign=closed)
        self._campaign("Анкета Пети", [self.petya], 5)
        self.client.force_login(self.masha_user)
        r = self.client.get(URL)
        self.assertNotContains(r, "Отвеченная анкета")
        self.assertNotContains(r, "Закрытая анкета")
        self.assertNotContains(r, "Анкета Пети")
        self.assertNotContains(r, "Анкеты, которые ждут вашего ответа")

    def test_an_overdue_questionnaire_is_marked_and_offers_no_button(self) -> None:
        campaign = self._campaign("Просроченная анкета", [self.masha], -2)
        self.client.force_login(self.masha_user)
        r = self.client.get(URL)
        self.assertContains(r, "Просроченная анкета")
        self.assertContains(r, "срок истёк 08.03.2026")
        self.assertContains(r, "попросите куратора продлить срок")
        self.assertNotContains(r, _answer_url(campaign, self.masha))

    def test_a_questionnaire_due_today_can_still_be_answered(self) -> None:
        campaign = self._campaign("Анкета на сегодня", [self.masha], 0)
        self.client.force_login(self.masha_user)
        r = self.client.get(URL)
        self.assertContains(r, "ответить до 10.03.2026")
        self.assertContains(r, _answer_url(campaign, self.masha))

    def test_a_started_draft_is_offered_to_go_on(self) -> None:
        campaign = self._campaign("Анкета с черновиком", [self.masha], 5)
        campaign.invitations.update(draft={"valuable": "Пока думаю"})
        self.client.force_login(self.masha_user)
        self.assertContains(self.client.get(URL), "Продолжить")

    def test_an_anonymous_questionnaire_says_so(self) -> None:
        self._campaign("Анонимная анкета", [self.masha], 5, anonymous=True)
        self.client.force_login(self.masha_user)
        self.assertContains(
            self.client.get(URL), "Анонимная: ответы не связываются с вашим именем"
        )

    def test_the_list_costs_the_same_queries_for_one_or_many(self) -> None:
        self._campaign("Анкета 1", [self.masha], 5)
        self.client.force_login(self.masha_user)
        self.client.get(URL)  # warm the session and the caches
        with CaptureQueriesContext(connection) as one:
            self.client.get(URL)
        for n in range(2, 6):
            self._campaign(f"Анкета {n}", [self.masha], 5 + n)
        with self.assertNumQueries(len(one.captured_queries)):
            r = self.client.get(URL)
        self.assertContains(r, "Анкета 5")
