"""Demo data: answered campaigns of every kind in the municipality «Уни».

Needs ``ctx["organisations"]``, ``ctx["users"]`` and ``ctx["people"]`` and
the bases of ``people.demo``, and the shipped questionnaires (migration
``surveys/0002``). Everything goes through the real services: the campaigns
invite only the people who may be asked, the answers pass ``check_answers``
and ``response_submit`` (dated in the past), so the mentor and mentee
questionnaires update the bases and the preference questionnaire writes the
preferences, as they would for a curator.

School 1 has, in the order of the school year: the potential mentor's
questionnaire and the mentees' requests (closed), the preferences after the
group meeting, the entry and exit measurements of its mentees, the curator's
SWOT and questionnaire (entered by the curator herself), and two anonymous
satisfaction campaigns still open: the mentees' (the demo ``mentee`` has not
answered yet) and the mentors' (the demo ``mentor`` and a few others have
not, for the reminders and their home pages). School 2
in Сардык, whose programme is the teacher track, runs the difficulties
questionnaire and the entry measurement of its young specialists, whose
consents it collected first: it has a curator in the cast to see them (the
kindergarten has none, and a campaign records who sent it). An organisation
that already has campaigns is left alone. At the end of May of the previous
school year school 1 asked its mentees and mentors about their satisfaction
too (closed campaigns, for last year's KPIs 5 and 6).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from nastavnik.accounts.models import User
from nastavnik.lib.dates import SchoolYear
from nastavnik.orgs.models import Organisation
from nastavnik.people import services as people_services
from nastavnik.people.models import Consent, MenteeProfile, MentorProfile, Person
from nastavnik.surveys import answers, services, topics
from nastavnik.surveys.models import NO, YES, Campaign, Invitation, Questionnaire

Answers = dict[str, object]

_MOTIVATIONS = [
    "Хочу помочь ребятам найти своё дело",
    "Меня самого когда-то поддержал наставник, хочу передать это дальше",
    "Нравится работать с подростками и видеть, как они растут",
    "Хочу, чтобы молодые коллеги не повторяли моих ошибок",
    "Интересно попробовать себя в новой роли",
]
_PUPIL_MOTIVATIONS = [
    "Хочу помогать младшим и научиться вести за собой",
    "Мне нравится объяснять, у меня это получается",
]
_EXPERIENCE = [
    "Веду кружок робототехники третий год",
    "Руководил проектами учеников на муниципальной конференции",
    "Был вожатым в летнем лагере",
    "Проводил экскурсии на предприятие для старшеклассников",
]
_INTERESTS = [
    "Футбол и компьютерные игры",
    "Рисую, хожу в художественную школу",
    "Читаю фантастику",
    "Лыжи и биатлон",
    "Танцы",
    "Программирование",
]
_WHY_CHOSEN = [
    "Понравилось, как объясняет",
    "С ним легко общаться",
    "Хочу сделать проект по этой теме",
    "Знаю по кружку, доверяю",
]
_WHERE = ["В летнем лагере", "В прошлой школе", "В Центре внешкольной работы"]
_MENTEE_VALUABLE = [
    "Личные встречи с наставником",
    "Подготовка к олимпиаде вместе с наставником",
    "Стало легче общаться с одноклассниками",
    "Поддержка перед контрольными",
    "Новые друзья и интересные проекты",
]
_MENTEE_MISSING = [
    "Хотелось бы встречаться чаще",
    "Больше групповых встреч и экскурсий",
    "Мало времени из-за других занятий",
    "Всё устроило",
]
_MENTOR_EXPECTED = [
    "Помочь ребёнку поверить в свои силы",
    "Подготовить наставляемого к олимпиаде",
    "Научиться работать с подростками по-новому",
]
_MENTOR_VALUABLE = [
    "Результат наставляемого на конкурсе",
    "Обмен опытом с другими наставниками",
    "Доверие ребёнка",
]
_MENTOR_MISSING = [
    "Не хватало времени из-за нагрузки",
    "Хотелось бы больше методических материалов",
    "Нужно отдельное помещение для встреч",
]
_ROLES = [
    "Научиться лучше учиться и не бояться контрольных",
    "Хочу найти друзей и стать увереннее",
    "Подготовиться к ОГЭ",
    "Сделать свой проект",
]
_SWOT = {
    "strengths": (
        "Сформированы базы наставников и наставляемых, наставники прошли обучение; "
        "к программе подключились специалисты СПК колхоз «Новый путь» и молзавода."
    ),
    "weaknesses": (
        "Высокая нагрузка педагогов-наставников, встречи переносятся; не все "
        "родители понимают цель программы."
    ),
    "opportunities": (
        "Сетевое взаимодействие с ЦВР и аграрным техникумом, участие в "
        "региональном конкурсе «Наставник года»."
    ),
    "threats": (
        "Отток молодых специалистов, нехватка времени у старшеклассников в год "
        "ОГЭ и ЕГЭ."
    ),
}
_CURATOR_TEXTS = {
    "works": (
        "Пары «ученик – ученик» в 7–8 классах, регулярные встречи наставников с "
        "куратором, экскурсии на предприятия."
    ),
    "change": "Раньше начинать анкетирование, больше групповых встреч с партнёрами.",
}
_SITUATIONS = [
    "Ребёнок на занятии отказывается участвовать и мешает остальным",
    "Не знаю, как говорить с родителями о трудностях ребёнка",
    "Трудно составить план образовательной деятельности на месяц",
]
_HELP = [
    "Посмотреть занятия опытного коллеги",
    "Разобрать вместе трудные случаи",
    "Помочь с документацией",
]
# The demo mentor's own answers: what the person card shows after the demo.
_DEMO_MENTOR = {
    "competences": "Физика и астрономия, подготовка к ОГЭ и ЕГЭ, проектная работа",
    "topics": ["exams", "projects", "olympiads"],
    "forms_ready": ["teacher_pupil", "experienced_young"],
    "capacity": 3,
    "format": "mixed",
    "availability": ["weekdays_day"],
    "motivation": "Хочу, чтобы ребята увидели, что физика — это интересно",
}
# Stage-2 parameters where less is better: at exit they go down.
_LOWER_IS_BETTER = {"anxiety", "conflicts", "burnout"}


_MENTEE_SCALES = [
    (3, "effectiveness"),
    (4, "comfort"),
    (5, "group_meetings"),
    (6, "personal_meetings"),
    (7, "joint_work"),
    (8, "expectations"),
    (9, "tasks"),
    (10, "support"),
    (11, "help"),
]
_MENTOR_SCALES = [
    (3, "effectiveness"),
    (4, "comfort"),
    (5, "group_meetings"),
    (6, "personal_meetings"),
    (7, "planning"),
    (8, "plan_done"),
    (9, "joint_work"),
    (10, "engagement"),
    (11, "expectations"),
    (12, "curator"),
]


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


class _School:
    """The campaigns of one organisation, dated back from ``today``."""

    def __init__(
        self, organisation: Organisation, ctx: dict[str, Any], user: User | None
    ) -> None:
        self.organisation = organisation
        self.today: date = ctx["today"]
        self.rng: random.Random = ctx["faker"].random
        self.user = user
        self.respondents = 0
        # the people of each campaign as the caller loaded them (profiles too)
        self.invited: dict[int, dict[int, Person]] = {}
        self.shipped = {
            q.slug: q
            for q in Questionnaire.objects.filter(organisation=None, is_active=True)
        }

    def campaign(
        self,
        slug: str,
        people: list[Person],
        *,
        audience: str,
        start: int,
        deadline: int,
        candidates: list[Person] | None = None,
    ) -> Campaign | None:
        """A campaign of the shipped questionnaire ``slug`` sent ``start`` days
        before today, due ``deadline`` days from today (negative: past)."""
        questionnaire = self.shipped.get(slug)
        version = questionnaire.current_version() if questionnaire else None
        if version is None:
            return None
        campaign = services.campaign_create(
            organisation=self.organisation,
            version=version,
            title=questionnaire.title,
            deadline=self.today + timedelta(days=deadline),
            people=Person.objects.filter(pk__in=[p.pk for p in people]),
            audience=audience,
            anonymous=version.anonymous,
            candidates=candidates or [],
            user=self.user,
        )
        campaign.created_at = _at(self.today - timedelta(days=start))
        Campaign.objects.filter(pk=campaign.pk).update(created_at=campaign.created_at)
        campaign.invitations.update(sent_at=campaign.created_at)
        self.invited[campaign.pk] = {p.pk: p for p in people}
        return campaign

    def answer(
        self,
        campaign: Campaign | None,
        count: int,
        make: Callable[[Person], Answers],
        *,
        always: Person | None = None,
        never: Person | None = None,
        candidates: dict[str, Person] | None = None,
    ) -> None:
        """``count`` of the invited answer (``always`` among them, ``never``
        not), each on a day between the start and the deadline; a campaign
        past its deadline is closed. The counts are fixed, not drawn: the demo
        stays fast and an anonymous campaign surely shows its results."""
        if campaign is None:
            return
        first = timezone.localtime(campaign.created_at).date()
        last = min(campaign.deadline, self.today)
        people = self.invited[campaign.pk]
        invitations = [
            i
            for i in campaign.invitations.order_by("pk")
            if people[i.person_id] != never
        ]
        chosen = [i for i in invitations if people[i.person_id] == always]
        others = [i for i in invitations if i not in chosen]
        chosen += self.rng.sample(
            others, k=max(0, min(count, len(invitations)) - len(chosen))
        )
        for invitation in sorted(chosen, key=lambda i: i.pk):
            day = first + timedelta(days=self.rng.randint(0, (last - first).days))
            person = people[invitation.person_id]
            self._submit(campaign, make(person), day, invitation, candidates, person)
        if campaign.deadline < self.today:
            services.campaign_close(campaign=campaign)

    def paper(self, campaign: Campaign | None, answers: Answers, day: int) -> None:
        """The curator's own questionnaire, entered by hand."""
        if campaign is None:
            return
        self._submit(
            campaign, answers, self.today - timedelta(days=day), None, None, None
        )
        services.campaign_close(campaign=campaign)

    @staticmethod
    def _submit(
        campaign: Campaign,
        raw: Answers,
        day: date,
        invitation: Invitation | None,
        candidates: dict[str, Person] | None,
        person: Person | None,
    ) -> None:
        if person is not None and raw.get("topics"):
            # A respondent picks among the topics offered to them (their track).
            offered = list(
                topics.offered(campaign.version, person).values_list("code", flat=True)
            )
            raw = {**raw, "topics": [c for c in raw["topics"] if c in offered]}
            raw["topics"] = raw["topics"] or offered[:1]
        checked = answers.check_answers(
            campaign.version, raw, candidates=candidates, person=person
        )
        if not checked.ok:
            slug = campaign.version.questionnaire.slug
            raise ValueError(f"demo answers to «{slug}»: {checked.errors}")
        if invitation is None:
            services.response_submit(
                campaign,
                checked.answers,
                source="paper",
                entered_by=campaign.created_by,
                today=day,
            )
        else:
            services.response_submit(
                campaign, checked.answers, invitation=invitation, today=day
            )

    # ------------------------------------------------------- answer makers

    def maybe(self, texts: list[str], chance: float = 0.5) -> str:
        return self.rng.choice(texts) if self.rng.random() < chance else ""

    def some(self, values: list[str], most: int = 2) -> list[str]:
        return self.rng.sample(values, k=self.rng.randint(1, most))

    def scale(self, level: float, spread: float = 0.9) -> int:
        return min(10, max(1, round(self.rng.gauss(level, spread))))

    def yes(self, chance: float) -> str:
        return YES if self.rng.random() < chance else NO

    def satisfaction(self, scales: list[tuple[int, str]], frequency: str) -> Answers:
        """The 1–10 items around a level of the respondent: three in four are
        satisfied, as in a programme that works."""
        self.respondents += 1
        satisfied = self.respondents % 4 != 0
        level = self.rng.uniform(7.4, 9.6) if satisfied else self.rng.uniform(4.5, 6.6)
        answers: Answers = {f"q{n}_{k}": self.scale(level) for n, k in scales}
        return answers | {
            "q1_experience": self.yes(0.3),
            "q2_where": self.rng.choice(_WHERE),
            frequency: self.rng.choice(["weekly", "biweekly", "biweekly", "monthly"]),
        }


