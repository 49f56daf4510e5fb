from __future__ import annotations

from datetime import date

import time_machine
from django.urls import reverse

from nastavnik.accounts.models import Membership, Role
from nastavnik.people.models import Person
from nastavnik.programmes.tests.roadmaps import make_roadmap
from nastavnik.test import BaseTestCase, make_user

URL = reverse("home")


def make_person(organisation, category: str, last_name: str, **fields) -> Person:
    return Person.objects.create(
        organisation=organisation,
        category=category,
        last_name=last_name,
        first_name="Иван",
        **fields,
    )


class HomeTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_person(cls.school_a, "pupil", "Зайцев", class_name="7Б")
        make_person(cls.school_a, "pupil", "Орлов", class_name="8А")
        make_person(cls.school_a, "teacher", "Соколов", experience_years=12)
        make_person(cls.school_a2, "pupil", "Волков", class_name="5А")
        make_person(cls.school_c, "pupil", "Медведев", class_name="6А")

    def test_it_asks_anonymous_visitors_to_log_in(self) -> None:
        r = self.client.get(URL)
        self.assertRedirects(r, f"{reverse('accounts-login')}?next=/")

    def test_the_curator_sees_their_organisations_programme(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(URL)
        self.assertContains(r, "<h1>СОШ № 1</h1>", html=True)
        self.assertContains(r, "Этапы внедрения целевой модели")
        self.assertContains(r, "Алексеева Алиса")
        self.assertEqual(r.context["num_people"], 3)
        self.assertNotContains(r, "СОШ № 2")
        self.assertNotContains(r, "Медведев")

    def test_an_organisation_without_people_explains_what_to_do(self) -> None:
        self.client.force_login(self.alice)
        Person.objects.filter(organisation=self.school_a).delete()
        r = self.client.get(URL)
        self.assertContains(r, "База пуста")

    def test_an_organisation_without_a_curator_says_so(self) -> None:
        head = make_user("head")
        Membership.objects.create(
            user=head, role=Role.HEAD, organisation=self.school_a2
        )
        self.client.force_login(head)
        r = self.client.get(URL)
        self.assertContains(r, "Куратор ещё не назначен")

    def test_the_municipal_coordinator_sees_aggregates_of_their_organisations(
        self,
    ) -> None:
        self.client.force_login(self.mila)
        r = self.client.get(URL)
        self.assertContains(r, "СОШ № 1")
        self.assertContains(r, "СОШ № 2")
        self.assertNotContains(r, "СОШ № 3")
        rows = {o.short_name: o for o in r.context["organisations"]}
        self.assertEqual(rows["СОШ № 1"].num_pupils, 2)
        self.assertEqual(rows["СОШ № 1"].num_teachers, 1)
        self.assertEqual(r.context["totals"]["num_pupils"], 3)
        # aggregates only: no pupil's name leaves the organisation
        self.assertNotContains(r, "Зайцев")

    def test_the_regional_operator_sees_municipalities(self) -> None:
        self.client.force_login(self.rita)
        r = self.client.get(URL)
        self.assertContains(r, "Уни")
        self.assertNotContains(r, "Тотьма")
        self.assertEqual(r.context["totals"]["num_pupils"], 3)
        self.assertEqual(r.context["totals"]["num_organisations"], 2)

    def test_a_mentor_sees_their_own_page(self) -> None:
        mentor = make_user("mentor", last_name="Петров", first_name="Пётр")
        Membership.objects.create(
            user=mentor, role=Role.MENTOR, organisation=self.school_a
        )
        make_person(
            self.school_a,
            "teacher",
            "Петров",
            user=mentor,
            position="учитель физики",
            experience_years=14,
        )
        self.client.force_login(mentor)
        r = self.client.get(URL)
        self.assertContains(r, "учитель физики")
        self.assertContains(r, "14 лет")
        self.assertContains(r, "Ваши наставляемые")
        self.assertContains(r, "Алексеева Алиса")  # the curator to contact
        self.assertNotContains(r, "Зайцев")

    def test_a_mentee_sees_their_own_page(self) -> None:
        mentee = make_user("mentee")
        Membership.objects.create(
            user=mentee, role=Role.MENTEE, organisation=self.school_a
        )
        make_person(
            self.school_a,
            "pupil",
            "Новиков",
            user=mentee,
            class_name="9А",
            birth_date=date(2011, 4, 1),
        )
        self.client.force_login(mentee)
        r = self.client.get(URL)
        self.assertContains(r, "9А")
        self.assertContains(r, "Ваш наставник")
        self.assertNotContains(r, "Зайцев")

    def test_a_user_without_a_role_is_told_whom_to_ask(self) -> None:
        self.client.force_login(make_user("newcomer"))
        r = self.client.get(URL)
        self.assertContains(r, "У вас пока нет роли")


class MunicipalityPageTestCase(BaseTestCase):
    def test_it_works_for_the_coordinator(self) -> None:
        self.client.force_login(self.mila)
        url = reverse("home-municipality", args=[self.municipality_a.code])
        self.assertContains(self.client.get(url), "СОШ № 2")

    def test_it_works_for_the_regional_operator(self) -> None:
        self.client.force_login(self.rita)
        url = reverse("home-municipality", args=[self.municipality_a.code])
        self.assertContains(self.client.get(url), "СОШ № 2")

    def test_it_checks_ownership(self) -> None:
        for user in (self.alice, self.charlie):
            self.client.force_login(user)
            url = reverse("home-municipality", args=[self.municipality_a.code])
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_another_regions_municipality_is_404(self) -> None:
        self.client.force_login(self.rita)
        url = reverse("home-municipality", args=[self.municipality_b.code])
        self.assertEqual(self.client.get(url).status_code, 404)


class RegionPageTestCase(BaseTestCase):
    def test_it_works_for_the_regional_operator(self) -> None:
        self.client.force_login(self.rita)
        url = reverse("home-region", args=[self.region_a.code])
        self.assertContains(self.client.get(url), "Уни")

    def test_it_checks_ownership(self) -> None:
        for user in (self.alice, self.mila, self.charlie):
            self.client.force_login(user)
            with self.subTest(user=user.username):
                url = reverse("home-region", args=[self.region_a.code])
                self.assertEqual(self.client.get(url).status_code, 404)


@time_machine.travel("2026-11-23 10:00+03:00", tick=False)
class HomeRoadmapTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.roadmap = make_roadmap(
            cls.school_a,
            [
                ("15.10.2026", "done"),
                ("20.10.2026", "planned"),
                ("25.11.2026", "in_progress"),
                ("15.12.2026", "planned"),
            ],
        )

    def test_the_curator_sees_the_programmes_stages_and_progress(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(URL)
        self.assertContains(r, "Программа наставничества")
        self.assertContains(r, "Подготовка")
        self.assertContains(r, "Выполнено 1 из 4 мероприятий, в работе 1")
        self.assertNotContains(r, "Этапы внедрения целевой модели")
        link = reverse("programmes-roadmap-detail", args=[self.roadmap.code])
        self.assertContains(r, f'href="{link}"')

    def test_the_curator_sees_the_roadmap_deadlines(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(URL)
        self.assertContains(r, "Сроки дорожной карты")
        self.assertContains(r, "20.10.2026 · просрочено на 34 дн.")
        self.assertEqual(
            [i.activity for i in r.context["reminders"].overdue], ["Мероприятие 2"]
        )
        self.assertEqual(
            [i.activity for i in r.context["reminders"].due_soon], ["Мероприятие 3"]
        )
        item = r.context["reminders"].overdue[0]
        self.assertContains(r, reverse("programmes-item-detail", args=[item.code]))

    def test_nothing_due_says_so(self) -> None:
        self.roadmap.stages.first().items.update(status="done")
        self.client.force_login(self.alice)
        r = self.client.get(URL)
        self.assertContains(r, "Просроченных мероприятий нет")

    def test_an_organisation_without_a_programme_is_asked_to_create_one(
        self,
    ) -> None:
        head = make_user("head")
        Membership.objects.create(
            user=head, role=Role.HEAD, organisation=self.school_a2
        )
        self.client.force_login(head)
        r = self.client.get(URL)
        self.assertContains(r, "Этапы внедрения целевой модели")
        add = reverse("programmes-programme-add", args=[self.school_a2.code])
        self.assertContains(r, f'href="{add}"')
        self.assertNotContains(r, "Сроки дорожной карты")

    def test_last_years_programme_does_not_count(self) -> None:
        with time_machine.travel("2027-09-15 10:00+03:00", tick=False):
            self.client.force_login(self.alice)
            r = self.client.get(URL)
        self.assertEqual(r.context["programmes"], [])
        self.assertFalse(r.context["reminders"])

    def test_the_municipal_coordinator_sees_every_organisations_roadmap(
        self,
    ) -> None:
        self.client.force_login(self.mila)
        r = self.client.get(URL)
        rows = {row.short_name: row for row in r.context["roadmap_rows"]}
        self.assertEqual(list(rows), ["СОШ № 1", "СОШ № 2"])
        self.assertEqual(rows["СОШ № 1"].percent_done, 25)
        self.assertEqual(rows["СОШ № 1"].num_overdue, 1)
        self.assertContains(r, "нет программы")
        progress = reverse(
            "programmes-municipality-progress", args=[self.municipality_a.code]
        )
        self.assertContains(r, f'href="{progress}"')
        plan = reverse("programmes-municipality-plan", args=[self.municipality_a.code])
        self.assertContains(r, f'href="{plan}"')

    def test_the_regional_operator_links_to_each_municipalitys_roadmaps(
        self,
    ) -> None:
        self.client.force_login(self.rita)
        r = self.client.get(URL)
        progress = reverse(
            "programmes-municipality-progress", args=[self.municipality_a.code]
        )
        self.assertContains(r, f'href="{progress}"')


class FaviconTestCase(BaseTestCase):
    def test_the_browsers_favicon_request_finds_the_icon(self) -> None:
        r = self.client.get("/favicon.ico")
        self.assertEqual(r.status_code, 302)
        self.assertEqual(r["Location"], "/static/img/favicon.svg")

    def test_every_page_names_its_icon(self) -> None:
        r = self.client.get(reverse("accounts-login"))
        self.assertContains(r, 'rel="icon" href="/static/img/favicon.svg"')
