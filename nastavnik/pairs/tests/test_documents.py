"""The documents of pairs: the order fixing them, the participants'
agreement, the mentor's card, the meeting log and the letter of thanks open
in Word, name the pair's people, and print on A4 in LibreOffice."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from unittest import skipUnless

import time_machine
from django.urls import reverse
from docx import Document

from nastavnik.lib import docx
from nastavnik.lib.docx import CONTENT_TYPE
from nastavnik.lib.tests.checks import SOFFICE, assert_file_name, pdf_info
from nastavnik.orgs.documents import BY_KEY
from nastavnik.orgs.models import DocumentTemplate
from nastavnik.pairs import services
from nastavnik.pairs.models import Feedback, Meeting
from nastavnik.pairs.tests.factory import make_mentee, make_mentor, make_pairing
from nastavnik.people.models import Consent
from nastavnik.people.tests.factory import give_consent, make_guardian
from nastavnik.programmes.tests.factory import make_programme
from nastavnik.test import BaseTestCase, make_user

TODAY = datetime(2026, 10, 5, 9, tzinfo=UTC)


def text_of(content: bytes) -> str:
    """Every paragraph and table cell of the document, one per line."""
    document = Document(io.BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


class PairDocumentsMixin:
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        with time_machine.travel(TODAY, tick=False):
            cls.school_a.head_name = "Иванова Мария Петровна"
            cls.school_a.head_position = "директор"
            cls.school_a.save()
            programme = make_programme(cls.school_a, status="running")
            cls.mentor = make_mentor(
                cls.school_a, "Орлова", first_name="Ольга", position="учитель"
            )
            cls.mentee = make_mentee(cls.school_a, "Зайцев", class_name="7Б")
            cls.pairing = make_pairing(programme, cls.mentor, cls.mentee)
            cls.order = services.order_create(
                organisation=cls.school_a, pairings=[cls.pairing], user=cls.alice
            )

    def setUp(self) -> None:
        self.client.force_login(self.alice)


@time_machine.travel(TODAY, tick=False)
class OrderDocxTestCase(PairDocumentsMixin, BaseTestCase):
    def test_the_draft_order_lists_its_pair_with_blank_number_and_date(self) -> None:
        r = self.client.get(reverse("pairs-order-docx", args=[self.order.code]))
        self.assertEqual(r["Content-Type"], CONTENT_TYPE)
        text = text_of(r.content)
        self.assertIn("ПРИКАЗ", text)
        self.assertIn("№ ______ от ______________", text)
        self.assertIn("ПРИКАЗЫВАЮ:", text)
        self.assertIn("Орлова Ольга", text)
        self.assertIn("Зайцев", text)
        self.assertIn("7Б класс", text)
        self.assertIn("С приказом ознакомлены:", text)
        self.assertIn("М.П. Иванова", text)
        # the teacher–pupil form is on the pupils' track: no written consent line
        self.assertNotIn("письменного согласия", text)
        assert_file_name(
            self,
            r,
            "Приказ о закреплении наставнических пар — проект — СОШ № 1 — "
            "05.10.2026.docx",
        )

    def test_the_signed_order_prints_its_number_and_date(self) -> None:
        services.order_sign(self.order, number="45-о", day=date(2026, 10, 5), user=None)
        r = self.client.get(reverse("pairs-order-docx", args=[self.order.code]))
        self.assertIn("№ 45-о от 05.10.2026", text_of(r.content))

    def test_the_order_page_links_its_document(self) -> None:
        r = self.client.get(reverse("pairs-order-detail", args=[self.order.code]))
        self.assertContains(r, reverse("pairs-order-docx", args=[self.order.code]))

    def test_an_order_on_the_teacher_track_records_the_mentors_consent(self) -> None:
        from nastavnik.programmes.models import MentorshipForm

        form = MentorshipForm.objects.filter(
            organisation=None, track="teachers"
        ).first()
        self.pairing.form = form
        self.pairing.save()
        r = self.client.get(reverse("pairs-order-docx", args=[self.order.code]))
        self.assertIn("с их письменного согласия", text_of(r.content))

    def test_each_default_template_passes_the_check_of_an_upload(self) -> None:
        for key in (
            "pairing_order",
            "participant_agreement",
            "mentor_card",
            "personal_plan",
            "meeting_log",
            "thanks_letter",
        ):
            with self.subTest(key):
                kind = BY_KEY[key]
                content = docx.document_template(kind.file_name).read_bytes()
                docx.check_template(content, kind.sample_context())

    def test_the_organisations_own_template_prints_the_order(self) -> None:
        document = Document(docx.document_template("pairing_order.docx"))
        for paragraph in document.paragraphs:
            for run in paragraph.runs:
                run.text = run.text.replace("ПРИКАЗЫВАЮ", "ПОСТАНОВЛЯЮ")
        out = io.BytesIO()
        document.save(out)
        own = out.getvalue()
        DocumentTemplate.objects.create(
            organisation=self.school_a,
            name="pairing_order.docx",
            content=own,
            file_name="приказ.docx",
        )
        r = self.client.get(reverse("pairs-order-docx", args=[self.order.code]))
        self.assertIn("ПОСТАНОВЛЯЮ:", text_of(r.content))

    def test_another_schools_curator_gets_404(self) -> None:
        self.client.force_login(self.charlie)
        r = self.client.get(reverse("pairs-order-docx", args=[self.order.code]))
        self.assertEqual(r.status_code, 404)

    def test_a_teammate_downloads_it(self) -> None:
        self.client.force_login(self.bob)
        r = self.client.get(reverse("pairs-order-docx", args=[self.order.code]))
        self.assertEqual(r.status_code, 200)


@time_machine.travel(TODAY, tick=False)
class AgreementAndLogTestCase(PairDocumentsMixin, BaseTestCase):
    def test_the_agreement_names_the_pair_and_the_representative_signs(self) -> None:
        r = self.client.get(
            reverse("pairs-pairing-agreement", args=[self.pairing.code])
        )
        text = text_of(r.content)
        self.assertIn("СОГЛАШЕНИЕ", text)
        self.assertIn("Орлова Ольга", text)
        self.assertIn("Зайцев", text)
        self.assertIn("Законный представитель наставляемого Зайцев", text)

    def test_the_agreement_names_a_girl_as_such_and_her_mother_signs(self) -> None:
        girl = make_mentee(
            self.school_a, "Белова", first_name="Анна", patronymic="Игоревна"
        )
        make_guardian(girl, first_name="Ольга", patronymic="Петровна")
        pairing = make_pairing(self.pairing.programme, self.mentor, girl)
        r = self.client.get(reverse("pairs-pairing-agreement", args=[pairing.code]))
        text = text_of(r.content)
        self.assertIn("наставляемая Белова Анна Игоревна, 7Б класс", text)
        self.assertIn("Белова Ольга Петровна", text)

    def test_the_meeting_log_lists_meetings_confirmations_and_ratings(self) -> None:
        meeting = Meeting.objects.create(
            pairing=self.pairing,
            kind=Meeting.Kind.INTRO,
            status=Meeting.Status.HELD,
            starts_at=datetime(2026, 10, 2, 12, tzinfo=UTC),
            duration_minutes=40,
            topic="Знакомство и цели",
            paper_confirmed_on=date(2026, 10, 3),
        )
        Feedback.objects.create(meeting=meeting, person=self.mentee, rating=9)
        r = self.client.get(
            reverse("pairs-pairing-meeting-log", args=[self.pairing.code])
        )
        text = text_of(r.content)
        self.assertIn("ЖУРНАЛ ВСТРЕЧ", text)
        self.assertIn("Зайцев", text)
        self.assertIn("Знакомство и цели", text)
        self.assertIn("на бумаге 03.10.2026", text)
        self.assertIn("9 из 10", text)
        self.assertIn("Проведено встреч: 1, общей длительностью 40 мин.", text)

    def test_the_pairs_mentor_downloads_the_log_an_outsider_gets_404(self) -> None:
        url = reverse("pairs-pairing-meeting-log", args=[self.pairing.code])
        dave = make_user("dave")
        self.mentor.user = dave
        self.mentor.save()
        self.client.force_login(dave)
        self.assertEqual(self.client.get(url).status_code, 200)
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_agreement_is_for_the_staff_only(self) -> None:
        url = reverse("pairs-pairing-agreement", args=[self.pairing.code])
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(url).status_code, 200)
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(url).status_code, 404)


@time_machine.travel(TODAY, tick=False)
class MentorCardTestCase(PairDocumentsMixin, BaseTestCase):
    def test_without_the_dissemination_consent_the_card_is_refused(self) -> None:
        url = reverse("pairs-mentor-card", args=[self.mentor.code])
        r = self.client.get(url, follow=True)
        self.assertRedirects(
            r, reverse("people-person-detail", args=[self.mentor.code])
        )
        self.assertContains(r, "согласием на распространение персональных данных")

    def test_with_the_consent_the_card_names_the_mentor(self) -> None:
        give_consent(self.mentor, kind=Consent.Kind.DISSEMINATION)
        r = self.client.get(reverse("pairs-mentor-card", args=[self.mentor.code]))
        self.assertEqual(r["Content-Type"], CONTENT_TYPE)
        text = text_of(r.content)
        self.assertIn("КАРТОЧКА НАСТАВНИКА", text)
        self.assertIn("Орлова Ольга", text)
        self.assertIn("учитель", text)

    def test_another_schools_curator_gets_404(self) -> None:
        self.client.force_login(self.charlie)
        r = self.client.get(reverse("pairs-mentor-card", args=[self.mentor.code]))
        self.assertEqual(r.status_code, 404)


@skipUnless(SOFFICE, "LibreOffice is not installed")
@time_machine.travel(TODAY, tick=False)
class PrintTestCase(PairDocumentsMixin, BaseTestCase):
    """Each document prints in LibreOffice on numbered A4 pages."""

    def test_the_order_and_the_agreement_and_the_log_print_on_a4(self) -> None:
        for name, code in (
            ("pairs-order-docx", self.order.code),
            ("pairs-pairing-agreement", self.pairing.code),
            ("pairs-pairing-meeting-log", self.pairing.code),
        ):
            with self.subTest(name):
                r = self.client.get(reverse(name, args=[code]))
                info, text = pdf_info(r.content)
                self.assertIn("(A4)", info)
                self.assertIn("Зайцев", text)
                self.assertEqual(text.split()[-1], "1")

    def test_the_letter_of_thanks_prints_on_one_a4_page(self) -> None:
        services.pairing_close(
            self.pairing, user=None, day=date(2027, 5, 20), note="Цель достигнута"
        )
        url = reverse(
            "pairs-pairing-thanks", args=[self.pairing.code, self.mentor.code]
        )
        info, text = pdf_info(self.client.get(url).content)
        self.assertIn("(A4)", info)
        self.assertRegex(info, r"Pages:\s+1\n")
        self.assertIn("БЛАГОДАРСТВЕННОЕ ПИСЬМО", text)
        self.assertIn("Зайцев", text)
        self.assertIn("М.П. Иванова", text)
