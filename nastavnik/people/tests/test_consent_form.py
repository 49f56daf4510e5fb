from __future__ import annotations

import io
import subprocess
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from unittest import skipUnless

import time_machine
from django.urls import reverse
from docx import Document

from nastavnik.accounts.models import AuditEvent
from nastavnik.lib.docx import CONTENT_TYPE
from nastavnik.lib.tests.checks import PDFTOTEXT, SOFFICE, assert_file_name, convert
from nastavnik.orgs.models import DocumentTemplate
from nastavnik.orgs.tests.factory import edited_template
from nastavnik.people import consent_forms, services
from nastavnik.people.models import Consent, GuardianLink
from nastavnik.people.tests.consent_cast import ConsentCastTestCase, make_person


def _text(content: bytes) -> str:
    """Every paragraph and table cell of the document, one per line."""
    document = Document(io.BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


@time_machine.travel("2028-02-29 10:00+03:00", tick=False)
class ConsentFormTestCase(ConsentCastTestCase):
    def setUp(self) -> None:
        self.school_a.address = "613340, Кировская обл., пгт Уни, ул. Ленина, д. 1"
        self.school_a.save()
        self.url = reverse("people-consent-form", args=[self.consent.code])

    def _download(self, url: str | None = None) -> str:
        self.client.force_login(self.alice)
        r = self.client.get(url or self.url)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], CONTENT_TYPE)
        self.assertIn("attachment", r["Content-Disposition"])
        return _text(r.content)

    def test_it_fills_the_legal_representatives_form(self) -> None:
        text = self._download()
        self.assertIn("законного представителя на обработку персональных данных", text)
        self.assertIn("Я, Иванова Алёна Викторовна,", text)
        self.assertIn("законным представителем (мать)", text)
        self.assertIn(
            "моего ребёнка Иванова Петра Сергеевича, 04.03.2012 года рождения", text
        )
        self.assertIn("обучающегося 7Б класса", text)
        self.assertIn("паспорт: серия ________", text)
        self.assertIn("Муниципальное общеобразовательное учреждение СОШ № 1", text)
        self.assertIn("ИНН 4330000013", text)
        self.assertIn("пгт Уни, ул. Ленина, д. 1", text)
        self.assertIn("152-ФЗ «О персональных данных»", text)
        self.assertIn("в муниципальный наставнический центр (Уни)", text)
        self.assertNotIn("региональный наставнический центр", text)
        self.assertIn("до отзыва согласия", text)
        self.assertIn("/ А.В. Иванова /", text)
        self.assertIn("Уни\t«____» ______________ 20____ г.", text)
        self.assertNotIn("{{", text)

    def test_it_prints_the_organisations_header_and_page_numbers(self) -> None:
        self.client.force_login(self.alice)
        document = Document(io.BytesIO(self.client.get(self.url).content))
        head = [p.text for p in document.paragraphs[:2]]
        self.assertEqual(
            head,
            [
                "Муниципальное общеобразовательное учреждение СОШ № 1",
                "613340, Кировская обл., пгт Уни, ул. Ленина, д. 1",
            ],
        )
        section = document.sections[0]
        self.assertEqual(
            (round(section.page_width.mm), round(section.page_height.mm)), (210, 297)
        )
        self.assertGreaterEqual(section.left_margin.mm, 20)
        footer = section.footer._element.xml
        self.assertIn("PAGE", footer)

    def test_a_childs_form_lists_no_teachers_data(self) -> None:
        text = self._download()
        self.assertIn("класс (группа), место учёбы", text)
        self.assertNotIn("стаж", text.casefold())
        self.assertNotIn("должность", text.casefold())

    def test_it_prints_from_the_organisations_own_template(self) -> None:
        own = edited_template(
            "consent_guardian.docx", "Своя строка школы: {{ person_name_genitive }}."
        )
        DocumentTemplate.objects.create(
            organisation=self.school_a, name="consent_guardian.docx", content=own
        )
        text = self._download()
        self.assertIn("Своя строка школы: Иванова Петра Сергеевича.", text)
        self.school_a.document_templates.all().delete()
        self.assertNotIn("Своя строка школы", self._download())

    def test_the_sample_for_uploaded_templates_has_every_field(self) -> None:
        self.assertEqual(
            set(consent_forms.sample_context()),
            set(consent_forms.document_context(self.consent)),
        )

    def test_it_writes_a_print_line_in_the_audit_log(self) -> None:
        self._download()
        event = AuditEvent.objects.get(action=AuditEvent.Action.PRINT)
        self.assertEqual(event.user, self.alice)
        self.assertEqual(event.object_code, self.child.code)

    def test_it_prints_the_signature_date_and_term(self) -> None:
        self.consent.valid_until = date(2031, 8, 31)
        self.consent.save()
        services.consent_sign(
            consent=self.consent,
            channel=Consent.Channel.PAPER,
            user=None,
            day=date(2028, 2, 29),
        )
        text = self._download()
        self.assertIn("Уни	29.02.2028", text)
        self.assertIn("по 31.08.2031 включительно", text)

    def test_an_adult_gets_the_adults_form(self) -> None:
        consent = services.consent_request(
            person=self.teacher,
            kind=Consent.Kind.PROCESSING,
            user=None,
            transfer_municipal=False,
        )
        text = self._download(reverse("people-consent-form", args=[consent.code]))
        self.assertIn("Я, Смирнова Ольга Ивановна, 07.06.1985 года рождения", text)
        self.assertIn("учитель математики", text)
        self.assertIn("на обработку моих персональных данных", text)
        self.assertIn("должность, место работы, педагогический стаж", text)
        self.assertIn("передача персональных данных третьим лицам не разрешается", text)
        self.assertNotIn("законного представителя", text)

    def test_the_dissemination_form_lists_the_data_to_publish(self) -> None:
        self.school_a.website = "https://school1.example.org"
        self.school_a.save()
        consent = services.consent_request(
            person=self.child,
            kind=Consent.Kind.DISSEMINATION,
            user=None,
            signer=self.mother,
        )
        text = self._download(reverse("people-consent-form", args=[consent.code]))
        self.assertIn("разрешённых субъектом", text)
        self.assertIn("статьёй 10.1", text)
        self.assertIn(
            "Я, Иванова Алёна Викторовна, являясь законным представителем", text
        )
        self.assertIn("моего ребёнка Иванова Петра Сергеевича", text)
        self.assertIn("официальный сайт https://school1.example.org", text)
        self.assertIn("Фамилия, имя, отчество", text)
        self.assertIn("Класс (группа)", text)
        self.assertNotIn("Должность", text)
        self.assertIn("Фотографии и видеозаписи с мероприятий программы", text)
        self.assertIn("Разрешаю (да/нет)", text)

    def test_the_dissemination_form_needs_the_website(self) -> None:
        consent = services.consent_request(
            person=self.child,
            kind=Consent.Kind.DISSEMINATION,
            user=None,
            signer=self.mother,
        )
        self.client.force_login(self.alice)
        url = reverse("people-consent-form", args=[consent.code])
        r = self.client.get(url, follow=True)
        self.assertRedirects(r, reverse("people-consent-detail", args=[consent.code]))
        self.assertContains(r, "сайт")
        self.assertContains(r, "Изменить сведения")
        self.assertFalse(AuditEvent.objects.filter(action="print").exists())

    def test_names_with_script_apostrophes_and_yo_do_not_break_it(self) -> None:
        child = make_person(
            self.school_a,
            "<script>alert(1)</script>",
            "Д'Артаньян & Ёжиков",
            patronymic="Семёнович",
            category="pupil",
            class_name="5А",
        )
        GuardianLink.objects.create(
            child=child, guardian=self.mother, relation=GuardianLink.Relation.MOTHER
        )
        consent = services.consent_request(
            person=child, kind=Consent.Kind.PROCESSING, user=None, signer=self.mother
        )
        text = self._download(reverse("people-consent-form", args=[consent.code]))
        self.assertIn("<script>alert(1)</script> Д'Артаньян & Ёжикова Семёновича", text)
        self.assertIn("____ года рождения", text)

    def test_there_is_no_form_for_an_anonymised_person(self) -> None:
        self.sign()
        services.consent_revoke(consent=self.consent, user=None)
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_works_for_the_teammate(self) -> None:
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_it_checks_ownership(self) -> None:
        for user in (self.charlie, self.mila):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertFalse(AuditEvent.objects.filter(action="print").exists())

    def test_it_requires_rw_access(self) -> None:
        self.demote_bob()
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 404)