def _mentor_answers(school: _School, person: Person, demo: Person | None) -> Answers:
    profile = getattr(person, "mentor_profile", None)
    pupil = person.category in (Person.Category.PUPIL, Person.Category.STUDENT)
    answers: Answers = {
        "place": person.employer_name or school.organisation.short_name,
        "position": f"{person.class_name} класс" if pupil else person.position,
        "experience_years": person.experience_years,
        "experience": school.maybe(_EXPERIENCE, 0.4),
        "competences": profile.competences if profile else "",
        "topics": [t.code for t in profile.topics.all()] if profile else [],
        "forms_ready": profile.forms_ready if profile else ["teacher_pupil"],
        "capacity": profile.capacity if profile else 1,
        "format": school.rng.choice(["in_person", "in_person", "mixed", "online"]),
        "availability": school.some(["weekdays_day", "weekdays_evening", "weekend"]),
        "motivation": school.rng.choice(_PUPIL_MOTIVATIONS if pupil else _MOTIVATIONS),
    }
    for key in ("patient", "listen", "regular", "missed", "mistakes", "training"):
        answers[key] = school.yes(0.9)
    if person == demo:
        answers |= _DEMO_MENTOR
    answers["topics"] = answers["topics"] or ["study"]
    answers["competences"] = answers["competences"] or "Помощь с учёбой"
    return answers


