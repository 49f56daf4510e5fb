"""The topics question offers the topics of the respondent's track: a pupil
pupils' topics, a teacher teachers' ones."""

from __future__ import annotations

from django.test import TestCase
from django.urls import reverse

from nastavnik.orgs.models import Municipality, Region
from nastavnik.people.models import Person, Topic
from nastavnik.people.tests.factory import give_consent, make_person, make_pupil
from nastavnik.programmes.models import MentorshipForm
from nastavnik.surveys import answers, topics
from nastavnik.surveys.models import Questionnaire, Response
from nastavnik.surveys.tests.factory import make_campaign, make_link
from nastavnik.test import BaseTestCase, make_organisation

PUPIL_TOPIC = "Учёба и успеваемость"
EXAMS = "Подготовка к экзаменам (ОГЭ, ЕГЭ)"
TEACHER_TOPIC = "Методика преподавания"
PRODUCTION = "Производственная практика и профессия"


# A complete answer to the shipped mentee questionnaire, as its form posts it.
MENTEE_ANSWERS = {
    "q-request": "Хочу лучше сдать ОГЭ по математике",
    "q-qualities": ["patient"],
    "q-time": ["weekend"],
    "q-format": "online",
    "action": "send",
}


def _shipped(slug: str):
    return Questionnaire.objects.get(slug=slug, organisation=None).current_version()


class TopicsOfferedTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        region = Region.objects.create(name="Кировская область")
        municipality = Municipality.objects.create(region=region, name="Уни")
        cls.school = make_organisation(municipality, "4330000013", "СОШ № 1")
        cls.mentee = _shipped("mentee")
        cls.mentor = _shipped("mentor")

    def _names(self, version, person=None) -> set[str]:
        return set(topics.offered(version, person).values_list("name", flat=True))

    def test_each_respondent_is_offered_the_topics_of_their_track(self) -> None:
        C = Person.Category
        cases = [
            # (questionnaire, category, offered, not offered)
            ("mentee", C.PUPIL, [PUPIL_TOPIC, EXAMS], [TEACHER_TOPIC, PRODUCTION]),
            ("mentee", C.STUDENT, [PUPIL_TOPIC, PRODUCTION], [TEACHER_TOPIC, EXAMS]),
            ("mentee", C.TEACHER, [TEACHER_TOPIC], [PUPIL_TOPIC, EXAMS]),
            ("mentee", C.STAFF, [TEACHER_TOPIC], [EXAMS]),
            ("mentor", C.PUPIL, [PUPIL_TOPIC, EXAMS], [TEACHER_TOPIC]),
            ("mentor", C.EMPLOYEE, [PRODUCTION, PUPIL_TOPIC], [TEACHER_TOPIC]),
            ("mentor", C.TEACHER, [PUPIL_TOPIC, TEACHER_TOPIC, PRODUCTION], []),
        ]
        for slug, category, yes, no in cases:
            with self.subTest(questionnaire=slug, category=category):
                person = Person(organisation=self.school, category=category)
                names = self._names(getattr(self, slug), person)
                for name in yes:
                    self.assertIn(name, names)
                for name in no:
                    self.assertNotIn(name, names)

    def test_a_questionnaire_of_a_form_offers_the_topics_of_its_mentees(self) -> None:
        version = _shipped("mentee")
        questionnaire = version.questionnaire
        questionnaire.form = MentorshipForm.objects.get(
            slug="experienced_young", organisation=None
        )
        questionnaire.save()
        names = self._names(version)
        self.assertIn(TEACHER_TOPIC, names)
        self.assertNotIn(EXAMS, names)

    def test_nobody_known_is_offered_every_topic(self) -> None:
        names = self._names(self.mentee)
        self.assertIn(PUPIL_TOPIC, names)
        self.assertIn(TEACHER_TOPIC, names)

    def test_a_topic_added_by_a_curator_is_offered_to_everyone(self) -> None:
        Topic.objects.create(code="chess", name="Шахматы")
        for category in (Person.Category.PUPIL, Person.Category.TEACHER):
            person = Person(organisation=self.school, category=category)
            self.assertIn("Шахматы", self._names(self.mentee, person))

    def test_an_inactive_topic_is_never_offered(self) -> None:
        Topic.objects.filter(code="study").update(is_active=False)
        self.assertNotIn(PUPIL_TOPIC, self._names(self.mentee))

    def test_the_answer_form_offers_the_respondents_topics(self) -> None:
        pupil = make_pupil(self.school, "Булдакова", first_name="Анастасия")
        ctx = answers.render_context(self.mentee, person=pupil)
        field = next(
            f for s in ctx["sections"] for f in s.fields if f.question.key == "topics"
        )
        labels = [option.label for option in field.options]
        self.assertIn(PUPIL_TOPIC, labels)
        self.assertNotIn(TEACHER_TOPIC, labels)

    def test_a_pupil_by_their_link_sees_pupils_topics_only(self) -> None:
        pupil = make_pupil(self.school, "Булдакова", first_name="Анастасия")
        give_consent(pupil)
        campaign = make_campaign(self.mentee, self.school, [pupil])
        _invitation, token = make_link(campaign, pupil)
        r = self.client.get(reverse("surveys-public-answer", args=[token]))
        self.assertContains(r, PUPIL_TOPIC)
        self.assertNotContains(r, TEACHER_TOPIC)

    def test_a_young_teacher_by_their_link_sees_teachers_topics(self) -> None:
        teacher = make_person(self.school, "Молодая", first_name="Ольга")
        campaign = make_campaign(self.mentee, self.school, [teacher])
        _invitation, token = make_link(campaign, teacher)
        r = self.client.get(reverse("surveys-public-answer", args=[token]))
        self.assertContains(r, TEACHER_TOPIC)
        self.assertNotContains(r, EXAMS)

    def test_a_pupil_cannot_send_a_teachers_topic_by_a_forged_form(self) -> None:
        pupil = make_pupil(self.school, "Булдакова", first_name="Анастасия")
        give_consent(pupil)
        campaign = make_campaign(self.mentee, self.school, [pupil])
        _invitation, token = make_link(campaign, pupil)
        url = reverse("surveys-public-answer", args=[token])
        forged = {**MENTEE_ANSWERS, "q-topics": ["study", "teaching_methods"]}
        r = self.client.post(url, forged)
        self.assertContains(r, "Выберите из предложенных тем.")
        self.assertFalse(Response.objects.filter(campaign=campaign).exists())
        r = self.client.post(url, {**MENTEE_ANSWERS, "q-topics": ["study"]})
        self.assertEqual(r.status_code, 302)
        self.assertTrue(Response.objects.filter(campaign=campaign).exists())

    def test_a_young_teacher_cannot_send_a_pupils_topic(self) -> None:
        teacher = make_person(self.school, "Молодая", first_name="Ольга")
        campaign = make_campaign(self.mentee, self.school, [teacher])
        _invitation, token = make_link(campaign, teacher)
        url = reverse("surveys-public-answer", args=[token])
        r = self.client.post(url, {**MENTEE_ANSWERS, "q-topics": ["exams"]})
        self.assertContains(r, "Выберите из предложенных тем.")
        self.assertFalse(Response.objects.filter(campaign=campaign).exists())


class PaperTopicsTestCase(BaseTestCase):
    def test_a_paper_form_keeps_to_the_topics_of_the_person_chosen(self) -> None:
        pupil = make_pupil(self.school_a, "Булдакова", first_name="Анастасия")
        give_consent(pupil)
        campaign = make_campaign(_shipped("mentee"), self.school_a, [pupil])
        invitation = campaign.invitations.get()
        url = reverse("surveys-campaign-paper", args=[campaign.code])
        self.client.force_login(self.alice)
        form = {**MENTEE_ANSWERS, "invitation": invitation.code}
        r = self.client.post(url, {**form, "q-topics": ["teaching_methods"]})
        self.assertContains(r, "Выберите из предложенных тем.")
        self.assertNotContains(r, TEACHER_TOPIC)
        self.assertFalse(Response.objects.filter(campaign=campaign).exists())
        r = self.client.post(url, {**form, "q-topics": ["exams"]})
        self.assertRedirects(r, url)
        self.assertTrue(Response.objects.filter(person=pupil).exists())
