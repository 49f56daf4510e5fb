from __future__ import annotations

from django.urls import reverse

from nastavnik.accounts.models import AuditEvent
from nastavnik.people.models import GuardianLink, Person
from nastavnik.people.tests.consent_cast import ConsentCastTestCase, make_person


class GuardianAddTestCase(ConsentCastTestCase):
    def setUp(self) -> None:
        self.url = reverse("people-guardian-add", args=[self.child.code])
        self.new_parent = {
            "last_name": "Иванов",
            "first_name": "Сергей",
            "patronymic": "Петрович",
            "phone": "+7 900 000-00-02",
            "email": "father@example.org",
            "relation": "father",
            "is_legal_representative": "on",
        }

    def test_it_shows_the_guardians_and_the_form(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "Иванова Алёна Викторовна")
        self.assertContains(r, "Добавить родителя")

    def test_it_creates_a_parent_and_the_link(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(self.url, self.new_parent)
        self.assertRedirects(r, self.url)
        father = Person.objects.get(first_name="Сергей")
        self.assertEqual(father.organisation, self.school_a)
        self.assertEqual(father.category, Person.Category.PARENT)
        self.assertEqual(father.email, "father@example.org")
        link = GuardianLink.objects.get(child=self.child, guardian=father)
        self.assertEqual(link.relation, "father")
        self.assertTrue(link.is_legal_representative)
        self.assertIn(father, self.child.legal_representatives())
        actions = AuditEvent.objects.filter(user=self.alice).values_list(
            "action", flat=True
        )
        self.assertIn(AuditEvent.Action.CREATE, actions)
        self.assertIn(AuditEvent.Action.UPDATE, actions)

    def test_it_links_a_parent_from_the_base(self) -> None:
        grandma = make_person(self.school_a, "Петрова", "Нина")
        self.client.force_login(self.alice)
        data = {"guardian": grandma.code, "relation": "other"}
        r = self.client.post(self.url, data)
        self.assertRedirects(r, self.url)
        link = GuardianLink.objects.get(child=self.child, guardian=grandma)
        self.assertFalse(link.is_legal_representative)
        self.assertEqual(Person.objects.filter(last_name="Петрова").count(), 1)

    def test_it_requires_a_name_for_a_new_parent(self) -> None:
        self.client.force_login(self.alice)
        data = {**self.new_parent, "last_name": "", "first_name": " "}
        r = self.client.post(self.url, data)
        self.assertContains(r, "Заполните это поле или выберите родителя из базы")
        self.assertEqual(self.child.guardian_links.count(), 1)

    def test_it_refuses_a_parent_of_another_organisation(self) -> None:
        stranger = make_person(self.school_c, "Чужая", "Мама")
        self.client.force_login(self.alice)
        data = {"guardian": stranger.code, "relation": "mother"}
        self.assertEqual(self.client.post(self.url, data).status_code, 400)
        self.assertFalse(GuardianLink.objects.filter(guardian=stranger).exists())

    def test_it_refuses_a_tampered_relation(self) -> None:
        self.client.force_login(self.alice)
        data = {**self.new_parent, "relation": "uncle"}
        self.assertEqual(self.client.post(self.url, data).status_code, 400)

    def test_it_keeps_apostrophes_and_script_harmless(self) -> None:
        self.client.force_login(self.alice)
        data = {**self.new_parent, "last_name": "Д'Артаньян", "first_name": "<script>"}
        self.client.post(self.url, data)
        r = self.client.get(self.url)
        self.assertContains(r, "Д&#x27;Артаньян &lt;script&gt;")
        self.assertNotContains(r, "<script>alert")

    def test_it_works_for_the_teammate(self) -> None:
        self.client.force_login(self.bob)
        self.assertEqual(self.client.post(self.url, self.new_parent).status_code, 302)

    def test_it_checks_ownership(self) -> None:
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.post(self.url, self.new_parent).status_code, 404)
        self.assertEqual(self.child.guardian_links.count(), 1)

    def test_the_municipal_coordinator_cannot_add(self) -> None:
        self.client.force_login(self.mila)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_requires_rw_access(self) -> None:
        self.demote_bob()
        self.client.force_login(self.bob)
        self.assertEqual(self.client.post(self.url, self.new_parent).status_code, 404)
        self.assertEqual(self.child.guardian_links.count(), 1)

    def test_it_requires_login(self) -> None:
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 302)
        self.assertIn(reverse("accounts-login"), r.url)
