"""A municipality is matched in one call: a run per organisation with an
active programme, on its latest one; the others get none."""

from __future__ import annotations

import time_machine

from nastavnik.lib.validators import inn_with_check_digit
from nastavnik.matching import services
from nastavnik.matching.models import Run
from nastavnik.pairs.tests.factory import make_mentee, make_mentor, teacher_pupil
from nastavnik.programmes.tests.factory import make_programme
from nastavnik.test import BaseTestCase, make_organisation

TODAY = "2026-10-05 10:00+03:00"


@time_machine.travel(TODAY, tick=False)
class RunMunicipalityTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        with time_machine.travel(TODAY, tick=False):
            cls.form = teacher_pupil()
            cls.old = make_programme(cls.school_a, 2025, status="completed")
            cls.current = make_programme(cls.school_a, 2026, status="running")
            cls.other = make_programme(cls.school_a2, 2026, status="approved")
            # a school of the municipality with people but only a draft
            cls.school_a3 = make_organisation(
                cls.municipality_a, inn_with_check_digit("433000003"), "СОШ № 4"
            )
            make_programme(cls.school_a3, 2026, status="draft")
            # a school of another municipality, with a running programme
            make_programme(cls.school_c, 2026, status="running")
            for school, name in (
                (cls.school_a, "Первая"),
                (cls.school_a2, "Вторая"),
                (cls.school_a3, "Третья"),
                (cls.school_c, "Чужая"),
            ):
                make_mentor(school, f"Наставник{name}", capacity=2)
                make_mentee(school, f"Ученица{name}", first_name="Анна")
                make_mentee(school, f"Ученик{name}", first_name="Борис")

    def test_each_school_with_a_programme_gets_its_own_run(self) -> None:
        runs = services.run_municipality(
            self.municipality_a, self.form, user=self.alice, min_score=0
        )
        self.assertEqual(
            [run.organisation for run in runs], [self.school_a, self.school_a2]
        )
        self.assertEqual(runs[0].programme, self.current)
        self.assertEqual(runs[1].programme, self.other)
        for run, name in zip(runs, ("Первая", "Вторая"), strict=True):
            self.assertEqual(run.matched, 2)
            proposals = run.proposals.select_related("mentee", "mentor")
            self.assertEqual(
                {(p.mentee.last_name, p.mentor.last_name) for p in proposals},
                {
                    (f"Ученица{name}", f"Наставник{name}"),
                    (f"Ученик{name}", f"Наставник{name}"),
                },
            )

    def test_a_school_without_an_active_programme_gets_no_run(self) -> None:
        services.run_municipality(self.municipality_a, self.form, user=self.alice)
        self.assertFalse(Run.objects.filter(organisation=self.school_a3).exists())
        self.assertFalse(Run.objects.filter(organisation=self.school_c).exists())
        self.assertEqual(Run.objects.count(), 2)
