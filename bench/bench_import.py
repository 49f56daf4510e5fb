"""Import of a 50 000-row XLSX of pupils against openpyxl reading the same file.

The issue's target (issue 11): the dry run plus the commit take at most the
time openpyxl alone needs to read the file in read-only mode. The import reads
with python-calamine (lib/spreadsheets.py), about ten times faster. Timed: the dry run
(read, check, store the rows), reading the batch back as the commit request
does, and the commit. Not timed: the upload. Each import goes into a fresh
SQLite database (migrated once, outside the timing, and copied). Then the
peak memory of the import of a file five times smaller and of the full one,
each in a process of its own: the import keeps no row, so memory stays
nearly flat in the number of rows. BENCH_SHORT=1 imports 5 000 rows.

Two files with the same pupils: as openpyxl writes it (every text inline)
and as Excel saves it (shared strings), which openpyxl reads about three
times faster, so the ratio is harder to meet. Run this module directly to
profile the import of the second one.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHORT = os.environ.get("BENCH_SHORT", "") not in ("", "0")
ROWS = 5_000 if SHORT else 50_000
TARGET_RATIO = 1.0
REPEAT = 2 if SHORT else 5
# Memory is measured for a file of ROWS // MEMORY_SMALLER rows and for one of
# ROWS rows: the import keeps no row, so the bigger file may take only a
# little more per extra row (the index of the people seen, to find repeats).
MEMORY_SMALLER = 5
MEMORY_PER_ROW_LIMIT = 1000  # bytes of Python objects per extra row

SURNAMES = [
    "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов",
    "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев",
    "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев", "Орлов",
    "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв", "Борисов",
]  # fmt: skip
BOYS = [
    "Александр", "Дмитрий", "Максим", "Сергей", "Андрей", "Алексей", "Артём",
    "Илья", "Кирилл", "Михаил", "Никита", "Матвей", "Роман", "Егор", "Иван",
]  # fmt: skip
GIRLS = [
    "Анастасия", "Мария", "Дарья", "Анна", "Елизавета", "Полина", "Виктория",
    "Екатерина", "Софья", "Алёна", "Ксения", "Варвара", "Алиса", "Ольга",
]  # fmt: skip
FATHERS = [
    "Александр", "Дмитри", "Сергее", "Андрее", "Алексее", "Игоре", "Олег",
    "Виктор", "Николае", "Петр", "Иван", "Владимир", "Юрье", "Евгенье",
]  # fmt: skip
LETTERS = "АБВГД"


def _patronymic(stem: str, girl: bool) -> str:
    if stem.endswith("е"):  # Сергее-вич, Андрее-вна
        return stem + ("вна" if girl else "вич")
    return stem + ("овна" if girl else "ович")


def write_file(path: Path, rows: int, seed: int = 2026) -> None:
    """A class list the way schools keep them: real date cells, classes «7Б».

    A normal (not write-only) workbook, so the sheet has its <dimension>
    like Excel's files: without it openpyxl reads a read-only sheet twice.
    """
    from openpyxl import Workbook

    rnd = random.Random(seed)
    today = date(2026, 9, 1)
    wb = Workbook()
    ws = wb.active
    ws.title = "Список"
    ws.append(["Фамилия", "Имя", "Отчество", "Дата рождения", "Класс"])
    seen = set()
    while len(seen) < rows:
        girl = rnd.random() < 0.5
        surname = rnd.choice(SURNAMES) + ("а" if girl else "")
        name = rnd.choice(GIRLS if girl else BOYS)
        patronymic = _patronymic(rnd.choice(FATHERS), girl)
        grade = rnd.randint(1, 11)
        born = date(today.year - 6 - grade, 9, 1) + timedelta(days=rnd.randint(0, 364))
        if (surname, name, patronymic, born) in seen:
            continue
        seen.add((surname, name, patronymic, born))
        ws.append([surname, name, patronymic, born, f"{grade}{rnd.choice(LETTERS)}"])
        ws.cell(row=len(seen) + 1, column=4).number_format = "DD.MM.YYYY"
    wb.save(path)


def read_with_openpyxl(path: Path) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    count = 0
    for _row in wb.worksheets[0].iter_rows(values_only=True):
        count += 1
    wb.close()
    return count


def _setup_django(tmp: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ["MEDIA_ROOT"] = str(tmp / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nastavnik.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _organisation():
    from nastavnik.lib.validators import inn_with_check_digit
    from nastavnik.orgs.models import Municipality, Organisation, Region

    region = Region.objects.create(name="Кировская область")
    municipality = Municipality.objects.create(region=region, name="Уни")
    return Organisation.objects.create(
        municipality=municipality,
        type=Organisation.Type.SCHOOL,
        name="МБОУ СОШ № 1 пгт Уни",
        short_name="СОШ № 1",
        inn=inn_with_check_digit("433000001"),
    )


def import_file(path: Path, organisation) -> dict:
    """Upload (outside the timing), then the timed dry run and commit."""
    from django.core.files import File

    from nastavnik.people import importing
    from nastavnik.people.models import ImportBatch

    with path.open("rb") as f:
        batch = importing.import_upload(
            organisation=organisation,
            user=None,
            file=File(f, path.name),
            category="pupil",
        )
    started = time.perf_counter()
    importing.import_check(batch=batch, mapping=importing.batch_mapping(batch))
    # The commit is another request: it reads the checked batch back.
    batch = ImportBatch.objects.select_related("organisation").get(pk=batch.pk)
    counts = importing.import_commit(batch=batch, user=None)
    return {"seconds": time.perf_counter() - started, "counts": counts}


def _save_template(tmp: Path) -> None:
    from django.db import connection

    connection.close()  # the last connection checkpoints the WAL into the file
    shutil.copy(tmp / "bench.sqlite3", tmp / "template.sqlite3")


def share_strings(src: Path, dst: Path) -> None:
    """Rewrite an openpyxl workbook the way Excel and LibreOffice save one.

    openpyxl writes every text cell inline; Excel keeps each distinct text
    once in xl/sharedStrings.xml and cells point to it. That makes reading
    much cheaper for openpyxl (the baseline) while the import's own work
    stays the same, so it is the harder case for the ratio.
    """
    cell = re.compile(
        r'<c r="([A-Z]+[0-9]+)" t="inlineStr"><is><t(?: [^>]*)?>(.*?)</t></is></c>'
    )
    texts: dict[str, int] = {}

    def shared(match: re.Match) -> str:
        index = texts.setdefault(match.group(2), len(texts))
        return f'<c r="{match.group(1)}" t="s"><v>{index}</v></c>'

    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    kind = (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    )
    relation = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
    with (
        zipfile.ZipFile(src) as zin,
        zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = cell.sub(shared, data.decode()).encode()
            elif item.filename == "[Content_Types].xml":
                override = (
                    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{kind}"/>'
                )
                data = data.replace(b"</Types>", override.encode() + b"</Types>")
            elif item.filename == "xl/_rels/workbook.xml.rels":
                rel = (
                    f'<Relationship Id="rIdShared" Type="{relation}" '
                    'Target="sharedStrings.xml"/>'
                )
                data = data.replace(
                    b"</Relationships>", rel.encode() + b"</Relationships>"
                )
            zout.writestr(item, data)
        items = "".join(f"<si><t>{text}</t></si>" for text in texts)
        n = len(texts)
        sst = f'<sst xmlns="{main}" count="{n}" uniqueCount="{n}">{items}</sst>'
        zout.writestr("xl/sharedStrings.xml", sst)


def _fresh_database(tmp: Path) -> None:
    """Put back the database as it was right after the migrations."""
    from django.db import connection

    connection.close()
    for suffix in ("-wal", "-shm"):
        (tmp / f"bench.sqlite3{suffix}").unlink(missing_ok=True)
    shutil.copy(tmp / "template.sqlite3", tmp / "bench.sqlite3")


def _measure(path: Path, tmp: Path, organisation) -> tuple[float, float]:
    """Best of REPEAT for both timings, taken in turns: the machine may be busy.

    Each import goes into a fresh database, so each creates all the rows.
    """
    baselines, imports = [], []
    for _number in range(REPEAT):
        started = time.perf_counter()
        read = read_with_openpyxl(path)
        baselines.append(time.perf_counter() - started)
        _fresh_database(tmp)
        result = import_file(path, organisation)
        if read != ROWS + 1 or result["counts"]["created"] != ROWS:
            raise AssertionError(f"read {read} rows, import {result['counts']}")
        imports.append(result["seconds"])
    return min(baselines), min(imports)


def _status_bytes(key: str) -> int | None:
    """A figure of /proc/self/status (Linux) in bytes, or None."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def measure_memory(path: Path) -> dict:
    """The peak memory of the dry run and the commit of ``path``, above the
    memory before them: Python objects (tracemalloc) and the whole process
    (the peak resident size, on Linux; it includes python-calamine's own copy
    of the sheet). Run in a process of its own (see _memory)."""
    import tracemalloc

    _setup_django(path.parent)
    from django.core.files import File

    from nastavnik.people import importing
    from nastavnik.people.models import ImportBatch

    organisation = _organisation()
    with path.open("rb") as f:
        batch = importing.import_upload(
            organisation=organisation,
            user=None,
            file=File(f, path.name),
            category="pupil",
        )
    gc.collect()
    with contextlib.suppress(OSError):  # the peak resident size from now on
        Path("/proc/self/clear_refs").write_text("5")
    before = _status_bytes("VmRSS")
    tracemalloc.start()
    importing.import_check(batch=batch, mapping=importing.batch_mapping(batch))
    batch = ImportBatch.objects.select_related("organisation").get(pk=batch.pk)
    counts = importing.import_commit(batch=batch, user=None)
    python_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    peak = _status_bytes("VmHWM")
    return {
        "rows": counts["created"],
        "python_peak": python_peak,
        "process_peak": peak - before if peak and before else None,
    }


