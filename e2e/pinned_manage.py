"""manage.py with the clock of clock.py: `python e2e/pinned_manage.py demo`."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import clock

clock.start()
ROOT = Path(__file__).resolve().parent.parent
sys.argv[0] = str(ROOT / "manage.py")
runpy.run_path(str(ROOT / "manage.py"), run_name="__main__")