def _mentee_answers(school: _School, person: Person) -> Answers:
    profile = getattr(person, "mentee_profile", None)
    topics = [t.code for t in profile.topics.all()] if profile else []
    stated = profile.stated_by if profile else "self"
    return {
        "topics": topics or ["study"],
        "request": (profile.request if profile else "") or "Хочу лучше учиться",
        "interests": school.maybe(_INTERESTS, 0.6),
        # the questionnaire offers no «other»: the pupil names someone
        "initiator": stated if stated != MenteeProfile.StatedBy.OTHER else "self",
        "qualities": school.some(
            ["patient", "knowledge", "friendly", "listener", "experience", "creative"],
            3,
        ),
        "mentor_kind": school.rng.choice(["pupil", "teacher", "teacher", "any"]),
        "time": school.some(["weekdays_day", "weekdays_evening", "weekend"]),
        "format": school.rng.choice(["in_person", "in_person", "mixed"]),
        "frequency": school.rng.choice(["weekly", "biweekly"]),
    }


def _ranking(
    school: _School, person: Person, candidates: list[Person], demo: tuple
) -> Answers:
    ranked = school.rng.sample(candidates, k=min(3, len(candidates)))
    mentee, mentor = demo
    if person == mentee and mentor in candidates:
        ranked = [mentor, *[c for c in ranked if c != mentor]][:3]
    return {
        "ranking": [str(c.code) for c in ranked],
        "comment": school.maybe(_WHY_CHOSEN, 0.4),
    }


