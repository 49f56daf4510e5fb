"""Matching a municipality end to end, from the database to the proposals.

The issue's target (issue 13): a municipality of 20 000 mentees and 3 000
mentors with their questionnaires is matched in under 15 s on the project's
2-core machine. There is no program to compare with, so the baseline of
the row is that fixed budget of 15 s, and the ratio is the time over it.

A throw-away SQLite database (migrated, like bench_import's) holds a
municipality of 40 schools: pupils waiting for a mentor (a request with its
topics, a valid consent to processing) and teachers in the mentor base
(approved, room for 1 to 5 mentees, topics, competences, ready for «учитель
– ученик», days of availability, a format, a consent), and in each school a
preference campaign in which part of them ranked three of the other side.
All of it is written with bulk_create, outside the timing. Timed:
``matching.services.run_municipality`` for the form «учитель – ученик»,
from reading the cohorts to the stored proposals, best of ``REPEAT`` runs.
BENCH_SHORT=1 matches 2 000 mentees and 300 mentors in 4 schools.

Run this module directly for the row; ``--profile`` profiles one run.
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHORT = os.environ.get("BENCH_SHORT", "") not in ("", "0")
SCHOOLS, MENTEES, MENTORS = (4, 2_000, 300) if SHORT else (40, 20_000, 3_000)
BUDGET_S = 15.0  # the budget, the baseline of the row
TARGET_RATIO = 1.0
REPEAT = 2
RANKED = 0.3  # the share of each side that ranked somebody
RANKS = 3  # how many of the other side they ranked
BATCH = 2_000  # rows per INSERT

SURNAMES = [
    "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов",
    "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев",
    "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев", "Орлов",
]  # fmt: skip
NAMES = ["Александр", "Дмитрий", "Мария", "Анна", "Илья", "Софья", "Кирилл", "Ольга"]
PATRONYMICS = ["Андреевич", "Сергеевна", "Иванович", "Петровна", "Олегович"]
# Topics of pupils' requests (people/migrations/0003_fill_topics.py)
TOPICS = [
    "study", "exams", "olympiads", "projects", "career", "digital", "adaptation",
    "communication", "leadership", "creativity", "sport", "volunteering",
    "financial",
]  # fmt: skip
REQUESTS = [
    "Подтянуть математику и подготовиться к ОГЭ",
    "Хочу участвовать в олимпиадах по физике",
    "Помочь с выбором профессии и профиля обучения",
    "Трудно общаться с одноклассниками, нужна поддержка",
    "Сделать исследовательский проект по биологии",
    "Научиться программированию на Python",
    "Подготовка к ЕГЭ по русскому языку и литературе",
    "Хочу заниматься волонтёрством и лидерством в школе",
]
COMPETENCES = [
    "Учитель математики, готовлю к ОГЭ и ЕГЭ, руковожу проектами",
    "Физика и астрономия, олимпиадная подготовка",
    "Педагог-психолог: общение, адаптация, профориентация",
    "Учитель информатики, программирование, цифровые навыки",
    "Русский язык и литература, подготовка к экзаменам",
    "Биология и химия, исследовательские проекты",
    "Классный руководитель, волонтёрство и школьное самоуправление",
]
AVAILABILITY = [
    "пн, ср после 15:00",
    "вторник и четверг",
    "по выходным",
    "пн–пт после уроков",
    "пятница",
    "",
]
FORMS_READY = [["teacher_pupil"], ["teacher_pupil", "teacher_teacher"]]


def _setup_django(tmp: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ["MEDIA_ROOT"] = str(tmp / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nastavnik.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _people(rnd: random.Random, schools: list, count: int, **fields) -> list:
    """``count`` people spread evenly over ``schools``, saved."""
    from nastavnik.people.models import Person

    people = [
        Person(
            organisation=schools[n % len(schools)],
            last_name=rnd.choice(SURNAMES),
            first_name=rnd.choice(NAMES),
            patronymic=rnd.choice(PATRONYMICS),
            **fields,
        )
        for n in range(count)
    ]
    return Person.objects.bulk_create(people, batch_size=BATCH)


def _topics(rnd: random.Random, profiles: list, model, low: int, high: int) -> None:
    from nastavnik.people.models import Topic

    topic_id = dict(Topic.objects.filter(code__in=TOPICS).values_list("code", "pk"))
    through = model.topics.through
    key = f"{model._meta.model_name}_id"
    rows = [
        through(**{key: profile.pk, "topic_id": topic_id[code]})
        for profile in profiles
        for code in rnd.sample(TOPICS, rnd.randint(low, high))
    ]
    through.objects.bulk_create(rows, batch_size=BATCH)


def _consents(people: list, today) -> None:
    from django.utils import timezone

    from nastavnik.people.models import Consent

    Consent.objects.bulk_create(
        [
            Consent(
                person=person,
                kind=Consent.Kind.PROCESSING,
                basis=Consent.Basis.SELF,
                signer_name=person.full_name,
                purpose="Участие в программе наставничества",
                data_items="ФИО, дата рождения, класс",
                status=Consent.Status.SIGNED,
                signed_at=timezone.now(),
                valid_from=today - timedelta(days=30),
            )
            for person in people
        ],
        batch_size=BATCH,
    )


def _preferences(rnd: random.Random, schools, mentees, mentors, today) -> None:
    """A preference campaign per school: a share of each side ranked
    ``RANKS`` people of the other side of their school."""
    from nastavnik.surveys.models import Campaign, Kind, Preference, Version

    version = Version.objects.filter(questionnaire__kind=Kind.PREFERENCE).first()
    campaigns = Campaign.objects.bulk_create(
        [
            Campaign(
                organisation=school,
                version=version,
                title="Предпочтения после групповой встречи",
                deadline=today,
                status=Campaign.Status.CLOSED,
            )
            for school in schools
        ]
    )
    campaign_of = {c.organisation_id: c for c in campaigns}
    side = {
        "mentees": _by_school(mentees),
        "mentors": _by_school(mentors),
    }
    rows = []
    for own, other in (("mentees", "mentors"), ("mentors", "mentees")):
        for school_id, people in side[own].items():
            choices = side[other][school_id]
            for person in people:
                if rnd.random() >= RANKED:
                    continue
                for rank, chosen in enumerate(rnd.sample(choices, RANKS), start=1):
                    rows.append(
                        Preference(
                            person=person,
                            candidate=chosen,
                            rank=rank,
                            campaign=campaign_of[school_id],
                        )
                    )
    Preference.objects.bulk_create(rows, batch_size=BATCH)


def _by_school(people: list) -> dict[int, list]:
    found: dict[int, list] = {}
    for person in people:
        found.setdefault(person.organisation_id, []).append(person)
    return found


def build(seed: int = 2026):
    """The municipality with its schools, programmes, bases and preferences;
    returns the municipality."""
    from django.utils import timezone

    from nastavnik.lib.dates import SchoolYear
    from nastavnik.lib.validators import inn_with_check_digit
    from nastavnik.orgs.models import Municipality, Organisation, Region
    from nastavnik.people.models import MenteeProfile, MentorProfile, Person
    from nastavnik.programmes.models import Programme

    rnd = random.Random(seed)
    today = timezone.localdate()
    region = Region.objects.create(name="Кировская область")
    municipality = Municipality.objects.create(region=region, name="Киров")
    schools = Organisation.objects.bulk_create(
        [
            Organisation(
                municipality=municipality,
                type=Organisation.Type.SCHOOL,
                name=f"МБОУ СОШ № {n} г. Кирова",
                short_name=f"СОШ № {n}",
                inn=inn_with_check_digit(f"4345{n:05d}"),
            )
            for n in range(1, SCHOOLS + 1)
        ]
    )
    Programme.objects.bulk_create(
        [
            Programme(
                organisation=school,
                school_year=SchoolYear.of(today).start_year,
                title="Программа наставничества",
                status=Programme.Status.RUNNING,
            )
            for school in schools
        ]
    )
    mentees = _people(
        rnd, schools, MENTEES, category=Person.Category.PUPIL, class_name="7Б"
    )
    mentors = _people(
        rnd,
        schools,
        MENTORS,
        category=Person.Category.TEACHER,
        experience_years=15,
    )
    mentee_profiles = MenteeProfile.objects.bulk_create(
        [
            MenteeProfile(
                person=person,
                category=MenteeProfile.Category.LOW_RESULTS,
                request=rnd.choice(REQUESTS),
                status=MenteeProfile.Status.WAITING,
            )
            for person in mentees
        ],
        batch_size=BATCH,
    )
    mentor_profiles = MentorProfile.objects.bulk_create(
        [
            MentorProfile(
                person=person,
                source=MentorProfile.Source.TEACHER,
                competences=rnd.choice(COMPETENCES),
                forms_ready=rnd.choice(FORMS_READY),
                capacity=rnd.randint(1, 5),
                availability=rnd.choice(AVAILABILITY),
                format=rnd.choice(MentorProfile.Format.values),
                training_done=True,
                status=MentorProfile.Status.APPROVED,
            )
            for person in mentors
        ],
        batch_size=BATCH,
    )
    _topics(rnd, mentee_profiles, MenteeProfile, 1, 2)
    _topics(rnd, mentor_profiles, MentorProfile, 2, 4)
    _consents([*mentees, *mentors], today)
    _preferences(rnd, schools, mentees, mentors, today)
    return municipality


def match(municipality) -> tuple[float, list]:
    """The timed part: every school of the municipality matched."""
    from nastavnik.matching import services
    from nastavnik.programmes.models import MentorshipForm

    form = MentorshipForm.objects.get(organisation=None, slug="teacher_pupil")
    started = time.perf_counter()
    runs = services.run_municipality(municipality, form, user=None)
    return time.perf_counter() - started, runs


def _check(runs: list) -> None:
    """Every school got its run, every mentee a proposal, and pairs."""
    from nastavnik.matching.models import Proposal

    proposals = Proposal.objects.filter(run__in=runs).count()
    matched = sum(run.matched for run in runs)
    if len(runs) != SCHOOLS or proposals != MENTEES or not matched:
        raise AssertionError(
            f"{len(runs)} runs, {proposals} proposals, {matched} matched"
        )


def run() -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="nastavnik-bench-") as name:
        _setup_django(Path(name))
        print(
            f"matching from the database: building {SCHOOLS} schools, "
            f"{MENTEES} mentees and {MENTORS} mentors…",
            file=sys.stderr,
            flush=True,
        )
        started = time.perf_counter()
        municipality = build()
        print(
            f"built in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
            flush=True,
        )
        times = []
        for number in range(1, REPEAT + 1):
            seconds, runs = match(municipality)
            _check(runs)
            times.append(seconds)
            print(
                f"run {number}: {seconds:.2f} s, {sum(r.matched for r in runs)} "
                f"matched, {sum(r.inputs['edges'] for r in runs)} allowed pairs",
                file=sys.stderr,
                flush=True,
            )
    measured = min(times)
    return [
        {
            "name": (f"matching from the database: municipality ({MENTEES}×{MENTORS})"),
            "baseline_s": BUDGET_S,
            "measured_s": round(measured, 3),
            "ratio": round(measured / BUDGET_S, 2),
            "target_ratio": TARGET_RATIO,
        }
    ]


if __name__ == "__main__" and sys.argv[1:2] == ["--profile"]:
    import cProfile
    import pstats

    with tempfile.TemporaryDirectory(prefix="nastavnik-bench-") as name:
        _setup_django(Path(name))
        municipality = build()
        with cProfile.Profile() as profile:
            seconds, _runs = match(municipality)
        print(f"{seconds:.2f} s", file=sys.stderr)
        pstats.Stats(profile).sort_stats("tottime").print_stats(40)
elif __name__ == "__main__":
    print(json.dumps(run(), ensure_ascii=False))
