"""The static files' storage: WhiteNoise's, with each address worked out once.

The layout asks for the same files on every page (the styles, the scripts,
the icon); the manifest's lookup, the URL's quoting and joining cost about
15 µs a file each time. An address depends only on the file's name and on
DEBUG (unhashed then), and the manifest is read once when the server starts:
so each is kept for the life of the process.
"""

from __future__ import annotations

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._addresses: dict[tuple[str, bool], str] = {}

    def url(self, name, force: bool = False) -> str:
        kept_as = (name, bool(force or not settings.DEBUG))
        address = self._addresses.get(kept_as)
        if address is None:
            address = self._addresses[kept_as] = super().url(name, force)
        return address
