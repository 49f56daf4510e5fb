"""A region for the KPI benchmark (bench/bench_kpis_postgres.py), written
fast into an empty, migrated PostgreSQL database.

At full size (issue 14): 1 region, 45 municipalities, 2 000 organisations
(schools mostly, some colleges, kindergartens, centres of additional
education and partner enterprises), 1 000 000 people, 300 000 pairs with
their members, the orders that fixed them, the satisfaction questionnaires
answered by a share of the participants, and the denominators and targets of
every level. ``build(scale)`` scales the counts of organisations, people and
pairs (not the municipalities).

The shapes the KPIs meet: ages 7–70 (pupils 7–18, students 15–22, teachers
and staff 22–70, enterprise employees 20–60), so that the age bounds cut;
teachers with 0–45 years of experience; enterprise employees with their
employer's INN mentoring in a school; pairs of every form the organisation
runs, a tenth of them groups, at every status, counted (fixed… closed,
paused) and not (proposed, confirmed); pairs of the previous school year
that ended before this one, pairs that start after the day of the figures,
replaced mentors; people in two pairs (the pools are drawn with
replacement); repeated and anonymous answers, answers without a score, and
answers outside the period.

The big tables (people, pairs, members, the orders' pairs, responses) go in
with COPY (psycopg 3's ``cursor.copy``) under ids written by the generator,
whose sequences are moved on after; the small ones with ``bulk_create``.
Deterministic: one seeded ``random.Random``; the day of the figures is fixed
(``ON``), never today.
"""

from __future__ import annotations

import random
import time
import uuid
from datetime import date, timedelta

ON = date(2026, 3, 16)  # the day the figures are taken on
START = date(2025, 9, 1)  # the school year of ON starts
FULL = {"organisations": 2_000, "people": 1_000_000, "pairs": 300_000}
MUNICIPALITIES = 45
STAMP = "2025-08-25 09:00:00+00"  # created/updated of every generated row
CHUNK = 50_000  # rows per COPY write

# Share of organisation types and the relative number of people in one.
ORG_TYPES = [
    ("school", 0.82, 1.0),
    ("college", 0.06, 1.6),
    ("kindergarten", 0.06, 0.3),
    ("additional", 0.04, 0.5),
    ("partner", 0.02, 0.0),
]
# Forms each type runs: (form slug, weight, mentor pool, mentee pool).
FORMS = {
    "school": [
        ("teacher_pupil", 45, "teachers", "pupils"),
        ("pupil_pupil", 20, "older_pupils", "pupils"),
        ("employer_pupil", 10, "employees", "older_pupils"),
        ("experienced_young", 15, "teachers", "young_teachers"),
        ("teacher_teacher", 10, "teachers", "teachers"),
    ],
    "college": [
        ("employer_student", 40, "employees", "students"),
        ("teacher_pupil", 35, "teachers", "students"),
        ("student_pupil", 15, "students", "students"),
        ("experienced_young", 10, "teachers", "young_teachers"),
    ],
    "kindergarten": [
        ("experienced_young", 60, "teachers", "young_teachers"),
        ("teacher_teacher", 40, "teachers", "teachers"),
    ],
    "additional": [
        ("teacher_pupil", 80, "teachers", "pupils"),
        ("employer_pupil", 20, "employees", "older_pupils"),
    ],
}
# Categories of an organisation's people: (category, share, youngest, oldest).
PEOPLE = {
    "school": [
        ("pupil", 0.84, 7, 18),
        ("teacher", 0.11, 22, 70),
        ("staff", 0.02, 22, 65),
        ("employee", 0.03, 20, 60),
    ],
    "college": [
        ("student", 0.85, 15, 22),
        ("teacher", 0.10, 22, 70),
        ("employee", 0.05, 20, 60),
    ],
    "kindergarten": [("teacher", 0.8, 22, 70), ("staff", 0.2, 22, 65)],
    "additional": [
        ("pupil", 0.8, 7, 18),
        ("teacher", 0.15, 22, 70),
        ("employee", 0.05, 20, 60),
    ],
    "partner": [("employee", 1.0, 20, 60)],
}
# Pair statuses with their weights; proposed and confirmed do not count.
STATUSES = [
    ("fixed", 5),
    ("introduced", 5),
    ("trial", 5),
    ("planning", 10),
    ("working", 33),
    ("final", 8),
    ("closed", 10),
    ("closed_early", 4),
    ("paused", 5),
    ("proposed", 8),
    ("confirmed", 7),
]
UNFIXED = {"proposed", "confirmed"}
ANSWERED = 0.4  # share of the counted members who answered a questionnaire
TWICE = 0.1  # of those, who answered twice
ANONYMOUS = 0.05  # responses without a person
UNSCORED = 0.03  # responses with no scored item answered

