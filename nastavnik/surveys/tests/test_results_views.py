"""The summary page, the list of respondents and a person's answers."""

from __future__ import annotations

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nastavnik.accounts.models import AuditEvent
from nastavnik.people.models import Person
from nastavnik.people.tests.factory import make_pupil
from nastavnik.surveys import builder, services
from nastavnik.surveys.models import Campaign, Question, Response
from nastavnik.surveys.tests.factory import make_campaign, make_questionnaire
from nastavnik.surveys.tests.test_results import (
    TITLE,
    PreferenceCampaign,
    SeededCampaign,
    answer,
)
from nastavnik.test import BaseTestCase

NOW = "2028-02-29 12:00+03:00"  # a leap day


class OutsidersMixin:
    """charlie (another school), mila (municipal), rita (regional) and a
    mentor of the school never reach a campaign's answers."""

    url: str

    def test_it_shows_nothing_to_outsiders_and_overseers(self) -> None:
        for user in (self.charlie, self.mila, self.rita):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_shows_nothing_to_a_mentor(self) -> None:
        self.demote_bob()
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_requires_login(self) -> None:
        r = self.client.get(self.url)
        self.assertRedirects(r, f"{reverse('accounts-login')}?next={self.url}")


@time_machine.travel(NOW, tick=False)
class CampaignResultsTestCase(SeededCampaign, OutsidersMixin, BaseTestCase):
    def setUp(self) -> None:
        self.seed(self.school_a)
        self.url = reverse("surveys-campaign-results", args=[self.campaign.code])

    def test_it_works(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "Удовлетворённость")
        self.assertContains(r, '<div class="figure" data-count="answered">4</div>')
        self.assertContains(
            r, '<div class="figure" data-count="satisfied-share">50 %</div>'
        )
        self.assertContains(r, "Удовлетворён — средний балл по пунктам 1–10 не ниже 7")
        self.assertContains(r, "Как часто проводились встречи?")
        self.assertContains(r, "раз в полгода")
        self.assertNotContains(r, "Аксёнов")

    def test_it_draws_the_charts_with_their_numbers(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        # effect and comfort: 4 bars each at 25 %; often: 2 bars at 25 %
        self.assertContains(r, '<rect width="25.0" height="10"></rect>', count=10)
        self.assertContains(r, '<caption class="visually-hidden">')
        self.assertContains(r, '<th scope="row" class="chart__label">Раз в неделю</th>')
        self.assertContains(r, '<td class="chart__percent">50 %</td>')
        # Drawn by the server: no script of the page's own, no CDN.
        self.assertNotContains(r, '<script src="http')
        self.assertNotContains(r, "js/survey")

    def test_it_ranks_the_candidates(self) -> None:
        PreferenceCampaign.seed_preferences(self, self.school_a)
        self.client.force_login(self.alice)
        url = reverse("surveys-campaign-results", args=[self.preferences.code])
        r = self.client.get(url)
        self.assertContains(
            r, "<tr><td>Наставникова Анна</td><td>1,3</td><td>2</td><td>3</td></tr>"
        )

    def test_a_teammate_sees_it(self) -> None:
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_it_filters_by_class(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url, {"class": "8А"})
        self.assertContains(r, '<div class="figure" data-count="answered">2</div>')
        self.assertContains(r, '<option value="8А" selected>8А</option>')

    def test_it_refuses_a_class_not_offered(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url, {"class": "11Ж"})
        self.assertEqual(r.status_code, 400)

    def test_it_shows_a_campaign_renamed_and_closed_between_two_visits(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, f"<h1>{TITLE}</h1>")
        self.assertContains(
            r, f'<a href="{self.url}" aria-current="page">Сводка</a>', html=True
        )
        self.campaign.title = "Опрос весны"
        self.campaign.status = Campaign.Status.CLOSED
        self.campaign.save(update_fields=["title", "status"])
        r = self.client.get(self.url)
        self.assertContains(r, "<h1>Опрос весны</h1>")
        self.assertContains(r, '<span class="badge">закрыт</span>')
        self.assertNotContains(r, f"<h1>{TITLE}</h1>")

    def test_it_offers_a_class_given_to_an_invited_pupil_between_two_visits(
        self,
    ) -> None:
        self.client.force_login(self.alice)
        self.assertNotContains(self.client.get(self.url), '<option value="10Г"')
        Person.objects.filter(pk=self.pupils[4].pk).update(class_name="10Г")
        r = self.client.get(self.url, {"class": "10Г"})
        self.assertContains(r, '<option value="10Г" selected>10Г</option>')

    def test_its_number_of_queries_does_not_grow_with_respondents(self) -> None:
        self.client.force_login(self.alice)

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                self.assertEqual(self.client.get(self.url).status_code, 200)
            return len(captured)

        def add(count: int) -> None:
            start = Person.objects.count()
            for n in range(count):
                pupil = make_pupil(self.school_a, f"Ученик{start + n}")
                answer(
                    self.campaign,
                    pupil,
                    met="no",
                    effect=9,
                    often="week",
                    helps=["art"],
                    valuable="Всё",
                    age=n,
                    topics=["math"],
                )

        add(6)
        with_ten = queries()
        add(20)
        self.assertEqual(queries(), with_ten)


@time_machine.travel(NOW, tick=False)
class AnonymousResultsTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.version = make_questionnaire(organisation=self.school_a, anonymous=True)
        self.pupils = [make_pupil(self.school_a, f"Ученик{n}") for n in range(5)]
        self.campaign = make_campaign(self.version, self.school_a, self.pupils)
        self.url = reverse("surveys-campaign-results", args=[self.campaign.code])
        self.client.force_login(self.alice)

    def _answers(self, count: int) -> None:
        for pupil in self.pupils[:count]:
            answer(
                self.campaign,
                pupil,
                met="no",
                effect=8,
                comfort=6,
                valuable="Интересные встречи",
            )

    def test_it_shows_nothing_with_four_respondents(self) -> None:
        self._answers(4)
        r = self.client.get(self.url)
        self.assertContains(
            r,
            "Ответили 4: результаты анонимной анкеты показываются, когда ответят "
            "не меньше пяти человек.",
        )
        self.assertNotContains(r, "Интересные встречи")
        self.assertNotContains(r, "Эффективность программы")
        self.assertNotContains(
            r, reverse("surveys-campaign-xlsx", args=[self.campaign.code])
        )

    def test_it_shows_the_results_without_names_with_five(self) -> None:
        self._answers(5)
        r = self.client.get(self.url)
        self.assertContains(r, "Интересные встречи", count=5)
        self.assertContains(r, "Эффективность программы")
        for pupil in self.pupils:
            self.assertNotContains(r, pupil.last_name)
        self.assertNotContains(r, "29.02.2028")  # no date answered

    def test_it_offers_no_filter_by_class_and_no_answers_of_each(self) -> None:
        self._answers(5)
        r = self.client.get(self.url)
        self.assertNotContains(r, 'name="class"')
        self.assertNotContains(
            r, reverse("surveys-campaign-responses", args=[self.campaign.code])
        )


@time_machine.travel(NOW, tick=False)
class CampaignResponsesTestCase(SeededCampaign, OutsidersMixin, BaseTestCase):
    def setUp(self) -> None:
        self.seed(self.school_a)
        self.url = reverse("surveys-campaign-responses", args=[self.campaign.code])

    def test_it_lists_the_respondents_with_links_to_their_answers(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        for response in self.campaign.responses.all():
            self.assertContains(
                r, reverse("surveys-response-detail", args=[response.code])
            )
        self.assertContains(r, "Аксёнов Иван")
        self.assertNotContains(r, "Дмитриев")  # invited, has not answered

    def test_it_lists_nobody_in_an_anonymous_campaign(self) -> None:
        version = make_questionnaire(organisation=self.school_a, anonymous=True)
        campaign = make_campaign(version, self.school_a)
        for _n in range(5):
            services.response_submit(campaign, {"met": "no", "effect": 5})
        self.client.force_login(self.alice)
        r = self.client.get(reverse("surveys-campaign-responses", args=[campaign.code]))
        self.assertContains(r, "Анкетирование анонимное")
        self.assertNotContains(r, "/surveys/responses/")


@time_machine.travel(NOW, tick=False)
class ResponseDetailTestCase(SeededCampaign, OutsidersMixin, BaseTestCase):
    def setUp(self) -> None:
        self.seed(self.school_a)
        self.response = Response.objects.get(person=self.pupils[0])
        self.url = reverse("surveys-response-detail", args=[self.response.code])

    def test_it_shows_the_answers_and_logs_the_reading(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "Аксёнов Иван")
        self.assertContains(r, "3. Эффективность программы наставничества")
        self.assertContains(r, "<dd>8</dd>", html=True)
        self.assertContains(r, "<dd>раз в неделю</dd>", html=True)
        self.assertContains(r, "<dd>учёба; свой вариант: олимпиада</dd>", html=True)
        self.assertContains(r, "<dd>15.01.2026</dd>", html=True)
        event = AuditEvent.objects.get(action=AuditEvent.Action.VIEW)
        self.assertEqual(event.user, self.alice)
        self.assertEqual(event.object_code, self.pupils[0].code)
        self.assertEqual(event.organisation, self.school_a)

    def test_it_shows_a_ranking_by_names(self) -> None:
        PreferenceCampaign.seed_preferences(self, self.school_a)
        response = Response.objects.get(person=self.rankers[0])
        self.client.force_login(self.alice)
        r = self.client.get(reverse("surveys-response-detail", args=[response.code]))
        self.assertContains(r, "1. Наставникова Анна; 2. Учителев Борис")

    def test_it_keeps_the_texts_of_the_responses_own_version(self) -> None:
        new = builder.version_copy(self.version)
        Question.objects.filter(section__version=new, key="effect").update(
            text="Польза программы"
        )
        self.campaign.version = new
        self.campaign.save()
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "Эффективность программы наставничества")
        self.assertNotContains(r, "Польза программы")

    def test_it_never_opens_an_anonymous_response(self) -> None:
        version = make_questionnaire(organisation=self.school_a, anonymous=True)
        campaign = make_campaign(version, self.school_a)
        response = services.response_submit(campaign, {"met": "no", "effect": 5})
        self.client.force_login(self.alice)
        r = self.client.get(reverse("surveys-response-detail", args=[response.code]))
        self.assertEqual(r.status_code, 404)
        self.assertFalse(AuditEvent.objects.exists())
