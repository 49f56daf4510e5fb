from __future__ import annotations

from datetime import date

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nastavnik.accounts.models import Membership, Role, User
from nastavnik.surveys.models import Campaign, Invitation
from nastavnik.surveys.tests.factory import SurveyCastTestCase, make_campaign


# Just after midnight on New Year in Moscow, still 31 December in UTC.
@time_machine.travel("2027-01-01 00:30+03:00", tick=False)
class CampaignListTestCase(SurveyCastTestCase):
    def setUp(self) -> None:
        self.url = reverse("surveys-campaign-list", args=[self.school_a.code])
        self.client.force_login(self.alice)

    def test_it_lists_the_campaigns_with_their_progress(self) -> None:
        campaign = make_campaign(
            self.version,
            self.school_a,
            [self.masha, self.petya, self.sasha, self.teacher],
            title="Удовлетворённость 7Б",
            audience="база наставляемых",
        )
        campaign.invitations.filter(person=self.masha).update(answered=True)
        make_campaign(
            self.version, self.school_a, title="Прошлый опрос"
        ).invitations.all()
        Campaign.objects.filter(title="Прошлый опрос").update(
            deadline=date(2026, 12, 31)
        )
        make_campaign(self.version, self.school_c, [self.outsider], title="Чужой опрос")
        r = self.client.get(self.url)
        self.assertContains(r, "Удовлетворённость 7Б")
        self.assertContains(r, "База наставляемых")
        self.assertContains(r, "1 из 4")
        self.assertContains(r, 'value="25"')
        self.assertContains(r, "идёт сбор")
        self.assertContains(r, "срок прошёл")
        self.assertContains(r, "0 из 0")
        self.assertNotContains(r, "Чужой опрос")
        self.assertContains(r, "Новый опрос")

    def test_it_counts_in_sql(self) -> None:
        for _n in range(5):
            make_campaign(self.version, self.school_a, [self.masha, self.petya])
        with CaptureQueriesContext(connection) as queries:
            self.client.get(self.url)
        few = len(queries)
        make_campaign(self.version, self.school_a, [self.masha, self.petya])
        with CaptureQueriesContext(connection) as queries:
            self.client.get(self.url)
        self.assertEqual(len(queries), few)
        self.assertEqual(Invitation.objects.count(), 12)

    def test_it_says_when_there_is_none(self) -> None:
        r = self.client.get(self.url)
        self.assertContains(r, "Опросов пока нет.")

    def test_it_is_for_the_staff_of_the_organisation_only(self) -> None:
        mentor = User.objects.create_user(username="mentor", password="x")
        Membership.objects.create(
            user=mentor, role=Role.MENTOR, organisation=self.school_a
        )
        for user in (self.charlie, self.mila, self.rita, mentor):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 404)
