"""The clock of the browser tests: real, or pinned by TEST_TODAY.

`TEST_TODAY=2028-02-29 make e2e` serves the app as if it were that day (from
12:00 in the demo region's time zone), or from a full moment such as
"2027-12-31 23:30+03:00". The server runs in other processes, so they start
through `pinned_manage.py` and `pinned_wsgi.py`, which set the clock with
time-machine (ticking) before Django loads.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

SCHOOL_ZONE = ZoneInfo("Europe/Kirov")  # the demo region (orgs.demo)


def pinned_moment() -> datetime | None:
    value = os.environ.get("TEST_TODAY", "").strip()
    if not value:
        return None
    if len(value) == 10:
        return datetime.combine(date.fromisoformat(value), time(12), SCHOOL_ZONE)
    return datetime.fromisoformat(value)


def school_today() -> date:
    """Today at the demo school, as the server sees it."""
    return (pinned_moment() or datetime.now(SCHOOL_ZONE)).astimezone(SCHOOL_ZONE).date()


def start() -> None:
    """Pin this process's clock to TEST_TODAY, if set; time goes on from there."""
    moment = pinned_moment()
    if moment is not None:
        import time_machine

        time_machine.travel(moment, tick=True).start()
