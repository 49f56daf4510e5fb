"""The WSGI application with the clock of clock.py (gunicorn pinned_wsgi)."""

from __future__ import annotations

import clock

clock.start()

from nastavnik.wsgi import application  # noqa: E402

__all__ = ["application"]