class _Measures:
    """Entry and exit answers of the same people: the exit moves each
    parameter a little the right way, as a programme that helps does."""

    SCALES = [
        "engagement",
        "activity",
        "self_esteem",
        "anxiety",
        "teamwork",
        "leadership",
        "inclusion",
        "mastering",
    ]
    EXPECTATIONS = ["effectiveness", "comfort", "personal_meetings", "group_meetings"]

    def __init__(self, school: _School) -> None:
        self.school = school
        self.entry: dict[int, Answers] = {}

    def at_entry(self, person: Person) -> Answers:
        rng = self.school.rng
        answers: Answers = {k: self.school.scale(7.5, 1.2) for k in self.EXPECTATIONS}
        answers |= {k: rng.randint(3, 8) for k in self.SCALES}
        answers |= {
            "role": self.school.maybe(_ROLES, 0.6),
            "grades": round(rng.uniform(3.1, 4.7), 1),
            "clubs": rng.randint(0, 3),
            "projects": rng.randint(0, 1),
            "contests": rng.randint(0, 2),
            "conflicts": rng.choice([0, 0, 1, 2]),
        }
        self.entry[person.pk] = answers
        return answers

    def at_exit(self, person: Person) -> Answers:
        rng = self.school.rng
        entry = self.entry.get(person.pk) or self.at_entry(person)
        answers: Answers = {k: self.school.scale(8, 1.2) for k in self.EXPECTATIONS}
        for key in self.SCALES:
            step = rng.choice([0, 1, 1, 2]) * (-1 if key in _LOWER_IS_BETTER else 1)
            answers[key] = min(10, max(1, entry[key] + step))
        answers |= {
            "role": self.school.maybe(_ROLES, 0.3),
            "grades": min(5.0, round(entry["grades"] + rng.uniform(0, 0.4), 1)),
            "clubs": entry["clubs"] + rng.choice([0, 0, 1]),
            "projects": entry["projects"] + rng.choice([0, 1, 1]),
            "contests": entry["contests"] + rng.choice([0, 1]),
            "conflicts": max(0, entry["conflicts"] - rng.choice([0, 1])),
        }
        return answers


