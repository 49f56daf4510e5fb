"""Every read endpoint goes through the pages' access helpers: alice, a
curator of school A, reads school A; school A2 of her municipality and
charlie's school C answer 404 or are left out of her lists. People come
without their special categories, contacts or SNILS."""

from __future__ import annotations

from datetime import datetime, timedelta

import time_machine

from nastavnik.api.tests.factory import bearer
from nastavnik.pairs import meetings
from nastavnik.pairs.models import Meeting
from nastavnik.pairs.tests.factory import make_mentee, make_mentor
from nastavnik.pairs.tests.test_meetings import make_fixed_pairing
from nastavnik.people.models import SensitiveInfo
from nastavnik.programmes.tests.factory import make_programme
from nastavnik.test import BaseTestCase

TODAY = "2026-10-12 10:00+03:00"
NOW = datetime.fromisoformat(TODAY)


def make_school_pair(organisation, mentor: str, mentee: str):
    programme = make_programme(organisation, status="running")
    pairing = make_fixed_pairing(
        programme,
        make_mentor(organisation, mentor, snils="112-233-445 95", phone="+79120000000"),
        make_mentee(organisation, mentee),
    )
    meeting = meetings.meeting_plan(
        pairing,
        kind=Meeting.Kind.INTRO,
        starts_at=NOW - timedelta(days=1),
        place="Кабинет 12",
        user=None,
    )
    return programme, pairing, meeting


