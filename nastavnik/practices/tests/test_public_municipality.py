"""The public page of a municipality's best practices: no login, only the
published cases of its organisations, filtered by form and topic."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine
from django.urls import reverse

from nastavnik.practices.tests.factory import (
    give_dissemination,
    make_case,
    make_pair,
    topic,
)
from nastavnik.programmes.models import MentorshipForm
from nastavnik.test import BaseTestCase

TODAY = datetime(2027, 4, 12, 9, tzinfo=UTC)


@time_machine.travel(TODAY, tick=False)
class PublicMunicipalityTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        with time_machine.travel(TODAY, tick=False):
            cls.pair_a = make_pair(cls.school_a, "Орлова", "Зайцев")
            cls.pair_a2 = make_pair(cls.school_a2, "Смирнова", "Волков")
            cls.pair_c = make_pair(cls.school_c, "Кузнецова", "Лисин")
        cls.math = topic("math", "Математика")
        cls.reading = topic("reading", "Чтение")
        cls.peer = MentorshipForm.objects.get(organisation=None, slug="pupil_pupil")
        cls.olympiad = make_case(
            cls.pair_a, "Олимпиада", topics=[cls.math], published=True
        )
        cls.club = make_case(
            cls.pair_a2,
            "Книжный клуб",
            form=cls.peer,
            topics=[cls.reading],
            published=True,
        )
        cls.draft = make_case(cls.pair_a, "Черновик кейса", topics=[cls.math])
        cls.elsewhere = make_case(cls.pair_c, "Кейс Тотьмы", published=True)

    def get(self, **params):
        url = reverse("practices-public-municipality", args=[self.municipality_a.code])
        return self.client.get(url, params)

    def test_anyone_reads_the_published_cases_of_the_municipality(self) -> None:
        r = self.get()
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Олимпиада")
        self.assertContains(r, "Книжный клуб")
        self.assertContains(r, "СОШ № 2")

    def test_it_shows_no_draft_and_no_case_of_another_municipality(self) -> None:
        r = self.get()
        self.assertNotContains(r, "Черновик кейса")
        self.assertNotContains(r, "Кейс Тотьмы")

    def test_it_shows_no_names_on_the_list(self) -> None:
        give_dissemination(self.pair_a.mentors()[0])
        self.olympiad.names_mentors = True
        self.olympiad.save()
        self.assertNotContains(self.get(), "Орлова")

    def test_it_filters_by_form(self) -> None:
        r = self.get(form=self.peer.code)
        self.assertContains(r, "Книжный клуб")
        self.assertNotContains(r, "Олимпиада")

    def test_it_filters_by_topic(self) -> None:
        r = self.get(topic="math")
        self.assertContains(r, "Олимпиада")
        self.assertNotContains(r, "Книжный клуб")

    def test_a_forged_filter_shows_every_case_rather_than_an_error(self) -> None:
        r = self.get(form="nonsense", topic="no-such-topic", page="x")
        self.assertContains(r, "Олимпиада")
        self.assertContains(r, "Книжный клуб")

    def test_the_topic_filter_offers_only_topics_of_published_cases(self) -> None:
        r = self.get()
        self.assertContains(r, '<option value="math"')
        self.assertContains(r, '<option value="reading"')
        other = topic("sport", "Спорт")
        make_case(self.pair_a, "Ещё черновик", topics=[other])
        self.assertNotContains(self.get(), '<option value="sport"')

    def test_a_case_of_another_municipality_is_not_found_there(self) -> None:
        url = reverse("practices-public-case", args=[self.draft.code])
        self.assertEqual(self.client.get(url).status_code, 404)
        url = reverse("practices-public-case", args=[self.elsewhere.code])
        r = self.client.get(url)
        self.assertContains(r, "Тотьма")

    def test_the_query_count_stays_the_same_as_cases_grow(self) -> None:
        self.get()
        with self.assertNumQueries(8):
            self.get()
        for n in range(4):
            make_case(
                make_pair(self.school_a, f"Новикова{n}", f"Новиков{n}"),
                f"Кейс {n}",
                topics=[self.math, self.reading],
                published=True,
            )
        with self.assertNumQueries(8):
            self.get()

    def test_an_unknown_municipality_is_not_found(self) -> None:
        url = reverse("practices-public-municipality", args=[self.draft.code])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_coordinators_home_links_to_the_public_page(self) -> None:
        self.client.force_login(self.mila)
        r = self.client.get(
            reverse("home-municipality", args=[self.municipality_a.code])
        )
        self.assertContains(
            r,
            reverse("practices-public-municipality", args=[self.municipality_a.code]),
        )
