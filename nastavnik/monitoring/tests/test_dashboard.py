"""The organisation's dashboard: match survival, meetings by month, who
sees it and what it costs."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

import time_machine
from django.urls import reverse

from nastavnik.accounts.models import Membership, Role
from nastavnik.lib.dates import SchoolYear
from nastavnik.monitoring import dashboard
from nastavnik.monitoring.tests.factory import fixed, pair, person
from nastavnik.pairs.models import ClosureReason, Meeting, Pairing
from nastavnik.people.models import Person
from nastavnik.test import BaseTestCase, make_user

S = Pairing.Status
ORDERED = date(2026, 10, 1)


def _pair(organisation, name: str, **fields) -> Pairing:
    mentor = person(organisation, f"Н{name}", category=Person.Category.TEACHER)
    return pair(organisation, [mentor], [person(organisation, f"У{name}")], **fields)


def _closed(pairing: Pairing, status: str, day: date, reason=None) -> Pairing:
    Pairing.objects.filter(pk=pairing.pk).update(
        status=status, closed_on=day, closure_reason=reason
    )
    return pairing


class SurvivalTests(BaseTestCase):
    def setUp(self) -> None:
        self.reason = ClosureReason.objects.get(name__startswith="Несовместимость")
        # lasted two months and closed as planned
        fixed(_closed(_pair(self.school_a, "А"), S.CLOSED, date(2026, 12, 1)), ORDERED)
        # closed early after one month and a half
        early = _pair(self.school_a, "Б")
        fixed(_closed(early, S.CLOSED_EARLY, date(2026, 11, 15), self.reason), ORDERED)
        # still going
        fixed(_pair(self.school_a, "В"), ORDERED)
        # never fixed by an order, and another school's pair: not counted
        _pair(self.school_a, "Г", status=S.CONFIRMED)
        fixed(_pair(self.school_a2, "Д"), ORDERED)

    def test_the_share_still_together_drops_in_the_month_a_pair_closed_early(
        self,
    ) -> None:
        survival = dashboard.survival(self.school_a, date(2027, 2, 10))
        table = [(r.month, r.at_risk, r.closed_early, r.share) for r in survival.rows]
        self.assertEqual(
            table,
            [
                (1, 3, 0, Decimal("100.0")),
                (2, 3, 1, Decimal("66.7")),
                # the pair closed as planned is no longer followed
                (3, 2, 0, Decimal("66.7")),
                (4, 1, 0, Decimal("66.7")),
            ],
        )

    def test_it_counts_pairs_by_outcome_and_early_closures_by_reason(self) -> None:
        survival = dashboard.survival(self.school_a, date(2027, 2, 10))
        self.assertEqual(
            (survival.started, survival.going, survival.closed, survival.closed_early),
            (3, 1, 1, 1),
        )
        self.assertEqual(
            [(bar.label, bar.value) for bar in survival.reasons],
            [(self.reason.name, 1)],
        )

    def test_on_an_earlier_day_the_later_closures_are_still_going(self) -> None:
        survival = dashboard.survival(self.school_a, date(2026, 11, 10))
        self.assertEqual((survival.started, survival.going), (3, 3))
        self.assertEqual(survival.reasons, [])
        self.assertEqual([r.month for r in survival.rows], [1])

    def test_a_month_is_whole_on_the_same_day_of_the_next_month(self) -> None:
        pairing = fixed(_pair(self.school_c, "Е"), date(2027, 1, 31)).pairings.get()
        for on, months in (
            (date(2027, 2, 28), 0),
            (date(2027, 3, 30), 1),
            (date(2027, 3, 31), 2),
            (date(2028, 1, 31), 12),
        ):
            with self.subTest(on=on):
                started = dashboard.started_pairs(self.school_c, on)
                self.assertEqual(started.get(pk=pairing.pk).months, months)

    def test_a_pair_counts_from_its_first_fixing_order(self) -> None:
        pairing = _pair(self.school_c, "Ж")
        fixed(pairing, date(2026, 9, 15))
        fixed(pairing, date(2026, 12, 1))
        started = dashboard.started_pairs(self.school_c, date(2026, 12, 20))
        self.assertEqual(started.get().started, date(2026, 9, 15))
        self.assertFalse(dashboard.started_pairs(self.school_c, date(2026, 9, 14)))


def _meeting(pairing: Pairing, at: datetime, **fields) -> Meeting:
    fields.setdefault("status", Meeting.Status.HELD)
    return Meeting.objects.create(
        pairing=pairing, kind=Meeting.Kind.REGULAR, starts_at=at, **fields
    )


class MeetingsByMonthTests(BaseTestCase):
    def setUp(self) -> None:
        self.pairing = _pair(self.school_a, "А")
        self.zone = self.school_a.zoneinfo()

    def _at(self, *args) -> datetime:
        return datetime(*args, tzinfo=self.zone)

    def test_months_run_from_september_to_august_by_the_schools_clock(self) -> None:
        for moment in (
            (2026, 8, 31, 23, 50),  # the school year before
            (2026, 9, 1, 0, 10),
            (2026, 12, 31, 23, 30),
            (2027, 1, 1, 0, 30),
            (2027, 8, 31, 18, 0),
            (2027, 9, 1, 9, 0),  # the school year after
        ):
            _meeting(self.pairing, self._at(*moment))
        _meeting(self.pairing, self._at(2026, 12, 10, 15), status="planned")
        _meeting(self.pairing, self._at(2026, 12, 11, 15), status="cancelled")
        months = dashboard.meetings_by_month(self.school_a, SchoolYear(2026))
        self.assertEqual(months[0].label, date(2026, 9, 1))
        self.assertEqual(months[-1].label, date(2027, 8, 1))
        held = {bar.label.month: bar.value for bar in months}
        self.assertEqual(
            held, {**dict.fromkeys(range(1, 13), 0), 9: 1, 12: 1, 1: 1, 8: 1}
        )

    def test_a_group_meeting_of_several_pairs_counts_once(self) -> None:
        other = _pair(self.school_a, "Б")
        gathering = uuid.uuid4()
        for pairing in (self.pairing, other):
            _meeting(pairing, self._at(2026, 10, 5, 15), gathering=gathering)
        _meeting(other, self._at(2026, 10, 6, 15))
        _meeting(_pair(self.school_a2, "В"), self._at(2026, 10, 7, 15))
        months = dashboard.meetings_by_month(self.school_a, SchoolYear(2026))
        self.assertEqual(months[1].value, 2)
        self.assertEqual(months[1].length, "100.0")
        self.assertEqual(months[0].length, "0.0")


@time_machine.travel(date(2027, 1, 15), tick=False)
class OrganisationDashboardPageTests(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse(
            "monitoring-organisation-dashboard", args=[self.school_a.code]
        )
        reason = ClosureReason.objects.get(name__startswith="Несовместимость")
        first = fixed(_pair(self.school_a, "А"), ORDERED).pairings.get()
        _meeting(first, datetime(2026, 12, 31, 15, tzinfo=self.school_a.zoneinfo()))
        early = _pair(self.school_a, "Б")
        fixed(_closed(early, S.CLOSED_EARLY, date(2026, 11, 15), reason), ORDERED)

    def test_the_curator_sees_the_figures_and_the_kpi_page_is_one_click_away(
        self,
    ) -> None:
        self.client.force_login(self.alice)
        page = self.client.get(self.url)
        self.assertContains(page, "Сохранность пар")
        self.assertContains(page, "Несовместимость")
        self.assertContains(page, "<td>Декабрь 2026</td><td>1</td>", html=True)
        self.assertContains(page, "учитель – ученик")
        self.assertContains(
            page, reverse("monitoring-organisation-kpis", args=[self.school_a.code])
        )
        # the charts are drawn for the eye and read from tables
        self.assertContains(page, 'aria-hidden="true"')
        self.assertNotContains(page, "style=")
        self.assertNotContains(page, "<script>")

    def test_a_meeting_logged_between_two_visits_shows_on_the_second(
        self,
    ) -> None:
        # the figures' HTML is cached by the figures: new ones, new HTML
        self.client.force_login(self.alice)
        december = "<td>Декабрь 2026</td><td>{}</td>"
        self.assertContains(self.client.get(self.url), december.format(1), html=True)
        pairing = Pairing.objects.get(members__person__last_name="УА")
        _meeting(pairing, datetime(2026, 12, 20, 15, tzinfo=self.school_a.zoneinfo()))
        page = self.client.get(self.url)
        self.assertContains(page, december.format(2), html=True)
        self.assertNotContains(page, december.format(1), html=True)

    def test_the_menu_leads_to_the_dashboard(self) -> None:
        self.client.force_login(self.alice)
        page = self.client.get(reverse("home"))
        self.assertContains(page, f'href="{self.url}"')

    def test_a_teammate_and_the_head_see_it_others_get_404(self) -> None:
        head = make_user("head")
        Membership.objects.create(user=head, role=Role.HEAD, organisation=self.school_a)
        mentor = make_user("mentor")
        Membership.objects.create(
            user=mentor, role=Role.MENTOR, organisation=self.school_a
        )
        for user, status in (
            (self.bob, 200),
            (head, 200),
            (mentor, 404),
            (self.charlie, 404),
            (self.mila, 404),
        ):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, status)

    def test_the_page_asks_the_database_a_fixed_number_of_times(self) -> None:
        self.client.force_login(self.alice)
        self.client.get(self.url)
        with self.assertNumQueries(15):
            self.client.get(self.url)
        reason = ClosureReason.objects.get(name__startswith="Длительная болезнь")
        for n in range(5):
            pairing = fixed(_pair(self.school_a, f"Ещё{n}"), date(2026, 9, 10 + n))
            pairing = pairing.pairings.get()
            _meeting(
                pairing, datetime(2026, 10, n + 1, 15, tzinfo=self.school_a.zoneinfo())
            )
            if n % 2:
                _closed(pairing, S.CLOSED_EARLY, date(2026, 12, n), reason)
        with self.assertNumQueries(15):
            self.client.get(self.url)
