"""Forms of the roadmap import: the source (a .docx or pasted text), then the
column layout. They parse and validate only; ``import_views`` shows them and
``services.roadmap_import`` writes.

Between the two steps the table's rows travel in the page itself, signed with
``django.core.signing``: no temporary file to clean up, and a changed payload
is a forged request (400), since the signature covers the roadmap too.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from nastavnik.programmes import importing
from nastavnik.programmes.importing import Row
from nastavnik.programmes.models import Item, Roadmap, Stage
from nastavnik.programmes.roadmap_templates import TemplateStage

MAX_FILE_BYTES = 10 * 1024 * 1024
# The seeds' tables hold 5,000 to 14,000 characters: a roadmap a hundred times
# longer is not a roadmap, and the rows must fit in a form field of the page.
MAX_TABLE_CHARS = 300_000
MAX_ROWS = 2_000
MAX_PAYLOAD_CHARS = 2_000_000
HEADING_CHARS = 100
SIGNING_SALT = "nastavnik.programmes.roadmap-import"

COLUMN_CHOICES = [
    ("", _("— skip (its text goes to the activity) —")),
    ("number", _("number")),
    ("stage", _("stage")),
    ("activity", _("activity")),
    ("deadline", _("deadline")),
    ("responsible", _("responsible")),
    ("result", _("indicator or expected result")),
]
# The heading of a column whose header cell is empty.
DEFAULT_HEADINGS = {
    "number": "№",
    "stage": _("Stage"),
    "activity": _("Activity"),
    "deadline": _("Deadline"),
    "responsible": _("Responsible"),
    "result": _("Expected result"),
}
# Item fields that are limited in length, with the limit.
_LIMITED = [
    ("number", Item._meta.get_field("number").max_length),
    ("deadline", Item._meta.get_field("deadline_text").max_length),
    ("responsible", Item._meta.get_field("responsible_text").max_length),
]
_FIELD_NAMES = {
    "number": _("the number"),
    "deadline": _("the deadline"),
    "responsible": _("the responsible person"),
}


class Mode(models.TextChoices):
    APPEND = "append", _("Add the imported stages after those of the roadmap")
    REPLACE = "replace", _("Replace the stages and items of the roadmap")


def _refuse_replace(form: forms.Form, done: int, field: str | None) -> None:
    if form.cleaned_data.get("mode") == Mode.REPLACE and done:
        form.add_error(
            field,
            ngettext(
                "%(n)s item of the roadmap is done, so its items cannot be "
                "replaced: add the imported stages after them instead.",
                "%(n)s items of the roadmap are done, so its items cannot be "
                "replaced: add the imported stages after them instead.",
                done,
            )
            % {"n": done},
        )


def _salt(roadmap: Roadmap) -> str:
    return f"{SIGNING_SALT}:{roadmap.code}"


def sign_rows(roadmap: Roadmap, rows: list[Row]) -> str:
    return signing.dumps(rows, salt=_salt(roadmap), compress=True)


def _unsign_rows(roadmap: Roadmap, value: object) -> list[Row] | None:
    """The rows signed for this roadmap, or None for anything else."""
    if not isinstance(value, str) or len(value) > MAX_PAYLOAD_CHARS:
        return None
    try:
        rows = signing.loads(value, salt=_salt(roadmap))
    except signing.BadSignature:
        return None
    if not isinstance(rows, list) or not rows or not rows[0]:
        return None
    return rows


class ImportSourceForm(forms.Form):
    """Step 1: the table, from a .docx file or pasted, and what to do."""

    file = forms.FileField(
        label=_("Word document (.docx)"),
        required=False,
        help_text=_("Up to 10 MB. The first table of the document is imported."),
    )
    text = forms.CharField(
        label=_("Or the table copied from Word or Excel"),
        required=False,
        strip=False,  # a leading tab is a cell of the table
        max_length=MAX_TABLE_CHARS,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        help_text=_(
            "Select the table with its header row in Word or Excel, copy it "
            "and paste it here: the cells come separated by tabs."
        ),
    )
    mode = forms.ChoiceField(
        label=_("What to do with the roadmap"),
        choices=Mode.choices,
        initial=Mode.APPEND,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, done: int = 0, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.done = done

    def clean_file(self) -> UploadedFile | None:
        file = self.cleaned_data.get("file")
        if not file:
            return file
        if file.size > MAX_FILE_BYTES:
            raise ValidationError(
                gettext("The file is larger than %(mb)s MB.")
                % {"mb": MAX_FILE_BYTES // (1024 * 1024)}
            )
        # An old .doc gets the importer's advice to save it as .docx.
        if PurePath(file.name).suffix.lower() not in {".docx", ".doc"}:
            raise ValidationError(_not_word())
        return file

    def clean(self) -> dict:
        data = super().clean()
        _refuse_replace(self, self.done, "mode")
        if "file" in self.errors or "text" in self.errors:
            return data
        file, text = data.get("file"), data.get("text", "")
        if file and text.strip():
            raise ValidationError(
                gettext("Upload a file or paste a table, not both at once.")
            )
        if file:
            rows = _read(importing.rows_from_docx, file, "file", self)
        elif text.strip():
            rows = _read(importing.rows_from_text, text, "text", self)
        else:
            raise ValidationError(
                gettext("Upload a .docx file or paste the table of the roadmap.")
            )
        if rows is not None:
            data["rows"] = rows
        return data


def _not_word() -> str:
    return gettext("Could not read the file: it is not a Word document (.docx).")


def _read(
    reader: Callable[[Any], list[Row]], source: Any, field: str, form: forms.Form
) -> list[Row] | None:
    """The rows ``reader`` finds in ``source``, or None with an error."""
    try:
        rows = reader(source)
    except importing.RoadmapImportError as error:
        form.add_error(field, str(error))
        return None
    except Exception:
        if field != "file":
            raise
        # A damaged .docx breaks zipfile, lxml or python-docx in many ways.
        form.add_error(field, _not_word())
        return None
    if len(rows) > MAX_ROWS or sum(len(c) for r in rows for c in r) > MAX_TABLE_CHARS:
        form.add_error(
            field,
            gettext(
                "The table is too long to import at once: split it in two "
                "and import the parts one after the other."
            ),
        )
        return None
    return rows


class ImportLayoutForm(forms.Form):
    """Step 2: what each column of the table holds, and what to do.

    Bound to the rows of step 1 (``initial_data``) or to the page sent back.
    Once valid it has ``stages``, ``warnings`` and ``layout`` (the columns to
    print the roadmap in, as [key, heading])."""

    payload = forms.CharField(widget=forms.HiddenInput, max_length=MAX_PAYLOAD_CHARS)
    # Chosen in step 1; «Back» leads there to choose again.
    mode = forms.ChoiceField(choices=Mode.choices, widget=forms.HiddenInput)

    def __init__(self, *args, roadmap: Roadmap, done: int = 0, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.roadmap, self.done = roadmap, done
        self.rows = _unsign_rows(roadmap, self.data.get("payload"))
        self.width = max((len(row) for row in self.rows or []), default=0)
        self.stages: list[TemplateStage] = []
        self.warnings: list[str] = []
        self.layout: list[list[str]] = []
        for index in range(self.width):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=self.heading(index) or gettext("(no heading)"),
                choices=COLUMN_CHOICES,
                required=False,
            )

    @classmethod
    def initial_data(cls, roadmap: Roadmap, rows: list[Row], mode: str) -> dict:
        """The data of the page as step 1 leaves it: the columns proposed."""
        width = max(len(row) for row in rows)
        headings = rows[0] + [""] * (width - len(rows[0]))
        data = {"payload": sign_rows(roadmap, rows), "mode": mode}
        for index, key in enumerate(importing.propose_columns(headings)):
            data[f"col_{index}"] = key
        return data

    def heading(self, index: int) -> str:
        header = self.rows[0] if self.rows else []
        return header[index] if index < len(header) else ""

    def columns(self) -> list[tuple[forms.BoundField, list[str]]]:
        """Each column's select with the first texts of the column."""
        result = []
        for index in range(self.width):
            texts = [
                row[index]
                for row in (self.rows or [])[1:]
                if index < len(row) and row[index]
            ]
            examples = [t if len(t) <= 60 else f"{t[:60]}…" for t in texts[:2]]
            result.append((self[f"col_{index}"], examples))
        return result

    def clean_payload(self) -> list[Row]:
        if self.rows is None:
            raise ValidationError("tampered", code="tampered")
        return self.rows

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        keys = [data.get(f"col_{index}", "") for index in range(self.width)]
        for index, key in enumerate(keys):
            if key and key in keys[:index]:
                self.add_error(
                    f"col_{index}",
                    gettext("This is chosen for another column already."),
                )
        if "activity" not in keys:
            self.add_error(
                None, gettext("Choose the column that holds the activities.")
            )
        if self.errors:
            return data
        stages, self.warnings = importing.stages_from_rows(self.rows[1:], keys)
        self.stages = _with_activities(stages)
        self.layout = [
            [key, (self.heading(index) or str(DEFAULT_HEADINGS[key]))[:HEADING_CHARS]]
            for index, key in enumerate(keys)
            if key
        ]
        if not any(stage.items for stage in self.stages):
            self.add_error(None, gettext("The table has no activities to import."))
        for problem in _too_long(self.stages):
            self.add_error(None, problem)
        _refuse_replace(self, self.done, None)
        return data

    def counts(self) -> tuple[int, int]:
        return len(self.stages), sum(len(stage.items) for stage in self.stages)


