"""Replacing a mentor: the old one leaves the pair, the new one joins it, and
a draft order «о замене наставника» lists the pair for the head to sign."""

from __future__ import annotations

from datetime import date

import time_machine
from django.urls import reverse

from nastavnik.pairs import exporting, services
from nastavnik.pairs.models import Pairing, PairingEvent, PairingMember, PairingOrder
from nastavnik.pairs.tests.factory import make_mentee, make_mentor, make_pairing
from nastavnik.pairs.tests.test_documents import text_of
from nastavnik.people.tests.factory import make_person
from nastavnik.programmes.tests.factory import make_programme
from nastavnik.test import BaseTestCase

TODAY = "2027-02-12 10:00+03:00"


@time_machine.travel(TODAY, tick=False)
class MentorReplacementTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        with time_machine.travel("2026-10-01 10:00+03:00", tick=False):
            programme = make_programme(cls.school_a, status="running")
            cls.old = make_mentor(cls.school_a, "Орлова", first_name="Ольга")
            cls.new = make_mentor(cls.school_a, "Соколов", first_name="Пётр")
            cls.mentee = make_mentee(cls.school_a, "Зайцев")
            cls.pairing = make_pairing(programme, cls.old, cls.mentee)
            order = services.order_create(
                organisation=cls.school_a, pairings=[cls.pairing], user=None
            )
            services.order_sign(order, number="7-о", day=date(2026, 10, 1), user=None)
            Pairing.objects.filter(pk=cls.pairing.pk).update(
                status=Pairing.Status.WORKING
            )

    def setUp(self) -> None:
        self.url = reverse("pairs-mentor-replace", args=[self.pairing.code])
        self.client.force_login(self.alice)

    def post(self, **fields):
        data = {
            "old": str(self.old.code),
            "new": str(self.new.code),
            "day": "12.02.2027",
            "note": "перевод в другую школу",
            **fields,
        }
        return self.client.post(self.url, data)

    def mentors_now(self) -> list[str]:
        return [p.last_name for p in Pairing.objects.get(pk=self.pairing.pk).mentors()]

    def test_the_curator_replaces_the_mentor_and_gets_a_draft_order(self) -> None:
        page = reverse("pairs-pairing-detail", args=[self.pairing.code])
        self.assertContains(self.client.get(page), self.url)
        self.assertContains(self.client.get(self.url), "Соколов Пётр")
        r = self.post()
        order = PairingOrder.objects.get(kind=PairingOrder.Kind.REPLACEMENT)
        self.assertRedirects(r, reverse("pairs-order-detail", args=[order.code]))
        self.assertEqual(self.mentors_now(), ["Соколов"])
        left = PairingMember.objects.get(pairing=self.pairing, person=self.old)
        self.assertEqual(left.until, date(2027, 2, 12))
        self.assertEqual(list(order.pairings.all()), [self.pairing])
        history = self.pairing.events.values_list("action", "text")
        self.assertIn(
            (
                PairingEvent.Action.MEMBER_ADDED,
                "Соколов П. вместо Орлова О.. перевод в другую школу",
            ),
            list(history),
        )

    def test_the_order_names_the_new_mentor_instead_of_the_old(self) -> None:
        self.post()
        order = PairingOrder.objects.get(kind=PairingOrder.Kind.REPLACEMENT)
        text = text_of(exporting.order_docx(order))
        self.assertIn("О замене наставника", text)
        self.assertIn("Соколов Пётр", text)
        self.assertIn("(вместо Орловой Ольги", text)

    def test_signing_the_replacement_order_keeps_the_pair_at_its_stage(self) -> None:
        self.post()
        order = PairingOrder.objects.get(kind=PairingOrder.Kind.REPLACEMENT)
        services.order_sign(order, number="12-о", day=date(2027, 2, 13), user=None)
        self.pairing.refresh_from_db()
        self.assertEqual(self.pairing.status, Pairing.Status.WORKING)
        self.assertTrue(PairingOrder.objects.get(pk=order.pk).is_signed)

    def test_a_new_mentor_without_consent_is_refused_and_nothing_changes(self) -> None:
        stranger = make_person(self.school_a, "Без согласия")
        self.new.consents.all().delete()
        r = self.post()
        self.assertContains(r, "нет действующего согласия")
        self.assertEqual(self.mentors_now(), ["Орлова"])
        self.assertFalse(PairingOrder.objects.filter(kind="replacement").exists())
        # someone outside the mentor base is not even offered
        self.assertNotContains(self.client.get(self.url), str(stranger.code))

    def test_a_pair_not_yet_fixed_by_order_keeps_its_mentor(self) -> None:
        Pairing.objects.filter(pk=self.pairing.pk).update(
            status=Pairing.Status.CONFIRMED
        )
        r = self.post()
        self.assertContains(r, "Наставника заменяют в паре, закреплённой приказом")
        self.assertEqual(self.mentors_now(), ["Орлова"])

    def test_a_teammate_replaces_the_mentor_too(self) -> None:
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 200)
        self.post()
        self.assertEqual(self.mentors_now(), ["Соколов"])

    def test_a_curator_of_another_school_cannot_replace_the_mentor(self) -> None:
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.post().status_code, 404)
        self.assertEqual(self.mentors_now(), ["Орлова"])