def _in_base(profiles, organisation: Organisation, **filters) -> list[Person]:
    """The people of these profiles, each with its profile and topics."""
    return [
        profile.person
        for profile in profiles.filter(person__organisation=organisation, **filters)
        .select_related("person")
        .prefetch_related("topics")
        .order_by("pk")
    ]


def _bases(school: _School, cast: dict[str, Person], mentors, mentees) -> None:
    """Stage 1: the potential mentors' questionnaire and the mentees'
    requests, which fill the bases."""
    mentor = cast.get("mentor")
    campaign = school.campaign(
        "mentor", mentors, audience="база наставников", start=80, deadline=-66
    )
    school.answer(
        campaign, 13, lambda p: _mentor_answers(school, p, mentor), always=mentor
    )
    campaign = school.campaign(
        "mentee", mentees, audience="база наставляемых", start=78, deadline=-64
    )
    school.answer(
        campaign,
        8,
        lambda p: _mentee_answers(school, p),
        always=cast.get("mentee"),
    )


def _first(people: list[Person], person: Person | None, k: int) -> list[Person]:
    """``k`` of ``people``, ``person`` first when among them."""
    first = [person] if person in people else []
    return (first + [p for p in people if p != person])[:k]


def _preferences(school: _School, cast: dict[str, Person], mentors, group) -> None:
    """After the group meeting the mentees rank the mentors they met there,
    the demo mentor among them."""
    mentor, mentee = cast.get("mentor"), cast.get("mentee")
    ready = [
        p
        for p in mentors
        if p.mentor_profile.status
        in (MentorProfile.Status.APPROVED, MentorProfile.Status.ACTIVE)
    ]
    met = _first(ready, mentor, 6)
    campaign = school.campaign(
        "preference",
        group,
        audience="наставляемые после групповой встречи",
        start=50,
        deadline=-46,
        candidates=met,
    )
    school.answer(
        campaign,
        6,
        lambda p: _ranking(school, p, met, (mentee, mentor)),
        always=mentee,
        candidates={str(p.code): p for p in met},
    )


def _measurements(school: _School, cast: dict[str, Person], group) -> None:
    measures = _Measures(school)
    mentee = cast.get("mentee")
    audience = "наставляемые формы «ученик – ученик»"
    campaign = school.campaign(
        "entry-pupils", group, audience=audience, start=40, deadline=-33
    )
    school.answer(campaign, 6, measures.at_entry)
    campaign = school.campaign(
        "exit-pupils", group, audience=audience, start=12, deadline=-5
    )
    school.answer(campaign, 5, measures.at_exit, always=mentee)