SURNAMES = [
    "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов",
    "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев",
]  # fmt: skip
NAMES = ["Александр", "Дмитрий", "Мария", "Анна", "Илья", "Софья", "Кирилл", "Ольга"]
PATRONYMICS = ["Андреевич", "Сергеевна", "Иванович", "Петровна", "Олегович"]
TOWNS = [
    "Киров", "Слободской", "Котельнич", "Вятские Поляны", "Омутнинск", "Яранск",
    "Советск", "Уржум", "Нолинск", "Луза", "Малмыж", "Зуевка", "Белая Холуница",
    "Мураши", "Кирс",
]  # fmt: skip


def sizes(scale: float) -> dict[str, int]:
    return {name: max(1, round(count * scale)) for name, count in FULL.items()}


def _uuid(rnd: random.Random) -> str:
    return str(uuid.UUID(int=rnd.getrandbits(128), version=4))


def _copy(table: str, columns: list[str], rows) -> int:
    """COPY the rows (tuples of str, None for NULL) into the table."""
    from django.db import connection

    count = 0
    with connection.cursor() as cursor:
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            lines = []
            for row in rows:
                lines.append(
                    "\t".join(r"\N" if value is None else value for value in row)
                )
                count += 1
                if len(lines) == CHUNK:
                    copy.write("\n".join(lines) + "\n")
                    lines = []
            if lines:
                copy.write("\n".join(lines) + "\n")
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
        )
    return count


def _birth(rnd: random.Random, youngest: int, oldest: int) -> date:
    """A birth date of somebody ``youngest``…``oldest`` full years old on ON."""
    latest = ON.replace(year=ON.year - youngest)
    days = (oldest + 1 - youngest) * 365 - 1
    return latest - timedelta(days=rnd.randrange(days))


def _organisations(rnd: random.Random, count: int) -> tuple:
    from nastavnik.lib.validators import inn_with_check_digit
    from nastavnik.orgs.models import Municipality, Organisation, Region

    region = Region.objects.create(name="Вятская область (бенчмарк)")
    municipalities = Municipality.objects.bulk_create(
        [
            Municipality(
                region=region,
                name=f"{TOWNS[n % len(TOWNS)]} ({n + 1})",
                centre_name=f"ММЦ № {n + 1}",
            )
            for n in range(MUNICIPALITIES)
        ]
    )
    types = rnd.choices([t[0] for t in ORG_TYPES], [t[1] for t in ORG_TYPES], k=count)
    # the big towns get more: a skewed choice of municipality
    weights = [1 / (n + 1) ** 0.7 for n in range(MUNICIPALITIES)]
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                municipality=rnd.choices(municipalities, weights)[0],
                type=kind,
                name=f"Организация № {n} ({kind})",
                short_name=f"{kind[:3].upper()} № {n:04d}",
                inn=inn_with_check_digit(f"43{n:07d}"),
            )
            for n, kind in enumerate(types, start=1)
        ]
    )
    return region, municipalities, organisations


