"""The letter of thanks to a mentor: for the mentors of a pair that has held
its final meeting or closed successfully, for the staff of its organisation."""

from __future__ import annotations

from datetime import UTC, date, datetime

import time_machine
from django.urls import reverse

from nastavnik.lib.docx import CONTENT_TYPE
from nastavnik.lib.tests.checks import assert_file_name
from nastavnik.pairs import services
from nastavnik.pairs.models import ClosureReason, Meeting, Pairing, PairingMember
from nastavnik.pairs.tests.factory import make_mentee
from nastavnik.pairs.tests.test_documents import PairDocumentsMixin, text_of
from nastavnik.test import BaseTestCase

CLOSING_DAY = datetime(2027, 5, 25, 9, tzinfo=UTC)


@time_machine.travel(CLOSING_DAY, tick=False)
class ThanksLetterTestCase(PairDocumentsMixin, BaseTestCase):
    def url(self, person=None) -> str:
        person = person or self.mentor
        return reverse("pairs-pairing-thanks", args=[self.pairing.code, person.code])

    def hold_meetings(self, *days: int) -> None:
        for day in days:
            Meeting.objects.create(
                pairing=self.pairing,
                kind=Meeting.Kind.REGULAR,
                status=Meeting.Status.HELD,
                starts_at=datetime(2026, 11, day, 12, tzinfo=UTC),
            )

    def set_status(self, status: str) -> None:
        Pairing.objects.filter(pk=self.pairing.pk).update(status=status)

    def test_the_letter_of_a_closed_pair_names_the_mentor_mentee_and_period(
        self,
    ) -> None:
        self.hold_meetings(3, 10)
        Meeting.objects.create(
            pairing=self.pairing,
            kind=Meeting.Kind.REGULAR,
            status=Meeting.Status.CANCELLED,
            starts_at=datetime(2026, 11, 17, 12, tzinfo=UTC),
        )
        services.pairing_close(
            self.pairing,
            user=None,
            day=date(2027, 5, 20),
            note="Наставляемый стал призёром муниципальной олимпиады",
        )
        r = self.client.get(self.url())
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], CONTENT_TYPE)
        text = text_of(r.content)
        self.assertIn("Муниципальное общеобразовательное учреждение СОШ № 1", text)
        self.assertIn("БЛАГОДАРСТВЕННОЕ ПИСЬМО", text)
        self.assertIn("25.05.2027", text)
        self.assertIn("Уважаемый наставник Орлова Ольга", text)
        # the period ends on the day the pair closed, before its planned end
        self.assertIn("по форме «учитель – ученик»", text)
        self.assertIn("в период с 01.10.2026 по 20.05.2027.", text)
        self.assertIn("Ваша наставническая пара: Зайцев", text)
        self.assertIn("7Б класс", text)
        self.assertIn("Проведено встреч: 2.", text)
        self.assertIn(
            "Итог работы: Наставляемый стал призёром муниципальной олимпиады.", text
        )
        self.assertIn("Директор СОШ № 1", text)
        self.assertIn("М.П. Иванова", text)
        self.assertIn("М.П.", text.splitlines())
        assert_file_name(
            self,
            r,
            f"Благодарственное письмо — {self.mentor.short_name} — СОШ № 1 — "
            "25.05.2027.docx",
        )

    def test_a_pair_after_its_final_meeting_gets_the_letter_to_its_planned_end(
        self,
    ) -> None:
        self.set_status(Pairing.Status.FINAL)
        r = self.client.get(self.url())
        text = text_of(r.content)
        self.assertIn("в период с 01.10.2026 по 31.05.2027.", text)
        self.assertNotIn("Проведено встреч", text)
        self.assertNotIn("Итог работы", text)

    def test_the_letter_of_a_group_lists_its_mentees(self) -> None:
        second = make_mentee(self.school_a, "Белова", first_name="Анна")
        PairingMember.objects.create(
            pairing=self.pairing, person=second, role=PairingMember.Role.MENTEE
        )
        self.set_status(Pairing.Status.CLOSED)
        text = text_of(self.client.get(self.url()).content)
        self.assertIn("Ваша наставническая группа: Зайцев", text)
        self.assertIn("; Белова Анна", text)

    def test_a_pair_still_at_work_gets_the_message_not_a_letter(self) -> None:
        detail = reverse("pairs-pairing-detail", args=[self.pairing.code])
        for status in (Pairing.Status.WORKING, Pairing.Status.PAUSED):
            with self.subTest(status):
                self.set_status(status)
                r = self.client.get(self.url(), follow=True)
                self.assertRedirects(r, detail)
                self.assertContains(
                    r, "пары, которая провела итоговую встречу или успешно"
                )

    def test_a_pair_closed_early_gets_no_letter(self) -> None:
        services.pairing_close(
            self.pairing,
            user=None,
            day=date(2027, 1, 10),
            reason=ClosureReason.objects.filter(organisation=None).first(),
        )
        r = self.client.get(self.url())
        self.assertRedirects(
            r,
            reverse("pairs-pairing-detail", args=[self.pairing.code]),
            fetch_redirect_response=False,
        )

    def test_the_pair_page_offers_the_letter_only_once_the_pair_earns_it(
        self,
    ) -> None:
        detail = reverse("pairs-pairing-detail", args=[self.pairing.code])
        self.assertNotContains(self.client.get(detail), self.url())
        self.set_status(Pairing.Status.FINAL)
        r = self.client.get(detail)
        self.assertContains(r, self.url())
        self.assertContains(r, "Благодарственное письмо наставнику: Орлова О.")

    def test_a_teammate_downloads_it(self) -> None:
        self.set_status(Pairing.Status.CLOSED)
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url()).status_code, 200)

    def test_an_outsider_gets_404(self) -> None:
        self.set_status(Pairing.Status.CLOSED)
        for user in (self.charlie, self.mila, self.rita):
            with self.subTest(user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url()).status_code, 404)

    def test_a_person_who_is_not_a_mentor_of_the_pair_gets_404(self) -> None:
        self.set_status(Pairing.Status.CLOSED)
        self.assertEqual(self.client.get(self.url(self.mentee)).status_code, 404)

    def test_the_rw_access_is_required(self) -> None:
        self.set_status(Pairing.Status.CLOSED)
        self.demote_bob()
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url()).status_code, 404)
