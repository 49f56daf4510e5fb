"""A run of a cohort larger than MATCHING_BACKGROUND_COHORT goes to the
background worker: the request only queues it, the page shows its progress
until the proposal is ready, and a failure leaves a message and nothing
half-saved. The tests make a cohort of five «large» through the setting."""

from __future__ import annotations

import re
import signal
from io import StringIO
from unittest import mock, skipUnless

import time_machine
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from nastavnik.matching import services
from nastavnik.matching.models import Proposal, Run
from nastavnik.pairs.models import Pairing
from nastavnik.pairs.tests.factory import make_mentee, make_mentor, teacher_pupil
from nastavnik.people.models import Topic
from nastavnik.programmes.tests.factory import make_programme
from nastavnik.test import BaseTestCase

TODAY = "2026-10-05 10:00+03:00"
# the cohort of these tests: two mentors and three mentees
COHORT = 5


def work() -> int:
    """Run the queued tasks as ``manage.py db_worker --batch`` does, each
    through the worker's own ``run_task``; how many ran. (The command itself
    closes a connection left in a transaction, which on PostgreSQL is the
    test's: ``test_the_worker_command_matches_a_queued_run`` runs it on
    SQLite.)"""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )
    done = 0
    while (result := DBTaskResult.objects.ready().first()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)
        done += 1
    return done


def proposals_of(run: Run) -> list[tuple]:
    return list(
        run.proposals.order_by("mentee_id").values_list(
            "mentee_id",
            "mentor_id",
            "score",
            "parts",
            "locked",
            "reason",
            "alternatives",
            "excluded",
        )
    )


