from __future__ import annotations

from django.urls import reverse

from nastavnik.orgs.models import DocumentTemplate
from nastavnik.orgs.tests.factory import edited_template, upload
from nastavnik.test import BaseTestCase


class DocumentUploadTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse("orgs-document-upload", args=[self.school_a.code])
        self.good = edited_template(
            "consent_adult.docx", "Наша школа: {{ organisation_name }}."
        )

    def post(self, content: bytes, kind: str = "consent_adult", **extra):
        return self.client.post(
            self.url, {"kind": kind, "file": upload(content), **extra}
        )

    def test_it_works(self) -> None:
        self.client.force_login(self.alice)
        r = self.post(self.good)
        self.assertRedirects(
            r, reverse("orgs-document-list", args=[self.school_a.code])
        )
        template = DocumentTemplate.objects.get(organisation=self.school_a)
        self.assertEqual(template.name, "consent_adult.docx")
        self.assertEqual(bytes(template.content), self.good)
        self.assertEqual(template.file_name, "Наш бланк.docx")
        r = self.client.get(r.url)
        self.assertContains(r, "Печатается по вашему варианту")

    def test_a_second_upload_replaces_the_first(self) -> None:
        self.client.force_login(self.alice)
        self.post(self.good)
        second = edited_template("consent_adult.docx", "Второй вариант.")
        self.post(second)
        template = DocumentTemplate.objects.get(organisation=self.school_a)
        self.assertEqual(bytes(template.content), second)

    def test_it_refuses_a_file_that_is_not_a_docx_and_keeps_the_old_one(self) -> None:
        self.client.force_login(self.alice)
        self.post(self.good)
        r = self.post(b"%PDF-1.4 not a word document")
        self.assertContains(r, "Это не документ Word (.docx)", status_code=400)
        template = DocumentTemplate.objects.get(organisation=self.school_a)
        self.assertEqual(bytes(template.content), self.good)

    def test_it_names_an_unknown_field(self) -> None:
        self.client.force_login(self.alice)
        bad = edited_template("roadmap.docx", "Телефон: {{ director_phone }}")
        r = self.post(bad, kind="roadmap")
        self.assertContains(r, "{{ director_phone }}", status_code=400)
        self.assertContains(r, "поля, которые программа не заполняет", status_code=400)
        self.assertFalse(DocumentTemplate.objects.exists())

    def test_it_refuses_a_broken_condition(self) -> None:
        self.client.force_login(self.alice)
        bad = edited_template("survey_blank.docx", "{% if named %}Имя")
        r = self.post(bad, kind="survey_blank")
        self.assertContains(r, "записано с ошибкой", status_code=400)
        self.assertFalse(DocumentTemplate.objects.exists())

    def test_every_standard_form_passes_its_own_check(self) -> None:
        self.client.force_login(self.alice)
        kinds = {
            "consent_adult": "consent_adult.docx",
            "consent_guardian": "consent_guardian.docx",
            "consent_dissemination": "consent_dissemination.docx",
            "roadmap": "roadmap.docx",
            "survey_blank": "survey_blank.docx",
        }
        for kind, file_name in kinds.items():
            with self.subTest(kind=kind):
                r = self.post(edited_template(file_name), kind=kind)
                self.assertEqual(r.status_code, 302)
        self.assertEqual(DocumentTemplate.objects.count(), 5)

    def test_a_field_cannot_reach_python(self) -> None:
        self.client.force_login(self.alice)
        escape = "{{ title_lines.__class__.__mro__[1].__subclasses__() }}"
        r = self.post(edited_template("roadmap.docx", escape), kind="roadmap")
        self.assertEqual(r.status_code, 400)
        self.assertFalse(DocumentTemplate.objects.exists())

    def test_it_refuses_a_forged_kind(self) -> None:
        self.client.force_login(self.alice)
        self.assertEqual(self.post(self.good, kind="passwords").status_code, 400)

    def test_it_works_for_the_teammate(self) -> None:
        self.client.force_login(self.bob)
        self.assertEqual(self.post(self.good).status_code, 302)

    def test_it_requires_rw_access(self) -> None:
        self.demote_bob()
        self.client.force_login(self.bob)
        self.assertEqual(self.post(self.good).status_code, 404)
        self.assertFalse(DocumentTemplate.objects.exists())

    def test_it_checks_ownership(self) -> None:
        for user in (self.charlie, self.mila):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.post(self.good).status_code, 404)
        self.assertFalse(DocumentTemplate.objects.exists())
