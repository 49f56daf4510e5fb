"""A cohort to match, read from the database as plain data: the mentees of
a programme's support list, the mentors with room, the facts the score
needs (``scoring``) and the people as the rules see them (``pairs.rules``).

The rules are the pairs app's own (``rules.violations``), with the two that
only matching knows: a pair that once closed early is not proposed again,
and a programme may require mentor training. A cohort is read in a fixed
number of queries, however many people it holds.
"""

from __future__ import annotations

import dataclasses
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from nastavnik.matching.scoring import (
    DEFAULT_WEIGHTS,
    MenteeFacts,
    MentorFacts,
    Score,
    parts_of,
    score_pairs,
    slots,
    words,
)
from nastavnik.pairs import rules
from nastavnik.pairs.candidates import candidate, unpaired_mentees, with_rule_facts
from nastavnik.pairs.models import Pairing, PairingMember
from nastavnik.pairs.services import form_rule
from nastavnik.people.models import MenteeProfile, MentorProfile, Person
from nastavnik.programmes.models import MentorshipForm, Programme
from nastavnik.surveys.flows import preferences_for

MENTOR, MENTEE = "mentor", "mentee"


@dataclass
class Edges:
    """The allowed pairs of a cohort as parallel arrays, in mentee then
    mentor order: the mentee's and the mentor's index, the total score and
    each criterion's points (a row per pair, ``scoring.CRITERIA`` order)."""

    mentee: np.ndarray
    mentor: np.ndarray
    total: np.ndarray
    points: np.ndarray
    mentors: int  # how many mentors the indices run over

    def __len__(self) -> int:
        return len(self.mentee)

    @functools.cached_property
    def keys(self) -> np.ndarray:
        """mentee × mentors + mentor of every pair: rising, as the pairs go."""
        return self.mentee * self.mentors + self.mentor

    def only(self, keep: np.ndarray) -> Edges:
        """The pairs where ``keep`` is true."""
        return Edges(
            self.mentee[keep],
            self.mentor[keep],
            self.total[keep],
            self.points[keep],
            self.mentors,
        )

    def find(self, i: int | None, j: int | None) -> int | None:
        """The position of the pair (mentee i, mentor j), or None."""
        if i is None or j is None:
            return None
        keys = self.keys
        key = i * self.mentors + j
        at = int(np.searchsorted(keys, key))
        return at if at < len(keys) and keys[at] == key else None

    def score(self, k: int) -> Score:
        return Score(total=int(self.total[k]), parts=parts_of(self.points[k]))


def _kinds(people: list[rules.Candidate], anyone: int) -> tuple[np.ndarray, list]:
    """A number per person, the same for people the pair rules cannot tell
    apart, and one of them per number with ``anyone`` as the id: the rules
    read what a person is, and who they are only to refuse a person as
    their own mentor, which ``edge_table`` asks about the very pairs."""
    seen: dict[rules.Candidate, int] = {}
    numbers = [
        seen.setdefault(dataclasses.replace(p, id=anyone, name=""), len(seen))
        for p in people
    ]
    return np.array(numbers, dtype=np.int64), list(seen)