@skipUnless(SOFFICE and PDFTOTEXT, "LibreOffice or pdftotext is not installed")
class ConsentPdfTestCase(ConsentCastTestCase):
    """The guardian's form prints in LibreOffice on A4 pages, numbered, with
    the school's header and the child in the genitive."""

    def test_the_guardians_form_prints_on_numbered_a4_pages(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(reverse("people-consent-form", args=[self.consent.code]))
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp)
            path = out / "consent.docx"
            path.write_bytes(r.content)
            convert([path], out)
            pdf = path.with_suffix(".pdf")
            pages = [
                subprocess.run(
                    [PDFTOTEXT, "-f", str(n), "-l", str(n), "-layout", pdf, "-"],
                    capture_output=True,
                    check=True,
                ).stdout.decode()
                for n in (1, 2)
            ]
            info = subprocess.run(
                ["pdfinfo", pdf], capture_output=True, check=True
            ).stdout.decode()
        self.assertIn("(A4)", info)
        first = " ".join(pages[0].split())
        self.assertTrue(first.startswith(self.school_a.name))
        self.assertIn("моего ребёнка Иванова Петра Сергеевича", first)
        self.assertEqual(pages[0].split()[-1], "1")
        self.assertEqual(pages[1].split()[-1], "2")
        self.assertIn("/ А.В. Иванова /", " ".join(pages[1].split()))


@time_machine.travel(datetime(2026, 12, 5, 9, tzinfo=UTC), tick=False)
class ConsentFormDownloadTestCase(ConsentCastTestCase):
    def test_it_names_the_consent_the_person_the_school_and_the_day(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(reverse("people-consent-form", args=[self.consent.code]))
        self.assertEqual(r.status_code, 200)
        name = (
            "Согласие на обработку персональных данных — Иванов П.С. — СОШ № 1 — "
            "05.12.2026.docx"
        )
        assert_file_name(self, r, name)

    def test_a_consent_to_dissemination_says_so(self) -> None:
        self.school_a.website = "https://school1.example.ru"
        self.school_a.save()
        consent = services.consent_request(
            person=self.teacher, kind=Consent.Kind.DISSEMINATION, user=self.alice
        )
        self.client.force_login(self.alice)
        r = self.client.get(reverse("people-consent-form", args=[consent.code]))
        self.assertEqual(r.status_code, 200)
        name = (
            "Согласие на распространение персональных данных — Смирнова О.И. — "
            "СОШ № 1 — 05.12.2026.docx"
        )
        assert_file_name(self, r, name)
