"""The signed file that carries a report from a school's own server to the
municipal server: JSON, its fields below, and an HMAC-SHA256 signature made
with the organisation's transfer key over the canonical serialisation of
everything but the signature itself.

The two servers share no secret but that key, and no public id: the
organisation is found by its INN. The file holds the report's figures (as
filled, with the curator's corrections and their notes), its pairs by form,
the year's targets and its free text; never the per-person annex, which
names people and stays with the school. The functions here read and write
documents only; services.report_import() decides what the municipal server
does with one.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from nastavnik.reports import filling
from nastavnik.reports.models import Report
from nastavnik.reports.periods import Kind, Period

FORMAT = "nastavnik-report"
VERSION = 1
# The file's name ends so, and the upload form takes at most so many bytes.
SUFFIX = ".nastavnik-report.json"
MAX_BYTES = 1_000_000
TEXTS = ["events", "monitoring", "cases", "notes"]
MAX_TEXT = 20_000
BY_FORM_NUMBERS = ["working", "formed", "completed", "ended_early"]
# A key as services.transfer_key_issue() makes it: lib.tokens.new().
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")
# ASCII digits only: str.isdigit() takes «١٣» too.
INN_PATTERN = re.compile(r"[0-9]{10}|[0-9]{12}")


@dataclass(frozen=True)
class Content:
    """What a signed document says, checked: the report's period and the
    values of its fields."""

    inn: str
    period: Period
    data: dict
    corrections: dict
    texts: dict[str, str]
    exported_at: str
    curator: str


def canonical(body: dict) -> bytes:
    """The bytes that are signed: the same on both servers whatever the
    file's spacing and key order."""
    return json.dumps(
        body, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


def sign(body: dict, secret: str) -> str:
    return hmac.new(secret.encode(), canonical(body), hashlib.sha256).hexdigest()


def document(report: Report, secret: str, *, curator: str, now: datetime) -> dict:
    """The signed document of ``report``."""
    organisation = report.organisation
    body = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now.isoformat(timespec="seconds"),
        "organisation": {
            "inn": organisation.inn,
            "name": organisation.name,
            "short_name": organisation.short_name,
        },
        "report": {
            "kind": report.kind,
            "period_start": report.period_start.isoformat(),
            "data": report.data,
            "corrections": report.corrections,
            **{name: getattr(report, name) for name in TEXTS},
            "curator": curator,
        },
        # 152-ФЗ: the names of the quarterly annex do not leave the school
        # in a file sent by mail; the centre reads the figures only.
        "annex_included": False,
    }
    return {**body, "signature": sign(body, secret)}


def dumps(doc: dict) -> bytes:
    """The file: readable JSON in UTF-8."""
    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")


def _refuse(message: str) -> ValidationError:
    return ValidationError(message)


def _no_constants(name: str):
    raise ValueError(name)


def read(raw: bytes | str) -> tuple[dict, str]:
    """(the signed body, its signature) of a file, or ValidationError with
    a message saying what is wrong with it."""
    if len(raw) > MAX_BYTES:
        raise _refuse(_("The file is too large to be a report (at most 1 MB)."))
    try:
        doc = json.loads(raw, parse_constant=_no_constants)
        # a lone surrogate («\ud800») reads as JSON but is no UTF-8 text
        canonical(doc)
    except (ValueError, UnicodeError, RecursionError):
        raise _refuse(
            _("The file is not a report of Nastavnik: it is not valid JSON.")
        ) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise _refuse(
            _(
                "The file is not a report of Nastavnik exported for the "
                "municipal centre: export it again."
            )
        )
    if doc.get("version") != VERSION:
        raise _refuse(
            _(
                "The file is of another version of the format (%(version)s): "
                "update Nastavnik on both servers."
            )
            % {"version": str(doc.get("version"))[:20]}
        )
    signature = doc.pop("signature", None)
    if not isinstance(signature, str) or not signature:
        raise _refuse(_("The file has no signature: export it again."))
    return doc, signature


def inn_of(body: dict) -> str:
    organisation = body.get("organisation")
    inn = organisation.get("inn") if isinstance(organisation, dict) else None
    if not isinstance(inn, str) or not INN_PATTERN.fullmatch(inn):
        raise _refuse(_("The file names no organisation by its INN."))
    return inn


