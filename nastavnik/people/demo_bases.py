"""Demo data: consents in every state, guardians, the mentor and mentee bases.

Called from ``people.demo.load`` after the lists are filled. An organisation
that already has consents is left alone, so a second run changes nothing.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from nastavnik.orgs.models import Organisation
from nastavnik.people import services
from nastavnik.people.models import (
    Consent,
    ConsentLink,
    GuardianLink,
    MenteeProfile,
    MentorProfile,
    Person,
    SensitiveInfo,
    Topic,
)

Category = Person.Category

_REQUESTS = {
    MenteeProfile.Category.LOW_RESULTS: [
        ("Трудно даётся математика, не успевает за классом", ["study", "exams"]),
        ("Пробелы по русскому языку, боится ОГЭ", ["study", "exams"]),
        ("Не умеет планировать время и готовить домашние задания", ["study"]),
    ],
    MenteeProfile.Category.GIFTED: [
        ("Хочет подготовиться к региональному этапу олимпиады", ["olympiads"]),
        ("Ищет руководителя для исследовательского проекта", ["projects"]),
        ("Интересуется программированием, хочет участвовать в хакатоне", ["digital"]),
    ],
    MenteeProfile.Category.DETACHED: [
        ("Потерял интерес к учёбе, пропускает занятия", ["study", "communication"]),
        ("Не участвует в жизни класса, нужна поддержка", ["adaptation"]),
    ],
    MenteeProfile.Category.ADAPTATION: [
        ("Перевёлся из другой школы, трудно влиться в коллектив", ["adaptation"]),
        ("Конфликты с одноклассниками", ["communication"]),
    ],
    MenteeProfile.Category.YOUNG_SPECIALIST: [
        ("Первый год в школе: рабочие программы и журнал", ["lesson_planning"]),
        ("Нужна помощь с дисциплиной на уроках", ["class_management"]),
        ("Готовится к аттестации на первую категорию", ["certification"]),
    ],
}
_COMPETENCES = {
    Category.TEACHER: [
        ("Подготовка к ОГЭ и ЕГЭ, олимпиадная математика", ["exams", "olympiads"]),
        ("Проектная деятельность, научное общество учащихся", ["projects"]),
        ("Классное руководство, работа с трудными подростками", ["class_management"]),
        ("Цифровые образовательные ресурсы, «Сферум»", ["digital"]),
        ("Методика урока, рабочие программы по ФГОС", ["teaching_methods"]),
    ],
    Category.EMPLOYEE: [
        (
            "Профессии агропромышленного комплекса, экскурсии на производство",
            ["career", "production"],
        ),
        ("Техника и механизация, ремонт сельхозмашин", ["production", "career"]),
    ],
    Category.PUPIL: [
        ("Помощь с математикой младшим", ["study"]),
        ("Школьное самоуправление, волонтёрский отряд", ["leadership", "volunteering"]),
    ],
    Category.VETERAN: [
        (
            "40 лет в школе: методика, работа с родителями",
            ["teaching_methods", "parents"],
        ),
    ],
}
_AVAILABILITY = [
    "пн, ср после 15:00",
    "вт, чт после уроков",
    "по субботам",
    "пт 14:00–16:00",
]


def _at(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


class _Bases:
    def __init__(self, organisation: Organisation, ctx: dict[str, Any]) -> None:
        self.organisation = organisation
        self.faker = ctx["faker"]
        self.rng: random.Random = ctx["faker"].random
        self.today = ctx["today"]
        self.topics = {t.code: t for t in Topic.objects.all()}
        self.people = list(
            Person.objects.for_organisation(organisation).present().order_by("pk")
        )

    def _consent(self, person: Person, status: str, signer: Person | None = None):
        signed_on = self.today - timedelta(days=self.rng.randint(10, 70))
        consent = Consent(
            person=person,
            kind=Consent.Kind.PROCESSING,
            basis=Consent.Basis.REPRESENTATIVE if signer else Consent.Basis.SELF,
            signer=signer,
            signer_name=(signer or person).full_name,
            purpose=str(services.PROCESSING_PURPOSE),
            data_items=services.processing_data(person),
            transfer_municipal=True,
            status=status,
        )
        if status in (Consent.Status.SIGNED, Consent.Status.REVOKED):
            consent.signed_at = _at(signed_on)
            consent.valid_from = signed_on
            consent.channel = self.rng.choice(Consent.Channel.values)
        if status == Consent.Status.DECLINED:
            consent.declined_at = _at(signed_on)
        return consent

    def _guardian(self, child: Person) -> Person:
        female = self.rng.random() < 0.7
        suffix = "female" if female else "male"
        last = child.last_name
        if female and last.endswith(("ов", "ев", "ин", "ын")):
            last += "а"
        elif not female and last.endswith(("ова", "ева", "ина", "ына")):
            last = last[:-1]
        return Person(
            organisation=self.organisation,
            category=Category.PARENT,
            last_name=last,
            first_name=getattr(self.faker, f"first_name_{suffix}")(),
            patronymic=getattr(self.faker, f"middle_name_{suffix}")(),
            phone=f"+7 9{self.rng.randint(10, 99)} {self.rng.randint(100, 999)}-"
            f"{self.rng.randint(10, 99)}-{self.rng.randint(10, 99)}",
        )

    def consents(self) -> None:
        """Pupils: parents sign; adults: themselves. Every state appears."""
        pupils = [p for p in self.people if p.category == Category.PUPIL]
        adults = [p for p in self.people if p.category != Category.PUPIL]
        guardians: list[tuple[Person, Person]] = []
        for child in pupils:
            if child.is_minor(self.today):
                guardians.append((child, self._guardian(child)))
        Person.objects.bulk_create([g for _, g in guardians], batch_size=500)
        GuardianLink.objects.bulk_create(
            [
                GuardianLink(
                    child=child,
                    guardian=guardian,
                    relation=GuardianLink.Relation.MOTHER
                    if guardian.last_name.endswith("а")
                    else GuardianLink.Relation.FATHER,
                )
                for child, guardian in guardians
            ]
        )
        signer_of = {child.pk: guardian for child, guardian in guardians}
        consents, to_revoke = [], []
        states = [
            *[Consent.Status.SIGNED] * 13,
            *[Consent.Status.PENDING] * 3,
            Consent.Status.DECLINED,
            Consent.Status.REVOKED,
            None,
            None,
        ]
        for person in [*pupils, *adults]:
            state = self.rng.choice(states)
            if person.user_id:  # the cast always has a consent
                state = Consent.Status.SIGNED
            if state is None:
                continue
            consent = self._consent(person, state, signer_of.get(person.pk))
            if state == Consent.Status.REVOKED:
                # revoked through the service below, which also anonymises
                consent.status = Consent.Status.SIGNED
                to_revoke.append(consent)
            consents.append(consent)
        Consent.objects.bulk_create(consents, batch_size=500)
        links = [
            ConsentLink(
                consent=c,
                token_hash=ConsentLink.hash(f"demo-{c.code}-{self.rng.random()}"),
                expires_at=timezone.now() + timedelta(days=self.rng.randint(3, 14)),
                sent_to=c.signer.phone if c.signer else "",
            )
            for c in consents
            if c.status == Consent.Status.PENDING
        ]
        ConsentLink.objects.bulk_create(links)
        for consent in to_revoke:
            services.consent_revoke(consent=consent, user=None)

    def _eligible(self, categories: list[str]) -> list[Person]:
        return list(
            Person.objects.for_organisation(self.organisation)
            .eligible(self.today)
            .filter(category__in=categories)
            .order_by("pk")
        )

    def mentees(self) -> None:
        pupils = [
            p
            for p in self._eligible([Category.PUPIL, Category.STUDENT])
            if (p.grade or 9) >= 5
        ]
        teachers = [
            p
            for p in self._eligible([Category.TEACHER])
            if (p.experience_years or 99) <= 3
        ]
        chosen = self.rng.sample(pupils, k=min(len(pupils), max(3, len(pupils) // 3)))
        # the demo «mentee» is always in the base
        chosen += [p for p in pupils if p.user_id and p not in chosen]
        for person in [*chosen, *teachers]:
            if person.category == Category.TEACHER:
                category = MenteeProfile.Category.YOUNG_SPECIALIST
                stated_by = MenteeProfile.StatedBy.SELF
            else:
                category = self.rng.choice(
                    [
                        c
                        for c in _REQUESTS
                        if c != MenteeProfile.Category.YOUNG_SPECIALIST
                    ]
                )
                stated_by = self.rng.choice(MenteeProfile.StatedBy.values[:5])
            request, topics = self.rng.choice(_REQUESTS[category])
            profile = MenteeProfile.objects.create(
                person=person,
                category=category,
                request=request,
                stated_by=stated_by,
                status=self.rng.choice(
                    [MenteeProfile.Status.CANDIDATE, MenteeProfile.Status.WAITING]
                ),
            )
            profile.topics.set([self.topics[t] for t in topics])
        flagged = [p for p in chosen if p.category == Category.PUPIL][:6]
        flags = ["disability", "on_register", "difficult_situation", "behaviour"]
        for i, person in enumerate(flagged):
            SensitiveInfo.objects.create(person=person, **{flags[i % 4]: True})

    def mentors(self) -> None:
        adults = self._eligible(
            [Category.TEACHER, Category.EMPLOYEE, Category.VETERAN, Category.ALUMNUS]
        )
        seniors = [
            p
            for p in self._eligible([Category.PUPIL, Category.STUDENT])
            if 15 <= (p.age(self.today) or 0) <= 19
        ]
        candidates = [
            p for p in adults if (p.experience_years or 10) > 3
        ] + self.rng.sample(seniors, k=min(len(seniors), 6))
        statuses = [
            *[MentorProfile.Status.APPROVED] * 5,
            *[MentorProfile.Status.CANDIDATE] * 2,
            MentorProfile.Status.PAUSED,
        ]
        # the demo «mentor» first, so that the cut below always keeps them
        candidates.sort(key=lambda p: p.user_id is None)
        for person in candidates[: max(4, len(candidates) * 2 // 3)]:
            status = self.rng.choice(statuses)
            if person.user_id:
                status = MentorProfile.Status.APPROVED
            pool = _COMPETENCES.get(person.category, _COMPETENCES[Category.TEACHER])
            competences, topics = self.rng.choice(pool)
            trained = status != MentorProfile.Status.CANDIDATE
            profile = MentorProfile.objects.create(
                person=person,
                source=services.MENTOR_SOURCE_OF_CATEGORY[person.category],
                competences=competences,
                forms_ready=self._forms(person),
                capacity=1
                if person.category == Category.PUPIL
                else self.rng.randint(1, 3),
                availability=self.rng.choice(_AVAILABILITY),
                format=self.rng.choice(MentorProfile.Format.values),
                motivation="Хочу помочь ребятам найти своё дело",
                interview_date=self.today - timedelta(days=self.rng.randint(20, 60)),
                interviewed_with_psychologist=self.rng.random() < 0.3,
                training_done=trained,
                training_date=self.today - timedelta(days=15) if trained else None,
                status=status,
                paused_until=self.today + timedelta(days=30)
                if status == MentorProfile.Status.PAUSED
                else None,
                long_term=self.rng.random() < 0.5,
            )
            profile.topics.set([self.topics[t] for t in topics])

    @staticmethod
    def _forms(person: Person) -> list[str]:
        """The forms whose mentor side takes the person's category
        (``programmes.models.PARTICIPANT_CATEGORIES``)."""
        if person.category in (Category.EMPLOYEE, Category.ALUMNUS):
            return ["employer_pupil", "employer_student"]
        if person.category in (Category.PUPIL, Category.STUDENT):
            return ["pupil_pupil", "student_pupil"]
        return ["teacher_pupil", "teacher_teacher", "experienced_young"]


def load_bases(ctx: dict[str, Any]) -> None:
    for organisation in ctx["organisations"].values():
        if not organisation.is_educational:
            continue
        if Consent.objects.filter(person__organisation=organisation).exists():
            continue
        bases = _Bases(organisation, ctx)
        bases.consents()
        bases.mentees()
        bases.mentors()
