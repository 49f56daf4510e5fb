"""A campaign to the members of the pairs of a form, and the new campaign page
opened from a pair's page: which side of a pair a questionnaire goes to."""

from __future__ import annotations

from datetime import date

import time_machine
from django.test import SimpleTestCase
from django.urls import reverse

from nastavnik.pairs.models import Pairing, PairingMember
from nastavnik.pairs.tests.factory import (
    make_mentee,
    make_mentor,
    make_pairing,
    teacher_pupil,
)
from nastavnik.people.models import Consent
from nastavnik.programmes.models import MentorshipForm
from nastavnik.programmes.tests.factory import make_programme
from nastavnik.surveys.campaign_forms import (
    FIXED_PAIR_STATUSES,
    MENTEE_ROLE,
    MENTOR_ROLE,
    pair_role,
)
from nastavnik.surveys.models import Campaign, Kind
from nastavnik.surveys.tests.factory import make_questionnaire
from nastavnik.test import BaseTestCase

TODAY = "2027-02-12 10:00+03:00"
S = Pairing.Status


class PairRoleTestCase(SimpleTestCase):
    def test_a_questionnaire_goes_to_the_side_of_the_pair_it_is_about(self) -> None:
        table = {
            Kind.SATISFACTION_MENTEE: MENTEE_ROLE,
            Kind.MENTEE: MENTEE_ROLE,
            Kind.ENTRY: MENTEE_ROLE,
            Kind.EXIT: MENTEE_ROLE,
            Kind.SATISFACTION_MENTOR: MENTOR_ROLE,
            Kind.MENTOR: MENTOR_ROLE,
            Kind.PREFERENCE: None,
            Kind.SWOT: None,
            Kind.CURATOR: None,
            Kind.DIFFICULTIES: None,
            Kind.OTHER: None,
        }
        self.assertEqual(set(table), set(Kind))
        for kind, role in table.items():
            with self.subTest(kind=kind):
                self.assertEqual(pair_role(kind), role)
        self.assertEqual(set(PairingMember.Role.values), {MENTEE_ROLE, MENTOR_ROLE})
        self.assertEqual(MENTEE_ROLE, PairingMember.Role.MENTEE)

    def test_the_fixed_statuses_are_those_of_the_pairs_app(self) -> None:
        fixed = [*Pairing.WORKING_STAGES, S.PAUSED, *Pairing.ENDED]
        self.assertEqual(set(FIXED_PAIR_STATUSES), set(fixed))


