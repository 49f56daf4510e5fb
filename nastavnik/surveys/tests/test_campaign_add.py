from __future__ import annotations

from datetime import date

import time_machine
from django.http import QueryDict
from django.urls import reverse

from nastavnik.accounts.models import Membership, Role, User
from nastavnik.people.tests.factory import give_consent, make_pupil
from nastavnik.surveys.campaign_forms import CampaignForm, unbound_value
from nastavnik.surveys.campaign_views import _as_initial
from nastavnik.surveys.models import Campaign, Invitation, Kind
from nastavnik.surveys.tests.factory import SurveyCastTestCase, make_questionnaire


# The last day of a school year.
@time_machine.travel("2027-08-31 18:00+03:00", tick=False)
class CampaignAddTestCase(SurveyCastTestCase):
    def setUp(self) -> None:
        self.url = reverse("surveys-campaign-add", args=[self.school_a.code])
        self.deadline = date(2027, 9, 10)
        self.client.force_login(self.alice)

    def _post(self, **data):
        payload = {
            "version": str(self.version.code),
            "title": "Удовлетворённость, 7Б",
            "deadline": self.deadline.strftime("%d.%m.%Y"),
            "audience": "mentees",
            **data,
        }
        return self.client.post(self.url, payload)

    def _invited(self) -> set[str]:
        campaign = Campaign.objects.get()
        return {i.person.last_name for i in campaign.invitations.all()}

    def test_it_shows_the_form_with_the_audiences_and_their_consents(self) -> None:
        r = self.client.get(self.url)
        self.assertContains(r, "Новый опрос")
        self.assertContains(r, "Анкета удовлетворённости наставляемого")
        self.assertContains(r, "в базе 3, с согласием 2")  # mentees
        self.assertContains(r, "7Б: учеников 3, с согласием 2")
        self.assertContains(r, "7-е классы: учеников 3, с согласием 2")
        self.assertContains(r, "Педагог: людей 3, с согласием 2")
        self.assertContains(r, "js/survey.js")

    def test_a_second_visit_shows_what_changed_since_the_first(self) -> None:
        self.client.get(self.url)
        give_consent(make_pupil(self.school_a, "Новенькая", first_name="Вера"))
        own = make_questionnaire(organisation=self.school_a)
        own.questionnaire.title = "Наша анкета"
        own.questionnaire.save()
        r = self.client.get(self.url)
        self.assertContains(r, "7Б: учеников 4, с согласием 3")
        self.assertContains(r, "Наша анкета (своя, версия 1)")

    def test_each_school_sees_its_own_counts(self) -> None:
        self.client.get(self.url)
        self.client.force_login(self.charlie)
        r = self.client.get(reverse("surveys-campaign-add", args=[self.school_c.code]))
        self.assertContains(r, "7Б: учеников 1, с согласием 1")
        self.assertNotContains(r, "7Б: учеников 3")

    def test_a_preset_questionnaire_is_chosen_on_a_cached_form(self) -> None:
        self.client.get(self.url)
        r = self.client.get(self.url, {"version": str(self.version.code)})
        self.assertRegex(
            r.content.decode(), f'<option value="{self.version.code}" selected'
        )
        r = self.client.get(self.url)
        self.assertNotRegex(
            r.content.decode(), f'<option value="{self.version.code}" selected'
        )

    def test_the_form_as_first_shown_has_the_values_its_fields_would_give(
        self,
    ) -> None:
        # the page finds its cached fields by these values, without building
        # the form: they are those of the form itself
        initials = [
            {},
            {"version": self.version.code, "title": "Анкета", "anonymous": True},
            {"audience": "people", "people": ["a", "b"]},
            _as_initial(QueryDict("title=Опрос&q=Ива&people=x&people=y&grade=7")),
        ]
        for initial in initials:
            form = CampaignForm(initial=initial, organisation=self.school_a)
            for name in form.fields:
                with self.subTest(initial=initial, field=name):
                    self.assertEqual(unbound_value(initial, name), form[name].value())

    def test_it_lists_no_one_to_pick_until_a_search(self) -> None:
        r = self.client.get(self.url)
        self.assertNotContains(r, 'name="people"')
        self.assertContains(r, "Введите фамилию или класс")
        r = self.client.get(
            reverse("surveys-campaign-people", args=[self.school_a.code]),
            {"q": "колесов"},
        )
        self.assertContains(r, "Колесов Николай")
        self.assertContains(r, "нет согласия")
        self.assertNotContains(r, "Сашин Александр")

    def test_the_search_keeps_the_people_ticked(self) -> None:
        url = reverse("surveys-campaign-people", args=[self.school_a.code])
        r = self.client.get(url, {"q": "сашин", "people": [str(self.teacher.code)]})
        self.assertContains(r, "Сашин Александр")
        self.assertContains(
            r, f'value="{self.teacher.code}" checked> <span>Учителева Анна Ивановна'
        )
        self.assertNotContains(r, "Петров Пётр")
        r = self.client.get(url, {"q": "чужой", "people": [str(self.outsider.code)]})
        self.assertContains(r, "Никого не нашлось.")

    def test_the_search_is_for_the_staff_of_the_organisation_only(self) -> None:
        url = reverse("surveys-campaign-people", args=[self.school_a.code])
        self.client.force_login(self.bob)  # a teammate: a curator of school A
        self.assertContains(self.client.get(url, {"q": "сашин"}), "Сашин Александр")
        self.client.force_login(self.charlie)  # a curator of another school
        self.assertEqual(self.client.get(url, {"q": "сашин"}).status_code, 404)

    def test_it_invites_the_mentee_base_with_consent(self) -> None:
        r = self._post()
        campaign = Campaign.objects.get()
        self.assertRedirects(
            r,
            reverse("surveys-campaign-detail", args=[campaign.code]),
            fetch_redirect_response=False,
        )
        self.assertEqual(self._invited(), {"Иванова", "Петров"})
        self.assertEqual(campaign.audience, "база наставляемых")
        self.assertEqual(campaign.created_by, self.alice)
        self.assertEqual(campaign.deadline, self.deadline)
        r = self.client.get(r.url)
        self.assertContains(r, "Опрос создан: приглашены 2 человека.")
        self.assertContains(
            r, "Не приглашён 1 человек: нет действующего согласия на обработку"
        )

    def test_it_invites_the_mentor_base(self) -> None:
        self._post(audience="mentors")
        self.assertEqual(self._invited(), {"Учителева", "Сидоров"})

    def test_it_invites_a_class(self) -> None:
        self._post(audience="class", class_name="8А")
        self.assertEqual(self._invited(), {"Сашин"})
        self.assertEqual(Campaign.objects.get().audience, "класс 8А")

    def test_it_invites_all_classes_of_a_grade(self) -> None:
        self._post(audience="grade", grade="7")
        self.assertEqual(self._invited(), {"Иванова", "Петров"})
        self.assertEqual(Campaign.objects.get().audience, "7-е классы")

    def test_it_invites_everyone_of_a_category(self) -> None:
        self._post(audience="category", category="teacher")
        self.assertEqual(self._invited(), {"Учителева", "Сидоров"})
        self.assertEqual(Campaign.objects.get().audience, "все из категории «педагог»")

    def test_mentors_ready_for_a_form_are_not_the_members_of_its_pairs(self) -> None:
        # Учителева is ready for «учитель – ученик» but in no pair of it
        # (test_campaign_pairs.py has the pairs).
        form = self.school_a.mentorship_forms.model.objects.get(slug="teacher_pupil")
        self._post(audience="form", form=str(form.code))
        self.assertEqual(self._invited(), set())

    def test_it_invites_people_chosen_by_hand(self) -> None:
        people = [str(self.sasha.code), str(self.kolya.code), str(self.teacher.code)]
        self._post(audience="people", people=people)
        self.assertEqual(self._invited(), {"Сашин", "Учителева"})
        self.assertEqual(Campaign.objects.get().audience, "3 выбранных человека")

    def test_the_search_keeps_the_form_and_lists_the_matches(self) -> None:
        r = self._post(
            audience="people",
            people=[str(self.teacher.code)],
            q="сашин",
            action="search",
        )
        self.assertEqual(Campaign.objects.count(), 0)
        self.assertContains(r, 'value="Удовлетворённость, 7Б"')
        self.assertContains(r, "Сашин Александр")
        self.assertContains(r, "Учителева Анна Ивановна")  # ticked stays listed
        self.assertNotContains(r, "Петров Пётр")
        self.assertNotContains(r, "errorlist")

    def test_it_never_invites_people_of_another_organisation(self) -> None:
        r = self._post(audience="people", people=[str(self.outsider.code)])
        self.assertEqual(r.status_code, 400)
        self.assertEqual(Invitation.objects.count(), 0)

    def test_it_requires_what_the_audience_needs(self) -> None:
        r = self._post(audience="class")
        self.assertContains(r, "Выберите класс.")
        r = self._post(audience="grade")
        self.assertContains(r, "Выберите параллель.")
        r = self._post(audience="category")
        self.assertContains(r, "Выберите категорию.")
        r = self._post(audience="form")
        self.assertContains(r, "Выберите форму наставничества.")
        r = self._post(audience="people")
        self.assertContains(r, "Отметьте хотя бы одного человека.")
        self.assertEqual(Campaign.objects.count(), 0)

    def test_it_refuses_a_deadline_in_the_past(self) -> None:
        r = self._post(deadline="30.08.2027")
        self.assertContains(r, "Срок не может быть в прошлом.")
        r = self._post(deadline="31.02.2026")
        self.assertContains(r, "Укажите дату в виде дд.мм.гггг")
        self.assertEqual(Campaign.objects.count(), 0)

    def test_an_anonymous_campaign_cannot_be_editable(self) -> None:
        r = self._post(anonymous="on", editable="on")
        self.assertContains(r, "Анонимная ссылка действует один раз")
        self.assertEqual(Campaign.objects.count(), 0)

    def test_a_questionnaire_that_fills_the_bases_cannot_be_anonymous(self) -> None:
        version = make_questionnaire(Kind.MENTOR)
        r = self._post(version=str(version.code), anonymous="on")
        self.assertContains(r, "она не может быть анонимной")

    def test_a_ranking_needs_the_people_to_rank(self) -> None:
        version = make_questionnaire(Kind.PREFERENCE)
        r = self._post(version=str(version.code))
        self.assertContains(r, "отметьте, кого она предложит")
        self._post(
            version=str(version.code),
            candidates=[str(self.teacher.code), str(self.peer.code)],
        )
        campaign = Campaign.objects.get()
        self.assertEqual(set(campaign.candidates.all()), {self.teacher, self.peer})

    def test_it_lists_the_mentors_to_rank_once_a_ranking_is_chosen(self) -> None:
        r = self.client.get(self.url)
        self.assertNotContains(r, 'name="candidates"')
        self.assertContains(r, "Наставники появятся здесь")
        version = make_questionnaire(Kind.PREFERENCE)
        r = self.client.get(self.url, {"version": str(version.code)})
        self.assertContains(r, f'name="candidates" value="{self.teacher.code}"')
        self.assertNotContains(r, f'value="{self.without.code}"')
        # Without JavaScript: «Create» answers with the mentors to tick.
        r = self._post(version=str(version.code))
        self.assertContains(r, f'name="candidates" value="{self.teacher.code}"')

    def test_mentors_without_consent_cannot_be_ranked(self) -> None:
        version = make_questionnaire(Kind.PREFERENCE)
        r = self._post(version=str(version.code), candidates=[str(self.without.code)])
        self.assertEqual(r.status_code, 400)

    def test_the_questionnaire_link_presets_title_and_anonymity(self) -> None:
        version = make_questionnaire(anonymous=True)
        r = self.client.get(self.url, {"version": str(version.code)})
        self.assertRegex(
            r.content.decode(),
            f'<option value="{version.code}" selected data-anonymous="1"',
        )
        self.assertContains(r, 'name="anonymous" id="id_anonymous" checked')

    def test_it_offers_the_current_versions_of_shipped_and_own_questionnaires(
        self,
    ) -> None:
        own = make_questionnaire(organisation=self.school_a)
        own.questionnaire.title = "Наша анкета"
        own.questionnaire.save()
        other = make_questionnaire(organisation=self.school_c)
        other.questionnaire.title = "Чужая анкета"
        other.questionnaire.save()
        r = self.client.get(self.url)
        self.assertContains(r, "Наша анкета (своя, версия 1)")
        self.assertNotContains(r, "Чужая анкета")
        r = self._post(version=str(other.code))
        self.assertEqual(r.status_code, 400)

    def test_it_is_for_the_staff_of_the_organisation_only(self) -> None:
        mentor = User.objects.create_user(username="mentor", password="x")
        Membership.objects.create(
            user=mentor, role=Role.MENTOR, organisation=self.school_a
        )
        for user in (self.charlie, self.mila, self.rita, mentor):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 404)
                self.assertEqual(self._post().status_code, 404)
        self.assertEqual(Campaign.objects.count(), 0)
