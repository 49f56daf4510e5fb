from __future__ import annotations

from nastavnik.accounts.models import AuditEvent
from nastavnik.people.models import MenteeProfile, MentorProfile, Topic
from nastavnik.people.tests.factory import give_consent, make_person, make_pupil
from nastavnik.surveys import profiles
from nastavnik.surveys.models import Question, Questionnaire, Section, Version
from nastavnik.test import BaseTestCase

T = Question.Type


def make_version(kind: str, *questions: dict, slug: str = "") -> Version:
    """A questionnaire of ``kind`` with one section of these questions."""
    questionnaire = Questionnaire.objects.create(
        slug=slug or f"test-{kind}", kind=kind, title=f"Анкета {kind}"
    )
    version = Version.objects.create(questionnaire=questionnaire, number=1)
    section = Section.objects.create(version=version, position=1)
    for position, fields in enumerate(questions, start=1):
        fields.setdefault("text", fields["key"])
        Question.objects.create(section=section, position=position, **fields)
    return version


MENTOR_QUESTIONS = [
    {
        "key": "spheres",
        "type": T.MULTIPLE,
        "choices": [["math", "Математика"], ["sport", "Спорт"], ["art", "Рисование"]],
        "allow_other": True,
        "profile_field": "mentor.competences",
    },
    {"key": "help", "type": T.LONG_TEXT, "profile_field": "mentor.competences"},
    {"key": "topics", "type": T.TOPICS, "profile_field": "mentor.topics"},
    {
        "key": "forms",
        "type": T.MULTIPLE,
        "choices": [["teacher_pupil", "Учитель – ученик"], ["club", "Кружок"]],
        "profile_field": "mentor.forms_ready",
    },
    {"key": "capacity", "type": T.NUMBER, "profile_field": "mentor.capacity"},
    {"key": "time", "type": T.SHORT_TEXT, "profile_field": "mentor.availability"},
    {
        "key": "format",
        "type": T.SINGLE,
        "choices": [["online", "Онлайн"], ["in_person", "Очно"], ["chat", "Чат"]],
        "profile_field": "mentor.format",
    },
    {"key": "why", "type": T.LONG_TEXT, "profile_field": "mentor.motivation"},
]


# The questions that fill the person's card rather than a profile.
CARD_QUESTIONS = [
    {"key": "place", "type": T.SHORT_TEXT, "profile_field": "person.workplace"},
    {"key": "position", "type": T.SHORT_TEXT, "profile_field": "person.position"},
    {"key": "years", "type": T.NUMBER, "profile_field": "person.experience_years"},
]


class ApplyMentorTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.version = make_version("mentor", *[dict(q) for q in MENTOR_QUESTIONS])
        self.teacher = make_person(self.school_a, "Ложкин", experience_years=14)
        give_consent(self.teacher)

    def test_it_creates_a_candidate_profile_from_every_target(self) -> None:
        outcome = profiles.apply(
            self.teacher,
            self.version,
            {
                "spheres": ["math", "sport", "other:Шахматы"],
                "help": "Подготовка к олимпиадам",
                "topics": ["olympiads", "sport"],
                "forms": ["teacher_pupil", "club"],
                "capacity": 3,
                "time": "вт, чт после 15:00",
                "format": "online",
                "why": "Хочу помочь ребятам",
            },
        )
        profile = MentorProfile.objects.get(person=self.teacher)
        self.assertEqual(outcome.profile, profile)
        self.assertEqual(outcome.note, "")
        self.assertEqual(profile.status, MentorProfile.Status.CANDIDATE)
        self.assertEqual(profile.source, MentorProfile.Source.TEACHER)
        self.assertEqual(
            profile.competences, "Математика; Спорт; Шахматы; Подготовка к олимпиадам"
        )
        self.assertEqual(
            set(profile.topics.values_list("code", flat=True)), {"olympiads", "sport"}
        )
        self.assertEqual(profile.forms_ready, ["teacher_pupil"])
        self.assertEqual(profile.capacity, 3)
        self.assertEqual(profile.availability, "вт, чт после 15:00")
        self.assertEqual(profile.format, "online")
        self.assertEqual(profile.motivation, "Хочу помочь ребятам")

    def test_it_updates_an_existing_profile_and_keeps_what_was_not_answered(
        self,
    ) -> None:
        profile = MentorProfile.objects.create(
            person=self.teacher,
            source=MentorProfile.Source.TEACHER,
            status=MentorProfile.Status.APPROVED,
            competences="Проекты",
            motivation="Давно хотел",
            capacity=2,
        )
        profile.topics.set([Topic.objects.get(code="projects")])
        profiles.apply(self.teacher, self.version, {"help": "Физика, ЕГЭ"})
        profile.refresh_from_db()
        self.assertEqual(profile.competences, "Физика, ЕГЭ")
        self.assertEqual(profile.motivation, "Давно хотел")
        self.assertEqual(profile.capacity, 2)
        self.assertEqual(profile.status, MentorProfile.Status.APPROVED)
        self.assertEqual(
            list(profile.topics.values_list("code", flat=True)), ["projects"]
        )

    def test_it_clamps_the_capacity_to_the_profile_limits(self) -> None:
        profiles.apply(self.teacher, self.version, {"capacity": 250})
        self.assertEqual(MentorProfile.objects.get().capacity, 30)
        profiles.apply(self.teacher, self.version, {"capacity": 0})
        self.assertEqual(MentorProfile.objects.get().capacity, 1)

    def test_it_ignores_unknown_form_and_format_codes(self) -> None:
        MentorProfile.objects.create(
            person=self.teacher,
            source=MentorProfile.Source.TEACHER,
            forms_ready=["teacher_teacher"],
            format="mixed",
        )
        outcome = profiles.apply(
            self.teacher, self.version, {"forms": ["club"], "format": "chat"}
        )
        profile = MentorProfile.objects.get()
        self.assertEqual(profile.forms_ready, ["teacher_teacher"])
        self.assertEqual(profile.format, "mixed")
        self.assertEqual(outcome.fields, [])

    def test_it_leaves_the_bases_alone_without_a_valid_consent(self) -> None:
        newcomer = make_person(self.school_a, "Новиков")
        outcome = profiles.apply(newcomer, self.version, {"help": "Физика"})
        self.assertIsNone(outcome.profile)
        self.assertIn("нет действующего согласия", outcome.note)
        self.assertFalse(MentorProfile.objects.filter(person=newcomer).exists())

    def test_it_does_not_touch_an_existing_profile_without_a_valid_consent(
        self,
    ) -> None:
        newcomer = make_person(self.school_a, "Новиков")
        MentorProfile.objects.create(
            person=newcomer, source=MentorProfile.Source.TEACHER, competences="Химия"
        )
        profiles.apply(newcomer, self.version, {"help": "Физика"})
        self.assertEqual(MentorProfile.objects.get().competences, "Химия")

    def test_a_profile_at_odds_with_its_rules_is_left_with_a_note(self) -> None:
        MentorProfile.objects.create(
            person=self.teacher, source=MentorProfile.Source.TEACHER, capacity=45
        )
        outcome = profiles.apply(self.teacher, self.version, {"why": "Хочу помочь"})
        self.assertIn("Исправьте профиль", outcome.note)
        self.assertEqual(MentorProfile.objects.get().motivation, "")

    def test_it_fills_the_persons_card_and_logs_the_fields_not_the_values(
        self,
    ) -> None:
        version = make_version(
            "mentor", *[dict(q) for q in CARD_QUESTIONS], slug="card"
        )
        outcome = profiles.apply(
            self.teacher,
            version,
            {"place": "Гимназия № 2", "position": "учитель химии", "years": 20},
            user=self.alice,
        )
        self.teacher.refresh_from_db()
        self.assertEqual(self.teacher.employer_name, "Гимназия № 2")
        self.assertEqual(self.teacher.position, "учитель химии")
        self.assertEqual(self.teacher.experience_years, 20)
        self.assertEqual(
            outcome.fields,
            ["person.workplace", "person.position", "person.experience_years"],
        )
        update = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE)
        self.assertIn("workplace", update.summary)
        self.assertNotIn("Гимназия", update.summary)

    def test_it_leaves_the_card_alone_without_a_valid_consent(self) -> None:
        newcomer = make_person(self.school_a, "Новиков", position="учитель")
        version = make_version(
            "mentor", *[dict(q) for q in CARD_QUESTIONS], slug="card"
        )
        outcome = profiles.apply(newcomer, version, {"position": "директор"})
        self.assertIn("нет действующего согласия", outcome.note)
        newcomer.refresh_from_db()
        self.assertEqual(newcomer.position, "учитель")

    def test_a_profile_at_odds_with_its_rules_leaves_the_card_too(self) -> None:
        MentorProfile.objects.create(
            person=self.teacher, source=MentorProfile.Source.TEACHER, capacity=45
        )
        version = make_version(
            "mentor",
            *[dict(q) for q in CARD_QUESTIONS],
            {"key": "why", "type": T.LONG_TEXT, "profile_field": "mentor.motivation"},
            slug="card",
        )
        profiles.apply(self.teacher, version, {"why": "Хочу", "years": 30})
        self.teacher.refresh_from_db()
        self.assertEqual(self.teacher.experience_years, 14)

    def test_it_ignores_a_mapping_the_target_does_not_accept(self) -> None:
        version = make_version(
            "mentor",
            {"key": "n", "type": T.SHORT_TEXT, "profile_field": "mentor.capacity"},
            slug="second",
        )
        outcome = profiles.apply(self.teacher, version, {"n": "пять"})
        self.assertEqual(outcome.fields, [])
        self.assertFalse(MentorProfile.objects.exists())

    def test_it_ignores_the_targets_of_the_other_base(self) -> None:
        version = make_version(
            "mentor",
            {"key": "r", "type": T.LONG_TEXT, "profile_field": "mentee.request"},
            slug="second",
        )
        profiles.apply(self.teacher, version, {"r": "Нужна помощь"})
        self.assertFalse(MenteeProfile.objects.exists())
        self.assertFalse(MentorProfile.objects.exists())

    def test_it_logs_which_fields_changed_but_not_their_values(self) -> None:
        profiles.apply(
            self.teacher,
            self.version,
            {"why": "Хочу помочь ребятам", "topics": ["sport"]},
            user=self.alice,
        )
        update = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE)
        self.assertEqual(update.object_code, self.teacher.code)
        self.assertEqual(update.user, self.alice)
        self.assertIn("motivation", update.summary)
        self.assertIn("topics", update.summary)
        self.assertNotIn("ребятам", update.summary)
        self.assertNotIn("Ложкин", update.summary)
        self.assertTrue(
            AuditEvent.objects.filter(action=AuditEvent.Action.CREATE).exists()
        )


class ApplyMenteeTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.version = make_version(
            "mentee",
            {
                "key": "hard",
                "type": T.MULTIPLE,
                "choices": [["math", "Математика"], ["friends", "Общение"]],
                "profile_field": "mentee.request",
            },
            {"key": "more", "type": T.LONG_TEXT, "profile_field": "mentee.request"},
            {"key": "topics", "type": T.TOPICS, "profile_field": "mentee.topics"},
        )

    def test_it_puts_a_pupil_into_the_mentee_base_with_the_request(self) -> None:
        pupil = make_pupil(self.school_a, "Булдакова", first_name="Анастасия")
        give_consent(pupil)
        outcome = profiles.apply(
            pupil,
            self.version,
            {"hard": ["math"], "more": "Боюсь ОГЭ", "topics": ["exams", "study"]},
        )
        profile = MenteeProfile.objects.get(person=pupil)
        self.assertEqual(outcome.fields, ["mentee.request", "mentee.topics"])
        self.assertEqual(profile.category, MenteeProfile.Category.OTHER)
        self.assertEqual(profile.status, MenteeProfile.Status.CANDIDATE)
        self.assertEqual(profile.request, "Математика; Боюсь ОГЭ")
        self.assertEqual(
            set(profile.topics.values_list("code", flat=True)), {"exams", "study"}
        )

    def test_a_teacher_enters_as_a_young_specialist_only_in_the_first_years(
        self,
    ) -> None:
        young = make_person(self.school_a, "Юнова", experience_years=2)
        senior = make_person(self.school_a, "Старова", experience_years=12)
        for person in (young, senior):
            give_consent(person)
            profiles.apply(person, self.version, {"more": "Дисциплина на уроках"})
        self.assertEqual(
            MenteeProfile.objects.get(person=young).category,
            MenteeProfile.Category.YOUNG_SPECIALIST,
        )
        self.assertEqual(
            MenteeProfile.objects.get(person=senior).category,
            MenteeProfile.Category.OTHER,
        )

    def test_it_keeps_the_category_of_an_existing_profile(self) -> None:
        pupil = make_pupil(self.school_a, "Зайцев")
        give_consent(pupil)
        MenteeProfile.objects.create(
            person=pupil, category=MenteeProfile.Category.GIFTED, request="Олимпиады"
        )
        profiles.apply(pupil, self.version, {"more": "Проект по физике"})
        profile = MenteeProfile.objects.get()
        self.assertEqual(profile.category, MenteeProfile.Category.GIFTED)
        self.assertEqual(profile.request, "Проект по физике")

    def test_an_unanswered_questionnaire_changes_nothing(self) -> None:
        pupil = make_pupil(self.school_a, "Зайцев")
        give_consent(pupil)
        outcome = profiles.apply(pupil, self.version, {})
        self.assertIsNone(outcome.profile)
        self.assertFalse(MenteeProfile.objects.exists())
        self.assertFalse(AuditEvent.objects.exists())