def _memory(tmp: Path, rows: int) -> dict:
    """measure_memory of a shared-strings file of ``rows`` rows, in a child process."""
    folder = tmp / f"memory-{rows}"
    folder.mkdir()
    write_file(folder / "inline.xlsx", rows)
    share_strings(folder / "inline.xlsx", folder / "shared.xlsx")
    done = subprocess.run(
        [sys.executable, __file__, "--memory", str(folder / "shared.xlsx")],
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["rows"] != rows:
        raise AssertionError(f"{rows} rows, the import created {result['rows']}")
    return result


def _megabytes(size: int | None) -> str:
    return "?" if size is None else f"{size / 1e6:.1f} MB"


def check_memory(tmp: Path) -> None:
    """Print the peak memory for two sizes of file; fail when the Python
    memory grows by more than MEMORY_PER_ROW_LIMIT per extra row."""
    small, big = (_memory(tmp, n) for n in (ROWS // MEMORY_SMALLER, ROWS))
    extra = big["rows"] - small["rows"]
    per_row = (big["python_peak"] - small["python_peak"]) / extra
    for result in (small, big):
        print(
            f"memory of the import of {result['rows']} rows (dry run + commit), "
            f"peak: Python objects {_megabytes(result['python_peak'])}, "
            f"process {_megabytes(result['process_peak'])}",
            file=sys.stderr,
        )
    print(
        f"memory per extra row: {per_row:.0f} bytes of Python objects "
        f"(at most {MEMORY_PER_ROW_LIMIT})",
        file=sys.stderr,
    )
    if per_row > MEMORY_PER_ROW_LIMIT and not SHORT:
        raise AssertionError(f"the import takes {per_row:.0f} bytes per row")


def run() -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="nastavnik-bench-") as name:
        tmp = Path(name)
        inline, shared = tmp / "inline.xlsx", tmp / "shared.xlsx"
        write_file(inline, ROWS)
        share_strings(inline, shared)
        _setup_django(tmp)
        organisation = _organisation()
        _save_template(tmp)
        for label, path in (
            ("written by openpyxl", inline),
            ("saved like Excel, shared strings", shared),
        ):
            baseline, measured = _measure(path, tmp, organisation)
            print(
                f"XLSX {label}: openpyxl reads it in {baseline:.3f} s, the import "
                f"takes {measured:.3f} s: {measured / baseline:.2f}×",
                file=sys.stderr,
            )
            rows.append(
                {
                    "name": f"import {ROWS} pupils, dry run + commit; XLSX {label}",
                    "baseline_s": round(baseline, 3),
                    "measured_s": round(measured, 3),
                    "ratio": round(measured / baseline, 2),
                    "target_ratio": TARGET_RATIO,
                }
            )
        check_memory(tmp)
    return rows


if __name__ == "__main__" and sys.argv[1:2] == ["--memory"]:
    print(json.dumps(measure_memory(Path(sys.argv[2]))))
elif __name__ == "__main__":
    import cProfile
    import pstats

    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        write_file(tmp / "inline.xlsx", ROWS)
        share_strings(tmp / "inline.xlsx", tmp / "shared.xlsx")
        _setup_django(tmp)
        organisation = _organisation()
        with cProfile.Profile() as profile:
            print(import_file(tmp / "shared.xlsx", organisation))
        pstats.Stats(profile).sort_stats("cumulative").print_stats(45)