def _people(rnd: random.Random, organisations: list, total: int) -> tuple:
    """COPY the people; returns their pools and their number per
    organisation id."""
    weight = {t[0]: t[2] for t in ORG_TYPES}
    per_weight = total / sum(weight[o.type] or 0.05 for o in organisations)
    enterprises = [
        (f"ООО «Предприятие {n}»", f"{7700000000 + n * 7919}")
        for n in range(max(20, total // 400))
    ]
    pools: dict[int, dict[str, list]] = {}
    headcounts: dict[int, int] = {}
    rows = []
    pk = 0
    for organisation in organisations:
        pool = pools[organisation.pk] = {
            "pupils": [],
            "older_pupils": [],
            "students": [],
            "teachers": [],
            "young_teachers": [],
            "employees": [],
        }
        headcount = max(5, round(per_weight * (weight[organisation.type] or 0.05)))
        first_pk = pk
        for category, share, youngest, oldest in PEOPLE[organisation.type]:
            for _ in range(max(1, round(headcount * share))):
                pk += 1
                born = _birth(rnd, youngest, oldest)
                age = ON.year - born.year
                experience, employer, inn, position, klass = None, "", "", "", ""
                if category == "pupil":
                    klass = f"{min(11, max(1, age - 6))}{rnd.choice('АБВ')}"
                    pool["pupils"].append(pk)
                    if age >= 15:
                        pool["older_pupils"].append(pk)
                elif category == "student":
                    pool["students"].append(pk)
                elif category == "teacher":
                    experience = min(age - 21, int(rnd.expovariate(1 / 12)))
                    position = "Учитель"
                    pool["teachers"].append(pk)
                    if experience <= 3:
                        pool["young_teachers"].append(pk)
                elif category == "employee":
                    employer, inn = rnd.choice(enterprises)
                    position = "Инженер"
                    pool["employees"].append(pk)
                last, first = rnd.choice(SURNAMES), rnd.choice(NAMES)
                patronymic = rnd.choice(PATRONYMICS)
                search = " ".join([last, first, patronymic, klass]).strip()
                rows.append(
                    (
                        str(pk),
                        _uuid(rnd),
                        last,
                        first,
                        patronymic,
                        born.isoformat(),
                        category,
                        klass,
                        position,
                        None if experience is None else str(experience),
                        employer,
                        inn,
                        "",
                        "",
                        STAMP,
                        STAMP,
                        str(organisation.pk),
                        "",
                        search.casefold().replace("ё", "е"),
                    )
                )
        headcounts[organisation.pk] = pk - first_pk
    _copy(
        "people_person",
        [
            "id", "code", "last_name", "first_name", "patronymic", "birth_date",
            "category", "class_name", "position", "experience_years",
            "employer_name", "employer_inn", "email", "phone", "created",
            "updated", "organisation_id", "snils", "search_text",
        ],
        rows,
    )  # fmt: skip
    return pools, headcounts


def _pick(rnd: random.Random, pool: list, taken: set) -> int | None:
    for _ in range(5):
        if not pool:
            return None
        chosen = rnd.choice(pool)
        if chosen not in taken:
            return chosen
    return None


def _pairs(
    rnd: random.Random, organisations: list, pools: dict, headcounts: dict, total: int
):
    """COPY the pairs and their members; returns the counted members as
    (person, role, organisation, since) and the ids of the fixed pairs per
    organisation."""
    from nastavnik.programmes.models import MentorshipForm, Programme

    form_id = dict(
        MentorshipForm.objects.filter(organisation=None).values_list("slug", "pk")
    )
    running = [o for o in organisations if o.type in FORMS]
    programmes = Programme.objects.bulk_create(
        [
            Programme(
                organisation=o,
                school_year=START.year,
                title="Программа наставничества",
                status=Programme.Status.RUNNING,
            )
            for o in running
        ]
    )
    programme_of = {p.organisation_id: p.pk for p in programmes}
    per_person = total / sum(headcounts[o.pk] for o in running)
    statuses, status_weights = zip(*STATUSES, strict=True)
    pairs, members, counted, fixed = [], [], [], {}
    pk = member_pk = 0
    for organisation in running:
        pool = pools[organisation.pk]
        forms = FORMS[organisation.type]
        for _ in range(max(1, round(headcounts[organisation.pk] * per_person))):
            slug, _w, mentor_pool, mentee_pool = rnd.choices(
                forms, [f[1] for f in forms]
            )[0]
            taken: set[int] = set()
            mentor = _pick(rnd, pool[mentor_pool], taken)
            if mentor is None:
                continue
            taken.add(mentor)
            mentees = []
            for _ in range(rnd.choice([2, 3, 4]) if rnd.random() < 0.1 else 1):
                mentee = _pick(rnd, pool[mentee_pool], taken)
                if mentee is not None:
                    taken.add(mentee)
                    mentees.append(mentee)
            if not mentees:
                continue
            pk += 1
            status = rnd.choices(statuses, status_weights)[0]
            when = rnd.random()
            if when < 0.1:  # last school year's, ended before this one
                start = START - timedelta(days=rnd.randint(200, 360))
                end = START - timedelta(days=rnd.randint(1, 60))
                status = rnd.choice(["closed", "closed_early"])
            elif when < 0.13:  # starts after the day of the figures
                start = ON + timedelta(days=rnd.randint(1, 60))
                end = start + timedelta(days=120)
            else:
                start = START + timedelta(days=rnd.randint(0, 120))
                end = start + timedelta(days=rnd.randint(90, 270))
            ended_on = end if status in ("closed", "closed_early") else None
            pairs.append(
                (
                    str(pk),
                    _uuid(rnd),
                    "",
                    "",
                    start.isoformat(),
                    end.isoformat(),
                    status,
                    "working" if status == "paused" else "",
                    "",
                    None if ended_on is None else ended_on.isoformat(),
                    STAMP,
                    STAMP,
                    str(form_id[slug]),
                    str(organisation.pk),
                    str(programme_of[organisation.pk]),
                )
            )
            if status not in UNFIXED:
                fixed.setdefault(organisation.pk, []).append(pk)
            people_in = [(mentor, "mentor", start, ended_on)]
            people_in += [(m, "mentee", start, ended_on) for m in mentees]
            if rnd.random() < 0.05 and start < ON - timedelta(days=30):
                # the mentor was replaced a month in
                left = start + timedelta(days=30)
                people_in[0] = (mentor, "mentor", start, left)
                other = _pick(rnd, pool[mentor_pool], taken)
                if other is not None:
                    people_in.append((other, "mentor", left + timedelta(days=1), None))
            for person, role, since, until in people_in:
                member_pk += 1
                members.append(
                    (
                        str(member_pk),
                        role,
                        since.isoformat(),
                        None if until is None else until.isoformat(),
                        str(pk),
                        str(person),
                    )
                )
                if (
                    status not in UNFIXED
                    and since <= ON
                    and (until is None or until >= START)
                ):
                    counted.append((person, role, organisation.pk, since))
    _copy(
        "pairs_pairing",
        [
            "id", "code", "variant", "goal", "period_start", "period_end",
            "status", "paused_status", "closure_note", "closed_on", "created",
            "updated", "form_id", "organisation_id", "programme_id",
        ],
        pairs,
    )  # fmt: skip
    _copy(
        "pairs_pairingmember",
        ["id", "role", "since", "until", "pairing_id", "person_id"],
        members,
    )
    return len(pairs), len(members), counted, fixed


def _orders(rnd: random.Random, fixed: dict) -> int:
    """Three signed fixing orders per organisation, each pair fixed by one."""
    from nastavnik.pairs.models import PairingOrder

    orders = PairingOrder.objects.bulk_create(
        [
            PairingOrder(
                organisation_id=organisation_id,
                kind=PairingOrder.Kind.FIXING,
                number=f"{n}-од",
                date=START + timedelta(days=20 * n),
            )
            for organisation_id in fixed
            for n in (1, 2, 3)
        ],
        batch_size=5_000,
    )
    of = {}
    for order in orders:
        of.setdefault(order.organisation_id, []).append(order.pk)
    rows = (
        (str(n), str(rnd.choice(of[organisation_id])), str(pairing))
        for n, (organisation_id, pairing) in enumerate(
            ((o, p) for o, pairings in fixed.items() for p in pairings), start=1
        )
    )
    return _copy(
        "pairs_pairingorder_pairings", ["id", "pairingorder_id", "pairing_id"], rows
    )


def _responses(rnd: random.Random, counted: list) -> int:
    """Satisfaction questionnaires of mentees and mentors, one campaign of
    each per organisation, answered by a share of the counted members."""
    from nastavnik.surveys.models import Campaign, Kind, Version

    version = {
        role: Version.objects.filter(questionnaire__kind=kind, number=1)
        .order_by("pk")
        .first()
        for role, kind in (
            ("mentee", Kind.SATISFACTION_MENTEE),
            ("mentor", Kind.SATISFACTION_MENTOR),
        )
    }
    with_pairs = sorted({organisation for _p, _r, organisation, _s in counted})
    campaigns = Campaign.objects.bulk_create(
        [
            Campaign(
                organisation_id=organisation,
                version=version[role],
                title="Удовлетворённость программой",
                deadline=ON,
                status=Campaign.Status.OPEN,
            )
            for organisation in with_pairs
            for role in ("mentee", "mentor")
        ],
        batch_size=5_000,
    )
    role_of = {v.pk: role for role, v in version.items()}
    campaign_of = {(c.organisation_id, role_of[c.version_id]): c.pk for c in campaigns}
    rows = []
    pk = 0
    for person, role, organisation, since in counted:
        if rnd.random() >= ANSWERED:
            continue
        for _ in range(2 if rnd.random() < TWICE else 1):
            pk += 1
            first = max(since, START)
            when = rnd.random()
            if when < 0.05:  # after the day of the figures
                day = ON + timedelta(days=rnd.randint(1, 40))
            elif when < 0.07:  # in the last school year
                day = START - timedelta(days=rnd.randint(1, 90))
            else:
                day = first + timedelta(days=rnd.randint(0, max(0, (ON - first).days)))
            score = None
            if rnd.random() >= UNSCORED:
                score = f"{min(10.0, max(1.0, rnd.gauss(7.6, 1.8))):.2f}"
            rows.append(
                (
                    str(pk),
                    _uuid(rnd),
                    day.isoformat(),
                    rnd.choice(["link", "link", "paper"]),
                    score,
                    str(campaign_of[(organisation, role)]),
                    None if rnd.random() < ANONYMOUS else str(person),
                    str(version[role].pk),
                )
            )
    return _copy(
        "surveys_response",
        [
            "id", "code", "submitted_on", "source", "score", "campaign_id",
            "person_id", "version_id",
        ],
        rows,
    )  # fmt: skip


def _denominators(rnd: random.Random, region, municipalities, organisations) -> None:
    """Each level's denominators of the school year (about the size of its
    lists), and targets: the region's, and their own in a few municipalities."""
    from django.db.models import Count, Q

    from nastavnik.monitoring.models import Denominators, Target
    from nastavnik.people.models import Person

    reference = Denominators.default_reference_date(START.year)
    lists = dict(
        Person.objects.values_list("organisation").annotate(
            n=Count("pk", filter=Q(category__in=["pupil", "student"]))
        )
    )
    rows = []
    by_municipality: dict[int, int] = {}
    for organisation in organisations:
        if organisation.type == "partner":
            continue
        learners = lists.get(organisation.pk, 0)
        by_municipality[organisation.municipality_id] = (
            by_municipality.get(organisation.municipality_id, 0) + learners
        )
        rows.append(
            Denominators(
                organisation=organisation,
                school_year=START.year,
                reference_date=reference,
                children=round(learners * 0.75),
                youths=round(learners * 0.35),
                young_teachers=rnd.randint(2, 12),
                enterprises=rnd.randint(1, 8),
            )
        )
    for municipality in municipalities:
        learners = by_municipality.get(municipality.pk, 0)
        rows.append(
            Denominators(
                municipality=municipality,
                school_year=START.year,
                reference_date=reference,
                children=round(learners * 0.8),
                youths=round(learners * 0.4),
                young_teachers=max(10, learners // 80),
                enterprises=max(5, learners // 300),
            )
        )
    learners = sum(by_municipality.values())
    rows.append(
        Denominators(
            region=region,
            school_year=START.year,
            reference_date=reference,
            children=round(learners * 0.8),
            youths=round(learners * 0.4),
            young_teachers=learners // 80,
            enterprises=learners // 300,
        )
    )
    Denominators.objects.bulk_create(rows, batch_size=5_000)
    targets = [
        Target(region=region, year=ON.year, kpi=kpi, value=value)
        for kpi, value in enumerate((60, 9, 60, 28, 85, 85), start=1)
    ]
    targets += [
        Target(municipality=m, year=ON.year, kpi=kpi, value=rnd.randint(40, 90))
        for m in municipalities[::5]
        for kpi in (1, 5)
    ]
    Target.objects.bulk_create(targets)


def build(scale: float = 1.0, seed: int = 2026, log=print):
    """The region, at ``scale`` of the full size; returns it."""
    rnd = random.Random(seed)
    counts = sizes(scale)
    started = time.perf_counter()

    def done(what: str) -> None:
        log(f"  {what} ({time.perf_counter() - started:.0f} s)")

    region, municipalities, organisations = _organisations(rnd, counts["organisations"])
    done(f"{len(municipalities)} municipalities, {len(organisations)} organisations")
    pools, headcounts = _people(rnd, organisations, counts["people"])
    done(f"{sum(headcounts.values())} people")
    pairs, members, counted, fixed = _pairs(
        rnd, organisations, pools, headcounts, counts["pairs"]
    )
    done(f"{pairs} pairs, {members} members")
    links = _orders(rnd, fixed)
    done(f"{links} pairs in orders")
    responses = _responses(rnd, counted)
    done(f"{responses} responses")
    _denominators(rnd, region, municipalities, organisations)
    done("denominators and targets")
    return region