def verify(body: dict, signature: str, secret: str) -> None:
    """ValidationError unless ``signature`` is the body's, made with ``secret``."""
    if not hmac.compare_digest(sign(body, secret), signature):
        raise _refuse(
            _(
                "The file was altered after it was exported, or signed with "
                "another key: ask the school to export it again with the key "
                "the municipal centre issued."
            )
        )


def _count(value: Any) -> bool:
    """A figure: a whole number, not negative, or none."""
    return value is None or (
        isinstance(value, int) and not isinstance(value, bool) and value >= 0
    )


def _short(value: Any, limit: int) -> bool:
    return isinstance(value, str) and len(value) <= limit


def _day(value: Any) -> bool:
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def _target(value: Any) -> bool:
    try:
        number = Decimal(value)
    except (TypeError, ValueError, InvalidOperation):
        return False
    return number.is_finite() and 0 <= number <= 100


def _check_data(data: Any) -> dict:
    malformed = _refuse(_("The file's figures are malformed: export it again."))
    if not isinstance(data, dict):
        raise malformed
    figures = data.get("figures", {})
    by_form = data.get("by_form", [])
    targets = data.get("targets", {})
    on = data.get("on")
    if not isinstance(figures, dict) or not isinstance(targets, dict):
        raise malformed
    unknown = sorted(set(figures) - set(filling.FIELD))
    if unknown:
        raise _refuse(
            _(
                "The file has figures this server does not know (%(keys)s): "
                "update Nastavnik on the municipal server."
            )
            % {"keys": ", ".join(k[:40] for k in unknown[:5])}
        )
    if not all(_count(v) for v in figures.values()):
        raise malformed
    if not isinstance(by_form, list) or len(by_form) > 100:
        raise malformed
    for row in by_form:
        if not (
            isinstance(row, dict)
            and set(row) == {"form", *BY_FORM_NUMBERS}
            and _short(row["form"], 200)
            and all(_count(row[n]) and row[n] is not None for n in BY_FORM_NUMBERS)
        ):
            raise malformed
    if not all(k in {"1", "2", "3", "4", "5", "6"} for k in targets):
        raise malformed
    if not all(_target(v) and isinstance(v, str) for v in targets.values()):
        raise malformed
    if on is not None and not _day(on):
        raise malformed
    return {"figures": figures, "by_form": by_form, "targets": targets, "on": on}


def _check_corrections(corrections: Any) -> dict:
    malformed = _refuse(_("The file's corrections are malformed: export it again."))
    if not isinstance(corrections, dict):
        raise malformed
    for key, correction in corrections.items():
        if not (
            key in filling.FIELD
            and isinstance(correction, dict)
            and set(correction) == {"value", "note"}
            and _count(correction["value"])
            and correction["value"] is not None
            and _short(correction["note"], 500)
            and correction["note"].strip()
        ):
            raise malformed
    return corrections


def content(body: dict, today: date) -> Content:
    """What the signed body says, checked field by field; ValidationError
    with a message for the first thing wrong."""
    report = body.get("report")
    if not isinstance(report, dict):
        raise _refuse(_("The file holds no report."))
    kind, start = report.get("kind"), report.get("period_start")
    if kind not in Kind.values or not isinstance(start, str):
        raise _refuse(_("The file's period is malformed: export it again."))
    try:
        period = Period.parse(kind, start)
    except ValueError:
        raise _refuse(_("The file's period is malformed: export it again.")) from None
    if period.start > today:
        raise _refuse(
            _("The period %(period)s has not started yet.") % {"period": period}
        )
    texts = {name: report.get(name, "") for name in TEXTS}
    if not all(_short(text, MAX_TEXT) for text in texts.values()):
        raise _refuse(_("The file's texts are malformed or too long."))
    curator, exported_at = report.get("curator", ""), body.get("exported_at", "")
    if not _short(curator, 200) or not _short(exported_at, 40):
        raise _refuse(_("The file is malformed: export it again."))
    return Content(
        inn=inn_of(body),
        period=period,
        data=_check_data(report.get("data")),
        corrections=_check_corrections(report.get("corrections", {})),
        texts=texts,
        exported_at=exported_at,
        curator=curator,
    )


def exported_on(content: Content) -> date | None:
    """The day the school exported the file, by its own clock, if readable."""
    try:
        return datetime.fromisoformat(content.exported_at).date()
    except ValueError:
        return None
