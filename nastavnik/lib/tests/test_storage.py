"""The static files' addresses, worked out once per process."""

from __future__ import annotations

import json
import tempfile

from django.test import SimpleTestCase, override_settings

from nastavnik.lib.storage import StaticFilesStorage


class StaticFilesStorageTests(SimpleTestCase):
    def _storage(self, folder: str) -> StaticFilesStorage:
        manifest = {"paths": {"css/base.css": "css/base.0123456789ab.css"}}
        manifest["version"] = "1.1"
        with open(f"{folder}/staticfiles.json", "w") as file:
            json.dump(manifest, file)
        return StaticFilesStorage(location=folder, base_url="/static/")

    @override_settings(DEBUG=False)
    def test_a_file_is_served_under_its_hashed_name_each_time(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            storage = self._storage(folder)
            for _ in range(2):
                self.assertEqual(
                    storage.url("css/base.css"), "/static/css/base.0123456789ab.css"
                )

    def test_with_debug_it_is_served_under_its_own_name(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            storage = self._storage(folder)
            with override_settings(DEBUG=False):
                storage.url("css/base.css")
            with override_settings(DEBUG=True):
                self.assertEqual(storage.url("css/base.css"), "/static/css/base.css")

    @override_settings(DEBUG=False)
    def test_a_file_missing_from_the_manifest_is_still_an_error(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            storage = self._storage(folder)
            for _ in range(2):
                with self.assertRaises(ValueError):
                    storage.url("css/missing.css")
