"""Which fields of the people bases a question may fill.

A questionnaire's question names one of these targets in its
``profile_field``: the mapping is data of the template, the list of what may
be written is here. Each target says which question types can fill it.

``apply`` writes the answers of a mentor or mentee questionnaire into the
person's profile (see its docstring for who may be written and how).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from nastavnik.accounts.models import User
from nastavnik.people import services as people_services
from nastavnik.people.models import (
    CLASS_RE,
    FEDERAL_FORMS,
    MenteeProfile,
    MentorProfile,
    Person,
    Topic,
)
from nastavnik.surveys.models import Question, Version

T = Question.Type
TEXTS = (T.SHORT_TEXT, T.LONG_TEXT)

# key: (label, question types that can fill it)
TARGETS: dict[str, tuple[str, tuple[str, ...]]] = {
    "mentor.competences": (_("mentor: competences"), (*TEXTS, T.MULTIPLE)),
    "mentor.topics": (_("mentor: topics"), (T.TOPICS,)),
    "mentor.forms_ready": (_("mentor: forms ready for"), (T.MULTIPLE, T.SINGLE)),
    "mentor.capacity": (_("mentor: mentees at most"), (T.NUMBER,)),
    "mentor.availability": (_("mentor: availability"), (*TEXTS, T.MULTIPLE)),
    "mentor.format": (_("mentor: format"), (T.SINGLE,)),
    "mentor.motivation": (_("mentor: motivation"), TEXTS),
    "mentee.request": (_("mentee: request"), (*TEXTS, T.MULTIPLE)),
    "mentee.topics": (_("mentee: topics"), (T.TOPICS,)),
    "mentee.stated_by": (_("mentee: request stated by"), (T.SINGLE,)),
    "person.workplace": (_("person: place of work"), TEXTS),
    "person.position": (_("person: class or position"), (T.SHORT_TEXT,)),
    "person.experience_years": (_("person: teaching experience"), (T.NUMBER,)),
}
# The Person fields the person.* targets write.
PERSON_FIELDS = ["employer_name", "class_name", "position", "experience_years"]
EXPERIENCE_MAX = 70  # Person's check constraint «person_experience_plausible»


def choices() -> list[tuple[str, str]]:
    return [("", _("nothing"))] + [(key, label) for key, (label, _t) in TARGETS.items()]


def accepts(target: str, question_type: str) -> bool:
    return target in TARGETS and question_type in TARGETS[target][1]


# ------------------------------------------------------------------ apply
#
# The mentor questionnaire writes the mentor.* targets, the mentee
# questionnaire the mentee.* ones; a target of the other base is left alone.
# Both write the person.* ones: the person's own card.
PREFIX_OF_KIND = {"mentor": "mentor.", "mentee": "mentee."}
PERSON = "person."
WHAT = {
    "mentor": _("Mentor profile from a questionnaire"),
    "mentee": _("Mentee profile from a questionnaire"),
}
NO_CONSENT = _(
    "The answers are saved, but the profile was not updated: the person has no "
    "valid consent to the processing of personal data."
)
NOT_UPDATED = _(
    "The answers are saved, but the profile was not updated: its data break the "
    "rules of the base. Correct the profile on the person's card."
)
CAPACITY_MIN, CAPACITY_MAX = 1, 30  # MentorProfile.capacity's validators
AVAILABILITY_MAX = 300  # MentorProfile.availability's max_length


@dataclass
class Outcome:
    """What ``apply`` did: the profile written (None when untouched), the
    targets it wrote, and a note for the curator when it wrote nothing."""

    profile: MentorProfile | MenteeProfile | None = None
    fields: list[str] = field(default_factory=list)
    note: str = ""


def _text(question: Question, value: object) -> str:
    """A text answer as is; a choice answer as its labels (own answers too),
    joined by semicolons: labels have commas of their own («в будни, вечером»)."""
    values = value if isinstance(value, list) else [value]
    labels = question.labels
    parts = []
    for v in values:
        v = str(v)
        parts.append(
            v.removeprefix("other:") if v.startswith("other:") else labels.get(v, v)
        )
    return "; ".join(p for p in parts if p)


def _codes(value: object) -> list[str]:
    return [str(v) for v in (value if isinstance(value, list) else [value])]


def _collect(
    version: Version, kind: str, answers: dict[str, object]
) -> dict[str, list[tuple[Question, object]]]:
    """The answered questions of ``version`` by the target they fill, in the
    order of the form; mappings the target does not accept are dropped."""
    prefix = PREFIX_OF_KIND.get(kind)
    by_target: dict[str, list[tuple[Question, object]]] = {}
    if prefix is None:
        return by_target
    questions = (
        Question.objects.filter(section__version=version)
        .exclude(profile_field="")
        .order_by("section__position", "position")
    )
    for question in questions:
        target = question.profile_field
        if not target.startswith((prefix, PERSON)) or not accepts(
            target, question.type
        ):
            continue
        if answers.get(question.key) in (None, "", []):
            continue
        by_target.setdefault(target, []).append((question, answers[question.key]))
    return by_target


def _fill_mentor(
    profile: MentorProfile, by_target: dict[str, list[tuple[Question, object]]]
) -> list[str]:
    """Write the answers into ``profile`` (unsaved); return the targets set.
    Several questions of one text target are joined, of one list target
    merged; for a single value the last question wins."""
    federal = {code for code, _label in FEDERAL_FORMS}
    written = []
    for target, given in by_target.items():
        name = target.split(".", 1)[1]
        if name in ("competences", "motivation"):
            setattr(profile, name, "; ".join(_text(q, v) for q, v in given))
        elif name == "availability":
            text = "; ".join(_text(q, v) for q, v in given)
            profile.availability = text[:AVAILABILITY_MAX]
        elif name == "forms_ready":
            codes = [c for _q, v in given for c in _codes(v) if c in federal]
            if not codes:
                continue
            profile.forms_ready = list(dict.fromkeys(codes))
        elif name == "capacity":
            number = round(float(given[-1][1]))
            profile.capacity = min(max(number, CAPACITY_MIN), CAPACITY_MAX)
        elif name == "format":
            code = str(given[-1][1])
            if code not in MentorProfile.Format.values:
                continue
            profile.format = code
        elif name == "topics":
            continue  # many-to-many: set after the save
        written.append(target)
    return written


def _fill_mentee(
    profile: MenteeProfile, by_target: dict[str, list[tuple[Question, object]]]
) -> list[str]:
    """As ``_fill_mentor``. Who stated the request is one of the base's
    codes; an own answer («other:тренер») is «other»."""
    written = []
    if "mentee.request" in by_target:
        profile.request = "; ".join(_text(q, v) for q, v in by_target["mentee.request"])
        written.append("mentee.request")
    if "mentee.stated_by" in by_target:
        code = str(by_target["mentee.stated_by"][-1][1])
        if code.startswith("other:"):
            code = MenteeProfile.StatedBy.OTHER
        if code in MenteeProfile.StatedBy.values:
            profile.stated_by = code
            written.append("mentee.stated_by")
    return written


def class_name(text: str) -> str:
    """«10 б класс» as the people base writes a class («10Б»), or "" when the
    text is no class: the rule of the person form."""
    value = text.upper().replace("КЛАСС", "").replace(" ", "")
    value = value.replace("-", "").replace("–", "")
    return value if CLASS_RE.match(value) else ""


def _fill_person(
    person: Person, by_target: dict[str, list[tuple[Question, object]]]
) -> list[str]:
    """Write the person.* answers into ``person`` (unsaved); return the
    targets set. A pupil or a student answers «Место учёбы или работы» and
    «Класс или должность» with where and in which class or group they study:
    a pupil's class is taken when it reads as one, the rest stays off the
    place of work and the position, which are for those who work. The
    experience is whole years within the base's limits (``check_answers``
    refuses others)."""
    learner = person.category in (Person.Category.PUPIL, Person.Category.STUDENT)
    written = []
    if "person.workplace" in by_target and not learner:
        text = "; ".join(_text(q, v) for q, v in by_target["person.workplace"])
        person.employer_name = text[
            : Person._meta.get_field("employer_name").max_length
        ]
        written.append("person.workplace")
    if "person.position" in by_target:
        text = "; ".join(_text(q, v) for q, v in by_target["person.position"])
        if person.category == Person.Category.PUPIL:
            if class_name(text):
                person.class_name = class_name(text)
                written.append("person.position")
        elif not learner:
            person.position = text[: Person._meta.get_field("position").max_length]
            written.append("person.position")
    if "person.experience_years" in by_target:
        years = float(by_target["person.experience_years"][-1][1])
        if years.is_integer() and 0 <= years <= EXPERIENCE_MAX:
            person.experience_years = int(years)
            written.append("person.experience_years")
    return written


def _set_topics(profile, given: list[tuple[Question, object]] | None) -> bool:
    if not given:
        return False
    codes = list(dict.fromkeys(c for _q, v in given for c in _codes(v)))
    topics = list(Topic.objects.filter(code__in=codes, is_active=True))
    if not topics:
        return False
    profile.topics.set(topics)
    return True


def mentee_category(person: Person) -> str:
    """The category a mentee enters the base with when their questionnaire
    creates the profile; the curator corrects it on the card. A teacher with
    at most three years of experience (or none recorded) is a young
    specialist, a more experienced one «other»; other staff are new hires;
    pupils and everyone else «other», the category that asks no judgement."""
    if person.category == Person.Category.TEACHER:
        young = person.experience_years is None or person.experience_years <= 3
        return (
            MenteeProfile.Category.YOUNG_SPECIALIST
            if young
            else MenteeProfile.Category.OTHER
        )
    if person.category == Person.Category.STAFF:
        return MenteeProfile.Category.NEW_HIRE
    return MenteeProfile.Category.OTHER


@transaction.atomic
def apply(
    person: Person,
    version: Version,
    answers: dict[str, object],
    *,
    user: User | None = None,
) -> Outcome:
    """Fill the person's mentor or mentee profile from the answers to
    ``version`` (a questionnaire of kind mentor or mentee), creating the
    profile as a candidate when there is none.

    Only for a person who may be in a base (a valid consent to processing):
    otherwise nothing is touched and the outcome carries a note. Only answered
    questions write, so a skipped question keeps what the profile had; the
    status of an existing profile stays as it is. The person.* answers (place
    of work, class or position, experience) go to the person's card
    (``_fill_person``). The change is logged by target names only, never by
    values."""
    kind = version.questionnaire.kind
    by_target = _collect(version, kind, answers)
    if not by_target:
        return Outcome()
    if not Person.objects.eligible().filter(pk=person.pk).exists():
        return Outcome(note=str(NO_CONSENT))
    own = {t: given for t, given in by_target.items() if not t.startswith(PERSON)}
    if kind == "mentor":
        profile = MentorProfile.objects.filter(person=person).first()
        profile = profile or people_services.mentor_add(person=person, user=user)
        written = _fill_mentor(profile, own)
    else:
        profile = MenteeProfile.objects.filter(person=person).first()
        profile = profile or people_services.mentee_add(
            person=person, user=user, category=mentee_category(person)
        )
        written = _fill_mentee(profile, own)
    if written:
        # The fields are checked; the person's one profile and the check
        # constraints are the database's to enforce (three queries saved on
        # every answer).
        try:
            profile.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError:
            # A profile already at odds with its rules (an old capacity of 40)
            # must not cost the respondent their answers.
            return Outcome(note=str(NOT_UPDATED))
        profile.save()
    on_card = _fill_person(person, by_target)
    if on_card:
        person.save(update_fields=PERSON_FIELDS)
    topics = f"{kind}.topics"
    if _set_topics(profile, by_target.get(topics)):
        written.append(topics)
    written += on_card
    people_services.person_audit_change(
        person=person,
        user=user,
        fields=[t.split(".", 1)[1] for t in written],
        what=str(WHAT[kind]),
    )
    return Outcome(profile=profile, fields=written)
