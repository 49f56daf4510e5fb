from __future__ import annotations

from django.urls import reverse

from nastavnik.people.models import MenteeProfile, MentorProfile
from nastavnik.people.tests.factory import give_consent, make_person, make_pupil
from nastavnik.test import BaseTestCase


class BulkTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse("people-bulk", args=[self.school_a.code])
        self.back = reverse("people-person-list", args=[self.school_a.code])
        self.with_consent = make_pupil(self.school_a, "Орлова")
        give_consent(self.with_consent)
        self.without = make_pupil(self.school_a, "Зайцев")

    def _post(self, action: str, people: list, **extra):
        data = {"action": action, "people": [p.code for p in people], **extra}
        return self.client.post(self.url, {"next": self.back, **data}, follow=True)

    def test_it_adds_to_the_mentee_base_only_those_who_consented(self) -> None:
        self.client.force_login(self.alice)
        r = self._post(
            "add_mentees",
            [self.with_consent, self.without],
            mentee_category="gifted",
        )
        self.assertEqual(
            list(MenteeProfile.objects.values_list("person__last_name", "category")),
            [("Орлова", "gifted")],
        )
        self.assertContains(r, "не добавлен")
        self.assertRedirects(r, self.back)

    def test_it_marks_mentor_training_done(self) -> None:
        teacher = make_person(self.school_a, "Соколов")
        give_consent(teacher)
        MentorProfile.objects.create(person=teacher, source="teacher")
        self.client.force_login(self.alice)
        self._post("mark_trained", [teacher])
        profile = MentorProfile.objects.get()
        self.assertTrue(profile.training_done)
        self.assertIsNotNone(profile.training_date)

    def test_it_approves_candidates(self) -> None:
        teacher = make_person(self.school_a, "Соколов")
        give_consent(teacher)
        MentorProfile.objects.create(person=teacher, source="teacher")
        self.client.force_login(self.alice)
        self._post("approve_mentors", [teacher])
        self.assertEqual(MentorProfile.objects.get().status, "approved")

    def test_someone_from_another_organisation_is_a_bad_request(self) -> None:
        stranger = make_pupil(self.school_c, "Медведев")
        give_consent(stranger)
        self.client.force_login(self.alice)
        r = self._post("add_mentees", [self.with_consent, stranger])
        self.assertEqual(r.status_code, 400)
        self.assertFalse(MenteeProfile.objects.exists())

    def test_an_unknown_action_is_a_bad_request(self) -> None:
        self.client.force_login(self.alice)
        r = self._post("delete_everyone", [self.with_consent])
        self.assertEqual(r.status_code, 400)

    def test_nobody_ticked_says_so(self) -> None:
        self.client.force_login(self.alice)
        r = self._post("add_mentees", [])
        self.assertContains(r, "Отметьте в списке хотя бы одного человека")

    def test_it_checks_ownership(self) -> None:
        self.client.force_login(self.charlie)
        r = self._post("add_mentees", [self.with_consent])
        self.assertEqual(r.status_code, 404)
        self.assertFalse(MenteeProfile.objects.exists())

    def test_it_requires_post(self) -> None:
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get(self.url).status_code, 405)

    def test_it_never_goes_back_to_another_site(self) -> None:
        self.client.force_login(self.alice)
        data = {
            "action": "approve_mentors",
            "people": [self.with_consent.code],
            "next": "https://evil.example/people/",
        }
        r = self.client.post(self.url, data)
        self.assertRedirects(r, self.back)