@dataclass
class Cohort:
    """Who may be matched in one run, and everything needed to score and
    refuse their pairs. ``mentees`` and ``mentors`` are the lists the
    algorithm indexes; ``candidates`` hold, as the rules see them, every
    mentee of the support list and every mentor of the base (those left out
    too, so that a refusal can be explained)."""

    mentees: list[MenteeFacts]
    mentors: list[MentorFacts]
    form_code: str  # the federal code of the form (``MentorshipForm.federal_form``)
    rule: rules.FormRule
    candidates: dict[tuple[str, int], rules.Candidate]  # ("mentor"|"mentee", id)
    # (mentee id, mentor id) of the pairs that closed early before
    never_again: set[tuple[int, int]] = field(default_factory=set)
    # mentees of the support list who cannot be matched at all, and why
    not_eligible: dict[int, list[str]] = field(default_factory=dict)
    # mentors of the base left out of ``mentors`` (paused, full, ...), and why
    unavailable: dict[int, list[str]] = field(default_factory=dict)
    # mentors without the training the programme requires
    untrained: set[int] = field(default_factory=set)

    def mentor_refusals(self, mentor: rules.Candidate) -> list[str]:
        """What keeps this mentor from taking one more mentee in any pair."""
        errors = rules.mentor_violations(mentor, self.rule)
        full = rules.capacity_violation(mentor, 1)
        if full:
            errors.append(full)
        if mentor.id in self.untrained:
            errors.append(
                _(
                    "%(name)s has not finished mentor training: the programme "
                    "requires it."
                )
                % {"name": mentor.name}
            )
        return errors

    def _never_again(self, mentor: rules.Candidate, mentee: rules.Candidate) -> str:
        if (mentee.id, mentor.id) not in self.never_again:
            return ""
        return _(
            "The pair of %(mentor)s and %(mentee)s closed early before: it is "
            "not proposed again."
        ) % {"mentor": mentor.name, "mentee": mentee.name}

    def violations(self, mentee_id: int, mentor_id: int) -> list[str]:
        """Every rule a pair of these two would break, in the curator's
        words; empty when it may be proposed."""
        mentor = self.candidates.get((MENTOR, mentor_id))
        mentee = self.candidates.get((MENTEE, mentee_id))
        if mentor is None or mentee is None:
            return [
                _(
                    "The person is not among the candidates of this run: not in "
                    "the mentor base, or not on the support list."
                )
            ]
        errors = rules.violations([mentor], [mentee], self.rule)
        errors += self.mentor_refusals(mentor)
        again = self._never_again(mentor, mentee)
        if again:
            errors.append(again)
        return list(dict.fromkeys(errors))

    def edge_table(self, weights: dict[str, int] = DEFAULT_WEIGHTS) -> Edges:
        """Every allowed pair with its score: the pairs ``violations`` has
        nothing against. The rules of one person are checked once, and the
        rules of a pair once per kind of mentor and kind of mentee (people
        alike in every fact the rules read), not per pair."""
        mentees = [
            (i, self.candidates[(MENTEE, m.id)]) for i, m in enumerate(self.mentees)
        ]
        mentees = [
            (i, p) for i, p in mentees if not rules.mentee_violations(p, self.rule)
        ]
        mentors = [
            (j, self.candidates[(MENTOR, m.id)]) for j, m in enumerate(self.mentors)
        ]
        mentors = [(j, p) for j, p in mentors if not self.mentor_refusals(p)]
        rows = np.array([i for i, _p in mentees], dtype=np.int64)
        columns = np.array([j for j, _p in mentors], dtype=np.int64)
        mentee_kind, mentee_kinds = _kinds([p for _i, p in mentees], 0)
        mentor_kind, mentor_kinds = _kinds([p for _j, p in mentors], -1)
        fits = np.array(
            [
                [
                    not rules.pair_violations(mentor, mentee, self.rule)
                    for mentor in mentor_kinds
                ]
                for mentee in mentee_kinds
            ],
            dtype=bool,
        ).reshape(len(mentee_kinds), len(mentor_kinds))
        allowed = fits[mentee_kind[:, None], mentor_kind[None, :]]
        mentee_at = {p.id: n for n, (_i, p) in enumerate(mentees)}
        mentor_at = {p.id: n for n, (_j, p) in enumerate(mentors)}
        for person_id in mentee_at.keys() & mentor_at.keys():
            a, b = mentee_at[person_id], mentor_at[person_id]
            allowed[a, b] = not rules.pair_violations(
                mentors[b][1], mentees[a][1], self.rule
            )
        for mentee_id, mentor_id in self.never_again:
            if mentee_id in mentee_at and mentor_id in mentor_at:
                allowed[mentee_at[mentee_id], mentor_at[mentor_id]] = False
        a, b = np.nonzero(allowed)
        ei, ej = rows[a], columns[b]
        total, points = score_pairs(
            self.mentees, self.mentors, ei, ej, weights, self.form_code
        )
        return Edges(ei, ej, total, points, len(self.mentors))

    def edges(
        self, weights: dict[str, int] = DEFAULT_WEIGHTS
    ) -> list[tuple[int, int, Score]]:
        """``edge_table`` as (mentee index, mentor index, score) tuples."""
        table = self.edge_table(weights)
        return [
            (int(i), int(j), table.score(k))
            for k, (i, j) in enumerate(zip(table.mentee, table.mentor, strict=True))
        ]


