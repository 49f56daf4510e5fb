from __future__ import annotations

import re

from playwright.sync_api import Page, expect


def _log_in(page: Page, username: str, password: str) -> None:
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def test_curator_logs_in_and_sees_the_dashboard(
    page: Page, live_server_url: str
) -> None:
    page.goto(f"{live_server_url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))

    _log_in(page, "curator", "demo")

    expect(page.locator("h1").first).to_contain_text("МБОУ СОШ № 1 пгт Уни")
    assert page.evaluate("document.documentElement.lang") == "ru"


def test_wrong_password_shows_a_russian_error(page: Page, live_server_url: str) -> None:
    page.goto(f"{live_server_url}/accounts/login/")

    _log_in(page, "curator", "not-the-password")

    expect(page.locator("body")).to_contain_text("Неверный")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_phone_sized_screen_shows_the_login_form(
    page: Page, live_server_url: str
) -> None:
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server_url}/accounts/login/")

    expect(page.locator("input[name=username]")).to_be_visible()
    expect(page.locator("button[type=submit]")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


DEMO_HOME_HEADINGS = {
    "region": "Кировская область",
    "municipal": "Уни",
    "head": "МБОУ СОШ № 1 пгт Уни",
    "curator": "МБОУ СОШ № 1 пгт Уни",
    "curator2": "МКОУ СОШ с. Сардык",
    "curator_other": "МКОУ СОШ пгт Фалёнки",
    "mentor": "Дмитрий Александрович",
    "mentee": "Анастасия Сергеевна",
}


def test_every_demo_login_opens_its_home_page(page: Page, live_server_url: str) -> None:
    for login, heading in DEMO_HOME_HEADINGS.items():
        page.context.clear_cookies()
        page.goto(f"{live_server_url}/accounts/login/")
        _log_in(page, login, "demo")
        expect(page.locator("h1").first).to_contain_text(heading)
