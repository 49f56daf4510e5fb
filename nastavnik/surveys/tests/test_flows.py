from __future__ import annotations

from datetime import date

from nastavnik.accounts.models import AuditEvent
from nastavnik.people.models import MentorProfile
from nastavnik.people.tests.factory import give_consent, make_person, make_pupil
from nastavnik.surveys import flows, services
from nastavnik.surveys.models import Campaign, Preference, Question
from nastavnik.surveys.tests.factory import make_campaign
from nastavnik.surveys.tests.test_profiles import make_version
from nastavnik.test import BaseTestCase

T = Question.Type
DAY = date(2026, 3, 2)


class AfterResponseTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.mentor_version = make_version(
            "mentor",
            {"key": "help", "type": T.LONG_TEXT, "profile_field": "mentor.competences"},
        )
        self.teacher = make_person(self.school_a, "Ложкин")

    def _answer(self, campaign: Campaign, answers: dict, person=None):
        if campaign.anonymous:
            return services.response_submit(campaign, answers, today=DAY)
        invitation, _token = services.invitation_create(
            campaign, person or self.teacher
        )
        return services.response_submit(
            campaign, answers, invitation=invitation, today=DAY
        )

    def test_a_mentor_questionnaire_answer_updates_the_profile(self) -> None:
        give_consent(self.teacher)
        campaign = make_campaign(self.mentor_version, self.school_a)
        response = self._answer(campaign, {"help": "Физика, подготовка к ЕГЭ"})
        profile = MentorProfile.objects.get(person=self.teacher)
        self.assertEqual(profile.competences, "Физика, подготовка к ЕГЭ")
        self.assertEqual(response.outcome.profile, profile)

    def test_the_answer_is_kept_with_a_note_when_the_person_has_no_consent(
        self,
    ) -> None:
        campaign = make_campaign(self.mentor_version, self.school_a)
        response = self._answer(campaign, {"help": "Физика"})
        self.assertEqual(response.answers.get().value, "Физика")
        self.assertIn("нет действующего согласия", response.outcome.note)
        self.assertFalse(MentorProfile.objects.exists())

    def test_an_anonymous_campaign_never_touches_the_profiles(self) -> None:
        give_consent(self.teacher)
        campaign = make_campaign(self.mentor_version, self.school_a, anonymous=True)
        response = self._answer(campaign, {"help": "Физика"})
        self.assertIsNone(response.person)
        self.assertIsNone(response.outcome)
        self.assertFalse(MentorProfile.objects.exists())

    def test_a_paper_form_is_logged_as_entered_by_the_curator(self) -> None:
        give_consent(self.teacher)
        campaign = make_campaign(self.mentor_version, self.school_a)
        services.response_submit(
            campaign,
            {"help": "Физика"},
            person=self.teacher,
            source="paper",
            entered_by=self.alice,
            today=DAY,
        )
        self.assertEqual(MentorProfile.objects.get().competences, "Физика")
        update = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE)
        self.assertEqual(update.user, self.alice)
        self.assertEqual(update.object_code, self.teacher.code)

    def test_other_kinds_go_nowhere(self) -> None:
        give_consent(self.teacher)
        version = make_version(
            "satisfaction_mentor",
            # a mapping in a questionnaire of another kind writes nothing
            {"key": "help", "type": T.LONG_TEXT, "profile_field": "mentor.competences"},
        )
        campaign = make_campaign(version, self.school_a)
        response = self._answer(campaign, {"help": "Физика"})
        self.assertIsNone(response.outcome)
        self.assertFalse(MentorProfile.objects.exists())


class PreferencesTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.version = make_version(
            "preference",
            {"key": "comment", "type": T.SHORT_TEXT},
            {"key": "whom", "type": T.RANKING},
        )
        self.pupil = make_pupil(self.school_a, "Булдакова")
        self.mentors = [
            make_person(self.school_a, name) for name in ("Ложкин", "Шутов", "Ившина")
        ]
        self.campaign = make_campaign(self.version, self.school_a, editable=True)
        self.campaign.candidates.set(self.mentors)

    def _rank(self, campaign: Campaign, people: list, person=None) -> None:
        invitation, _token = services.invitation_create(campaign, person or self.pupil)
        services.response_submit(
            campaign,
            {"whom": [str(p.code) for p in people]},
            invitation=invitation,
            today=DAY,
        )

    def _ranked(self, campaign: Campaign | None = None) -> list:
        rows = Preference.objects.filter(
            campaign=campaign or self.campaign, person=self.pupil
        ).order_by("rank")
        return [(p.rank, p.candidate) for p in rows]

    def test_a_ranking_writes_the_preferences_in_order(self) -> None:
        first, second, third = self.mentors
        self._rank(self.campaign, [third, first])
        self.assertEqual(self._ranked(), [(1, third), (2, first)])

    def test_a_changed_answer_replaces_the_earlier_preferences(self) -> None:
        first, second, third = self.mentors
        self._rank(self.campaign, [third, first])
        self._rank(self.campaign, [second])
        self.assertEqual(self._ranked(), [(1, second)])

    def test_only_the_campaigns_candidates_are_ranked(self) -> None:
        stranger = make_person(self.school_c, "Чужой")
        first = self.mentors[0]
        response = services.response_submit(
            self.campaign,
            {"whom": [str(stranger.code), str(first.code), str(self.pupil.code)]},
            person=self.pupil,
            source="paper",
            today=DAY,
        )
        self.assertEqual(self._ranked(), [(1, first)])
        self.assertEqual(len(response.outcome), 1)

    def test_preferences_for_reads_the_latest_campaign_of_each_person(self) -> None:
        first, second, third = self.mentors
        other = make_pupil(self.school_a, "Зайцев")
        self._rank(self.campaign, [first, second])
        self._rank(self.campaign, [third], person=other)
        later = make_campaign(self.version, self.school_a, title="Повторно")
        later.candidates.set(self.mentors)
        self._rank(later, [second, third, first])
        self.assertEqual(
            flows.preferences_for(self.school_a),
            {
                self.pupil.pk: [second.pk, third.pk, first.pk],
                other.pk: [third.pk],
            },
        )

    def test_preferences_for_keeps_to_the_organisation(self) -> None:
        self._rank(self.campaign, self.mentors[:1])
        self.assertEqual(flows.preferences_for(self.school_c), {})

    def test_an_anonymous_preference_campaign_writes_nothing(self) -> None:
        campaign = make_campaign(self.version, self.school_a, anonymous=True)
        campaign.candidates.set(self.mentors)
        services.response_submit(
            campaign, {"whom": [str(self.mentors[0].code)]}, today=DAY
        )
        self.assertFalse(Preference.objects.exists())
