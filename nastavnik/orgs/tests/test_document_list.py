from __future__ import annotations

import io

from django.urls import reverse
from docx import Document

from nastavnik.lib.docx import CONTENT_TYPE
from nastavnik.orgs.documents import KINDS
from nastavnik.orgs.models import DocumentTemplate
from nastavnik.orgs.tests.factory import edited_template
from nastavnik.test import BaseTestCase


class DocumentListTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse("orgs-document-list", args=[self.school_a.code])

    def test_it_lists_every_document(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        for title in (
            "Согласие на обработку персональных данных (совершеннолетнего)",
            "Согласие законного представителя за ребёнка",
            "Согласие на распространение персональных данных",
            "Дорожная карта",
            "Бумажная анкета",
            "Приказ о закреплении наставнических пар и групп",
            "Соглашение участников наставнической пары",
            "Карточка наставника для сайта",
            "Персонализированная программа наставничества",
            "Журнал встреч наставнической пары",
            "Благодарственное письмо наставнику",
            "Приказ о награждении наставников",
            "Аналитическая справка о программе наставничества",
        ):
            self.assertContains(r, title)
        self.assertContains(r, "Печатается по стандартному бланку", count=len(KINDS))
        self.assertNotContains(r, "Вернуться к стандартному бланку")

    def test_it_shows_the_organisations_own_version(self) -> None:
        DocumentTemplate.objects.create(
            organisation=self.school_a,
            name="roadmap.docx",
            content=edited_template("roadmap.docx"),
            file_name="Дорожная карта школы.docx",
        )
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "«Дорожная карта школы.docx»")
        self.assertContains(r, "Вернуться к стандартному бланку", count=1)

    def test_it_works_for_the_teammate(self) -> None:
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_it_requires_rw_access(self) -> None:
        self.demote_bob()
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_checks_ownership(self) -> None:
        for user in (self.charlie, self.mila, self.rita):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 404)


class DocumentDownloadTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse("orgs-document-download", args=[self.school_a.code])
        self.own = edited_template("roadmap.docx", "Свой вариант школы.")
        DocumentTemplate.objects.create(
            organisation=self.school_a, name="roadmap.docx", content=self.own
        )

    def _lines(self, content: bytes) -> list[str]:
        return [p.text for p in Document(io.BytesIO(content)).paragraphs]

    def test_it_gives_the_standard_form(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url, {"kind": "roadmap", "default": "1"})
        self.assertEqual(r["Content-Type"], CONTENT_TYPE)
        self.assertIn("attachment", r["Content-Disposition"])
        self.assertIn("{{ organisation_name }}", self._lines(r.content))
        self.assertNotIn("Свой вариант школы.", self._lines(r.content))

    def test_it_gives_the_organisations_own_version(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url, {"kind": "roadmap"})
        self.assertEqual(r.content, self.own)

    def test_an_unknown_kind_is_not_found(self) -> None:
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        r = self.client.get(self.url, {"kind": "../settings.py"})
        self.assertEqual(r.status_code, 404)

    def test_it_works_for_the_teammate(self) -> None:
        self.client.force_login(self.bob)
        self.assertEqual(
            self.client.get(self.url, {"kind": "roadmap"}).status_code, 200
        )

    def test_it_requires_rw_access(self) -> None:
        self.demote_bob()
        self.client.force_login(self.bob)
        r = self.client.get(self.url, {"kind": "roadmap"})
        self.assertEqual(r.status_code, 404)

    def test_it_checks_ownership(self) -> None:
        for user in (self.charlie, self.mila):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                r = self.client.get(self.url, {"kind": "roadmap"})
                self.assertEqual(r.status_code, 404)
