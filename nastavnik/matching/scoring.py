"""The score of a mentor–mentee pair, criterion by criterion, as pure
functions over plain data (``facts.py`` reads the data from the database).

Each criterion gives 0..100 points; the total is the weighted mean scaled to
1..1000 (the scale of ``algorithm``), and every criterion's points are kept
so that a proposal can be explained («почему этот наставник»). What is not
known (a format, the days, a form nobody recorded) scores a neutral 50, so
that a blank card neither wins nor loses a pair.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext_lazy as _

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

CRITERIA_LABELS: dict[str, str] = {
    "topics": _("shared request topics"),
    "interests": _("shared interests"),
    "format": _("meeting format"),
    "availability": _("time for meetings"),
    "mentee_rank": _("the mentee chose this mentor"),
    "mentor_rank": _("the mentor chose this mentee"),
    "form_fit": _("readiness for the form of mentorship"),
}

MAX_POINTS = 100
NEUTRAL = 50  # what an unknown gives
MIXED = "mixed"  # MentorProfile.Format.MIXED: suits either side, less well
MIXED_POINTS = 70
# Points for 0, 1, 2, 3 or more words the two share (``interests``).
SHARED_WORDS_POINTS = (0, 40, 70, 100)
# A ranked choice: the first 100, each next one 20 less, never under 20.
RANK_STEP, RANK_FLOOR = 20, 20


@dataclass(frozen=True)
class MenteeFacts:
    """What the score needs to know of a mentee."""

    id: int  # Person.pk
    name: str  # «Фамилия И. О.»
    topics: frozenset[str] = frozenset()  # Topic codes of the request
    words: frozenset[str] = frozenset()  # words of the request / interests
    format: str = ""  # wished format (MentorProfile.Format values), "" unknown
    availability: frozenset[str] = frozenset()  # weekday codes, empty unknown
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


# --- words -----------------------------------------------------------------

_WORD = re.compile(r"[a-zа-я]+")
# Russian endings, the longest first: a word loses the first that fits, so
# that «математика», «математике» and «математикой» all read «математик».
ENDINGS = (
    "иями", "ями", "ами", "ией", "ием", "иях", "ого", "его", "ому", "ему",
    "ыми", "ими", "ой", "ей", "ий", "ый", "ая", "яя", "ое", "ее", "ые", "ие",
    "ом", "ем", "ым", "им", "ах", "ях", "ам", "ям", "ию", "ия", "ии", "ью",
    "ть", "а", "я", "о", "е", "и", "ы", "у", "ю", "ь", "й",
)  # fmt: skip
STEM_AT_LEAST = 3  # letters a word keeps
# Words every request has: they say nothing about who fits.
STOP_WORDS = frozenset({
    "будет", "быть", "более", "было", "были", "весь", "всех", "всем", "всего",
    "если", "есть", "когда", "которые", "который", "которая", "между", "может",
    "можно", "надо", "нужно", "нужна", "нужен", "него", "нему", "очень", "перед",
    "после", "помощь", "помочь", "помощи", "просто", "свой", "своих", "своей",
    "себя", "также", "тема", "темы", "того", "только", "хочу", "хочет", "хотел",
    "хотела", "чтобы", "через", "этого", "этой", "этом", "этот",
    "about", "from", "have", "help", "that", "their", "there", "this", "want",
    "what", "when", "with", "would", "your",
})  # fmt: skip


def stem(word: str) -> str:
    """``word`` without its Russian ending (a crude one: the longest of
    ``ENDINGS`` that leaves three letters or more)."""
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= STEM_AT_LEAST:
            return word[: -len(ending)]
    return word


def words(text: str) -> frozenset[str]:
    """The meaningful words of ``text`` as stems: lower case, «ё» as «е»,
    words of four letters or more, without the stop-list, each without its
    ending, so that «математике» and «математикой» meet."""
    found = _WORD.findall(text.lower().replace("ё", "е"))
    return frozenset(
        stem(word) for word in found if len(word) >= 4 and word not in STOP_WORDS
    )


# --- days ------------------------------------------------------------------

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WORKDAYS = frozenset(WEEKDAYS[:5])
WEEKEND = frozenset(WEEKDAYS[5:])
EVERY_DAY = frozenset(WEEKDAYS)

# A word -> the day it names, by its beginning («четверг», «четвергам»).
_DAY_PREFIXES = (
    ("понедельн", 0), ("вторн", 1), ("сред", 2), ("четверг", 3),
    ("пятниц", 4), ("суббот", 5), ("воскрес", 6),
    ("monday", 0), ("tuesday", 1), ("wednesday", 2), ("thursday", 3),
    ("friday", 4), ("saturday", 5), ("sunday", 6),
)  # fmt: skip
_DAY_WORDS = {
    "пн": 0, "вт": 1, "ср": 2, "чт": 3, "пт": 4, "сб": 5, "вс": 6,
    "пон": 0, "втор": 1, "чет": 3, "пят": 4, "суб": 5, "вос": 6, "воскр": 6,
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
    "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip
# A word -> the days it stands for, by its beginning.
_GROUP_PREFIXES = (
    ("выходн", WEEKEND), ("weekend", WEEKEND),
    ("будн", WORKDAYS), ("weekday", WORKDAYS),
    ("ежедневн", EVERY_DAY), ("daily", EVERY_DAY),
)  # fmt: skip
_TOKEN = re.compile(r"[a-zа-я]+|\d+|[-–—]")
# «с понедельника по пятницу», «пн-пт», «mon to fri»: a range of days
_RANGE_WORDS = frozenset({"-", "–", "—", "по", "до", "to"})
_ANY_DAY = re.compile(r"(кажд|люб)\w*\s+(день|дня|дни)|every\s+day|any\s+day")


def _day(word: str) -> int | None:
    if word in _DAY_WORDS:
        return _DAY_WORDS[word]
    for prefix, day in _DAY_PREFIXES:
        if word.startswith(prefix):
            # «среднее», «средства» begin like «среда»: only its own forms
            if prefix == "сред" and word not in {"среда", "среду", "среды", "средам"}:
                return None
            return day
    return None


def slots(text: str) -> frozenset[str]:
    """The weekdays of an availability text («пн, ср после 15:00»,
    «вторник и четверг», «выходные», «пн–пт») as codes "mon".."sun";
    empty when it names no day."""
    text = text.lower().replace("ё", "е")
    if _ANY_DAY.search(text):
        return EVERY_DAY
    days: set[str] = set()
    last: int | None = None  # the day just named, a range may start from it
    ranging = False
    for token in _TOKEN.findall(text):
        day = _day(token)
        if day is not None:
            if ranging and last is not None:
                span = (day - last) % 7
                days.update(WEEKDAYS[(last + k) % 7] for k in range(span + 1))
            days.add(WEEKDAYS[day])
            last, ranging = day, False
            continue
        if token in _RANGE_WORDS:
            ranging = last is not None
            continue
        for prefix, group in _GROUP_PREFIXES:
            if token.startswith(prefix):
                days |= group
                break
        if token not in {"и", "and", "или", "or", "с", "from", "в", "во", "on"}:
            last, ranging = None, False
    return frozenset(days)


# --- the criteria ----------------------------------------------------------


def _share(wanted: frozenset, offered: frozenset) -> int:
    """The share of ``wanted`` that ``offered`` covers, in points."""
    if not wanted:
        return 0
    return MAX_POINTS * len(wanted & offered) // len(wanted)


def _rank_points(ranks: tuple[int, ...], other: int) -> int:
    if not ranks:
        return NEUTRAL  # ranked nobody: no preference either way
    if other not in ranks:
        return 0
    return max(RANK_FLOOR, MAX_POINTS - RANK_STEP * ranks.index(other))


def _format_points(a: str, b: str) -> int:
    if not a or not b:
        return NEUTRAL
    if a == b:
        return MAX_POINTS
    return MIXED_POINTS if MIXED in (a, b) else 0


def _availability_points(a: frozenset[str], b: frozenset[str]) -> int:
    if not a or not b:
        return NEUTRAL
    return MAX_POINTS * len(a & b) // min(len(a), len(b))


def _form_points(form_code: str, ready: frozenset[str]) -> int:
    if not form_code or not ready:
        return NEUTRAL
    return MAX_POINTS if form_code in ready else 0


CRITERIA = tuple(DEFAULT_WEIGHTS)


def _points(mentee: MenteeFacts, mentor: MentorFacts, form_code: str) -> tuple:
    """Each criterion's points (0..100), in the order of ``CRITERIA``."""
    if mentee.topics:
        topics = _share(mentee.topics, mentor.topics)
    else:
        topics = _share(mentee.words, mentor.words)
    shared = len(mentee.words & mentor.words)
    return (
        topics,
        SHARED_WORDS_POINTS[min(shared, len(SHARED_WORDS_POINTS) - 1)],
        _format_points(mentee.format, mentor.format),
        _availability_points(mentee.availability, mentor.availability),
        _rank_points(mentee.ranks, mentor.id),
        _rank_points(mentor.ranks, mentee.id),
        _form_points(form_code, mentor.forms_ready),
    )


