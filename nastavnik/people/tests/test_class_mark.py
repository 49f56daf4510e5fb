from __future__ import annotations

from datetime import date

import time_machine
from django.urls import reverse

from nastavnik.people import services
from nastavnik.people.models import Consent
from nastavnik.people.tests.class_cast import NOW, ClassCastTestCase

LATER = "2026-10-12 10:00+03:00"


@time_machine.travel(LATER, tick=False)
class ClassMarkTestCase(ClassCastTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        with time_machine.travel(NOW, tick=False):
            services.consents_request(
                people=[cls.abramov, cls.borisova, cls.volkov], user=cls.alice
            )
        cls.first = Consent.objects.get(person=cls.abramov)
        cls.second = Consent.objects.get(person=cls.borisova)

    def setUp(self) -> None:
        url = reverse("people-class-mark", args=[self.school_a.code])
        self.url = f"{url}?class_name=7Б"
        self.client.force_login(self.alice)

    def _post(self, **data):
        return self.client.post(self.url, data)

    def _signed(self) -> list[Consent]:
        return list(
            Consent.objects.filter(
                status=Consent.Status.SIGNED,
                signer_id__in=[self.mother.pk, self.father.pk],
            )
        )

    def test_it_lists_the_waiting_forms_of_the_class(self) -> None:
        r = self.client.get(self.url)
        self.assertContains(r, "Абрамов Артём")
        self.assertContains(r, "Борисова Вера")
        self.assertNotContains(r, "Громова Галина")
        self.assertNotContains(r, "Волков Денис")
        self.assertNotContains(r, "Яковлев")

    def test_it_marks_the_ticked_forms_at_once(self) -> None:
        r = self._post(
            **{
                f"signed_{self.first.code}": "on",
                f"day_{self.first.code}": "08.10.2026",
                f"signed_{self.second.code}": "on",
                f"day_{self.second.code}": "09.10.2026",
            }
        )
        self.assertRedirects(
            r,
            reverse("people-class-consents", args=[self.school_a.code])
            + "?class_name=7%D0%91",
            fetch_redirect_response=False,
        )
        self.first.refresh_from_db()
        self.second.refresh_from_db()
        self.assertEqual(self.first.status, Consent.Status.SIGNED)
        self.assertEqual(self.first.channel, Consent.Channel.PAPER)
        self.assertEqual(self.first.valid_from, date(2026, 10, 8))
        self.assertEqual(self.second.valid_from, date(2026, 10, 9))
        r = self.client.get(r.url)
        self.assertContains(r, "2 согласия отмечены как подписанные на бумаге.")
        self.assertContains(r, "согласия: 3 из 4")

    def test_the_common_date_fills_the_rows_without_their_own(self) -> None:
        self._post(
            day="07.10.2026",
            **{
                f"signed_{self.first.code}": "on",
                f"signed_{self.second.code}": "on",
                f"day_{self.second.code}": "09.10.2026",
            },
        )
        self.first.refresh_from_db()
        self.second.refresh_from_db()
        self.assertEqual(self.first.valid_from, date(2026, 10, 7))
        self.assertEqual(self.second.valid_from, date(2026, 10, 9))

    def test_an_unticked_row_stays_waiting(self) -> None:
        self._post(
            **{
                f"signed_{self.first.code}": "on",
                f"day_{self.first.code}": "08.10.2026",
                f"day_{self.second.code}": "08.10.2026",
            }
        )
        self.second.refresh_from_db()
        self.assertEqual(self.second.status, Consent.Status.PENDING)

    def test_a_date_in_the_future_is_refused_and_nothing_is_saved(self) -> None:
        r = self._post(
            **{
                f"signed_{self.first.code}": "on",
                f"day_{self.first.code}": "08.10.2026",
                f"signed_{self.second.code}": "on",
                f"day_{self.second.code}": "13.10.2026",
            }
        )
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Дата не может быть в будущем.")
        self.assertContains(r, "Ничего не сохранено: исправьте отмеченные ниже строки.")
        self.assertFalse(Consent.objects.filter(status="signed", channel="paper"))

    def test_a_date_before_the_request_is_refused_and_nothing_is_saved(self) -> None:
        r = self._post(
            **{
                f"signed_{self.first.code}": "on",
                f"day_{self.first.code}": "08.10.2026",
                f"signed_{self.second.code}": "on",
                f"day_{self.second.code}": "04.10.2026",
            }
        )
        self.assertContains(
            r, "Согласие запрошено 05.10.2026: бланк не мог быть подписан раньше."
        )
        self.assertFalse(Consent.objects.filter(status="signed", channel="paper"))

    def test_a_ticked_row_needs_a_date(self) -> None:
        r = self._post(**{f"signed_{self.first.code}": "on"})
        self.assertContains(r, "Укажите дату подписи бланка.")
        self.first.refresh_from_db()
        self.assertEqual(self.first.status, Consent.Status.PENDING)

    def test_nothing_ticked_says_so(self) -> None:
        r = self._post(day="08.10.2026")
        self.assertContains(r, "Отметьте учеников, чьи подписанные бланки вернулись.")

    def test_the_teammate_may_mark(self) -> None:
        self.client.force_login(self.bob)
        self._post(
            **{
                f"signed_{self.first.code}": "on",
                f"day_{self.first.code}": "08.10.2026",
            }
        )
        self.first.refresh_from_db()
        self.assertEqual(self.first.status, Consent.Status.SIGNED)

    def test_an_outsider_gets_404_and_marks_nothing(self) -> None:
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        r = self._post(
            **{
                f"signed_{self.first.code}": "on",
                f"day_{self.first.code}": "08.10.2026",
            }
        )
        self.assertEqual(r.status_code, 404)
        self.first.refresh_from_db()
        self.assertEqual(self.first.status, Consent.Status.PENDING)

    def test_an_outsider_cannot_mark_through_their_own_class(self) -> None:
        self.client.force_login(self.charlie)
        url = reverse("people-class-mark", args=[self.school_c.code])
        self.client.post(
            f"{url}?class_name=7Б",
            {f"signed_{self.first.code}": "on", f"day_{self.first.code}": "08.10.2026"},
        )
        self.first.refresh_from_db()
        self.assertEqual(self.first.status, Consent.Status.PENDING)

    def test_without_a_class_it_goes_to_the_classes(self) -> None:
        url = reverse("people-class-mark", args=[self.school_a.code])
        r = self.client.get(url)
        self.assertRedirects(r, reverse("people-class-list", args=[self.school_a.code]))
