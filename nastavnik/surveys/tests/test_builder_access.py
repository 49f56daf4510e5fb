"""Who reaches the builder's pages: the staff of the organisation only."""

from __future__ import annotations

from django.urls import reverse

from nastavnik.surveys import builder
from nastavnik.surveys.models import Questionnaire
from nastavnik.test import BaseTestCase

# URL name → which object of the questionnaire it takes, and POST only.
PAGES = {
    "surveys-questionnaire-detail": ("questionnaire", False),
    "surveys-questionnaire-edit": ("questionnaire", False),
    "surveys-questionnaire-copy": ("questionnaire", True),
    "surveys-version-preview": ("version", False),
    "surveys-version-edit": ("version", False),
    "surveys-version-section-add": ("version", False),
    "surveys-section-edit": ("section", False),
    "surveys-section-move": ("section", True),
    "surveys-section-delete": ("section", False),
    "surveys-section-question-add": ("section", False),
    "surveys-question-edit": ("question", False),
    "surveys-question-move": ("question", True),
    "surveys-question-delete": ("question", False),
}
READ_ONLY = {"surveys-questionnaire-detail", "surveys-version-preview"}


def objects_of(questionnaire: Questionnaire) -> dict:
    version = questionnaire.current_version()
    section = version.sections.order_by("position").first()
    return {
        "questionnaire": questionnaire,
        "version": version,
        "section": section,
        "question": section.questions.order_by("position").first(),
    }


class BuilderAccessTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.shipped = Questionnaire.objects.get(
            organisation=None, slug="satisfaction-mentee-pupils"
        )
        cls.own = builder.questionnaire_copy(cls.shipped, cls.school_a, cls.alice)

    def urls(self, questionnaire: Questionnaire):
        objects = objects_of(questionnaire)
        for name, (thing, post_only) in PAGES.items():
            yield name, reverse(name, args=[objects[thing].code]), post_only

    def assert_status(self, user, questionnaire, expected) -> None:
        self.client.force_login(user)
        for name, url, post_only in self.urls(questionnaire):
            with self.subTest(user=user.username, url=name):
                r = self.client.post(url) if post_only else self.client.get(url)
                self.assertEqual(r.status_code, expected(name), url)

    def test_the_staff_open_every_page_of_their_questionnaire(self) -> None:
        # a post without data to a POST-only view is a forged post: 400
        self.assert_status(
            self.alice,
            self.own,
            lambda name: 400 if PAGES[name][1] else 200,
        )

    def test_an_outsider_gets_404_on_every_page(self) -> None:
        self.assert_status(self.charlie, self.own, lambda name: 404)

    def test_municipal_and_regional_roles_get_404_on_every_page(self) -> None:
        for user in (self.mila, self.rita):
            self.assert_status(user, self.own, lambda name: 404)
            self.assert_status(user, self.shipped, lambda name: 404)

    def test_a_mentor_of_the_organisation_gets_404(self) -> None:
        self.demote_bob()
        self.assert_status(self.bob, self.own, lambda name: 404)
        self.assert_status(self.bob, self.shipped, lambda name: 404)

    def test_shipped_questionnaires_are_read_only(self) -> None:
        for user in (self.alice, self.charlie):
            self.assert_status(
                user,
                self.shipped,
                lambda name: (
                    200
                    if name in READ_ONLY
                    else 400
                    if name == "surveys-questionnaire-copy"
                    else 404
                ),
            )

    def test_the_list_is_for_the_organisations_staff(self) -> None:
        url = reverse("surveys-questionnaire-list", args=[self.school_a.code])
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get(url).status_code, 200)
        self.demote_bob()
        for user in (self.charlie, self.mila, self.rita, self.bob):
            self.client.force_login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_anonymous_visitors_are_sent_to_log_in(self) -> None:
        for _name, url, post_only in self.urls(self.own):
            r = self.client.post(url) if post_only else self.client.get(url)
            self.assertEqual(r.status_code, 302)
            self.assertIn("/login/", r["Location"])
