"""The order fixing pairs: prepared from the confirmed pairs, and signed by
entering its number and date, which fixes them."""

from __future__ import annotations

from datetime import date

import time_machine
from django.urls import reverse

from nastavnik.pairs import services
from nastavnik.pairs.models import Pairing, PairingOrder
from nastavnik.pairs.tests.factory import make_mentee, make_mentor, make_pairing
from nastavnik.programmes.tests.factory import make_programme
from nastavnik.test import BaseTestCase

TODAY = "2026-10-05 10:00+03:00"


@time_machine.travel(TODAY, tick=False)
class OrderTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        with time_machine.travel(TODAY, tick=False):
            programme = make_programme(cls.school_a, status="running")
            cls.pairing = make_pairing(
                programme,
                make_mentor(cls.school_a, "Орлова"),
                make_mentee(cls.school_a, "Зайцев"),
            )

    def setUp(self) -> None:
        self.client.force_login(self.alice)

    def test_an_order_is_prepared_and_signed_and_fixes_its_pairs(self) -> None:
        url = reverse("pairs-order-list", args=[self.school_a.code])
        r = self.client.post(url, {"pairings": [str(self.pairing.code)]})
        order = PairingOrder.objects.get()
        self.assertRedirects(r, reverse("pairs-order-detail", args=[order.code]))
        r = self.client.get(reverse("pairs-order-detail", args=[order.code]))
        self.assertContains(r, "Орлова")
        r = self.client.post(
            reverse("pairs-order-detail", args=[order.code]),
            {"number": "45-о", "date": "05.10.2026"},
        )
        self.pairing.refresh_from_db()
        self.assertEqual(self.pairing.status, Pairing.Status.FIXED)
        r = self.client.get(reverse("pairs-pairing-detail", args=[self.pairing.code]))
        self.assertContains(r, "Приказ № 45-о от 05.10.2026")

    def test_two_orders_on_the_same_pair_one_wins(self) -> None:
        first = services.order_create(
            organisation=self.school_a, pairings=[self.pairing], user=self.alice
        )
        second = services.order_create(
            organisation=self.school_a, pairings=[self.pairing], user=self.bob
        )
        services.order_sign(first, number="45-о", day=date(2026, 10, 5), user=None)
        with self.assertRaises(services.Refused):
            services.order_sign(second, number="46-о", day=date(2026, 10, 5), user=None)
        second.refresh_from_db()
        self.assertFalse(second.is_signed)  # nothing of the second is written
        r = self.client.post(
            reverse("pairs-order-detail", args=[second.code]),
            {"number": "46-о", "date": "05.10.2026"},
        )
        self.assertContains(r, "закреплены другим приказом")

    def test_a_number_already_used_is_refused_with_a_message(self) -> None:
        order = services.order_create(
            organisation=self.school_a, pairings=[self.pairing], user=None
        )
        PairingOrder.objects.create(
            organisation=self.school_a, number="45-о", date=date(2026, 10, 5)
        )
        r = self.client.post(
            reverse("pairs-order-detail", args=[order.code]),
            {"number": "45-о", "date": "05.10.2026"},
        )
        self.assertContains(r, "уже есть приказ с таким номером")
        self.pairing.refresh_from_db()
        self.assertEqual(self.pairing.status, Pairing.Status.CONFIRMED)

    def test_an_outsider_cannot_open_the_order(self) -> None:
        order = services.order_create(
            organisation=self.school_a, pairings=[self.pairing], user=None
        )
        self.client.force_login(self.charlie)
        url = reverse("pairs-order-detail", args=[order.code])
        self.assertEqual(self.client.get(url).status_code, 404)