def _curator(school: _School) -> None:
    """Stage 1 of monitoring: the curator fills in the SWOT and the curator
    questionnaire herself, entered as paper forms."""
    campaign = school.campaign(
        "swot", [], audience="куратор программы", start=32, deadline=-25
    )
    marks = ("requests_met", "mentors_ready", "pairs_fit", "meetings_regular")
    answers = _SWOT | {k: school.rng.randint(6, 9) for k in marks}
    school.paper(campaign, answers | {"partners": 5}, day=28)
    campaign = school.campaign(
        "curator", [], audience="куратор программы", start=24, deadline=-18
    )
    done = ("order", "regulation", "roadmap", "bases", "training", "consents")
    marks = ("model", "principles", "modern", "resources", "support")
    answers = dict.fromkeys(done, YES) | {"pairs_order": NO} | _CURATOR_TEXTS
    answers |= {k: school.rng.randint(6, 9) for k in marks}
    school.paper(campaign, answers, day=20)


def _satisfaction(school: _School, cast: dict[str, Person], mentors, mentees) -> None:
    """Still open: the demo mentee and the demo mentor have yet to answer,
    and some other mentors."""
    campaign = school.campaign(
        "satisfaction-mentee-pupils",
        mentees,
        audience="наставляемые",
        start=6,
        deadline=5,
    )
    school.answer(
        campaign, 8, lambda p: _mentee_satisfied(school), never=cast.get("mentee")
    )
    working = [
        p for p in mentors if p.mentor_profile.status != MentorProfile.Status.CANDIDATE
    ]
    campaign = school.campaign(
        "satisfaction-mentor-pupils",
        working,
        audience="наставники",
        start=6,
        deadline=6,
    )
    school.answer(
        campaign, 5, lambda p: _mentor_satisfied(school), never=cast.get("mentor")
    )


def _school1(ctx: dict[str, Any]) -> None:
    organisation = ctx["organisations"]["school1"]
    school = _School(organisation, ctx, ctx["users"].get("curator"))
    cast: dict[str, Person] = ctx.get("people", {})
    mentors = _in_base(MentorProfile.objects.in_base(), organisation)
    mentees = _in_base(
        MenteeProfile.objects.in_base(),
        organisation,
        person__category=Person.Category.PUPIL,
    )
    # the mentees of the group meeting, who go on in the pupil – pupil form
    group = _first(mentees, cast.get("mentee"), 6)
    _bases(school, cast, mentors, mentees)
    _preferences(school, cast, mentors, group)
    _measurements(school, cast, group)
    _curator(school)
    _satisfaction(school, cast, mentors, mentees)


def _mentee_satisfied(school: _School) -> Answers:
    return school.satisfaction(_MENTEE_SCALES, "q12_frequency") | {
        "q13_valuable": school.maybe(_MENTEE_VALUABLE, 0.4),
        "q14_missing": school.maybe(_MENTEE_MISSING, 0.4),
        "q15_liked": school.yes(0.9),
        "q16_continue": school.yes(0.75),
        "q17_become_mentor": school.yes(0.4),
    }


def _mentor_satisfied(school: _School) -> Answers:
    return school.satisfaction(_MENTOR_SCALES, "q13_frequency") | {
        "q14_expected": school.maybe(_MENTOR_EXPECTED, 0.4),
        "q15_valuable": school.maybe(_MENTOR_VALUABLE, 0.4),
        "q16_missing": school.maybe(_MENTOR_MISSING, 0.4),
        "q17_preparation_time": school.yes(0.6),
        "q17_curator_support": school.yes(0.9),
        "q18_continue": school.yes(0.85),
    }


def _consent_young_specialists(organisation: Organisation, today: date) -> list[Person]:
    """The school asked its young specialists (0–3 years) for their consents
    before surveying them; returns them."""
    young = list(
        Person.objects.for_organisation(organisation)
        .present()
        .filter(category=Person.Category.TEACHER, experience_years__lte=3)
        .order_by("pk")
    )
    eligible = set(
        Person.objects.filter(pk__in=[p.pk for p in young])
        .eligible()
        .values_list("pk", flat=True)
    )
    for person in young:
        if person.pk in eligible:
            continue
        consent = people_services.consent_request(
            person=person, kind=Consent.Kind.PROCESSING, user=None
        )
        people_services.consent_sign(
            consent=consent,
            channel=Consent.Channel.PAPER,
            user=None,
            day=today - timedelta(days=75),
        )
    return young