def _topic_codes(profile_model, people: QuerySet[Person]) -> dict[int, set[str]]:
    """{person id: topic codes} of the profiles of ``people``, one query."""
    through = profile_model.topics.through
    key = f"{profile_model._meta.model_name}__person_id"
    rows = through.objects.filter(
        **{f"{profile_model._meta.model_name}__person__in": people.values("pk")}
    ).values_list(key, "topic__code")
    codes: dict[int, set[str]] = defaultdict(set)
    for person_id, code in rows:
        codes[person_id].add(code)
    return codes


def _closed_early(organisation_id: int) -> set[tuple[int, int]]:
    """(mentee id, mentor id) of the organisation's pairs closed early."""
    rows = PairingMember.objects.filter(
        pairing__organisation_id=organisation_id,
        pairing__status=Pairing.Status.CLOSED_EARLY,
        role=PairingMember.Role.MENTEE,
        until__isnull=True,
        pairing__members__role=PairingMember.Role.MENTOR,
        pairing__members__until__isnull=True,
    ).values_list("person_id", "pairing__members__person_id")
    return set(rows)


_ORDER = ("last_name", "first_name", "patronymic", "pk")


def cohort_size(programme: Programme) -> int:
    """How many people a run of ``programme`` reads: the support list and
    the mentor base of its organisation, counted in two queries."""
    everyone = Person.objects.for_organisation(programme.organisation)
    return unpaired_mentees(everyone).count() + everyone.mentors().count()


def cohort(
    programme: Programme,
    form: MentorshipForm,
    *,
    on: date,
    training_required: bool = False,
) -> Cohort:
    """The cohort of ``programme`` for ``form`` on the day ``on``: the
    support list of its organisation (those no pair may take are set apart
    in ``not_eligible``) and the mentors of its base who can take one more
    mentee (the others in ``unavailable``), with their facts and ranks."""
    organisation = programme.organisation
    everyone = Person.objects.for_organisation(organisation)
    waiting = unpaired_mentees(everyone)
    base = everyone.mentors()
    mentee_people = list(
        with_rule_facts(waiting, on).select_related("mentee_profile").order_by(*_ORDER)
    )
    mentor_people = list(with_rule_facts(base, on).order_by(*_ORDER))
    mentee_topics = _topic_codes(MenteeProfile, waiting)
    mentor_topics = _topic_codes(MentorProfile, base)
    ranks = {
        person: tuple(chosen)
        for person, chosen in preferences_for(organisation).items()
    }
    result = Cohort(
        mentees=[],
        mentors=[],
        form_code=form.federal_form,
        rule=form_rule(form),
        candidates={},
        never_again=_closed_early(organisation.pk),
    )
    for person in mentor_people:
        profile = person.mentor_profile
        if training_required and not profile.training_done:
            result.untrained.add(person.pk)
        rule_candidate = candidate(person, MENTOR, on)
        result.candidates[(MENTOR, person.pk)] = rule_candidate
        refusals = result.mentor_refusals(rule_candidate)
        if refusals:
            result.unavailable[person.pk] = refusals
            continue
        result.mentors.append(
            MentorFacts(
                id=person.pk,
                name=person.short_name,
                capacity=rule_candidate.capacity - rule_candidate.load,
                topics=frozenset(mentor_topics.get(person.pk, ())),
                words=words(profile.competences),
                format=profile.format,
                availability=slots(profile.availability),
                ranks=ranks.get(person.pk, ()),
                forms_ready=frozenset(profile.forms_ready or ()),
            )
        )
    for person in mentee_people:
        rule_candidate = candidate(person, MENTEE, on)
        result.candidates[(MENTEE, person.pk)] = rule_candidate
        refusals = rules.mentee_violations(rule_candidate, result.rule)
        if refusals:
            result.not_eligible[person.pk] = refusals
            continue
        result.mentees.append(
            MenteeFacts(
                id=person.pk,
                name=person.short_name,
                topics=frozenset(mentee_topics.get(person.pk, ())),
                words=words(person.mentee_profile.request),
                ranks=ranks.get(person.pk, ()),
            )
        )
    return result
