from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[2]
PO = Path("locale/ru/LC_MESSAGES/django.po")


def _entries(po_text: str) -> dict[str, str]:
    """msgid → the first msgstr, for every entry but the header."""
    entries = {}
    for block in po_text.split("\n\n"):
        if "#, fuzzy" in block and 'msgid ""\nmsgstr ""\n"Project' not in block:
            entries[f"FUZZY: {block}"] = ""
        msgid = re.search(r'^msgid ((?:".*"\n)+)', block + "\n", re.M)
        msgstr = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', block + "\n", re.M)
        if not msgid or not msgstr:
            continue
        key = "".join(re.findall(r'"(.*)"', msgid.group(1)))
        if key:
            entries[key] = "".join(re.findall(r'"(.*)"', msgstr.group(1)))
    return entries


class TranslationsTestCase(SimpleTestCase):
    def test_every_string_has_a_russian_translation(self) -> None:
        entries = _entries((ROOT / PO).read_text(encoding="utf-8"))
        untranslated = [k for k, v in entries.items() if not v]
        self.assertEqual(untranslated, [])

    def test_the_catalogue_is_up_to_date(self) -> None:
        """Every string in the code is in locale/ru: run `make messages` if not."""
        with tempfile.TemporaryDirectory() as tmp:
            for name in ("nastavnik", "templates", "locale"):
                shutil.copytree(ROOT / name, Path(tmp) / name)
            shutil.copy(ROOT / "manage.py", tmp)
            subprocess.run(
                [sys.executable, "manage.py", "makemessages", "-l", "ru", "-v0"],
                cwd=tmp,
                check=True,
            )
            fresh = _entries((Path(tmp) / PO).read_text(encoding="utf-8"))
        committed = _entries((ROOT / PO).read_text(encoding="utf-8"))
        self.assertEqual(sorted(set(fresh) - set(committed)), [])
