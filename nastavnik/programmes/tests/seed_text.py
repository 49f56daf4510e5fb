"""The five seed roadmaps read straight from their text files, for the tests.

Each reader is a few lines of plain string handling written for one seed's
shape, independent of the templates and of the importer, so that the tests
check the templates against the seed text and not against themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

SEEDS = Path(__file__).parent / "seeds"

# Letters the text extraction of the seeds lost, and the evident full text that
# the templates write instead. Each one occurs exactly once in its seed.
REPAIRS = {
    "000": {"страт егическая": "стратегическая"},
    "004": {
        "(дополни т п запросу)": "(дополнительно по запросу)",
        "(дополнит по запросу)": "(дополнительно по запросу)",
        "Куратор о\t": "Куратор\t",
        "сформирована о наставников": "сформирована база наставников",
        "оказаны индивидуальные\n": "оказаны индивидуальные консультации\n",
    },
}

# The lines of each seed that hold its heading.
TITLE_LINES = {
    "000": (4, 7),
    "001": (0, 2),
    "002": (9, 12),
    "003": (2, 6),
    "004": (12, 15),
}


@dataclass
class SeedItem:
    activity: str
    deadline: str = ""
    responsible: str = ""
    result: str = ""
    number: str = ""

    def as_tuple(self) -> tuple[str, str, str, str, str]:
        return (
            self.number,
            self.activity,
            self.deadline,
            self.responsible,
            self.result,
        )


@dataclass
class SeedStage:
    number: str
    title: str
    items: list[SeedItem] = field(default_factory=list)


@dataclass
class Seed:
    title: str
    headings: list[str]
    stages: list[SeedStage]

    @property
    def items(self) -> list[SeedItem]:
        return [item for stage in self.stages for item in stage.items]


def raw(number: str) -> str:
    (path,) = SEEDS.glob(f"{number}_*.txt")
    return path.read_text(encoding="utf-8")


def repaired(number: str) -> str:
    text = raw(number)
    for wrong, right in REPAIRS.get(number, {}).items():
        assert text.count(wrong) == 1, wrong
        text = text.replace(wrong, right)
    return text


def clean(text: str) -> str:
    text = text.replace("[bookmark: _GoBack]", "")
    text = re.sub(r"<[^>]*>", " ", text)
    return " ".join(text.split())


def _cells(line: str) -> list[str]:
    return [clean(cell) for cell in line.split("\t")]


def _title(number: str, text: str) -> str:
    first, end = TITLE_LINES[number]
    return clean(" ".join(text.splitlines()[first:end]).replace("**", ""))


def _table(text: str, first_heading: str) -> tuple[list[str], list[str]]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(first_heading))
    return _cells(lines[start]), [line for line in lines[start + 1 :] if line.strip()]


def _bullets(text: str) -> str:
    parts = [p.strip() for p in re.split(r"(?:^|\s)-\s*", text) if p.strip()]
    return "\n".join(f"– {part}" for part in parts)


def _numbered(text: str) -> list[tuple[str, str]]:
    """«1. a 2. b» → [("1.", "a"), ("2.", "b")]; the next number must follow."""
    first = re.match(r"(\d+)([.)])\s", text)
    if not first:
        return [("", text)]
    mark = first.group(2)
    starts = [(0, first.end(), f"1{mark}")]
    n = 2
    while found := re.compile(rf"(?<=\s){n}\{mark}\s").search(text, starts[-1][1]):
        starts.append((found.start(), found.end(), f"{n}{mark}"))
        n += 1
    ends = [start for start, _end, _mark in starts[1:]] + [len(text)]
    return [
        (mark, text[body:end].strip())
        for (_start, body, mark), end in zip(starts, ends, strict=True)
    ]


def seed_000() -> Seed:
    text = repaired("000")
    headings, lines = _table(text, "Этапы\t")
    rows: list[list[str]] = []
    for line in lines:
        cells = _cells(line)[:4]
        if cells[0]:
            rows.append(cells)
        else:  # the rest of the row above, after a page break
            for i, cell in enumerate(cells):
                if cell:
                    rows[-1][i] = f"{rows[-1][i]} {cell}"
    stages = []
    for stage, activity, deadline, result in rows:
        number, title = stage.split(" ", 1)
        if not activity:  # row 6 writes its activities in the stage cell
            title, activity = title.split(": ", 1)
        if result.startswith("-"):
            result = _bullets(result)
        item = SeedItem(_bullets(activity), deadline, result=result)
        stages.append(SeedStage(number, title, [item]))
    return Seed(_title("000", text), headings, stages)


def seed_001() -> Seed:
    text = raw("001").split("Показатели эффективности")[0]
    blocks = []
    for block in text.split("\n\n"):
        cells = [clean(line) for line in block.split("\n") if line.startswith("\t")]
        if cells:
            blocks.append(cells)
    headings, *rows = blocks
    items = [SeedItem(a, d, r, number=n) for n, a, d, r in rows]
    return Seed(_title("001", text), headings, [SeedStage("", "", items)])


def seed_002() -> Seed:
    text = raw("002")
    headings, lines = _table(text, "№\t")
    stages = []
    for line in lines:
        number, title, content = _cells(line)
        items = [SeedItem(a, number=n) for n, a in _numbered(content)]
        stages.append(SeedStage(number, title, items))
    return Seed(_title("002", text), headings, stages)


def seed_003() -> Seed:
    text = raw("003")
    headings, lines = _table(text, "№п/п\t")
    assert _cells(lines[0]) == ["1", "2", "3", "4"]  # the column numbers
    stages: list[SeedStage] = []
    for line in lines[1:]:
        number, activity, deadline, responsible = _cells(line)
        if not number:  # the rest of the item above, after a page break
            item = stages[-1].items[-1]
            item.activity = f"{item.activity} {activity}"
            item.deadline = f"{item.deadline} {deadline}"
        elif re.fullmatch(r"\d+\.?", number):
            stages.append(SeedStage(number, activity))
        else:
            item = SeedItem(activity, deadline, responsible, number=number)
            stages[-1].items.append(item)
    return Seed(_title("003", text), headings, stages)


def seed_004() -> Seed:
    text = repaired("004")
    headings, lines = _table(text, "№\t")
    stages: list[SeedStage] = []
    for line in lines:
        number, title, activity, deadline, responsible, result = _cells(line)
        if number:
            stages.append(SeedStage(number, title))
        stages[-1].items.append(SeedItem(activity, deadline, responsible, result))
    return Seed(_title("004", text), headings, stages)


READERS = {
    "seed_000": seed_000,
    "seed_001": seed_001,
    "seed_002": seed_002,
    "seed_003": seed_003,
    "seed_004": seed_004,
}


def approval(number: str) -> dict[str, str | date]:
    """The approval header of seed 002 or 004: position, name, order and the
    «Согласовано» note when there is one."""
    lines = [clean(line.replace("*", "")) for line in raw(number).splitlines()]
    lines = [line for line in lines if line]
    word = next(i for i, line in enumerate(lines) if line.casefold() == "утверждаю")
    order = re.search(r"Приказ № (\S+) от (\d\d)\.(\d\d)\.(\d{4})", lines[word + 3])
    day, month, year = (int(order.group(i)) for i in (2, 3, 4))
    header: dict[str, str | date] = {
        "approver_position": lines[word + 1],
        "approver_name": lines[word + 2].lstrip("_ "),
        "approval_order_number": order.group(1),
        "approval_order_date": date(year, month, day),
    }
    if "Согласовано" in lines:
        header["agreed_note"] = lines[lines.index("Согласовано") + 1]
    return header
