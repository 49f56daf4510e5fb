"""The OpenAPI document is served at /api/openapi.json without a token."""

from __future__ import annotations

from django.test import SimpleTestCase


class OpenApiTestCase(SimpleTestCase):
    def test_it_is_served_as_json_with_every_path(self) -> None:
        r = self.client.get("/api/openapi.json")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "application/json")
        document = r.json()
        self.assertTrue(document["openapi"].startswith("3."))
        self.assertEqual(
            sorted(document["paths"]),
            [
                "/api/campaigns/{code}/responses",
                "/api/meetings/{code}",
                "/api/meetings/{code}/hold",
                "/api/municipalities/{code}/kpis",
                "/api/organisations",
                "/api/organisations/{code}",
                "/api/organisations/{code}/kpis",
                "/api/organisations/{code}/pairs",
                "/api/organisations/{code}/people",
                "/api/organisations/{code}/programmes",
                "/api/organisations/{code}/reports",
                "/api/pairs/{code}",
                "/api/pairs/{code}/meetings",
                "/api/reports/import",
                "/api/reports/{code}",
                "/api/reports/{code}/submit",
            ],
        )
        scheme = document["components"]["securitySchemes"]["TokenAuth"]
        self.assertEqual((scheme["type"], scheme["scheme"]), ("http", "bearer"))

    def test_people_are_described_without_special_categories(self) -> None:
        person = self.client.get("/api/openapi.json").json()["components"]["schemas"][
            "PersonOut"
        ]
        for field in ("disability", "on_register", "sensitive", "snils", "phone"):
            self.assertNotIn(field, person["properties"])