def _factors(weights: dict[str, int]) -> tuple[int, ...]:
    """The weight of every criterion of ``CRITERIA`` (missing or negative: 0)."""
    return tuple(max(0, int(weights.get(key, 0))) for key in CRITERIA)


def _total(points: tuple, factors: tuple[int, ...]) -> int:
    """round(1 + 999 × Σ(weight × points) / (100 × Σ weights)), in 1..1000;
    500 for every pair when every weight is 0."""
    denominator = MAX_POINTS * sum(factors)
    if not denominator:
        return 500
    numerator = 999 * sum(w * p for w, p in zip(factors, points, strict=True))
    # rounded half up, in integers
    value = 1 + (2 * numerator + denominator) // (2 * denominator)
    return min(1000, max(1, value))


def scorer(
    weights: dict[str, int] = DEFAULT_WEIGHTS, form_code: str = ""
) -> Callable[[MenteeFacts, MentorFacts], Score]:
    """``score`` with the weights read once, to score a whole cohort: pairs
    with the same points share one ``Score`` (its ``parts`` must not be
    changed), which keeps hundreds of thousands of edges small."""
    factors = _factors(weights)
    seen: dict[tuple, Score] = {}

    def score_pair(mentee: MenteeFacts, mentor: MentorFacts) -> Score:
        points = _points(mentee, mentor, form_code)
        found = seen.get(points)
        if found is None:
            found = seen[points] = Score(
                total=_total(points, factors),
                parts=dict(zip(CRITERIA, points, strict=True)),
            )
        return found

    return score_pair


