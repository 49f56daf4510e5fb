"""The three people lists (everyone, the mentee base, the mentor base) are
written once per set of figures, tabs and bulk bar included: only the bulk
form's token and its way back are the visit's own."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from nastavnik.accounts.models import Membership, Role
from nastavnik.people.models import MenteeProfile, MentorProfile
from nastavnik.people.tests.factory import give_consent, make_person, make_pupil
from nastavnik.test import BaseTestCase, make_user

LISTS = ("people-person-list", "people-mentee-list", "people-mentor-list")
TABS = (*LISTS, "people-class-list", "people-import-upload", "people-audit-list")
BULK_FORM = re.compile(
    r'<form method="post" action="([^"]+)" id="bulk-form">(.*?)</form>', re.DOTALL
)
BOX = '<input type="checkbox" form="bulk-form" name="people"'
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class PeopleListsPageTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.orlova = make_pupil(cls.school_a, "Орлова", class_name="8А")
        cls.sokolov = make_person(cls.school_a, "Соколов", position="учитель")
        give_consent(cls.orlova)
        give_consent(cls.sokolov)
        MenteeProfile.objects.create(person=cls.orlova, category="gifted")
        MentorProfile.objects.create(
            person=cls.sokolov, source="teacher", status="approved"
        )

    def _url(self, name: str) -> str:
        return reverse(name, args=[self.school_a.code])

    def test_each_page_of_the_people_section_marks_its_own_tab(self) -> None:
        self.client.force_login(self.alice)
        for page in TABS:
            with self.subTest(page=page):
                html = self.client.get(self._url(page)).content.decode()
                tabs = html.split('<nav class="tabs"')[1].split("</nav>")[0]
                for tab in TABS:
                    current = f'<a href="{self._url(tab)}" aria-current="page">'
                    self.assertEqual(current in tabs, tab == page, tab)
        consents = reverse("people-class-consents", args=[self.school_a.code])
        html = self.client.get(consents, {"class_name": "8А"}).content.decode()
        self.assertIn('<nav class="tabs"', html)
        self.assertNotIn('aria-current="page">', html.split('<nav class="tabs"')[1])

    def test_the_ticked_people_and_the_bulk_bar_belong_to_the_form_with_the_token(
        self,
    ) -> None:
        self.client.force_login(self.alice)
        bulk = reverse("people-bulk", args=[self.school_a.code])
        for page in LISTS:
            with self.subTest(page=page):
                r = self.client.get(self._url(page))
                html = r.content.decode()
                action, inside = BULK_FORM.search(html).groups()
                self.assertEqual(action, bulk)
                self.assertRegex(inside, TOKEN)
                self.assertIn(f'name="next" value="{self._url(page)}"', inside)
                rows = len(r.context["page"])
                self.assertEqual(html.count(BOX), rows)
                self.assertIn('form="bulk-form" data-check-all', html)
                self.assertIn('<select form="bulk-form" name="action"', html)
                self.assertIn('<select form="bulk-form" name="mentee_category"', html)
                self.assertIn('<button form="bulk-form" class="button', html)

    def test_a_curator_opening_a_list_another_has_just_opened_can_send_its_form(
        self,
    ) -> None:
        url = self._url("people-person-list")
        first = Client(enforce_csrf_checks=True)
        first.force_login(self.alice)
        first.get(url)
        second = Client(enforce_csrf_checks=True)
        second.force_login(self.bob)
        html = second.get(url).content.decode()
        token = TOKEN.search(BULK_FORM.search(html).group(2)).group(1)
        data = {
            "csrfmiddlewaretoken": token,
            "action": "add_mentees",
            "mentee_category": "gifted",
            "people": [self.sokolov.code],
            "next": url,
        }
        bulk = reverse("people-bulk", args=[self.school_a.code])
        self.assertRedirects(second.post(bulk, data), url)
        self.assertTrue(MenteeProfile.objects.filter(person=self.sokolov).exists())

    def test_the_bulk_form_goes_back_to_the_address_as_it_was_written(self) -> None:
        self.client.force_login(self.alice)
        url = self._url("people-person-list")
        for query in ("q=%D0%9E&page=1", "page=1&q=%D0%9E"):
            with self.subTest(query=query):
                r = self.client.get(f"{url}?{query}")
                written = query.replace("&", "&amp;")
                self.assertContains(r, f'name="next" value="{url}?{written}"')

    def test_the_head_does_not_get_the_curators_filters_in_the_bases(self) -> None:
        head = make_user("head")
        Membership.objects.create(user=head, role=Role.HEAD, organisation=self.school_a)
        for page in LISTS:
            with self.subTest(page=page):
                self.client.force_login(self.alice)
                r = self.client.get(self._url(page))
                self.assertContains(r, 'name="sensitive"')
                self.client.force_login(head)
                r = self.client.get(self._url(page))
                self.assertNotContains(r, 'name="sensitive"')
                self.assertTrue(r.context["page"].object_list)

    def test_the_mentee_base_shows_a_pupil_added_between_two_visits(self) -> None:
        self.client.force_login(self.alice)
        url = self._url("people-mentee-list")
        self.assertNotContains(self.client.get(url), "Соколов")
        MenteeProfile.objects.create(person=self.sokolov, category="gifted")
        self.assertContains(self.client.get(url), "Соколов")

    def test_an_empty_list_suggests_an_import_unless_it_was_filtered(self) -> None:
        self.client.force_login(self.alice)
        url = reverse("people-mentee-list", args=[self.school_a.code])
        MenteeProfile.objects.all().delete()
        self.assertContains(self.client.get(url), "Загрузите списки")
        r = self.client.get(url, {"q": "Никого"})
        self.assertContains(r, "Никто не подходит под эти условия.")
        self.assertNotContains(r, "Загрузите списки")
        self.assertNotContains(r, 'id="bulk-form"')