@time_machine.travel(TODAY, tick=False)
class EndpointsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        with time_machine.travel(TODAY, tick=False):
            cls.programme, cls.pairing, cls.meeting = make_school_pair(
                cls.school_a, "Орлова", "Зайцев"
            )
            mentee = cls.pairing.mentees()[0]
            SensitiveInfo.objects.create(
                person=mentee, on_register=True, note="Состоит на учёте в ПДН"
            )
            cls.others = [
                make_school_pair(cls.school_a2, "Петрова", "Сидоров"),
                make_school_pair(cls.school_c, "Чернова", "Воронин"),
            ]

    def setUp(self) -> None:
        self.alice_headers = bearer(self.alice)

    def get(self, url: str, headers: dict | None = None):
        return self.client.get(url, **(headers or self.alice_headers))

    def test_organisations_are_those_one_runs_or_oversees(self) -> None:
        r = self.get("/api/organisations")
        self.assertEqual(r.status_code, 200)
        self.assertEqual([o["inn"] for o in r.json()["items"]], [self.school_a.inn])
        self.assertEqual(r.json()["items"][0]["municipality"], "Уни")
        r = self.get("/api/organisations", bearer(self.mila))
        self.assertEqual(r.json()["count"], 2)

    def test_another_organisation_is_404_for_every_endpoint(self) -> None:
        for _programme, pairing, meeting in self.others:
            organisation = pairing.organisation
            urls = [
                f"/api/organisations/{organisation.code}",
                f"/api/organisations/{organisation.code}/programmes",
                f"/api/organisations/{organisation.code}/people",
                f"/api/organisations/{organisation.code}/pairs",
                f"/api/pairs/{pairing.code}",
                f"/api/pairs/{pairing.code}/meetings",
                f"/api/meetings/{meeting.code}",
            ]
            for url in urls:
                with self.subTest(url=url):
                    r = self.get(url)
                    self.assertEqual(r.status_code, 404)
                    self.assertEqual(r.json()["detail"], "Не найдено или нет доступа.")
                    self.assertNotIn(organisation.inn, r.content.decode())

    def test_a_municipal_coordinator_reads_aggregates_but_no_people(self) -> None:
        headers = bearer(self.mila)
        base = f"/api/organisations/{self.school_a.code}"
        self.assertEqual(self.get(base, headers).status_code, 200)
        r = self.get(f"{base}/programmes", headers)
        self.assertEqual(
            [p["code"] for p in r.json()["items"]], [str(self.programme.code)]
        )
        for url in (
            f"{base}/people",
            f"{base}/pairs",
            f"/api/pairs/{self.pairing.code}",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.get(url, headers).status_code, 404)

    def test_people_come_without_special_categories_or_contacts(self) -> None:
        r = self.get(f"/api/organisations/{self.school_a.code}/people")
        self.assertEqual(r.status_code, 200)
        people = r.json()["items"]
        self.assertEqual([p["last_name"] for p in people], ["Зайцев", "Орлова"])
        body = r.content.decode()
        for secret in ("ПДН", "on_register", "sensitive", "snils", "112-233", "phone"):
            self.assertNotIn(secret, body)
        self.assertEqual(
            set(people[0]),
            {
                "code",
                "last_name",
                "first_name",
                "patronymic",
                "category",
                "class_name",
                "position",
                "mentor_status",
                "mentee_status",
            },
        )

    def test_people_are_filtered_by_role_and_category(self) -> None:
        url = f"/api/organisations/{self.school_a.code}/people"
        cases = [
            ("?role=mentor", ["Орлова"]),
            ("?role=mentee", ["Зайцев"]),
            ("?category=pupil", ["Зайцев"]),
            ("?role=mentor&category=pupil", []),
        ]
        for query, names in cases:
            with self.subTest(query=query):
                r = self.get(url + query)
                self.assertEqual([p["last_name"] for p in r.json()["items"]], names)

    def test_pairs_are_filtered_by_programme_and_status(self) -> None:
        url = f"/api/organisations/{self.school_a.code}/pairs"
        r = self.get(url)
        (pair,) = r.json()["items"]
        self.assertEqual(pair["code"], str(self.pairing.code))
        self.assertEqual(pair["programme"], str(self.programme.code))
        self.assertEqual([m["full_name"][:6] for m in pair["mentors"]], ["Орлова"])
        self.assertEqual([m["full_name"][:6] for m in pair["mentees"]], ["Зайцев"])
        cases = [
            (f"?programme={self.programme.code}", 1),
            (f"?programme={self.others[0][0].code}", 0),
            (f"?status={self.pairing.status}", 1),
            ("?status=closed", 0),
        ]
        for query, count in cases:
            with self.subTest(query=query):
                self.assertEqual(self.get(url + query).json()["count"], count)
        self.assertEqual(self.get(f"/api/pairs/{self.pairing.code}").json(), pair)

    def test_meetings_of_a_pair_and_one_meeting(self) -> None:
        r = self.get(f"/api/pairs/{self.pairing.code}/meetings")
        (meeting,) = r.json()["items"]
        self.assertEqual(meeting["code"], str(self.meeting.code))
        self.assertEqual(meeting["status"], "planned")
        self.assertEqual(meeting["pair"], str(self.pairing.code))
        self.assertEqual(self.get(f"/api/meetings/{self.meeting.code}").json(), meeting)
        r = self.get(f"/api/pairs/{self.pairing.code}/meetings?status=held")
        self.assertEqual(r.json()["count"], 0)

    def test_lists_are_paginated_with_limit_and_offset(self) -> None:
        url = f"/api/organisations/{self.school_a.code}/people"
        first = self.get(url + "?limit=1").json()
        second = self.get(url + "?limit=1&offset=1").json()
        self.assertEqual(first["count"], 2)
        self.assertEqual(len(first["items"]), 1)
        self.assertNotEqual(first["items"], second["items"])
        self.assertEqual(self.get(url + "?offset=2").json()["items"], [])

    def test_bad_filters_are_422_with_a_readable_message(self) -> None:
        base = f"/api/organisations/{self.school_a.code}"
        cases = [
            (f"{base}/people?limit=1000", "limit"),
            (f"{base}/people?limit=0", "limit"),
            (f"{base}/people?role=boss", "role"),
            (f"{base}/pairs?programme=123", "programme"),
        ]
        for url, field in cases:
            with self.subTest(url=url):
                r = self.get(url)
                self.assertEqual(r.status_code, 422)
                body = r.json()
                self.assertIn(field, body["detail"])
                self.assertEqual(body["errors"][0]["field"], field)
