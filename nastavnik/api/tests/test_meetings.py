"""Planning and logging meetings through the API follows the pair page: the
same form, the same rules, the same refusals, as JSON."""

from __future__ import annotations

import time_machine
from django.test import Client
from django.utils import timezone

from nastavnik.api.tests.factory import bearer
from nastavnik.api.tests.test_endpoints import TODAY, make_school_pair
from nastavnik.pairs.models import Meeting, Pairing, PairingEvent
from nastavnik.test import BaseTestCase


def plan(**fields) -> dict:
    data = {
        "kind": "intro",
        "day": "2026-10-15",
        "time": "15:00",
        "duration_minutes": 45,
        "place": "Кабинет 12",
        "topic": "Знакомство",
    }
    return {**data, **fields}


@time_machine.travel(TODAY, tick=False)
class MeetingWriteTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        with time_machine.travel(TODAY, tick=False):
            _p, cls.pairing, cls.meeting = make_school_pair(
                cls.school_a, "Орлова", "Зайцев"
            )
            _p, cls.other_pairing, cls.other_meeting = make_school_pair(
                cls.school_c, "Чернова", "Воронин"
            )

    def setUp(self) -> None:
        self.headers = bearer(self.alice)

    def post(self, url: str, data: dict, headers: dict | None = None):
        return self.client.post(
            url, data, content_type="application/json", **(headers or self.headers)
        )

    def test_a_curator_plans_a_meeting_in_the_schools_time_zone(self) -> None:
        r = self.post(f"/api/pairs/{self.pairing.code}/meetings", plan())
        self.assertEqual(r.status_code, 201)
        meeting = Meeting.objects.get(code=r.json()["code"])
        self.assertEqual(meeting.kind, "intro")
        self.assertEqual(meeting.created_by, self.alice)
        # region A is Kirov: 15:00 there is 12:00 UTC
        self.assertEqual(r.json()["starts_at"], "2026-10-15T12:00:00Z")
        detail = self.client.get(f"/api/meetings/{meeting.code}", **self.headers)
        self.assertEqual(detail.json(), r.json())
        self.assertTrue(
            PairingEvent.objects.filter(
                pairing=self.pairing,
                action=PairingEvent.Action.MEETING,
                user=self.alice,
            ).exists()
        )

    def test_a_token_needs_no_csrf_token(self) -> None:
        client = Client(enforce_csrf_checks=True)
        r = client.post(
            f"/api/pairs/{self.pairing.code}/meetings",
            plan(),
            content_type="application/json",
            **self.headers,
        )
        self.assertEqual(r.status_code, 201)

    def test_another_schools_pair_is_404_and_gets_no_meeting(self) -> None:
        r = self.post(f"/api/pairs/{self.other_pairing.code}/meetings", plan())
        self.assertEqual(r.status_code, 404)
        self.assertEqual(Meeting.objects.filter(pairing=self.other_pairing).count(), 1)

    def test_an_invalid_meeting_is_422_with_each_fields_message(self) -> None:
        cases = [
            (plan(duration_minutes=2), "duration_minutes", "не меньше 5"),
            (plan(day="15.10.2026"), "day", "дату"),
            (plan(time="15:00Z"), "time", "время"),
            (plan(time="25:00"), "time", "время"),
            (plan(kind="party"), "kind", "intro"),
            ({"day": "2026-10-15"}, "kind", "Обязательное поле"),
        ]
        for data, field, words in cases:
            with self.subTest(data=data):
                r = self.post(f"/api/pairs/{self.pairing.code}/meetings", data)
                self.assertEqual(r.status_code, 422)
                errors = {e["field"]: e["message"] for e in r.json()["errors"]}
                self.assertIn(words, errors[field])
                self.assertIn(words, r.json()["detail"])
        self.assertEqual(Meeting.objects.filter(pairing=self.pairing).count(), 1)

    def test_the_pair_pages_rules_refuse_with_their_message(self) -> None:
        url = f"/api/pairs/{self.pairing.code}/meetings"
        r = self.post(url, plan(place="", online=False))
        self.assertEqual(r.status_code, 422)
        self.assertIn("место", r.json()["detail"])
        r = self.post(url, plan(day="2028-10-15"))
        self.assertEqual(r.status_code, 422)
        self.assertIn("Вы уверены?", r.json()["detail"])
        r = self.post(url, plan(day="2028-10-15", confirmed_far=True))
        self.assertEqual(r.status_code, 201)

    def test_a_closed_pair_refuses_a_meeting(self) -> None:
        self.pairing.status = Pairing.Status.CLOSED
        self.pairing.closed_on = timezone.localdate()
        self.pairing.save()
        r = self.post(f"/api/pairs/{self.pairing.code}/meetings", plan())
        self.assertEqual(r.status_code, 422)
        self.assertIn("закрыта", r.json()["detail"])

    def test_a_curator_logs_a_meeting_as_held_and_the_pair_moves_on(self) -> None:
        r = self.post(f"/api/meetings/{self.meeting.code}/hold", {"outcome": "Ок"})
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.json()["status"], "held")
        self.assertEqual(r.json()["outcome"], "Ок")
        self.pairing.refresh_from_db()
        self.assertEqual(self.pairing.status, Pairing.Status.INTRODUCED)
        r = self.post(f"/api/meetings/{self.meeting.code}/hold", {})
        self.assertEqual(r.status_code, 422)
        self.assertIn("запланированную", r.json()["detail"])

    def test_another_schools_meeting_cannot_be_logged(self) -> None:
        r = self.post(f"/api/meetings/{self.other_meeting.code}/hold", {})
        self.assertEqual(r.status_code, 404)
        self.other_meeting.refresh_from_db()
        self.assertEqual(self.other_meeting.status, Meeting.Status.PLANNED)

    def test_a_mentor_of_the_school_without_a_staff_role_gets_404(self) -> None:
        self.demote_bob()
        r = self.post(
            f"/api/pairs/{self.pairing.code}/meetings", plan(), bearer(self.bob)
        )
        self.assertEqual(r.status_code, 404)

    def test_a_body_that_is_not_json_is_400_with_a_message(self) -> None:
        r = self.client.post(
            f"/api/pairs/{self.pairing.code}/meetings",
            "kind=intro",
            content_type="application/json",
            **self.headers,
        )
        self.assertEqual(r.status_code, 400)
        self.assertEqual(r.json()["detail"], "Тело запроса — не JSON.")
