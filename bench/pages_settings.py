"""Settings of the page benchmark: the product's, plus the minimal page's URL.

Only bench/pages.py uses them (DJANGO_SETTINGS_MODULE=pages_settings with
bench/ on the path): the minimal page is never mounted in the product.
"""

from __future__ import annotations

from nastavnik.settings import *  # noqa: F403
from nastavnik.settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "pages_urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
