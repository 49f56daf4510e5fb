from __future__ import annotations

from datetime import date
from io import StringIO

import time_machine
from django.core.management import call_command
from django.test import TestCase

from nastavnik.accounts.models import AuditEvent
from nastavnik.orgs.models import Organisation
from nastavnik.people.models import Consent, MentorProfile, Person
from nastavnik.surveys import flows, stats
from nastavnik.surveys.models import (
    Answer,
    Campaign,
    Invitation,
    Kind,
    Preference,
    Response,
)

TODAY = date(2026, 11, 23)


def _demo() -> None:
    call_command("demo", stdout=StringIO())


@time_machine.travel("2026-11-23 10:00+03:00", tick=False)
class DemoTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        _demo()
        cls.school1 = Organisation.objects.get(short_name="МБОУ СОШ № 1 пгт Уни")
        cls.mentor = Person.objects.get(user__username="mentor")
        cls.mentee = Person.objects.get(user__username="mentee")

    def test_every_kind_has_an_answered_campaign_in_uni(self) -> None:
        answered = set(
            Campaign.objects.filter(
                organisation__municipality__name="Уни", responses__isnull=False
            ).values_list("version__questionnaire__kind", flat=True)
        )
        self.assertEqual(answered, set(Kind.values) - {Kind.OTHER})

    def test_the_anonymous_satisfaction_campaigns_show_results_and_name_nobody(
        self,
    ) -> None:
        campaigns = Campaign.objects.filter(
            organisation=self.school1,
            version__questionnaire__kind__in=[
                Kind.SATISFACTION_MENTEE,
                Kind.SATISFACTION_MENTOR,
            ],
        )
        self.assertEqual(campaigns.count(), 4)  # this year's and last year's
        for campaign in campaigns:
            with self.subTest(campaign=campaign, deadline=campaign.deadline):
                self.assertTrue(campaign.anonymous)
                responses = campaign.responses.all()
                self.assertGreaterEqual(responses.count(), 5)
                self.assertFalse(responses.filter(person__isnull=False).exists())
                self.assertFalse(responses.filter(invitation__isnull=False).exists())

    def test_the_mentees_satisfied_share_is_realistic(self) -> None:
        result = stats.satisfaction(
            self.school1, Kind.SATISFACTION_MENTEE, date(2026, 9, 1), TODAY
        )
        self.assertTrue(70 <= result.share <= 85, result)

    def test_the_mentor_questionnaire_updated_the_demo_mentors_profile(self) -> None:
        profile = MentorProfile.objects.get(person=self.mentor)
        self.assertIn("Физика и астрономия", profile.competences)
        self.assertEqual(
            set(profile.topics.values_list("code", flat=True)),
            {"exams", "projects", "olympiads"},
        )
        self.assertEqual(profile.capacity, 3)
        self.assertTrue(
            AuditEvent.objects.filter(
                object_code=self.mentor.code, summary__contains="competences"
            ).exists()
        )

    def test_the_demo_mentee_ranked_the_demo_mentor_first(self) -> None:
        preferences = flows.preferences_for(self.school1)
        self.assertEqual(preferences[self.mentee.pk][0], self.mentor.pk)
        self.assertEqual(
            Preference.objects.filter(person=self.mentee).count(),
            len(preferences[self.mentee.pk]),
        )

    def test_the_demo_mentee_has_an_open_campaign_to_answer(self) -> None:
        invitation = Invitation.objects.get(
            person=self.mentee, campaign__status=Campaign.Status.OPEN
        )
        self.assertFalse(invitation.answered)
        self.assertTrue(invitation.campaign.is_open(TODAY))

    def test_the_demo_mentor_has_an_open_campaign_to_answer(self) -> None:
        invitation = Invitation.objects.get(
            person=self.mentor, campaign__status=Campaign.Status.OPEN
        )
        self.assertFalse(invitation.answered)
        self.assertTrue(invitation.campaign.is_open(TODAY))

    def test_last_years_satisfaction_was_asked_at_the_end_of_may(self) -> None:
        for kind, surveyed in (
            (Kind.SATISFACTION_MENTEE, 12),
            (Kind.SATISFACTION_MENTOR, 9),
        ):
            with self.subTest(kind=kind):
                campaign = Campaign.objects.get(
                    organisation=self.school1,
                    version__questionnaire__kind=kind,
                    deadline__lt=date(2026, 9, 1),
                )
                self.assertEqual(campaign.status, Campaign.Status.CLOSED)
                self.assertEqual(campaign.deadline, date(2026, 5, 29))
                result = stats.satisfaction(
                    self.school1, kind, date(2025, 9, 1), date(2026, 8, 31)
                )
                self.assertEqual(result.surveyed, surveyed)
                self.assertTrue(70 <= result.share <= 85, result)

    def test_an_open_campaign_waits_for_mentors_to_remind(self) -> None:
        campaign = Campaign.objects.get(
            organisation=self.school1,
            version__questionnaire__kind=Kind.SATISFACTION_MENTOR,
            status=Campaign.Status.OPEN,
        )
        self.assertTrue(campaign.is_open(TODAY))
        waiting = campaign.invitations.filter(answered=False, sent_at__isnull=False)
        self.assertTrue(waiting.exclude(person__email="").exists())

    def test_campaigns_past_their_deadline_are_closed(self) -> None:
        past = Campaign.objects.filter(deadline__lt=TODAY)
        self.assertTrue(past.exists())
        self.assertFalse(past.exclude(status=Campaign.Status.CLOSED).exists())

    def test_entry_and_exit_give_a_change_per_person(self) -> None:
        changes = stats.impact(self.school1, 2026)
        self.assertTrue(changes)
        self_esteem = next(c for c in changes if c.parameter == "self_esteem")
        self.assertGreater(self_esteem.change, 0)
        self.assertIn(self.mentee.pk, [p.person_id for p in self_esteem.people])

    def test_the_teacher_track_answered_its_questionnaires(self) -> None:
        school2 = Organisation.objects.get(short_name="МКОУ СОШ с. Сардык")
        kinds = set(
            Response.objects.filter(campaign__organisation=school2).values_list(
                "version__questionnaire__kind", flat=True
            )
        )
        self.assertEqual(kinds, {Kind.DIFFICULTIES, Kind.ENTRY})

    def test_running_it_again_creates_nothing(self) -> None:
        models = [Campaign, Invitation, Response, Answer, Preference, Consent]
        before = [m.objects.count() for m in models]
        _demo()
        self.assertEqual([m.objects.count() for m in models], before)