def _with_activities(stages: list[TemplateStage]) -> list[TemplateStage]:
    """A row with no activity of its own (seed 000 writes the work of stage 6
    in its stage cell) is the stage's work: it takes the stage's title, so
    that its deadline and result are kept."""
    return [
        dataclasses.replace(
            stage,
            items=[
                item
                if item.activity
                else dataclasses.replace(item, activity=stage.title)
                for item in stage.items
            ],
        )
        for stage in stages
    ]


def _too_long(stages: list[TemplateStage]) -> list[str]:
    """What does not fit in the roadmap's fields, named by its activity."""
    problems = []
    stage_limit = Stage._meta.get_field("number").max_length
    for stage in stages:
        if len(stage.number) > stage_limit:
            problems.append(_problem(stage.title, _FIELD_NAMES["number"], stage_limit))
        for item in stage.items:
            for name, limit in _LIMITED:
                if len(getattr(item, name)) > limit:
                    problems.append(_problem(item.activity, _FIELD_NAMES[name], limit))
    return problems


def _problem(text: str, field: str, limit: int) -> str:
    short = " ".join(text.split())
    short = short if len(short) <= 60 else f"{short[:60]}…"
    return gettext(
        "«%(text)s»: %(field)s is longer than %(n)s characters; shorten it in "
        "the table or choose another column for it."
    ) % {"text": short, "field": field, "n": limit}
