"""Every question of the shipped questionnaires that names a profile field
fills that field: one row per mapping, from the answer a person sends by
their link to the value on their profile."""

from __future__ import annotations

import importlib

from django.apps import apps as django_apps
from django.urls import reverse

from nastavnik.people.models import MenteeProfile, MentorProfile, Person
from nastavnik.people.tests.factory import give_consent, make_person, make_pupil
from nastavnik.surveys.models import Question, Questionnaire
from nastavnik.surveys.tests.factory import make_campaign, make_link
from nastavnik.test import BaseTestCase

# What a respondent sends besides the question under test: every required
# question answered, none with the value a row expects.
MENTOR_ANSWERS = {
    "place": "МБОУ СОШ № 1",
    "position": "учитель физики",
    "competences": "Физика",
    "topics": ["study"],
    "forms_ready": ["teacher_pupil"],
    "capacity": "2",
    "format": "in_person",
    "availability": ["weekend"],
    "motivation": "Хочу помогать",
    **dict.fromkeys(
        ["patient", "listen", "regular", "missed", "mistakes", "training"], "yes"
    ),
}
MENTEE_ANSWERS = {
    "topics": ["career"],
    "request": "Выбрать профессию",
    "qualities": ["patient"],
    "time": ["weekend"],
    "format": "in_person",
}


def _topics(profile) -> set[str]:
    return set(profile.topics.values_list("code", flat=True))


def _card(name: str):
    """Read a field of the person's card rather than of the profile."""

    def read(profile) -> object:
        return getattr(Person.objects.get(pk=profile.person_id), name)

    return read


# (questionnaire, question key, what the form sends, field read, value expected)
MAPPINGS = [
    (
        "mentor",
        "place",
        {"place": "ООО «Кировский технопарк»"},
        _card("employer_name"),
        "ООО «Кировский технопарк»",
    ),
    (
        "mentor",
        "position",
        {"position": "учитель информатики"},
        _card("position"),
        "учитель информатики",
    ),
    (
        "mentor",
        "experience_years",
        {"experience_years": "12"},
        _card("experience_years"),
        12,
    ),
    (
        "mentor",
        "experience_years",
        {"experience_years": "0"},
        _card("experience_years"),
        0,
    ),
    (
        "mentor",
        "competences",
        {"competences": "Робототехника и 3D-моделирование"},
        "competences",
        "Робототехника и 3D-моделирование",
    ),
    (
        "mentor",
        "topics",
        {"topics": ["olympiads", "projects"]},
        _topics,
        {
            "olympiads",
            "projects",
        },
    ),
    (
        "mentor",
        "forms_ready",
        {"forms_ready": ["pupil_pupil", "experienced_young"]},
        "forms_ready",
        ["pupil_pupil", "experienced_young"],
    ),
    ("mentor", "capacity", {"capacity": "4"}, "capacity", 4),
    ("mentor", "format", {"format": "online"}, "format", "online"),
    (
        "mentor",
        "availability",
        {"availability": ["weekdays_day", "weekdays_evening"]},
        "availability",
        "в будни, после уроков (до 17:00); в будни, вечером",
    ),
    (
        "mentor",
        "motivation",
        {"motivation": "Меня самого когда-то поддержал наставник"},
        "motivation",
        "Меня самого когда-то поддержал наставник",
    ),
    ("mentee", "topics", {"topics": ["exams", "study"]}, _topics, {"exams", "study"}),
    (
        "mentee",
        "request",
        {"request": "Хочу сдать ОГЭ по математике на пятёрку"},
        "request",
        "Хочу сдать ОГЭ по математике на пятёрку",
    ),
    ("mentee", "initiator", {"initiator": "self"}, "stated_by", "self"),
    (
        "mentee",
        "initiator",
        {"initiator": "class_teacher"},
        "stated_by",
        "class_teacher",
    ),
    ("mentee", "initiator", {"initiator": "psychologist"}, "stated_by", "psychologist"),
    (
        "mentee",
        "initiator",
        {"initiator": "social_worker"},
        "stated_by",
        "social_worker",
    ),
    ("mentee", "initiator", {"initiator": "parents"}, "stated_by", "parents"),
    (
        "mentee",
        "initiator",
        {"initiator": "administration"},
        "stated_by",
        "administration",
    ),
    (
        "mentee",
        "initiator",
        {"initiator": "other", "initiator__other": "тренер по самбо"},
        "stated_by",
        "other",
    ),
]


def _shipped(slug: str) -> Questionnaire:
    return Questionnaire.objects.get(organisation=None, slug=slug)