def score(
    mentee: MenteeFacts,
    mentor: MentorFacts,
    *,
    weights: dict[str, int] = DEFAULT_WEIGHTS,
    form_code: str = "",
) -> Score:
    """The score of the pair on 1..1000 with each criterion's points."""
    return scorer(weights, form_code)(mentee, mentor)


# --- a cohort's pairs at once ----------------------------------------------


def _shared(left: list[frozenset], right: list[frozenset], li, ri) -> np.ndarray:
    """len(left[li[k]] & right[ri[k]]) for every k: the sets as bitsets of the
    items both sides name (the others are never shared)."""
    shared = np.zeros(len(li), dtype=np.int64)
    common = set().union(*left) & set().union(*right)
    if not common or not len(li):
        return shared
    bit = {item: n for n, item in enumerate(sorted(common))}
    words = -(-len(bit) // 64)
    low = (1 << 64) - 1

    def bitsets(sets: list[frozenset]) -> np.ndarray:
        rows = []
        for items in sets:
            value = sum(1 << bit[item] for item in items if item in bit)
            rows.append([(value >> (64 * w)) & low for w in range(words)])
        return np.array(rows, dtype=np.uint64).reshape(len(sets), words)

    a, b = bitsets(left), bitsets(right)
    for w in range(words):
        shared += np.bitwise_count(a[li, w] & b[ri, w])
    return shared


def _shares(shared: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """``_share`` of every pair: the share of the wanted items covered."""
    return np.where(wanted > 0, MAX_POINTS * shared // np.maximum(wanted, 1), 0)


def _looked_up(left: list, right: list, li, ri, points_of) -> np.ndarray:
    """points_of(left[li[k]], right[ri[k]]) for every k, asked once per pair
    of distinct values (formats, days: a handful of each)."""
    codes: list[np.ndarray] = []
    values: list[list] = []
    for side in (left, right):
        seen: dict = {}
        codes.append(np.array([seen.setdefault(v, len(seen)) for v in side]))
        values.append(list(seen))
    if not len(li):
        return np.zeros(0, dtype=np.int64)
    table = np.array(
        [[points_of(a, b) for b in values[1]] for a in values[0]], dtype=np.int64
    )
    return table[codes[0][li], codes[1][ri]]


def _ranked(chooser: list, chosen: list, ci, di) -> np.ndarray:
    """``_rank_points`` of every pair (chooser[ci[k]] ranking chosen[di[k]]):
    neutral for those who ranked nobody, 0 for the unranked, and the ranked
    pairs (a few per person) one by one."""
    ranked = np.array([bool(c.ranks) for c in chooser] or [False])
    points = np.where(ranked[ci], 0, NEUTRAL)
    if not ranked.any() or not len(ci):
        return points
    keys = ci * len(chosen) + di
    order = np.argsort(keys, kind="stable")
    index = {person.id: n for n, person in enumerate(chosen)}
    wanted, value = [], []
    for c, person in enumerate(chooser):
        for other in set(person.ranks):
            if other in index:
                wanted.append(c * len(chosen) + index[other])
                value.append(_rank_points(person.ranks, other))
    wanted = np.array(wanted, dtype=np.int64)
    at = np.searchsorted(keys[order], wanted)
    found = at < len(keys)
    found[found] = keys[order][at[found]] == wanted[found]
    points[order[at[found]]] = np.array(value, dtype=np.int64)[found]
    return points


def score_pairs(
    mentees: list[MenteeFacts],
    mentors: list[MentorFacts],
    mentee_at: np.ndarray,
    mentor_at: np.ndarray,
    weights: dict[str, int] = DEFAULT_WEIGHTS,
    form_code: str = "",
) -> tuple[np.ndarray, np.ndarray]:
    """``score`` of many pairs at once, the pair k being
    (mentees[mentee_at[k]], mentors[mentor_at[k]]): the totals, and each
    criterion's points as a row per pair (columns in the order of
    ``CRITERIA``); the same figures as ``scorer``, with a few Python steps
    per person rather than per pair. Each pair given once."""
    ei = np.asarray(mentee_at, dtype=np.int64)
    ej = np.asarray(mentor_at, dtype=np.int64)
    topic_count = np.array([len(m.topics) for m in mentees] or [0])
    word_count = np.array([len(m.words) for m in mentees] or [0])
    words_shared = _shared(
        [m.words for m in mentees], [m.words for m in mentors], ei, ej
    )
    topics = np.where(
        topic_count[ei] > 0,
        _shares(
            _shared([m.topics for m in mentees], [m.topics for m in mentors], ei, ej),
            topic_count[ei],
        ),
        _shares(words_shared, word_count[ei]),
    )
    steps = np.array(SHARED_WORDS_POINTS)
    forms = np.array([_form_points(form_code, m.forms_ready) for m in mentors] or [0])
    columns = (
        topics,
        steps[np.minimum(words_shared, len(steps) - 1)],
        _looked_up(
            [m.format for m in mentees],
            [m.format for m in mentors],
            ei,
            ej,
            _format_points,
        ),
        _looked_up(
            [m.availability for m in mentees],
            [m.availability for m in mentors],
            ei,
            ej,
            _availability_points,
        ),
        _ranked(mentees, mentors, ei, ej),
        _ranked(mentors, mentees, ej, ei),
        forms[ej],
    )
    points = np.stack(columns, axis=1).astype(np.int64).reshape(len(ei), len(CRITERIA))
    factors = np.array(_factors(weights), dtype=np.int64)
    denominator = MAX_POINTS * int(factors.sum())
    if not denominator:
        return np.full(len(ei), 500, dtype=np.int64), points
    numerator = 999 * (points @ factors)
    total = 1 + (2 * numerator + denominator) // (2 * denominator)
    return np.clip(total, 1, 1000), points


def parts_of(points: np.ndarray) -> dict[str, int]:
    """A row of ``score_pairs``' points as ``Score.parts``."""
    return dict(zip(CRITERIA, points.tolist(), strict=True))


def explain(score: Score, weights: dict[str, int]) -> list[dict]:
    """Why a pair scores what it does: for every criterion of weight above
    0 its ``criterion`` key, ``label``, ``points`` (0..100), ``weight`` and
    ``contribution`` to the total in points of 1000, the largest first."""
    factors = _factors(weights)
    denominator = MAX_POINTS * sum(factors)
    rows = []
    for key, weight in zip(CRITERIA, factors, strict=True):
        if not weight:
            continue
        points = score.parts.get(key, 0)
        rows.append(
            {
                "criterion": key,
                "label": str(CRITERIA_LABELS[key]),
                "points": points,
                "weight": weight,
                "contribution": round(999 * weight * points / denominator),
            }
        )
    # sorted() is stable: equal contributions keep the order of the criteria
    return sorted(rows, key=lambda row: -row["contribution"])
