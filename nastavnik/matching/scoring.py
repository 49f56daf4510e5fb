"""The score of a mentor–mentee pair, criterion by criterion, as pure
functions over plain data (``facts.py`` reads the data from the database).

Each criterion gives 0..100 points; the total is the weighted mean scaled to
1..1000 (the scale of ``algorithm``), and every criterion's contribution is
kept so that a proposal can be explained («почему этот наставник»).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# criterion key -> default weight (0 switches a criterion off)
DEFAULT_WEIGHTS: dict[str, int] = {
    "topics": 40,
    "interests": 10,
    "format": 10,
    "availability": 10,
    "mentee_rank": 15,
    "mentor_rank": 10,
    "form_fit": 5,
}


@dataclass(frozen=True)
class MenteeFacts:
    """What the score needs to know of a mentee."""

    id: int  # Person.pk
    name: str  # «Фамилия И. О.»
    topics: frozenset[str] = frozenset()  # Topic codes of the request
    words: frozenset[str] = frozenset()  # words of the request / interests
    format: str = ""  # wished format (MentorProfile.Format values), "" unknown
    availability: frozenset[str] = frozenset()  # time slots, empty unknown
    ranks: tuple[int, ...] = ()  # mentor Person.pk, first choice first


@dataclass(frozen=True)
class MentorFacts:
    """What the score needs to know of a mentor."""

    id: int  # Person.pk
    name: str
    capacity: int = 1  # room left: capacity minus the mentees mentored now
    topics: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()  # words of the competences
    format: str = ""
    availability: frozenset[str] = frozenset()
    ranks: tuple[int, ...] = ()  # mentee Person.pk, first choice first
    forms_ready: frozenset[str] = frozenset()  # federal form codes


@dataclass(frozen=True)
class Score:
    total: int  # 1..1000
    parts: dict[str, int] = field(default_factory=dict)  # criterion -> 0..100
