"""Russian personal names as documents print them.

Names are declined by pytrovich (the petrovich rules, kept up to date by
their authors), never by a table of endings kept here.
"""

from __future__ import annotations

import functools
import re

from pytrovich.detector import PetrovichGenderDetector
from pytrovich.enums import Case, Gender, NamePart
from pytrovich.maker import PetrovichDeclinationMaker

# «Иванова М.П.», «Иванова М. П.», «Иванова М.»: a surname with initials.
_WITH_INITIALS = re.compile(r"^(?P<last>\S+)\s+(?P<initials>(?:[^\W\d_]\.\s*){1,2})$")
# «М.П. Иванова», «М. П. Иванова»: already as a signature prints it.
_INITIALS_FIRST = re.compile(r"^(?P<initials>(?:[^\W\d_]\.\s*){1,2})(?P<last>\S+)$")


@functools.cache
def _maker() -> PetrovichDeclinationMaker:
    return PetrovichDeclinationMaker()


@functools.cache
def _detector() -> PetrovichGenderDetector:
    return PetrovichGenderDetector()


def _gender(last: str, first: str, patronymic: str) -> tuple[Gender, bool]:
    """The gender and whether it is known for sure (a patronymic tells it)."""
    gender = _detector().detect(
        firstname=first or None, middlename=patronymic or None, lastname=last or None
    )
    if gender == Gender.ANDROGYNOUS:
        return Gender.MALE, False
    return gender, bool(patronymic)


def genitive(last: str, first: str, patronymic: str = "") -> str:
    """«Иванов Пётр Сергеевич» → «Иванова Петра Сергеевича» (кого? чего?).

    The gender comes from the patronymic, else from the first name. A part
    the rules do not know is printed as it is."""
    gender, known = _gender(last, first, patronymic)
    parts = [
        (NamePart.LASTNAME, last),
        (NamePart.FIRSTNAME, first),
        (NamePart.MIDDLENAME, patronymic),
    ]
    declined = []
    for part, word in parts:
        if not word:
            continue
        try:
            declined.append(
                _maker().make(part, gender, Case.GENITIVE, word, known_gender=known)
            )
        except (KeyError, ValueError, IndexError):
            declined.append(word)
    return " ".join(declined)


def signature_name(name: str) -> str:
    """A name as a signature block prints it (ГОСТ Р 7.0.97-2016, п. 5.23):
    initials before the surname, «И.О. Фамилия».

    Takes «Фамилия Имя Отчество», «Фамилия И.О.» or «И.О. Фамилия»;
    anything else (one word, a blank line to write on) is returned as it is."""
    name = " ".join(name.split())
    match = _WITH_INITIALS.match(name) or _INITIALS_FIRST.match(name)
    if match:
        initials = "".join(match["initials"].split())
        return f"{initials} {match['last']}"
    words = name.split(" ")
    # Two or three capitalised words; «Руководители ОО» is a role, not a name.
    looks_like_a_name = all(w[:1].isupper() and not w.isupper() for w in words)
    if len(words) not in (2, 3) or not looks_like_a_name:
        return name
    last, *given = words
    initials = "".join(f"{word[0].upper()}." for word in given[:2])
    return f"{initials} {last}"


def is_female(last: str, first: str, patronymic: str = "") -> bool:
    """«Иванова Мария Петровна» is, «Иванов Пётр» is not; an unknown name
    counts as male, as the forms' «обучающегося» does."""
    return _gender(last, first, patronymic)[0] == Gender.FEMALE