@time_machine.travel(TODAY, tick=False)
class CampaignToPairsTestCase(BaseTestCase):
    """In school A, pairs of «учитель – ученик»: Орлова with Зайцев (working),
    and in the same group Уходов (left in January) and Безсогласных (consent
    withdrawn since); Белова with Лисицын (closed); Волков with Ежов (proposed
    only). Медведева with Соболев work in another form. School C has a pair
    of its own."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        with time_machine.travel(TODAY, tick=False):
            programme = make_programme(cls.school_a, status="running")
            cls.form = teacher_pupil()

            def pair(mentor: str, mentee: str, status: str):
                pairing = make_pairing(
                    programme,
                    make_mentor(cls.school_a, mentor),
                    make_mentee(cls.school_a, mentee),
                )
                Pairing.objects.filter(pk=pairing.pk).update(status=status)
                return pairing

            cls.working = pair("Орлова", "Зайцев", S.WORKING)
            for last_name, until in (
                ("Уходов", date(2027, 1, 20)),
                ("Безсогласных", None),
            ):
                PairingMember.objects.create(
                    pairing=cls.working,
                    person=make_mentee(cls.school_a, last_name),
                    role=PairingMember.Role.MENTEE,
                    until=until,
                )
            Consent.objects.filter(person__last_name="Безсогласных").delete()
            pair("Белова", "Лисицын", S.CLOSED)
            pair("Волков", "Ежов", S.PROPOSED)
            other = pair("Медведева", "Соболев", S.WORKING)
            other.form = MentorshipForm.objects.get(
                organisation=None, slug="pupil_pupil"
            )
            other.save(update_fields=["form"])
            cls.foreign = make_pairing(
                make_programme(cls.school_c, status="running"),
                make_mentor(cls.school_c, "Чужова"),
                make_mentee(cls.school_c, "Чужаков"),
            )
        cls.url = reverse("surveys-campaign-add", args=[cls.school_a.code])

    def setUp(self) -> None:
        self.client.force_login(self.alice)

    def _send(self, kind: str):
        version = make_questionnaire(kind)
        return self.client.post(
            self.url,
            {
                "version": str(version.code),
                "title": "Удовлетворённость",
                "deadline": "20.02.2027",
                "audience": "form",
                "form": str(self.form.code),
            },
            follow=True,
        )

    def _invited(self) -> set[str]:
        campaign = Campaign.objects.get()
        return {i.person.last_name for i in campaign.invitations.all()}

    def test_it_reaches_the_mentees_of_fixed_and_closed_pairs_of_the_form(
        self,
    ) -> None:
        r = self._send(Kind.SATISFACTION_MENTEE)
        # Not the mentors, not a proposed pair, another form, a former
        # member, someone without consent, another school.
        self.assertEqual(self._invited(), {"Зайцев", "Лисицын"})
        self.assertEqual(
            Campaign.objects.get().audience,
            f"наставляемые пар формы «{self.form.name}»",
        )
        self.assertContains(r, "Опрос создан: приглашены 2 человека.")
        self.assertContains(r, "Не приглашён 1 человек")

    def test_a_mentor_satisfaction_questionnaire_goes_to_the_mentors(self) -> None:
        self._send(Kind.SATISFACTION_MENTOR)
        self.assertEqual(self._invited(), {"Орлова", "Белова"})
        self.assertEqual(
            Campaign.objects.get().audience, f"наставники пар формы «{self.form.name}»"
        )

    def test_any_other_questionnaire_goes_to_both_sides(self) -> None:
        self._send(Kind.OTHER)
        self.assertEqual(self._invited(), {"Орлова", "Белова", "Зайцев", "Лисицын"})
        self.assertEqual(
            Campaign.objects.get().audience, f"участники пар формы «{self.form.name}»"
        )

    def test_the_page_shows_what_the_audience_means(self) -> None:
        r = self.client.get(self.url)
        self.assertContains(r, "Участники пар и групп формы наставничества")
        self.assertContains(r, "закреплённых приказом, включая закрытые")

    def test_the_page_opened_from_a_pair_ticks_its_members(self) -> None:
        r = self.client.get(self.url, {"pairing": str(self.working.code)})
        self.assertContains(r, 'name="audience" value="people" required')
        page = r.content.decode()
        self.assertRegex(page, r'value="people" required id="[^"]+" checked')
        for name in ("Орлова", "Зайцев", "Безсогласных"):
            with self.subTest(name=name):
                self.assertRegex(page, rf"checked> <span>{name} ")
        self.assertNotContains(r, "Уходов")
        self.assertNotContains(r, "Лисицын")

    def test_a_kind_presets_the_questionnaire_and_ticks_its_side(self) -> None:
        make_questionnaire(Kind.SATISFACTION_MENTOR)  # shipped: ours comes first
        own = make_questionnaire(Kind.SATISFACTION_MENTOR, organisation=self.school_a)
        r = self.client.get(
            self.url,
            {"pairing": str(self.working.code), "kind": "satisfaction_mentor"},
        )
        self.assertContains(r, f'<option value="{own.code}" selected')
        self.assertRegex(r.content.decode(), r"checked> <span>Орлова ")
        self.assertNotContains(r, "Зайцев")

    def test_a_foreign_pairs_code_does_not_leak_names(self) -> None:
        r = self.client.get(self.url, {"pairing": str(self.foreign.code)})
        self.assertEqual(r.status_code, 404)
        self.assertNotContains(r, "Чужаков", status_code=404)
        r = self.client.get(self.url, {"pairing": "nonsense"})
        self.assertEqual(r.status_code, 404)

    def test_a_teammate_may_open_it_and_an_outsider_may_not(self) -> None:
        query = {"pairing": str(self.working.code)}
        self.client.force_login(self.bob)
        self.assertContains(self.client.get(self.url, query), "Зайцев")
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(self.url, query).status_code, 404)
