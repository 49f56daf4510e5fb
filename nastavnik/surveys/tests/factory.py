"""Builders for questionnaire tests: a small questionnaire of any kind with a
question of every type, a campaign with its invitations, a personal link, and
the cast of people the campaign tests share."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, timedelta

from django.utils import timezone

from nastavnik.orgs.models import Organisation
from nastavnik.people.models import MenteeProfile, MentorProfile, Person, Topic
from nastavnik.people.tests.factory import give_consent, make_person, make_pupil
from nastavnik.surveys import services
from nastavnik.surveys.models import (
    Campaign,
    Invitation,
    Kind,
    Question,
    Questionnaire,
    Section,
    Version,
)
from nastavnik.test import BaseTestCase

T = Question.Type
OFTEN = [["week", "раз в неделю"], ["fortnight", "раз в две недели"]]
HELPS = [["study", "учёба"], ["sport", "спорт"], ["art", "творчество"]]


def make_topics() -> list[Topic]:
    return [
        Topic.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in (("math", "Математика"), ("robotics", "Робототехника"))
    ]


def make_questionnaire(
    kind: str = Kind.SATISFACTION_MENTEE,
    organisation: Organisation | None = None,
    anonymous: bool = False,
) -> Version:
    """Version 1 of a questionnaire in two sections, with keys:

    met (yes/no, required) → where (short text, shown only if met is «yes»),
    effect (1–10, required, scored), comfort (1–10, scored), often (one
    choice with an own answer); helps (several choices with an own answer),
    age (number), start (date), valuable (long text, at most 500
    characters), topics (topics); and for the preference questionnaire
    mentors (ranking of the campaign's candidates).
    """
    make_topics()
    questionnaire = Questionnaire.objects.create(
        organisation=organisation,
        slug=f"test-{kind}-{uuid.uuid4().hex[:8]}",
        kind=kind,
        title="Анкета удовлетворённости наставляемого",
    )
    version = Version.objects.create(
        questionnaire=questionnaire,
        number=1,
        anonymous=anonymous,
        instruction="Оцените в баллах от 1 до 10, где 1 – самый низший балл.",
    )
    first = Section.objects.create(version=version, position=1, title="Программа")
    second = Section.objects.create(version=version, position=2, title="О себе")

    def add(section: Section, key: str, kind: str, text: str, **fields) -> Question:
        position = section.questions.count() + 1
        return Question.objects.create(
            section=section, position=position, key=key, type=kind, text=text, **fields
        )

    met = add(
        first,
        "met",
        T.YES_NO,
        "Сталкивались ли Вы раньше с программой наставничества?",
        required=True,
    )
    add(
        first,
        "where",
        T.SHORT_TEXT,
        "Если да, то где?",
        show_if=met,
        show_if_value="yes",
    )
    add(
        first,
        "effect",
        T.SCALE,
        "Эффективность программы наставничества",
        required=True,
        scored=True,
    )
    add(
        first,
        "comfort",
        T.SCALE,
        "Насколько комфортно было общение с наставником?",
        scored=True,
    )
    add(
        first,
        "often",
        T.SINGLE,
        "Как часто проводились встречи?",
        choices=OFTEN,
        allow_other=True,
    )
    add(
        second,
        "helps",
        T.MULTIPLE,
        "В чём помог наставник?",
        choices=HELPS,
        allow_other=True,
    )
    add(second, "age", T.NUMBER, "Сколько Вам лет?")
    add(second, "start", T.DATE, "Когда начались встречи?")
    add(
        second,
        "valuable",
        T.LONG_TEXT,
        "Что особенно ценно для Вас было в программе?",
        max_length=500,
        help_text="Несколько слов.",
    )
    add(second, "topics", T.TOPICS, "Какие темы Вам интересны?")
    if kind == Kind.PREFERENCE:
        add(second, "mentors", T.RANKING, "С кем из наставников Вы хотели бы работать?")
    return version


def make_campaign(
    version: Version,
    organisation: Organisation,
    people: Iterable[Person] = (),
    *,
    deadline: date | None = None,
    candidates: Iterable[Person] = (),
    **fields,
) -> Campaign:
    """A campaign of ``version`` with an invitation (no working link yet) for
    each of ``people``, consent or not; by default open for a week from today
    (the day the calling test pins with time_machine)."""
    fields.setdefault("anonymous", version.anonymous)
    campaign = Campaign.objects.create(
        organisation=organisation,
        version=version,
        title=fields.pop("title", version.questionnaire.title),
        deadline=deadline or timezone.localdate() + timedelta(days=7),
        **fields,
    )
    campaign.candidates.set(candidates)
    for person in people:
        services.invitation_create(campaign, person)
    return campaign


def make_link(campaign: Campaign, person: Person) -> tuple[Invitation, str]:
    """The person's invitation, marked sent, and the token of its link."""
    invitation, token = services.invitation_create(campaign, person)
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["sent_at"])
    return invitation, token


# A complete answer to make_questionnaire's questions, as a form posts it.
ANSWERS = {
    "q-met": "yes",
    "q-where": "В лагере",
    "q-effect": "9",
    "q-comfort": "8",
    "q-often": "week",
    "q-helps": ["study", "sport"],
    "q-age": "14",
    "q-start": "01.10.2025",
    "q-valuable": "Поддержка",
    "q-topics": ["math"],
}


class SurveyCastTestCase(BaseTestCase):
    """School A's people for campaign tests, on top of BaseTestCase:

    pupils of 7Б Маша (consent, e-mail), Петя (consent, no e-mail) and Коля
    (no consent) are in the mentee base; Саша of 8А has a consent and no
    profile; teachers Иванова (consent, e-mail, ready for «учитель – ученик»)
    and Сидоров (consent, ready for «ученик – ученик») and Нет-Согласия (no
    consent, «учитель – ученик») are in the mentor base. School C has a
    pupil with consent. The questionnaire is a shipped satisfaction one.
    """

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.masha = make_pupil(
            cls.school_a,
            "Иванова",
            first_name="Мария",
            patronymic="Петровна",
            email="masha@example.org",
        )
        cls.petya = make_pupil(cls.school_a, "Петров", first_name="Пётр")
        cls.kolya = make_pupil(cls.school_a, "Колесов", first_name="Николай")
        cls.sasha = make_pupil(
            cls.school_a, "Сашин", first_name="Александр", class_name="8А"
        )
        for pupil in (cls.masha, cls.petya, cls.kolya):
            MenteeProfile.objects.create(
                person=pupil, category=MenteeProfile.Category.LOW_RESULTS
            )
        cls.teacher = make_person(
            cls.school_a,
            "Учителева",
            first_name="Анна",
            patronymic="Ивановна",
            email="anna@example.org",
        )
        cls.peer = make_person(cls.school_a, "Сидоров", first_name="Семён")
        cls.without = make_person(cls.school_a, "Несогласная", first_name="Нина")
        for person, form in (
            (cls.teacher, "teacher_pupil"),
            (cls.peer, "pupil_pupil"),
            (cls.without, "teacher_pupil"),
        ):
            MentorProfile.objects.create(
                person=person, source="teacher", forms_ready=[form]
            )
        cls.outsider = make_pupil(cls.school_c, "Чужой", first_name="Иван")
        for person in (
            cls.masha,
            cls.petya,
            cls.sasha,
            cls.teacher,
            cls.peer,
            cls.outsider,
        ):
            give_consent(person)
        cls.version = make_questionnaire()
