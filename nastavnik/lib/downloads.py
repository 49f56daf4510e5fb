"""Files to download, named in Russian: «База наставляемых — СОШ № 1 — 05.12.2026.xlsx».

Browsers read the Russian name from ``filename*`` (RFC 6266 with the RFC 5987
encoding); the plain ``filename`` beside it is a transliteration for the old
clients that do not.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from urllib.parse import quote

from django.http import HttpResponse

SEPARATOR = " — "
# A name of at most this many characters stays under the 255 bytes most file
# systems allow, with two bytes to a Cyrillic letter.
MAX_LENGTH = 120
# Characters Windows refuses in file names, and control characters.
_ILLEGAL = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
# The transliteration of Russian passports (ICAO Doc 9303), for the fallback.
_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e",
    "ж": "zh", "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}  # fmt: skip


def _part(text: str) -> str:
    return " ".join(_ILLEGAL.sub(" ", str(text)).split())


def _shorten(parts: list[str], room: int) -> list[str]:
    """Cut the longest parts (with «…») until they fit ``room`` characters."""
    parts = list(parts)
    while len(SEPARATOR.join(parts)) > room:
        excess = len(SEPARATOR.join(parts)) - room
        longest = max(range(len(parts)), key=lambda i: len(parts[i]))
        keep = max(len(parts[longest]) - excess - 1, 1)
        parts[longest] = parts[longest][:keep].rstrip() + "…"
    return parts


def file_name(*parts: str, day: date | None, extension: str) -> str:
    """The parts (what the file is, whose it is) and the date, joined by
    dashes: characters not allowed in file names become spaces, empty parts
    are left out and long ones cut short."""
    cleaned = [_part(p) for p in parts if _part(p)]
    stamp = [day.strftime("%d.%m.%Y")] if day else []
    room = MAX_LENGTH - len(extension) - 1 - sum(len(SEPARATOR + s) for s in stamp)
    return f"{SEPARATOR.join(_shorten(cleaned, room) + stamp)}.{extension}"


def ascii_name(name: str) -> str:
    """``name`` in Latin letters only: «База — СОШ № 1.xlsx» is
    «Baza - SOSh N 1.xlsx»."""
    letters = []
    text = name.replace("—", "-").replace("–", "-").replace("№", "N")
    for char in text.replace("…", "..."):
        latin = _LATIN.get(char.lower())
        if latin is not None:
            letters.append(latin.capitalize() if char.isupper() else latin)
        else:
            letters.append(char)
    text = unicodedata.normalize("NFKD", "".join(letters))
    text = text.encode("ascii", "ignore").decode()
    return " ".join(_ILLEGAL.sub(" ", text).split()) or "download"


def content_disposition(name: str) -> str:
    """``attachment; filename="…"; filename*=UTF-8''…`` (RFC 6266, 5987)."""
    return (
        f'attachment; filename="{ascii_name(name)}"; '
        f"filename*=UTF-8''{quote(name, safe='')}"
    )


def attachment(content: bytes, *, name: str, content_type: str) -> HttpResponse:
    """A response that the browser saves as the file ``name``."""
    return HttpResponse(
        content,
        content_type=content_type,
        headers={"Content-Disposition": content_disposition(name)},
    )