class ShippedMappingsTestCase(BaseTestCase):
    def _respondent(self, slug: str, n: int) -> Person:
        if slug == "mentor":
            # a card whose fields differ from every expected value
            person = make_person(
                self.school_a,
                f"Наставник{n}",
                position="учитель",
                experience_years=3,
                employer_name="МБОУ СОШ № 2",
            )
        else:
            person = make_pupil(self.school_a, f"Ученик{n}")
            # a profile whose fields differ from every expected value
            MenteeProfile.objects.create(
                person=person,
                category=MenteeProfile.Category.OTHER,
                stated_by=MenteeProfile.StatedBy.OTHER,
            )
        give_consent(person)
        return person

    def _post(self, slug: str, person: Person, answers: dict):
        version = _shipped(slug).current_version()
        campaign = make_campaign(version, self.school_a, [person])
        _invitation, token = make_link(campaign, person)
        base = MENTOR_ANSWERS if slug == "mentor" else MENTEE_ANSWERS
        data = {f"q-{k}": v for k, v in {**base, **answers}.items()}
        return self.client.post(
            reverse("surveys-public-answer", args=[token]), {**data, "action": "send"}
        )

    def _send(self, slug: str, person: Person, answers: dict) -> None:
        r = self._post(slug, person, answers)
        self.assertEqual(r.status_code, 302, r.content.decode()[:3000])

    def test_every_mapping_fills_its_profile_field(self) -> None:
        for n, (slug, key, answers, field, expected) in enumerate(MAPPINGS):
            with self.subTest(questionnaire=slug, question=key, answer=answers):
                person = self._respondent(slug, n)
                self._send(slug, person, answers)
                model = MentorProfile if slug == "mentor" else MenteeProfile
                profile = model.objects.get(person=person)
                value = field(profile) if callable(field) else getattr(profile, field)
                self.assertEqual(value, expected)

    def test_the_table_covers_every_mapped_question(self) -> None:
        mapped = set(
            Question.objects.filter(section__version__questionnaire__organisation=None)
            .exclude(profile_field="")
            .values_list("section__version__questionnaire__slug", "key")
        )
        self.assertEqual(mapped, {(slug, key) for slug, key, *_rest in MAPPINGS})

    def test_the_request_stated_by_the_pupil_reaches_the_base(self) -> None:
        pupil = self._respondent("mentee", 99)
        self._send("mentee", pupil, {"initiator": "self"})
        self.assertEqual(
            MenteeProfile.objects.get(person=pupil).get_stated_by_display(),
            "сам наставляемый",
        )

    def test_the_builder_shows_the_field_the_question_fills(self) -> None:
        self.client.force_login(self.alice)
        url = reverse("surveys-questionnaire-detail", args=[_shipped("mentee").code])
        self.assertContains(
            self.client.get(url), "заполняет наставляемый: кем сформулирован запрос"
        )

    def test_an_experience_the_base_would_refuse_is_refused_with_a_message(
        self,
    ) -> None:
        for n, given in enumerate(("71", "2.5", "-1"), start=50):
            with self.subTest(experience=given):
                person = self._respondent("mentor", n)
                r = self._post("mentor", person, {"experience_years": given})
                self.assertContains(r, "Укажите стаж целым числом лет, от 0 до 70.")
                person.refresh_from_db()
                self.assertEqual(person.experience_years, 3)
                self.assertFalse(MentorProfile.objects.filter(person=person).exists())

    def test_a_pupil_mentors_class_fills_the_class_and_not_the_workplace(
        self,
    ) -> None:
        pupil = make_pupil(self.school_a, "Вершинина", class_name="9А")
        give_consent(pupil)
        self._send(
            "mentor",
            pupil,
            {"place": "МБОУ СОШ № 1", "position": "10 б класс", "experience_years": ""},
        )
        pupil.refresh_from_db()
        self.assertEqual(pupil.class_name, "10Б")
        self.assertEqual(pupil.employer_name, "")
        self.assertEqual(pupil.position, "")

    def test_a_pupil_mentors_answer_that_is_no_class_leaves_the_class(self) -> None:
        pupil = make_pupil(self.school_a, "Вершинина", class_name="9А")
        give_consent(pupil)
        self._send("mentor", pupil, {"position": "староста"})
        pupil.refresh_from_db()
        self.assertEqual(pupil.class_name, "9А")
        self.assertEqual(pupil.position, "")

    def test_the_migration_maps_the_questions_nobody_mapped(self) -> None:
        migration = importlib.import_module(
            "nastavnik.surveys.migrations.0004_fill_person_profile_fields"
        )
        mentor = Question.objects.filter(
            section__version__questionnaire=_shipped("mentor")
        )
        mentor.filter(key__in=["place", "position"]).update(profile_field="")
        mentor.filter(key="experience_years").update(profile_field="mentor.capacity")
        migration.fill(django_apps, None)
        self.assertEqual(
            dict(
                mentor.filter(
                    key__in=["place", "position", "experience_years"]
                ).values_list("key", "profile_field")
            ),
            {
                "place": "person.workplace",
                "position": "person.position",
                "experience_years": "mentor.capacity",
            },
        )

    def test_a_students_group_stays_off_the_place_of_work_and_the_position(
        self,
    ) -> None:
        student = make_person(
            self.school_a,
            "Студентова",
            category=Person.Category.STUDENT,
            class_name="ИС-23",
        )
        give_consent(student)
        self._send(
            "mentor",
            student,
            {"place": "Кировский колледж", "position": "ИС-23", "experience_years": ""},
        )
        student.refresh_from_db()
        self.assertEqual(
            (student.employer_name, student.position, student.class_name),
            ("", "", "ИС-23"),
        )
