from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nastavnik.accounts.models import Membership, Role
from nastavnik.people.models import MenteeProfile, SensitiveInfo
from nastavnik.people.tests.factory import give_consent, make_person, make_pupil
from nastavnik.test import BaseTestCase, make_user


class PersonListTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.zaitsev = make_pupil(cls.school_a, "Зайцев", class_name="7Б")
        cls.orlova = make_pupil(cls.school_a, "Орлова", class_name="8А")
        cls.sokolov = make_person(cls.school_a, "Соколов", position="учитель физики")
        give_consent(cls.orlova)
        give_consent(cls.sokolov)
        MenteeProfile.objects.create(
            person=cls.orlova, category=MenteeProfile.Category.GIFTED
        )
        SensitiveInfo.objects.create(person=cls.zaitsev, on_register=True)
        make_pupil(cls.school_c, "Медведев")

    def setUp(self) -> None:
        self.url = reverse("people-person-list", args=[self.school_a.code])

    def _names(self, response) -> list[str]:
        return [p.last_name for p in response.context["page"]]

    def test_it_works(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertEqual(self._names(r), ["Зайцев", "Орлова", "Соколов"])
        self.assertContains(r, "нет согласия")
        self.assertContains(r, "согласие есть")

    def test_it_works_for_the_teammate(self) -> None:
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_it_works_for_the_head(self) -> None:
        head = make_user("head")
        Membership.objects.create(user=head, role=Role.HEAD, organisation=self.school_a)
        self.client.force_login(head)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_it_checks_ownership(self) -> None:
        for user in (self.charlie, self.mila, self.rita):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_a_demoted_teammate_cannot_see_it(self) -> None:
        self.demote_bob()
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_filters(self) -> None:
        self.client.force_login(self.alice)
        cases = [
            ({"q": "орл"}, ["Орлова"]),
            ({"q": "7б"}, ["Зайцев"]),
            ({"category": "teacher"}, ["Соколов"]),
            ({"class_name": "8а"}, ["Орлова"]),
            ({"consent": "missing"}, ["Зайцев"]),
            ({"consent": "valid"}, ["Орлова", "Соколов"]),
            ({"base": "mentees"}, ["Орлова"]),
            ({"base": "none"}, ["Зайцев", "Соколов"]),
            ({"sensitive": "on"}, ["Зайцев"]),
        ]
        for params, names in cases:
            with self.subTest(params=params):
                self.assertEqual(self._names(self.client.get(self.url, params)), names)

    def test_only_a_curator_filters_by_special_categories(self) -> None:
        head = make_user("head")
        Membership.objects.create(user=head, role=Role.HEAD, organisation=self.school_a)
        self.client.force_login(head)
        r = self.client.get(self.url, {"sensitive": "on"})
        self.assertEqual(len(self._names(r)), 3)
        self.assertNotContains(r, "особые категории")

    def test_it_shows_nobody_from_another_organisation(self) -> None:
        self.client.force_login(self.alice)
        self.assertNotContains(self.client.get(self.url), "Медведев")

    def test_it_escapes_what_users_typed(self) -> None:
        make_person(self.school_a, "<script>alert(1)</script>")
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertNotContains(r, "<script>alert(1)</script>")
        self.assertContains(r, "&lt;script&gt;")

    def test_it_ignores_a_bad_filter(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url, {"category": "dragon", "page": "x"})
        self.assertEqual(r.status_code, 200)

    def test_its_queries_do_not_grow_with_the_people_it_lists(self) -> None:
        self.client.force_login(self.alice)
        self.client.get(self.url)
        with CaptureQueriesContext(connection) as few:
            self.client.get(self.url)
        for i in range(60):
            pupil = make_pupil(self.school_a, f"Ученик{i:03}", class_name="9В")
            give_consent(pupil)
            if i % 2:
                MenteeProfile.objects.create(person=pupil, category="gifted")
        with self.assertNumQueries(len(few)):
            r = self.client.get(self.url)
        self.assertEqual(len(r.context["page"]), 50)
        self.assertContains(r, "наставляемый")

    def test_it_shows_a_person_renamed_between_two_visits(self) -> None:
        self.client.force_login(self.alice)
        self.assertContains(self.client.get(self.url), "Соколов")
        self.sokolov.last_name = "Соколовский"
        self.sokolov.save()
        self.assertContains(self.client.get(self.url), "Соколовский")

    def test_the_head_does_not_get_the_curators_filters(self) -> None:
        head = make_user("head")
        Membership.objects.create(user=head, role=Role.HEAD, organisation=self.school_a)
        self.client.force_login(self.alice)
        self.assertContains(self.client.get(self.url), 'name="sensitive"')
        self.client.force_login(head)
        self.assertNotContains(self.client.get(self.url), 'name="sensitive"')
        self.client.force_login(self.alice)
        self.assertContains(self.client.get(self.url), 'name="sensitive"')

    def test_its_bulk_form_goes_back_to_the_list_it_was_sent_from(self) -> None:
        self.client.force_login(self.alice)
        self.client.get(self.url, {"q": "Орлова"})
        r = self.client.get(self.url, {"q": "Орлова", "page": "1"})
        self.assertContains(r, "csrfmiddlewaretoken")
        self.assertContains(r, f'name="next" value="{self.url}?q=')
        self.assertContains(r, "page=1")
