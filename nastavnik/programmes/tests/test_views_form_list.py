from __future__ import annotations

from django.urls import reverse

from nastavnik.programmes.models import MentorshipForm
from nastavnik.test import BaseTestCase


class FormListTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse("programmes-form-list", args=[self.school_a.code])

    def post(self, **fields):
        data = {
            "name": "Наставник-старшеклассник",
            "federal_form": "pupil_pupil",
            "mentor_category": "pupil",
            "mentee_category": "pupil",
            "track": "students",
            "aliases": "старшеклассник – младший школьник\nшефство",
            "variants": "",
            **fields,
        }
        return self.client.post(self.url, data)

    def test_it_lists_the_federal_forms(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "ученик – ученик")
        self.assertContains(r, "опытный педагог – молодой специалист")

    def test_it_adds_an_own_form(self) -> None:
        self.client.force_login(self.alice)
        r = self.post()
        self.assertRedirects(r, self.url)
        form = MentorshipForm.objects.get(organisation=self.school_a)
        self.assertEqual(form.name, "Наставник-старшеклассник")
        self.assertEqual(form.aliases, ["старшеклассник – младший школьник", "шефство"])
        self.assertTrue(form.slug)
        self.assertIn(form, MentorshipForm.objects.available_to(self.school_a))
        self.assertNotIn(form, MentorshipForm.objects.available_to(self.school_c))
        self.assertContains(self.client.get(self.url), "шефство")

    def test_it_refuses_a_name_that_is_taken(self) -> None:
        self.client.force_login(self.alice)
        r = self.post(name="Ученик-ученик")
        self.assertContains(r, "уже название формы «ученик – ученик»")
        r = self.post(name="Новая", aliases="педагог – педагог")
        self.assertContains(r, "уже название формы «педагог – педагог»")
        self.assertFalse(MentorshipForm.objects.filter(organisation=self.school_a))

    def test_it_takes_a_form_out_of_use_and_back(self) -> None:
        self.client.force_login(self.alice)
        self.post()
        form = MentorshipForm.objects.get(organisation=self.school_a)
        toggle = reverse("programmes-form-toggle", args=[self.school_a.code])
        self.client.post(toggle, {"form": str(form.code)})
        self.assertNotIn(form, MentorshipForm.objects.available_to(self.school_a))
        self.client.post(toggle, {"form": str(form.code)})
        self.assertIn(form, MentorshipForm.objects.available_to(self.school_a))

    def test_federal_and_other_organisations_forms_cannot_be_toggled(self) -> None:
        other = MentorshipForm.objects.create(
            slug="own-c",
            organisation=self.school_c,
            name="Чужая",
            federal_form="pupil_pupil",
            mentor_category="pupil",
            mentee_category="pupil",
            track="students",
        )
        federal = MentorshipForm.objects.get(slug="pupil_pupil")
        toggle = reverse("programmes-form-toggle", args=[self.school_a.code])
        self.client.force_login(self.alice)
        for form in (other, federal):
            with self.subTest(form=form.name):
                r = self.client.post(toggle, {"form": str(form.code)})
                self.assertEqual(r.status_code, 400)
                form.refresh_from_db()
                self.assertTrue(form.is_active)

    def test_it_rejects_a_forged_choice(self) -> None:
        self.client.force_login(self.alice)
        self.assertEqual(self.post(track="everyone").status_code, 400)

    def test_readers_cannot_add_forms(self) -> None:
        for user in (self.mila, self.charlie):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 404)
                self.assertEqual(self.post().status_code, 404)
        self.assertFalse(MentorshipForm.objects.filter(organisation__isnull=False))
