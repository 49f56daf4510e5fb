"""The demo pupil logs in on a phone and finds the questionnaire waiting for
her at the top of her home page, and opens it from there."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

PHONE = {"width": 375, "height": 740}
SATISFACTION = "Анкета удовлетворённости наставляемого (обучающиеся)"


def _log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "demo")
    page.click("button[type=submit]")


def _no_horizontal_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide"


def test_a_pupil_sees_her_open_questionnaire_on_a_phone(
    page: Page, live_server_url: str
) -> None:
    page.set_viewport_size(PHONE)
    _log_in(page, live_server_url, "mentee")
    expect(page.locator("h1").first).to_contain_text("Анастасия Сергеевна")

    waiting = page.locator("section.questionnaires")
    expect(waiting).to_be_visible()
    expect(waiting.locator("h2")).to_have_text("Анкеты, которые ждут вашего ответа")
    expect(waiting).to_contain_text(SATISFACTION)
    expect(waiting).to_contain_text(re.compile(r"ответить до \d\d\.\d\d\.\d{4}"))
    # the first card under the name, within the first screen
    first_card = page.locator("main .card").first
    expect(first_card).to_have_class(re.compile(r"\bquestionnaires\b"))
    box = waiting.locator("a.button").first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"]
    _no_horizontal_scroll(page)

    waiting.get_by_role("link", name="Ответить").first.click()
    expect(page).to_have_url(re.compile(r"/surveys/invitations/[0-9a-f-]{36}/$"))
    expect(page.locator("h1")).to_contain_text(SATISFACTION)
    expect(page.locator("input[name='q-q3_effectiveness']").first).to_be_attached()
    _no_horizontal_scroll(page)


def test_a_mentor_sees_his_open_questionnaire(page: Page, live_server_url: str) -> None:
    page.set_viewport_size(PHONE)
    _log_in(page, live_server_url, "mentor")
    expect(page.locator("h1").first).to_contain_text("Дмитрий Александрович")
    waiting = page.locator("section.questionnaires")
    expect(waiting).to_contain_text("Анкета удовлетворённости наставника")
    expect(waiting.get_by_role("link", name="Ответить")).to_be_visible()
    _no_horizontal_scroll(page)
