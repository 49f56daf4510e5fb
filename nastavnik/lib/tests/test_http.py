from __future__ import annotations

from django.test import RequestFactory, SimpleTestCase

from nastavnik.lib.http import redirect_next


class RedirectNextTestCase(SimpleTestCase):
    def _target(self, next_url: str, **kwargs) -> str:
        request = RequestFactory().post("/people/bulk/", {"next": next_url})
        return redirect_next(request, "/fallback/", **kwargs)["Location"]

    def test_it_goes_back_to_a_page_of_the_site(self) -> None:
        self.assertEqual(self._target("/people/?page=2"), "/people/?page=2")

    def test_it_refuses_another_site(self) -> None:
        for url in (
            "https://evil.example/",
            "//evil.example/",
            "/\\evil.example/",
            "javascript:alert(1)",
        ):
            with self.subTest(url):
                self.assertEqual(self._target(url), "/fallback/")

    def test_it_refuses_a_page_outside_the_given_section(self) -> None:
        self.assertEqual(self._target("/orgs/", within="/people/"), "/fallback/")

    def test_without_next_it_goes_to_the_fallback(self) -> None:
        self.assertEqual(self._target(""), "/fallback/")
