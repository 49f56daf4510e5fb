"""The rules a pair or group must keep, as pure functions over plain data.

One check for the whole product: the pairs app refuses a pair that breaks
them, and matching (which sits above) calls the same functions on the same
``Candidate`` data to exclude a pair before it proposes it. Each rule answers
with a message the curator can act on, in the curator's words.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from nastavnik.people.models import Person
from nastavnik.programmes.models import PARTICIPANT_CATEGORIES, Participant

# The side of a form of mentorship (programmes.models.Participant values).
PUPIL_MENTORS = {"pupil", "student"}
TEACHERS = {"teacher", "young_specialist", "head"}
EMPLOYER = "employer"
# A pupil or student mentor is 15 to 19 years old (DOMAIN.md, Matching).
MENTOR_AGE = (15, 19)


@dataclass(frozen=True)
class Candidate:
    """What the rules need to know of a person who may join a pair."""

    id: int
    name: str
    organisation_id: int
    category: str  # ``Person.Category``: pupil, teacher, employee…
    age: int | None = None
    experience_years: int | None = None
    enterprise: str = ""  # the employer's name or INN; empty when none
    has_consent: bool = False
    in_base: bool = False  # in the mentor base (a mentor) or mentee base (a mentee)
    paused: bool = False
    capacity: int = 1
    load: int = 0  # mentees in the mentor's live pairs now


@dataclass(frozen=True)
class FormRule:
    """The sides of a form of mentorship (``Participant`` values)."""

    mentor_side: str
    mentee_side: str
    name: str = ""


def category_violation(person: Candidate, role: str, rule: FormRule) -> str:
    """The message when the form does not take people of the person's
    category on the side of ``role`` ("mentor" or "mentee"): in «ученик –
    ученик» both are pupils (``programmes.models.PARTICIPANT_CATEGORIES``).
    Empty when it does, or when no form is named (an empty side)."""
    side = rule.mentor_side if role == "mentor" else rule.mentee_side
    admitted = PARTICIPANT_CATEGORIES.get(side)
    if admitted is None or person.category in admitted:
        return ""
    labels = dict(Person.Category.choices)
    values = {
        "form": rule.name or _form_name(rule),
        "allowed": get_text_list([str(labels[c]) for c in admitted], _("or")),
        "name": person.name,
        "category": labels.get(person.category, person.category),
    }
    if role == "mentor":
        return (
            _(
                "In the form «%(form)s» the mentor can only be %(allowed)s: "
                "%(name)s is %(category)s."
            )
            % values
        )
    return (
        _(
            "In the form «%(form)s» the mentee can only be %(allowed)s: "
            "%(name)s is %(category)s."
        )
        % values
    )


def _form_name(rule: FormRule) -> str:
    """«mentor side – mentee side», for a rule that has no form's name."""
    labels = dict(Participant.choices)
    return f"{labels[rule.mentor_side]} – {labels[rule.mentee_side]}"


def mentor_violations(mentor: Candidate, rule: FormRule) -> list[str]:
    errors = []
    wrong_side = category_violation(mentor, "mentor", rule)
    if wrong_side:
        errors.append(wrong_side)
    if not mentor.in_base:
        errors.append(_("%(name)s is not in the mentor base.") % {"name": mentor.name})
    if not mentor.has_consent:
        errors.append(
            _("%(name)s has no valid consent to the processing of personal data.")
            % {"name": mentor.name}
        )
    if mentor.paused:
        errors.append(_("%(name)s has paused mentoring.") % {"name": mentor.name})
    if rule.mentor_side in PUPIL_MENTORS:
        low, high = MENTOR_AGE
        if mentor.age is None:
            errors.append(
                _(
                    "The birth date of %(name)s is unknown: a pupil or student "
                    "mentor must be %(low)s to %(high)s years old."
                )
                % {"name": mentor.name, "low": low, "high": high}
            )
        elif not low <= mentor.age <= high:
            errors.append(
                _(
                    "%(name)s is %(age)s: a pupil or student mentor must be "
                    "%(low)s to %(high)s years old."
                )
                % {"name": mentor.name, "age": mentor.age, "low": low, "high": high}
            )
    if rule.mentor_side == EMPLOYER and not mentor.enterprise:
        errors.append(
            _(
                "%(name)s has no enterprise: an employer mentor brings the "
                "enterprise they work for (its name or INN in the card)."
            )
            % {"name": mentor.name}
        )
    return errors


def mentee_violations(mentee: Candidate, rule: FormRule) -> list[str]:
    errors = []
    wrong_side = category_violation(mentee, "mentee", rule)
    if wrong_side:
        errors.append(wrong_side)
    if not mentee.in_base:
        errors.append(_("%(name)s is not in the mentee base.") % {"name": mentee.name})
    if not mentee.has_consent:
        errors.append(
            _("%(name)s has no valid consent to the processing of personal data.")
            % {"name": mentee.name}
        )
    return errors


def pair_violations(mentor: Candidate, mentee: Candidate, rule: FormRule) -> list[str]:
    """The rules between one mentor and one mentee."""
    if mentor.id == mentee.id:
        return [_("%(name)s cannot mentor themselves.") % {"name": mentor.name}]
    errors = []
    names = {"mentor": mentor.name, "mentee": mentee.name}
    if mentor.organisation_id != mentee.organisation_id:
        errors.append(
            _("%(mentor)s and %(mentee)s are in different organisations.") % names
        )
    known_ages = None not in (mentor.age, mentee.age)
    if rule.mentor_side in PUPIL_MENTORS and known_ages and mentor.age <= mentee.age:
        errors.append(
            _("%(mentor)s must be older than %(mentee)s to mentor them.") % names
        )
    if rule.mentor_side in TEACHERS and rule.mentee_side in TEACHERS:
        if mentor.experience_years is None or mentee.experience_years is None:
            errors.append(
                _(
                    "The teaching experience of %(mentor)s or %(mentee)s is "
                    "unknown: a teacher mentor must be more experienced."
                )
                % names
            )
        elif mentor.experience_years <= mentee.experience_years:
            errors.append(
                _("%(mentor)s must have more teaching experience than %(mentee)s.")
                % names
            )
    return errors


def capacity_violation(mentor: Candidate, adding: int) -> str:
    """The message when ``adding`` more mentees exceed the mentor's capacity."""
    if mentor.load + adding <= mentor.capacity:
        return ""
    return _(
        "%(name)s mentors %(load)s of at most %(capacity)s mentees: there is no "
        "room for %(adding)s more."
    ) % {
        "name": mentor.name,
        "load": mentor.load,
        "capacity": mentor.capacity,
        "adding": adding,
    }


def violations(
    mentors: list[Candidate], mentees: list[Candidate], rule: FormRule
) -> list[str]:
    """Every rule a pair or group of these people would break; empty when
    it may be formed."""
    errors = []
    if not mentors:
        errors.append(_("A pair needs a mentor."))
    if not mentees:
        errors.append(_("A pair needs a mentee."))
    for mentor in mentors:
        errors += mentor_violations(mentor, rule)
        full = capacity_violation(mentor, len(mentees))
        if full:
            errors.append(full)
    for mentee in mentees:
        errors += mentee_violations(mentee, rule)
    for mentor in mentors:
        for mentee in mentees:
            errors += pair_violations(mentor, mentee, rule)
    return list(dict.fromkeys(errors))
