"""A curator runs matching, reads why each pair was proposed and why an
alternative was not, locks and removes pairs, re-runs, and approves: the
pairs are formed through the pairs app and listed in a draft order."""

from __future__ import annotations

import time_machine
from django.urls import reverse

from nastavnik.matching import services
from nastavnik.matching.forms import RunForm
from nastavnik.matching.models import Run
from nastavnik.pairs.models import Pairing, PairingOrder
from nastavnik.pairs.tests.factory import make_mentee, make_mentor, teacher_pupil
from nastavnik.people.models import MentorProfile, Topic
from nastavnik.programmes.tests.factory import make_programme
from nastavnik.surveys.models import Kind, Preference
from nastavnik.surveys.tests.factory import make_campaign, make_questionnaire
from nastavnik.test import BaseTestCase

TODAY = "2026-10-05 10:00+03:00"


def _topics(person, *codes: str) -> None:
    profile = getattr(person, "mentor_profile", None) or person.mentee_profile
    profile.topics.set(Topic.objects.filter(code__in=codes))


@time_machine.travel(TODAY, tick=False)
class RunTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        with time_machine.travel(TODAY, tick=False):
            cls.programme = make_programme(cls.school_a, status="running")
            cls.form = teacher_pupil()
            cls.maths = make_mentor(cls.school_a, "Орлова", capacity=1)
            cls.career = make_mentor(cls.school_a, "Соколов", capacity=2)
            _topics(cls.maths, "exams", "study")
            _topics(cls.career, "career")
            cls.anna = make_mentee(cls.school_a, "Зайцева", first_name="Анна")
            cls.boris = make_mentee(cls.school_a, "Белов", first_name="Борис")
            cls.vera = make_mentee(cls.school_a, "Волкова", first_name="Вера")
            _topics(cls.anna, "exams")
            _topics(cls.boris, "career")
            _topics(cls.vera, "exams", "study")
            # a mentee of another school is never proposed here
            make_mentee(cls.school_a2, "Чужой")

    def setUp(self) -> None:
        self.client.force_login(self.alice)

    def run_matching(self, **options) -> Run:
        return services.run_matching(
            programme=self.programme, form=self.form, user=self.alice, **options
        )

    def pairs_of(self, run: Run) -> dict[str, str | None]:
        return {
            p.mentee.last_name: p.mentor.last_name if p.mentor else None
            for p in run.proposals.select_related("mentee", "mentor")
            if not p.removed
        }

    def test_everyone_who_can_be_matched_is_and_topics_decide_who_with_whom(
        self,
    ) -> None:
        run = self.run_matching()
        pairs = self.pairs_of(run)
        self.assertEqual(run.matched, 3)
        self.assertEqual(pairs["Белов"], "Соколов")
        # Орлова has room for one: the mentee who shares both topics gets her
        self.assertEqual(pairs["Волкова"], "Орлова")
        self.assertEqual(pairs["Зайцева"], "Соколов")
        self.assertNotIn("Чужой", pairs)

    def test_the_run_page_explains_each_pair_and_its_alternatives(self) -> None:
        run = self.run_matching()
        r = self.client.get(reverse("matching-run-detail", args=[run.code]))
        self.assertContains(r, "Орлова")
        self.assertContains(r, "общие темы запроса")
        url = reverse("matching-proposal-detail", args=[run.code, self.anna.code])
        r = self.client.get(url)
        self.assertContains(r, "Другие подходящие наставники")
        self.assertContains(r, "Орлова")

    def test_a_minimum_score_leaves_weak_pairs_out_with_the_reason(self) -> None:
        run = self.run_matching(min_score=999)
        self.assertEqual(run.matched, 0)
        proposal = run.proposals.get(mentee=self.boris)
        self.assertIn("ниже минимального балла 999", proposal.reason)

    def test_a_locked_pair_survives_a_rerun_and_a_removed_one_does_not_return(
        self,
    ) -> None:
        run = self.run_matching()
        anna = run.proposals.get(mentee=self.anna)
        vera = run.proposals.get(mentee=self.vera)
        detail = reverse("matching-run-detail", args=[run.code])
        # Орлова has room for one: giving her to Анна needs Вера's pair out first
        swap = {"mentee": self.anna.code, "mentor": self.maths.code, "action": "swap"}
        r = self.client.post(detail, swap, follow=True)
        self.assertContains(r, "не осталось мест")
        self.client.post(detail, {"mentee": self.vera.code, "action": "remove"})
        vera.refresh_from_db()
        self.assertTrue(vera.removed)
        self.client.post(detail, swap)
        anna.refresh_from_db()
        self.assertTrue(anna.locked)
        self.assertEqual(anna.mentor, self.maths)
        run.refresh_from_db()
        self.assertEqual((run.matched, run.unmatched), (2, 1))
        r = self.client.post(reverse("matching-run-rerun", args=[run.code]))
        again = Run.objects.exclude(pk=run.pk).get()
        self.assertRedirects(r, reverse("matching-run-detail", args=[again.code]))
        pairs = self.pairs_of(again)
        self.assertEqual(pairs["Зайцева"], "Орлова")
        self.assertNotEqual(pairs["Волкова"], "Орлова")
        self.assertTrue(again.proposals.get(mentee=self.anna).locked)
        run.refresh_from_db()
        self.assertEqual(run.status, Run.Status.REPLACED)

    def test_approval_forms_the_pairs_and_a_draft_order(self) -> None:
        run = self.run_matching()
        r = self.client.post(reverse("matching-run-approve", args=[run.code]))
        order = PairingOrder.objects.get()
        self.assertRedirects(r, reverse("pairs-order-detail", args=[order.code]))
        self.assertEqual(Pairing.objects.count(), 3)
        self.assertEqual(order.pairings.count(), 3)
        run.refresh_from_db()
        self.assertEqual((run.status, run.order), (Run.Status.APPROVED, order))
        # a second approval changes nothing
        self.client.post(reverse("matching-run-approve", args=[run.code]))
        self.assertEqual(Pairing.objects.count(), 3)

    def test_groups_put_a_mentors_mentees_in_one_group(self) -> None:
        run = self.run_matching(groups=True)
        services.approve(run, user=self.alice)
        group = Pairing.objects.get(members__person=self.career)
        self.assertEqual(len(group.mentees()), 2)

    def test_an_empty_support_list_gives_an_empty_proposal(self) -> None:
        services.approve(self.run_matching(), user=self.alice)
        run = self.run_matching()
        self.assertEqual((run.matched, run.proposals.count()), (0, 0))
        r = self.client.get(reverse("matching-run-detail", args=[run.code]))
        self.assertContains(r, "Пары не предложены")

    def test_when_people_ranked_each_other_the_stable_variant_is_compared(
        self,
    ) -> None:
        self.assertIsNone(self.run_matching().inputs["stable"])
        campaign = make_campaign(
            make_questionnaire(Kind.PREFERENCE, self.school_a), self.school_a
        )
        # Анна and Вера both want Орлова first; she wants Анна
        for person, chosen in (
            (self.anna, [self.maths]),
            (self.vera, [self.maths]),
            (self.maths, [self.anna]),
        ):
            Preference.objects.create(
                person=person, candidate=chosen[0], rank=1, campaign=campaign
            )
        run = self.run_matching()
        stable = run.inputs["stable"]
        self.assertEqual(stable["matched"], 3)
        self.assertLessEqual(stable["score"], run.total_score)
        r = self.client.get(reverse("matching-run-detail", args=[run.code]))
        self.assertContains(r, "Устойчивое распределение")

    def test_contradictory_locks_are_explained_and_the_rest_matched(self) -> None:
        stranger = make_mentor(self.school_a2, "Чужая")
        run = self.run_matching(
            locked=[
                (self.anna.pk, self.maths.pk),
                (self.anna.pk, self.career.pk),  # a second lock for Анна
                (self.vera.pk, stranger.pk),  # a mentor of another school
            ]
        )
        notes = run.inputs["notes"]
        self.assertEqual(len(notes), 2)
        self.assertIn("две закреплённые пары", notes[0])
        self.assertIn("не сохранена", notes[1])
        self.assertEqual(self.pairs_of(run)["Зайцева"], "Орлова")
        self.assertEqual(run.matched, 3)
        r = self.client.get(reverse("matching-run-detail", args=[run.code]))
        self.assertContains(r, "две закреплённые пары")

    def test_a_paused_mentor_base_leaves_everyone_waiting_with_a_reason(
        self,
    ) -> None:
        MentorProfile.objects.update(status=MentorProfile.Status.PAUSED)
        run = self.run_matching()
        self.assertEqual(run.matched, 0)
        reasons = set(run.proposals.values_list("reason", flat=True))
        self.assertEqual(len(reasons), 1)
        self.assertIn("не подходит ни один наставник базы", reasons.pop())

    def test_a_teammate_reviews_and_approves_the_run(self) -> None:
        run = self.run_matching()
        self.client.force_login(self.bob)
        r = self.client.get(
            reverse("matching-proposal-detail", args=[run.code, self.anna.code])
        )
        self.assertEqual(r.status_code, 200)
        self.client.post(reverse("matching-run-approve", args=[run.code]))
        self.assertEqual(Pairing.objects.count(), 3)

    def test_a_curator_of_another_school_sees_nothing(self) -> None:
        run = self.run_matching()
        self.client.force_login(self.charlie)
        for url in [
            reverse("matching-run-detail", args=[run.code]),
            reverse("matching-proposal-detail", args=[run.code, self.anna.code]),
            reverse("matching-run-list", args=[self.school_a.code]),
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        r = self.client.post(reverse("matching-run-approve", args=[run.code]))
        self.assertEqual(r.status_code, 404)
        self.assertFalse(Pairing.objects.exists())

    def test_a_new_run_from_the_page(self) -> None:
        url = reverse("matching-run-list", args=[self.school_a.code])
        r = self.client.get(url)
        self.assertContains(r, "Подобрать пары")
        data = {
            "programme": self.programme.code,
            "form": self.form.code,
            "min_score": "0",
            **{f"weight_{key}": "10" for key in services.scoring.DEFAULT_WEIGHTS},
        }
        r = self.client.post(url, data)
        run = Run.objects.get()
        self.assertRedirects(r, reverse("matching-run-detail", args=[run.code]))
        self.assertEqual(run.weights["topics"], 10)
        r = self.client.post(url, {**data, "min_score": "5000"})
        self.assertContains(r, "меньше либо равно 1000")
        self.assertEqual(Run.objects.count(), 1)

    def test_last_years_completed_programme_takes_no_new_pairs(self) -> None:
        make_programme(
            self.school_a, year=2025, status="completed", title="Прошлогодняя"
        )
        form = RunForm(organisation=self.school_a)
        self.assertEqual(list(form.fields["programme"].queryset), [self.programme])
        self.assertEqual(form.fields["programme"].initial, self.programme.code)
