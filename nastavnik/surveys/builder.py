"""The questionnaire builder: every change to a questionnaire, its versions,
sections and questions.

A version that has been sent (it has campaigns or answers) never changes: an
edit lands in a new version (``version_for_edit``), and the answers keep the
version they were given to. The ``edit_*`` functions are what the builder's
pages call: each makes the change in the version to edit and returns an
``Edit`` that says where it landed. Two people changing the same version at
the same moment would both make «the next» version: the second gets
``EditConflict`` (nothing written), and the page says so in Russian.

The lower-level functions (``section_add``, ``question_move``…) change the
version they are given; the demo, the shipped questionnaires and the tests
use them directly.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from nastavnik.accounts.models import User
from nastavnik.lib import ordering
from nastavnik.orgs.models import Organisation
from nastavnik.surveys.models import (
    SATISFACTION_KINDS,
    Question,
    Questionnaire,
    Section,
    Version,
)
from nastavnik.surveys.services import questions_of


class ConditionOrder(Exception):
    """A move would show a conditional question before its condition."""


class EditConflict(Exception):
    """Somebody else changed the same version at the same moment."""


# ---------------------------------------------------------------- versions


@transaction.atomic
def version_copy(version: Version, user: User | None = None) -> Version:
    """A new version of the questionnaire with the same sections and
    questions (conditions re-pointed to the copies)."""
    latest = version.questionnaire.versions.order_by("-number").first()
    new = Version.objects.create(
        questionnaire=version.questionnaire,
        number=latest.number + 1,
        instruction=version.instruction,
        anonymous=version.anonymous,
        satisfied_from=version.satisfied_from,
        created_by=user,
    )
    _copy_sections(version, new)
    return new


def version_for_edit(version: Version, user: User | None = None) -> Version:
    """The version to edit: itself while nobody has answered it, else a new
    one (old answers keep their version)."""
    if version.has_responses() or version.campaigns.exists():
        return version_copy(version, user)
    return version


def conditions_out_of_order(version: Version) -> list[Question]:
    """Questions whose condition does not come before them: ``check_answers``
    reads in order, so such a question would never be shown."""
    seen: set[int] = set()
    broken = []
    for question in questions_of(version):
        if question.show_if_id is not None and question.show_if_id not in seen:
            broken.append(question)
        seen.add(question.pk)
    return broken


def _copy_sections(source: Version, target: Version) -> None:
    """Copy the sections and questions of ``source`` into the empty
    ``target``, conditions re-pointed to the copies."""
    copies: dict[int, Question] = {}
    conditions: list[tuple[Question, int]] = []
    for section in source.sections.order_by("position"):
        new_section = Section.objects.create(
            version=target,
            position=section.position,
            title=section.title,
            instruction=section.instruction,
        )
        for question in section.questions.order_by("position"):
            old_pk, show_if_id = question.pk, question.show_if_id
            question.pk = None
            question._state.adding = True
            question.code = uuid.uuid4()
            question.section = new_section
            question.show_if = None
            question.save()
            copies[old_pk] = question
            if show_if_id:
                conditions.append((question, show_if_id))
    for question, show_if_id in conditions:
        question.show_if = copies[show_if_id]
        question.save(update_fields=["show_if"])


def _free_slug(organisation: Organisation, base: str) -> str:
    """``base``, or ``base-2``, ``base-3``…: the first one the organisation
    does not use yet."""
    base = base[:50]
    taken = set(
        Questionnaire.objects.filter(
            organisation=organisation, slug__startswith=base
        ).values_list("slug", flat=True)
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def questionnaire_create(
    *, organisation: Organisation, questionnaire: Questionnaire, user: User | None
) -> Questionnaire:
    """An organisation's own empty questionnaire: version 1 with one section.
    Satisfaction questionnaires start as anonymous."""
    questionnaire.organisation = organisation
    questionnaire.slug = _free_slug(organisation, questionnaire.kind)
    questionnaire.full_clean()
    questionnaire.save()
    version = Version.objects.create(
        questionnaire=questionnaire,
        number=1,
        anonymous=questionnaire.kind in SATISFACTION_KINDS,
        created_by=user,
    )
    Section.objects.create(version=version, position=1)
    return questionnaire


@transaction.atomic
def questionnaire_copy(
    questionnaire: Questionnaire, organisation: Organisation, user: User | None
) -> Questionnaire:
    """The organisation's own copy of ``questionnaire`` (a shipped one,
    usually): version 1 is a copy of its current version, conditions
    included, and ``based_on`` remembers the original."""
    copy = Questionnaire(
        organisation=organisation,
        slug=_free_slug(organisation, questionnaire.slug),
        kind=questionnaire.kind,
        title=questionnaire.title,
        description=questionnaire.description,
        form=questionnaire.form,
        based_on=questionnaire,
    )
    copy.full_clean()
    copy.save()
    source = questionnaire.current_version()
    version = Version.objects.create(
        questionnaire=copy,
        number=1,
        instruction=source.instruction if source else "",
        anonymous=source.anonymous if source else False,
        satisfied_from=source.satisfied_from if source else Decimal("7"),
        created_by=user,
    )
    if source is not None:
        _copy_sections(source, version)
    return copy


@transaction.atomic
def section_add(*, version: Version, section: Section) -> Section:
    """Add ``section`` at the end of the version."""
    section.version = version
    section.position = ordering.next_position(version.sections.all())
    section.full_clean()
    section.save()
    return section


@transaction.atomic
def section_move(section: Section, *, delta: int) -> bool:
    """Move the section one place up (-1) or down (+1); False at an end.
    Raises ConditionOrder (and changes nothing) when a question would come
    before the question it depends on."""
    siblings = section.version.sections.order_by("position")
    moved = ordering.move(siblings, section, delta)
    if moved and conditions_out_of_order(section.version):
        raise ConditionOrder
    return moved


def next_key(version: Version) -> str:
    """A key no question of the version uses: q1, q2, …"""
    taken = set(
        Question.objects.filter(section__version=version).values_list("key", flat=True)
    )
    n = len(taken) + 1
    while f"q{n}" in taken:
        n += 1
    return f"q{n}"


@transaction.atomic
def question_add(*, section: Section, question: Question) -> Question:
    """Add ``question`` at the end of the section, with a fresh key."""
    question.section = section
    question.position = ordering.next_position(section.questions.all())
    question.key = next_key(section.version)
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_move(question: Question, *, delta: int) -> bool:
    """Move the question one place up (-1) or down (+1) in its section.
    Raises ConditionOrder (and changes nothing) when a question would come
    before the question it depends on."""
    siblings = question.section.questions.order_by("position")
    moved = ordering.move(siblings, question, delta)
    if moved and conditions_out_of_order(question.section.version):
        raise ConditionOrder
    return moved


@transaction.atomic
def question_delete(question: Question) -> None:
    """Delete the question; those shown only after it are always shown."""
    question.dependants.update(show_if=None, show_if_value="")
    section = question.section
    question.delete()
    ordering.renumber(list(section.questions.order_by("position")))


@transaction.atomic
def section_delete(section: Section) -> None:
    """Delete the section and its questions; questions elsewhere that were
    shown after one of them are always shown."""
    Question.objects.filter(show_if__section=section).exclude(section=section).update(
        show_if=None, show_if_value=""
    )
    version = section.version
    section.delete()
    ordering.renumber(list(version.sections.order_by("position")))


# --------------------------------------------- the builder's changes


@dataclass
class Edit:
    """Where a change landed: ``version`` is ``old`` itself, or the new
    version made because ``old`` was sent; ``obj`` is the section or question
    changed (its copy in the new version)."""

    old: Version
    version: Version
    obj: Any = None

    @property
    def new_version(self) -> bool:
        return self.version.pk != self.old.pk


def _edit(
    version: Version, user: User | None, change: Callable[[Version], Any]
) -> Edit:
    """Run ``change(target)`` on the version to edit, all or nothing. A unique
    constraint broken on the way means another edit of the same version won
    the race: EditConflict."""
    try:
        with transaction.atomic():
            target = version_for_edit(version, user)
            obj = change(target)
    except IntegrityError:
        raise EditConflict from None
    return Edit(old=version, version=target, obj=obj)


def section_in(version: Version, section: Section) -> Section:
    """The section of ``version`` that ``section`` is (or was copied to)."""
    if section.version_id == version.pk:
        return section
    return version.sections.get(position=section.position)


def question_in(version: Version, question: Question) -> Question:
    """The question of ``version`` that ``question`` is (or was copied to)."""
    if question.section.version_id == version.pk:
        return question
    return Question.objects.get(section__version=version, key=question.key)


def _condition_in(version: Version, key: str) -> Question | None:
    if not key:
        return None
    return Question.objects.get(section__version=version, key=key)


def _save(obj, changes: dict[str, Any]):
    """Set ``changes`` (field → value) on ``obj``, check it and save it."""
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    return obj


def edit_version(version: Version, changes: dict[str, Any], user: User | None) -> Edit:
    """The version's instruction, anonymity and satisfaction threshold."""
    return _edit(version, user, lambda target: _save(target, changes))


