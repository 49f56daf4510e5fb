from __future__ import annotations

import io
from datetime import date

import time_machine
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from nastavnik.accounts.models import AuditEvent
from nastavnik.lib.docx import CONTENT_TYPE
from nastavnik.lib.downloads import content_disposition
from nastavnik.people import services
from nastavnik.people.consent_views import consent_form_docx
from nastavnik.people.models import Consent
from nastavnik.people.tests.class_cast import NOW, ClassCastTestCase
from nastavnik.people.tests.factory import make_pupil


def _forms(content: bytes) -> list[str]:
    """The text of each section of the document: one pupil's form each."""
    body = Document(io.BytesIO(content)).element.body
    forms, lines = [], []
    for paragraph in body.iter(qn("w:p")):
        lines.append("".join(t.text or "" for t in paragraph.iter(qn("w:t"))))
        if paragraph.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            forms.append("\n".join(lines))
            lines = []
    forms.append("\n".join(lines))
    return forms


@time_machine.travel(NOW, tick=False)
class ClassPackTestCase(ClassCastTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        services.consents_request(
            people=[cls.volkov, cls.borisova, cls.gromova, cls.abramov, cls.yakovlev],
            user=cls.alice,
        )

    def setUp(self) -> None:
        url = reverse("people-class-pack", args=[self.school_a.code])
        self.url = f"{url}?class_name=7Б"

    def _download(self, url: str | None = None) -> bytes:
        self.client.force_login(self.alice)
        r = self.client.get(url or self.url)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], CONTENT_TYPE)
        return r.content

    def test_it_prints_each_waiting_form_in_class_order(self) -> None:
        expected = [
            _forms(consent_form_docx(Consent.objects.get(person=pupil)))[0]
            for pupil in (self.abramov, self.borisova)
        ]
        self.assertEqual(_forms(self._download()), expected)
        self.assertIn("Абрамов Анна", expected[0])
        self.assertIn("Борисов Борис", expected[1])

    def test_each_form_starts_on_a_new_a4_page_numbered_from_one(self) -> None:
        document = Document(io.BytesIO(self._download()))
        self.assertEqual(len(document.sections), 2)
        for section in document.sections:
            self.assertEqual(round(section.page_width.mm), 210)
            self.assertEqual(round(section.page_height.mm), 297)
            self.assertEqual(section.start_type, 2)  # WD_SECTION.NEW_PAGE
            numbers = section._sectPr.find(qn("w:pgNumType"))
            self.assertEqual(numbers.get(qn("w:start")), "1")

    def test_it_names_the_class_and_the_school_in_the_file_name(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertIn("attachment", r["Content-Disposition"])
        self.assertIn(
            "%D0%A1%D0%BE%D0%B3%D0%BB%D0%B0%D1%81%D0%B8%D1%8F%207%D0%91",
            r["Content-Disposition"],
        )  # «Согласия 7Б»

    def test_its_file_name_says_what_whose_and_when(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        name = f"Согласия 7Б — {self.school_a.short_name} — 05.10.2026.docx"
        self.assertEqual(r["Content-Disposition"], content_disposition(name))

    def test_it_writes_a_print_line_per_pupil_in_the_audit_log(self) -> None:
        self._download()
        printed = AuditEvent.objects.filter(action=AuditEvent.Action.PRINT)
        self.assertEqual(
            set(printed.values_list("object_code", flat=True)),
            {self.abramov.code, self.borisova.code},
        )
        self.assertEqual({event.user for event in printed}, {self.alice})

    def test_a_selection_of_pupils_prints_theirs_only(self) -> None:
        url = reverse("people-class-pack", args=[self.school_a.code])
        content = self._download(f"{url}?people={self.borisova.code}")
        forms = _forms(content)
        self.assertEqual(len(forms), 1)
        self.assertIn("Борисов Борис", forms[0])

    def test_a_forged_code_is_a_bad_request(self) -> None:
        self.client.force_login(self.alice)
        url = reverse("people-class-pack", args=[self.school_a.code])
        self.assertEqual(self.client.get(f"{url}?people=1 OR 1").status_code, 400)

    def test_another_schools_pupil_cannot_be_printed(self) -> None:
        services.consents_request(people=[self.other], user=self.charlie)
        url = reverse("people-class-pack", args=[self.school_a.code])
        self.client.force_login(self.alice)
        r = self.client.get(f"{url}?people={self.other.code}")
        self.assertEqual(r.status_code, 302)
        self.assertFalse(AuditEvent.objects.filter(action="print").exists())

    def test_without_waiting_forms_it_says_so(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url.replace("7Б", "5А"))
        self.assertEqual(r.status_code, 302)
        r = self.client.get(r.url)
        self.assertContains(r, "Нет согласий, ожидающих подписи")

    def test_the_teammate_may_print(self) -> None:
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_an_outsider_gets_404(self) -> None:
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertFalse(AuditEvent.objects.filter(action="print").exists())


@time_machine.travel(NOW, tick=False)
class AdultInPackTestCase(ClassCastTestCase):
    def test_an_adult_pupils_own_form_takes_its_place_in_class_order(self) -> None:
        adult = make_pupil(
            self.school_a,
            "Аксёнов",
            first_name="Олег",
            birth_date=date(2008, 1, 15),
            email="aksenov@example.org",
        )
        services.consents_request(people=[adult, self.abramov], user=self.alice)
        self.assertEqual(Consent.objects.get(person=adult).basis, Consent.Basis.SELF)
        url = reverse("people-class-pack", args=[self.school_a.code])
        self.client.force_login(self.alice)
        r = self.client.get(f"{url}?class_name=7Б")
        expected = [
            _forms(consent_form_docx(Consent.objects.get(person=pupil)))[0]
            for pupil in (self.abramov, adult)
        ]
        self.assertEqual(_forms(r.content), expected)
