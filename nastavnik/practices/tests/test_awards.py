"""Awards to mentors: the head or curator records an award order, adds the
awards of the organisation's mentors and prints the order as DOCX."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from urllib.parse import unquote

import time_machine
from django.urls import reverse
from docx import Document

from nastavnik.accounts.models import Membership, Role
from nastavnik.lib import docx
from nastavnik.lib.docx import CONTENT_TYPE
from nastavnik.orgs.documents import BY_KEY
from nastavnik.pairs.tests.factory import make_mentor
from nastavnik.practices.models import Award, AwardOrder
from nastavnik.test import BaseTestCase, make_user

TODAY = datetime(2027, 5, 25, 9, tzinfo=UTC)


def text_of(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


@time_machine.travel(TODAY, tick=False)
class AwardsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.school_a.head_name = "Иванова Мария Петровна"
        cls.school_a.head_position = "директор"
        cls.school_a.save()
        with time_machine.travel(TODAY, tick=False):
            cls.orlova = make_mentor(
                cls.school_a,
                "Орлова",
                first_name="Ольга",
                patronymic="Ивановна",
                position="учитель математики",
            )
            cls.smirnov = make_mentor(cls.school_a, "Смирнов", first_name="Павел")
            cls.outsider = make_mentor(cls.school_c, "Кузнецова")
        cls.order = AwardOrder.objects.create(
            organisation=cls.school_a, number="52-о", date=date(2027, 5, 25)
        )
        cls.head = make_user("head")
        Membership.objects.create(
            user=cls.head, role=Role.HEAD, organisation=cls.school_a
        )
        cls.mentor_user = make_user("olga")
        Membership.objects.create(
            user=cls.mentor_user, role=Role.MENTOR, organisation=cls.school_a
        )

    def setUp(self) -> None:
        self.client.force_login(self.head)

    def award(self, person, kind=Award.Kind.CERTIFICATE, reason="за подготовку"):
        return Award.objects.create(
            order=self.order, person=person, kind=kind, reason=reason
        )

    def test_the_head_records_an_award_order(self) -> None:
        url = reverse("practices-award-list", args=[self.school_a.code])
        r = self.client.post(url, {"number": "60-о", "date": "01.06.2027"})
        order = AwardOrder.objects.get(number="60-о")
        self.assertRedirects(
            r, reverse("practices-awardorder-detail", args=[order.code])
        )
        self.assertEqual(order.date, date(2027, 6, 1))
        self.assertEqual(order.organisation, self.school_a)
        self.assertContains(self.client.get(url), "Приказ № 60-о от 01.06.2027")

    def test_a_wrong_date_is_asked_again_and_nothing_is_saved(self) -> None:
        url = reverse("practices-award-list", args=[self.school_a.code])
        r = self.client.post(url, {"number": "60-о", "date": "31.02.2027"})
        self.assertContains(r, "Введите правильную дату")
        self.assertFalse(AwardOrder.objects.filter(number="60-о").exists())

    def test_the_curator_adds_an_award_to_a_mentor(self) -> None:
        self.client.force_login(self.alice)
        url = reverse("practices-awardorder-detail", args=[self.order.code])
        r = self.client.post(
            url,
            {
                "person": self.orlova.pk,
                "kind": Award.Kind.BEST_MENTOR,
                "reason": "за подготовку призёра олимпиады",
            },
        )
        self.assertRedirects(r, url)
        award = Award.objects.get(order=self.order)
        self.assertEqual(award.person, self.orlova)
        self.assertContains(self.client.get(url), "«Лучший наставник»")

    def test_the_same_award_twice_in_an_order_is_refused(self) -> None:
        self.award(self.orlova)
        url = reverse("practices-awardorder-detail", args=[self.order.code])
        r = self.client.post(
            url,
            {"person": self.orlova.pk, "kind": Award.Kind.CERTIFICATE, "reason": "x"},
        )
        self.assertContains(r, "уже есть эта награда")
        self.assertEqual(Award.objects.count(), 1)

    def test_a_mentor_of_another_school_cannot_be_awarded(self) -> None:
        url = reverse("practices-awardorder-detail", args=[self.order.code])
        r = self.client.post(
            url,
            {"person": self.outsider.pk, "kind": Award.Kind.THANKS, "reason": "x"},
        )
        self.assertEqual(r.status_code, 400)
        self.assertFalse(Award.objects.exists())

    def test_an_award_is_removed_from_the_order(self) -> None:
        award = self.award(self.orlova)
        self.client.post(reverse("practices-award-delete", args=[award.code]))
        self.assertFalse(Award.objects.exists())

    def test_the_order_docx_names_the_mentors_and_the_number(self) -> None:
        self.award(self.orlova, reason="за подготовку призёра олимпиады")
        self.award(
            self.smirnov, Award.Kind.FEDERAL, "за проект «Школа молодого педагога»"
        )
        r = self.client.get(
            reverse("practices-awardorder-docx", args=[self.order.code])
        )
        self.assertEqual(r["Content-Type"], CONTENT_TYPE)
        self.assertIn(
            "Приказ о награждении наставников", unquote(r["Content-Disposition"])
        )
        text = text_of(r.content)
        self.assertIn("Муниципальное общеобразовательное учреждение СОШ № 1", text)
        self.assertIn("ПРИКАЗ", text)
        self.assertIn("№ 52-о от 25.05.2027", text)
        self.assertIn("О награждении наставников", text)
        self.assertIn(
            "1.1. Орлова Ольга Ивановна, учитель математики, — наградить Почётной "
            "грамотой за подготовку призёра олимпиады.",
            text,
        )
        self.assertIn(
            "1.2. Смирнов Павел, — выдвинуть на Всероссийский конкурс "
            "«Наставничество» за проект «Школа молодого педагога».",
            text,
        )
        self.assertIn("Директор\t____________ М.П. Иванова", text)

    def test_another_schools_curator_and_a_mentor_get_404(self) -> None:
        award = self.award(self.orlova)
        urls = [
            reverse("practices-award-list", args=[self.school_a.code]),
            reverse("practices-awardorder-detail", args=[self.order.code]),
            reverse("practices-awardorder-docx", args=[self.order.code]),
        ]
        for user in (self.charlie, self.mentor_user, self.mila):
            self.client.force_login(user)
            for url in urls:
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(self.client.get(url).status_code, 404)
            delete = reverse("practices-award-delete", args=[award.code])
            self.assertEqual(self.client.post(delete).status_code, 404)
        self.assertTrue(Award.objects.exists())

    def test_the_order_page_asks_the_same_queries_for_more_awards(self) -> None:
        url = reverse("practices-awardorder-detail", args=[self.order.code])
        self.award(self.orlova)
        self.client.get(url)
        with self.assertNumQueries(6):
            self.client.get(url)
        self.award(self.smirnov, Award.Kind.THANKS)
        self.award(self.orlova, Award.Kind.BEST_MENTOR)
        with self.assertNumQueries(6):
            self.client.get(url)


class AwardOrderTemplateTestCase(BaseTestCase):
    def test_the_default_template_takes_the_sample_an_upload_is_checked_with(
        self,
    ) -> None:
        kind = BY_KEY["award_order"]
        content = docx.document_template(kind.file_name).read_bytes()
        docx.check_template(content, kind.sample_context())
        text = text_of(docx.render_docx(content, kind.sample_context()))
        self.assertIn("№ 52-о от 25.05.2027", text)