@time_machine.travel(TODAY, tick=False)
@override_settings(MATCHING_BACKGROUND_COHORT=COHORT - 1)
class RunProgressTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        with time_machine.travel(TODAY, tick=False):
            cls.programme = make_programme(cls.school_a, status="running")
            cls.form = teacher_pupil()
            cls.maths = make_mentor(cls.school_a, "Орлова", capacity=1)
            cls.career = make_mentor(cls.school_a, "Соколов", capacity=2)
            cls.anna = make_mentee(cls.school_a, "Зайцева", first_name="Анна")
            cls.boris = make_mentee(cls.school_a, "Белов", first_name="Борис")
            cls.vera = make_mentee(cls.school_a, "Волкова", first_name="Вера")
            for person, codes in (
                (cls.maths, ["exams", "study"]),
                (cls.career, ["career"]),
                (cls.anna, ["exams"]),
                (cls.boris, ["career"]),
                (cls.vera, ["exams", "study"]),
            ):
                profile = getattr(person, "mentor_profile", None)
                profile = profile or person.mentee_profile
                profile.topics.set(Topic.objects.filter(code__in=codes))

    def setUp(self) -> None:
        self.client.force_login(self.alice)

    def start(self, **options) -> Run:
        return services.run_start(
            programme=self.programme, form=self.form, user=self.alice, **options
        )

    def post_new_run(self):
        data = {
            "programme": self.programme.code,
            "form": self.form.code,
            "min_score": "0",
            **{
                f"weight_{key}": str(weight)
                for key, weight in services.scoring.DEFAULT_WEIGHTS.items()
            },
        }
        url = reverse("matching-run-list", args=[self.school_a.code])
        return self.client.post(url, data, follow=True)

    def test_a_large_cohort_is_queued_and_not_matched_in_the_request(self) -> None:
        r = self.post_new_run()
        run = Run.objects.get()
        self.assertRedirects(r, reverse("matching-run-detail", args=[run.code]))
        self.assertContains(r, "подбор идёт в фоне")
        self.assertEqual(run.status, Run.Status.QUEUED)
        self.assertFalse(run.proposals.exists())
        task = DBTaskResult.objects.get()
        self.assertEqual(task.task_path, "nastavnik.matching.tasks.match")
        self.assertEqual(task.args_kwargs["args"], [str(run.code)])
        self.assertEqual(task.status, "READY")

    def test_a_school_sized_cohort_still_answers_at_once(self) -> None:
        with override_settings(MATCHING_BACKGROUND_COHORT=COHORT):
            r = self.post_new_run()
        run = Run.objects.get()
        self.assertContains(r, "Предложение готово")
        self.assertEqual((run.status, run.matched), (Run.Status.READY, 3))
        self.assertFalse(DBTaskResult.objects.exists())

    def test_the_page_shows_the_progress_until_the_proposal_is_ready(self) -> None:
        run = self.start()
        detail = reverse("matching-run-detail", args=[run.code])
        progress = reverse("matching-run-progress", args=[run.code])
        r = self.client.get(detail)
        self.assertContains(r, "В очереди")
        self.assertContains(r, f'hx-get="{progress}"')
        self.assertNotContains(r, "Утвердить")
        r = self.client.get(progress, headers={"HX-Request": "true"})
        self.assertContains(r, "В очереди")
        self.assertContains(r, 'hx-trigger="every 2s"')
        # the worker is at the second step
        Run.objects.filter(pk=run.pk).update(
            status=Run.Status.RUNNING, step=Run.Step.SCORING
        )
        r = self.client.get(progress, headers={"HX-Request": "true"})
        self.assertContains(r, "Шаг 2 из 4: оценка допустимых пар")
        self.assertContains(r, '<progress max="4" value="1">')
        r = self.client.get(reverse("matching-run-list", args=[self.school_a.code]))
        self.assertContains(r, "идёт подбор (шаг 2 из 4)")
        # the worker finishes: the poll has the page reload with the proposal
        Run.objects.filter(pk=run.pk).update(status=Run.Status.QUEUED, step=None)
        self.assertEqual(work(), 1)
        r = self.client.get(progress, headers={"HX-Request": "true"})
        self.assertEqual(r.headers["HX-Refresh"], "true")
        r = self.client.get(detail)
        self.assertNotContains(r, "hx-get")
        self.assertContains(r, "Орлова")
        self.assertContains(r, "Утвердить")

    def test_the_worker_makes_the_same_proposals_as_a_run_at_once(self) -> None:
        queued = self.start(min_score=100)
        work()
        queued.refresh_from_db()
        self.assertEqual(queued.status, Run.Status.READY)
        self.assertIsNone(queued.step)
        self.assertEqual(DBTaskResult.objects.get().status, "SUCCESSFUL")
        direct = services.run_matching(
            programme=self.programme, form=self.form, user=self.alice, min_score=100
        )
        self.assertEqual(proposals_of(queued), proposals_of(direct))
        self.assertEqual(len(proposals_of(queued)), 3)
        for field in ("matched", "unmatched", "total_score", "inputs", "weights"):
            self.assertEqual(getattr(queued, field), getattr(direct, field))

    def test_the_worker_tells_the_run_each_step_as_it_begins(self) -> None:
        run = self.start()
        with CaptureQueriesContext(connection) as queries:
            work()
        steps = [
            int(found.group(1))
            for query in queries
            if query["sql"].startswith('UPDATE "matching_run"')
            and (found := re.search(r'"step" = (\d)', query["sql"]))
        ]
        self.assertEqual(steps, [1, 1, 2, 3, 4])  # the claim, then each step
        run.refresh_from_db()
        self.assertEqual((run.status, run.step), (Run.Status.READY, None))

    def test_a_rerun_in_the_background_keeps_the_locked_pairs(self) -> None:
        with override_settings(MATCHING_BACKGROUND_COHORT=COHORT):
            run = self.start()
        # Орлова's one place goes to Анна, locked, instead of Вера
        services.proposal_remove(run.proposals.get(mentee=self.vera))
        services.proposal_swap(run.proposals.get(mentee=self.anna), self.maths)
        r = self.client.post(reverse("matching-run-rerun", args=[run.code]))
        again = Run.objects.exclude(pk=run.pk).get()
        self.assertRedirects(r, reverse("matching-run-detail", args=[again.code]))
        self.assertEqual(again.status, Run.Status.QUEUED)
        run.refresh_from_db()
        self.assertEqual(run.status, Run.Status.READY)  # until the new one is
        work()
        run.refresh_from_db()
        self.assertEqual(run.status, Run.Status.REPLACED)
        anna = again.proposals.get(mentee=self.anna)
        self.assertEqual((anna.mentor, anna.locked), (self.maths, True))
        self.assertNotEqual(again.proposals.get(mentee=self.vera).mentor, self.maths)

    def test_a_failed_run_says_so_and_leaves_no_half_of_its_proposals(self) -> None:
        run = self.start()
        real = Proposal.objects.bulk_create

        def break_halfway(proposals, **options):
            real(proposals[:1], **options)
            raise OperationalError("disk I/O error")

        with mock.patch.object(Proposal.objects, "bulk_create", break_halfway):
            work()
        run.refresh_from_db()
        self.assertEqual(run.status, Run.Status.FAILED)
        self.assertIn("на шаге «сохранение предложений»", run.error)
        self.assertFalse(Proposal.objects.exists())
        self.assertEqual((run.matched, run.total_score), (0, 0))
        self.assertEqual(DBTaskResult.objects.get().status, "FAILED")
        r = self.client.get(reverse("matching-run-detail", args=[run.code]))
        self.assertContains(r, "Подбор не удался")
        self.assertContains(r, "ничего не сохранил")
        self.assertNotContains(r, "Traceback")
        self.assertNotContains(r, "disk I/O")
        self.assertNotContains(r, "hx-get")
        r = self.client.get(reverse("matching-run-list", args=[self.school_a.code]))
        self.assertContains(r, "не удался")
        r = self.client.post(reverse("matching-run-approve", args=[run.code]))
        r = self.client.get(r.url)
        self.assertContains(r, "Подбор не удался и ничего не предложил")

    def test_a_worker_stopped_in_the_middle_leaves_the_run_failed(self) -> None:
        run = self.start()
        # told to stop twice, the worker exits from inside the task
        with mock.patch.object(services.algorithm, "solve", side_effect=SystemExit(1)):
            work()
        run.refresh_from_db()
        self.assertEqual(run.status, Run.Status.FAILED)
        self.assertIn("на шаге «выбор лучшего предложения»", run.error)
        self.assertIn("обработчик фоновых задач остановили", run.error)
        self.assertFalse(Proposal.objects.exists())

    def test_a_run_that_is_not_ready_refuses_every_action(self) -> None:
        run = self.start()
        detail = reverse("matching-run-detail", args=[run.code])
        for url, data in (
            (reverse("matching-run-approve", args=[run.code]), {}),
            (reverse("matching-run-rerun", args=[run.code]), {}),
            (detail, {"mentee": self.anna.code, "action": "lock"}),
            (detail, {"mentee": self.anna.code, "action": "remove"}),
            (
                detail,
                {"mentee": self.anna.code, "mentor": self.maths.code, "action": "swap"},
            ),
        ):
            with self.subTest(url=url, data=data):
                r = self.client.post(url, data, follow=True)
                self.assertRedirects(r, detail)
                self.assertContains(r, "Предложение ещё не готово")
        self.assertEqual(Run.objects.get().status, Run.Status.QUEUED)
        self.assertFalse(Pairing.objects.exists())

    def test_a_teammate_follows_the_progress(self) -> None:
        run = self.start()
        self.client.force_login(self.bob)
        for url in (
            reverse("matching-run-detail", args=[run.code]),
            reverse("matching-run-progress", args=[run.code]),
        ):
            with self.subTest(url=url):
                self.assertContains(self.client.get(url), "В очереди")

    def test_a_curator_of_another_school_sees_no_progress(self) -> None:
        run = self.start()
        self.client.force_login(self.charlie)
        for url in (
            reverse("matching-run-detail", args=[run.code]),
            reverse("matching-run-progress", args=[run.code]),
        ):
            with self.subTest(url=url):
                r = self.client.get(url, headers={"HX-Request": "true"})
                self.assertEqual(r.status_code, 404)

    def test_a_coordinator_of_the_municipality_sees_no_progress(self) -> None:
        run = self.start()
        self.client.force_login(self.mila)
        r = self.client.get(reverse("matching-run-progress", args=[run.code]))
        self.assertEqual(r.status_code, 404)

    @skipUnless(connection.vendor == "sqlite", "see work()")
    def test_the_worker_command_matches_a_queued_run(self) -> None:
        run = self.start()
        # the worker takes over the signals for a graceful stop: give them back
        stops = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
        handlers = {stop: signal.getsignal(stop) for stop in stops}
        for stop, handler in handlers.items():
            self.addCleanup(signal.signal, stop, handler)
        call_command(
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--no-reload",
            stdout=StringIO(),
        )
        run.refresh_from_db()
        self.assertEqual((run.status, run.matched), (Run.Status.READY, 3))
