"""Which topics a questionnaire's topics question offers to whom.

The coded topics (``people.Topic``) serve both tracks of the target model:
pupils' («Учёба и успеваемость») and teachers' («Методика преподавания»).
A pupil asked «В чём Вам нужна помощь?» is offered pupils' topics, a young
specialist teachers' ones. The audience comes from the questionnaire's form
of mentorship when it has one (its mentee side), else from the respondent's
category: a mentee needs help in their own track; a mentor helps the mentees
they may get (a teacher mentors pupils and teachers, a pupil only pupils).
A topic a curator added in the back office belongs to no track here, so it
is offered to everyone; so is every topic when nobody is known (the
builder's preview, a blank paper form).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from nastavnik.people.models import Person, Topic
from nastavnik.surveys.models import Kind, Version

PUPILS = "pupils"
STUDENTS = "students"
TEACHERS = "teachers"

# The shipped topics (people/0003) by the track they belong to.
TRACK_TOPICS: dict[str, set[str]] = {
    PUPILS: {
        "study",
        "exams",
        "olympiads",
        "projects",
        "career",
        "digital",
        "adaptation",
        "communication",
        "leadership",
        "creativity",
        "sport",
        "volunteering",
        "financial",
    },
    STUDENTS: {
        "study",
        "projects",
        "career",
        "digital",
        "adaptation",
        "communication",
        "leadership",
        "financial",
        "production",
    },
    TEACHERS: {
        "teaching_methods",
        "lesson_planning",
        "class_management",
        "parents",
        "documents",
        "certification",
        "burnout",
        "inclusive",
        "digital",
        "projects",
        "adaptation",
        "communication",
    },
}
KNOWN = set().union(*TRACK_TOPICS.values())

# A form's mentee side (programmes.Participant) → its track.
TRACK_OF_PARTICIPANT = {
    "pupil": PUPILS,
    "student": STUDENTS,
    "teacher": TEACHERS,
    "young_specialist": TEACHERS,
    "head": TEACHERS,
}
C = Person.Category
# What a person needs help with, as a mentee.
MENTEE_TRACKS = {
    C.PUPIL: {PUPILS},
    C.STUDENT: {STUDENTS},
    C.TEACHER: {TEACHERS},
    C.VETERAN: {TEACHERS},
    C.STAFF: {TEACHERS},
}
# Whom a person may mentor, as a mentor: the forms of mentorship of Р-145.
MENTOR_TRACKS = {
    C.PUPIL: {PUPILS},
    C.STUDENT: {PUPILS},
    C.ALUMNUS: {PUPILS, STUDENTS},
    C.PARENT: {PUPILS, STUDENTS},
    C.EMPLOYEE: {PUPILS, STUDENTS},
    C.ENTREPRENEUR: {PUPILS, STUDENTS},
    C.TEACHER: {PUPILS, STUDENTS, TEACHERS},
    C.VETERAN: {PUPILS, STUDENTS, TEACHERS},
    C.STAFF: {PUPILS, STUDENTS, TEACHERS},
}


def tracks(version: Version, person: Person | None = None) -> set[str] | None:
    """The tracks whose topics fit, or None for all of them."""
    questionnaire = version.questionnaire
    if questionnaire.form_id is not None:
        track = TRACK_OF_PARTICIPANT.get(questionnaire.form.mentee_category)
        return {track} if track else None
    if person is None:
        return None
    by_category = MENTOR_TRACKS if questionnaire.kind == Kind.MENTOR else MENTEE_TRACKS
    return by_category.get(person.category)


def offered(version: Version, person: Person | None = None) -> QuerySet[Topic]:
    """The active topics a topics question of ``version`` offers ``person``,
    in their order."""
    topics = Topic.objects.filter(is_active=True).order_by("position", "name")
    chosen = tracks(version, person)
    if chosen is None:
        return topics
    codes = set().union(*(TRACK_TOPICS[track] for track in chosen))
    return topics.filter(Q(code__in=codes) | ~Q(code__in=KNOWN))