def _school2(ctx: dict[str, Any]) -> None:
    """The teacher track: the difficulties questionnaire of the newer
    teachers and the entry measurement of the young specialists."""
    organisation = ctx["organisations"]["school2"]
    school = _School(organisation, ctx, ctx["users"].get("curator2"))
    young = _consent_young_specialists(organisation, school.today)
    newer = list(
        Person.objects.for_organisation(organisation)
        .eligible()
        .filter(category=Person.Category.TEACHER, experience_years__lte=5)
        .order_by("pk")
    )
    campaign = school.campaign(
        "difficulties",
        newer,
        audience="педагоги со стажем до 5 лет",
        start=70,
        deadline=-60,
    )
    areas = ["lesson_planning", "teaching_methods", "class_management", "parents"]
    school.answer(
        campaign,
        len(newer),
        lambda p: {
            "experience_years": p.experience_years,
            "areas": school.some(areas + ["documents", "burnout"], 3),
            "situation": school.rng.choice(_SITUATIONS),
            "confidence": school.rng.randint(3, 7),
            "need_help": school.rng.randint(6, 10),
            "help": school.rng.choice(_HELP),
        },
    )
    campaign = school.campaign(
        "entry-young-specialists",
        young,
        audience="молодые специалисты",
        start=55,
        deadline=-48,
    )
    scales = [
        "effectiveness",
        "comfort",
        "personal_meetings",
        "group_meetings",
        "adaptation",
        "confidence",
        "methods",
        "discipline",
        "parents",
        "documents",
        "burnout",
        "retention",
    ]
    school.answer(
        campaign,
        len(young),
        lambda p: (
            {k: school.rng.randint(3, 8) for k in scales}
            | {
                "role": "Хочу увереннее вести занятия и работать с родителями",
                "prof_contests": 0,
                "open_lessons": school.rng.randint(0, 1),
                "courses": school.rng.randint(0, 2),
                "stay": YES,
            }
        ),
    )


# The day of May, of the previous school year, that school 1 closed its
# satisfaction campaigns; they were sent two weeks before.
LAST_YEAR_CLOSED = 29
LAST_YEAR_MENTEES = 12
LAST_YEAR_MENTORS = 9


def _last_year(ctx: dict[str, Any]) -> None:
    """At the end of the previous school year school 1 asked its mentees and
    mentors how satisfied they were (closed campaigns), for the satisfaction
    KPIs of that year; once."""
    organisation = ctx["organisations"].get("school1")
    year = SchoolYear.of(ctx["today"]).previous()
    closed = date(year.start_year + 1, 5, LAST_YEAR_CLOSED)
    if (
        organisation is None
        or organisation.campaigns.filter(
            deadline=closed, version__questionnaire__slug="satisfaction-mentee-pupils"
        ).exists()
    ):
        return
    day_after = {**ctx, "today": closed + timedelta(days=1)}
    school = _School(organisation, day_after, ctx["users"].get("curator"))
    mentees = _in_base(
        MenteeProfile.objects.in_base(),
        organisation,
        person__category=Person.Category.PUPIL,
    )
    campaign = school.campaign(
        "satisfaction-mentee-pupils",
        mentees,
        audience="наставляемые",
        start=15,
        deadline=-1,
    )
    school.answer(campaign, LAST_YEAR_MENTEES, lambda p: _mentee_satisfied(school))
    mentors = [
        p
        for p in _in_base(MentorProfile.objects.in_base(), organisation)
        if p.mentor_profile.status != MentorProfile.Status.CANDIDATE
    ]
    campaign = school.campaign(
        "satisfaction-mentor-pupils",
        mentors,
        audience="наставники",
        start=15,
        deadline=-1,
    )
    school.answer(campaign, LAST_YEAR_MENTORS, lambda p: _mentor_satisfied(school))


def load(ctx: dict[str, Any]) -> None:
    organisations = ctx["organisations"]
    loaders = {"school1": _school1, "school2": _school2}
    for key, loader in loaders.items():
        organisation = organisations.get(key)
        if organisation is None or organisation.campaigns.exists():
            continue
        loader(ctx)
    _last_year(ctx)