def edit_section_add(version: Version, section: Section, user: User | None) -> Edit:
    """``section`` (unsaved) at the end of the version."""
    return _edit(
        version, user, lambda target: section_add(version=target, section=section)
    )


def edit_section(section: Section, changes: dict[str, Any], user: User | None) -> Edit:
    return _edit(
        section.version,
        user,
        lambda target: _save(section_in(target, section), changes),
    )


def edit_section_move(section: Section, delta: int, user: User | None) -> Edit:
    """Raises ConditionOrder (nothing written) like ``section_move``."""

    def change(target: Version) -> Section:
        moved = section_in(target, section)
        section_move(moved, delta=delta)
        return moved

    return _edit(section.version, user, change)


def edit_section_delete(section: Section, user: User | None) -> Edit:
    return _edit(
        section.version,
        user,
        lambda target: section_delete(section_in(target, section)),
    )


def edit_question_add(
    section: Section,
    question: Question,
    user: User | None,
    *,
    condition: str = "",
    show_if_value: str = "",
) -> Edit:
    """``question`` (unsaved) at the end of ``section``; ``condition`` is the
    key of the question whose answer ``show_if_value`` shows it."""

    def change(target: Version) -> Question:
        question.show_if = _condition_in(target, condition)
        question.show_if_value = show_if_value
        return question_add(section=section_in(target, section), question=question)

    return _edit(section.version, user, change)


def edit_question(
    question: Question,
    changes: dict[str, Any],
    user: User | None,
    *,
    condition: str = "",
    show_if_value: str = "",
) -> Edit:
    def change(target: Version) -> Question:
        edited = question_in(target, question)
        changes_here = changes | {
            "show_if": _condition_in(target, condition),
            "show_if_value": show_if_value,
        }
        return _save(edited, changes_here)

    return _edit(question.section.version, user, change)


def edit_question_move(question: Question, delta: int, user: User | None) -> Edit:
    """Raises ConditionOrder (nothing written) like ``question_move``."""

    def change(target: Version) -> Question:
        moved = question_in(target, question)
        question_move(moved, delta=delta)
        return moved

    return _edit(question.section.version, user, change)


def edit_question_delete(question: Question, user: User | None) -> Edit:
    return _edit(
        question.section.version,
        user,
        lambda target: question_delete(question_in(target, question)),
    )
