from __future__ import annotations

import time_machine
from django.urls import reverse

from nastavnik.accounts.models import Membership, Role
from nastavnik.programmes.models import Item, MentorshipForm, Programme
from nastavnik.programmes.roadmap_templates import TEMPLATES
from nastavnik.programmes.tests.factory import make_programme
from nastavnik.test import BaseTestCase, make_user


def _own_form(organisation, name: str) -> MentorshipForm:
    return MentorshipForm.objects.create(
        slug=f"own-{organisation.inn}",
        organisation=organisation,
        name=name,
        federal_form="pupil_pupil",
        mentor_category="pupil",
        mentee_category="pupil",
        track="students",
    )


@time_machine.travel("2026-10-05 10:00+03:00", tick=False)
class ProgrammeAddTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.form_a = MentorshipForm.objects.get(slug="teacher_pupil")
        cls.form_b = MentorshipForm.objects.get(slug="teacher_teacher")
        cls.own_a = _own_form(cls.school_a, "Школьный клуб наставников")
        cls.own_c = _own_form(cls.school_c, "Чужая форма")

    def setUp(self) -> None:
        self.url = reverse("programmes-programme-add", args=[self.school_a.code])

    def post(self, **fields):
        data = {
            "title": "Программа наставничества «Шаг навстречу»",
            "school_year": "2026",
            "forms": [str(self.form_a.code), str(self.form_b.code)],
            "curator": str(self.alice.code),
            "order_number": "45-од",
            "order_date": "01.09.2026",
            "silent_weeks": "3",
            "template": "r145",
            **fields,
        }
        return self.client.post(self.url, data)

    def test_it_shows_the_form(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "Семь этапов целевой модели (Р-145)")
        self.assertContains(r, TEMPLATES["r145"].description)
        self.assertEqual(r.context["form"]["template"].value(), "r145")
        self.assertContains(r, '<option value="2026" selected>2026/2027</option>')
        # forms grouped by track
        self.assertContains(r, "Педагоги")
        # curators of the organisation only
        self.assertContains(r, "Алексеева Алиса")
        self.assertContains(r, "Борисов Борис")
        self.assertNotContains(r, "Чернов")
        self.assertNotContains(r, "Миронова")

    def test_it_works(self) -> None:
        self.client.force_login(self.alice)
        r = self.post()
        programme = Programme.objects.get()
        roadmap = programme.roadmap
        self.assertRedirects(
            r, reverse("programmes-roadmap-detail", args=[roadmap.code])
        )
        self.assertEqual(programme.organisation, self.school_a)
        self.assertEqual(programme.school_year, 2026)
        self.assertEqual(programme.curator, self.alice)
        self.assertEqual(programme.order_number, "45-од")
        self.assertEqual(str(programme.order_date), "2026-09-01")
        self.assertEqual(set(programme.forms.all()), {self.form_a, self.form_b})
        self.assertEqual(roadmap.template, "r145")
        self.assertEqual(roadmap.approval_order_number, "45-од")
        self.assertEqual(
            Item.objects.filter(stage__roadmap=roadmap).count(),
            len(TEMPLATES["r145"].items),
        )

    def test_it_builds_any_template_for_organisations(self) -> None:
        self.client.force_login(self.alice)
        self.post(template="seed_001", title="Вторая")
        roadmap = Programme.objects.get().roadmap
        self.assertEqual(roadmap.template, "seed_001")
        self.assertEqual(
            roadmap.headings, [h for _k, h in TEMPLATES["seed_001"].columns]
        )

    def test_it_refuses_a_duplicate_title_in_the_year(self) -> None:
        make_programme(self.school_a, year=2026, title="Шаг навстречу")
        self.client.force_login(self.alice)
        r = self.post(title="шаг навстречу")
        self.assertContains(r, "В 2026/2027 учебном году у организации уже есть")
        self.assertEqual(Programme.objects.count(), 1)

    def test_the_same_title_may_come_back_next_year(self) -> None:
        make_programme(self.school_a, year=2025, title="Шаг навстречу")
        self.client.force_login(self.alice)
        self.assertEqual(self.post(title="Шаг навстречу").status_code, 302)

    def test_it_checks_the_order_date(self) -> None:
        self.client.force_login(self.alice)
        r = self.post(order_date="1 сентября")
        self.assertContains(r, "Напишите дату в виде дд.мм.гггг")
        self.assertFalse(Programme.objects.exists())

    def test_it_refuses_a_curator_from_another_organisation(self) -> None:
        self.client.force_login(self.alice)
        r = self.post(curator=str(self.charlie.code))
        self.assertContains(r, "Выберите одного из кураторов этой организации")
        self.assertFalse(Programme.objects.exists())

    def test_a_programme_may_wait_for_its_curator(self) -> None:
        self.client.force_login(self.alice)
        self.post(curator="", order_number="", order_date="")
        self.assertIsNone(Programme.objects.get().curator)

    def test_it_rejects_forged_choices(self) -> None:
        self.client.force_login(self.alice)
        for fields in (
            {"template": "seed_003"},  # the municipal plan
            {"template": "nope"},
            {"school_year": "1999"},
            {"forms": ["999999"]},
            {"forms": [str(self.own_c.code)]},
            {"curator": "nonsense"},
        ):
            with self.subTest(fields=fields):
                self.assertEqual(self.post(**fields).status_code, 400)
        self.assertFalse(Programme.objects.exists())

    def test_it_offers_the_organisations_own_forms_only(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "Школьный клуб наставников")
        self.assertNotContains(r, "Чужая форма")

    def test_it_works_for_the_head(self) -> None:
        head = make_user("head")
        Membership.objects.create(user=head, role=Role.HEAD, organisation=self.school_a)
        self.client.force_login(head)
        self.assertEqual(self.post().status_code, 302)

    def test_readers_cannot_create(self) -> None:
        for user in (self.mila, self.rita, self.charlie):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 404)
                self.assertEqual(self.post().status_code, 404)
        self.assertFalse(Programme.objects.exists())

    def test_mentors_cannot_create(self) -> None:
        self.demote_bob()
        self.client.force_login(self.bob)
        self.assertEqual(self.post().status_code, 404)
