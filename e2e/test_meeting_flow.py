"""The mentor plans a meeting from his home page and logs it as held; the
pupil, on a 390-pixel-wide phone, confirms it and tells how useful it was."""

from __future__ import annotations

import re
from datetime import timedelta

from clock import school_today
from playwright.sync_api import Page, expect

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
TOPIC = "Задачи на закон Ома"


def _log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "demo")
    page.click("button[type=submit]")


def _no_horizontal_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide"


def test_a_meeting_is_planned_held_confirmed_and_rated(
    page: Page, live_server_url: str
) -> None:
    page.set_viewport_size(DESKTOP)
    _log_in(page, live_server_url, "mentor")
    pairs = page.locator("section.pairs")
    expect(pairs).to_contain_text("Булдакова Анастасия Сергеевна")
    expect(pairs.locator(".next-step")).to_contain_text("Следующий шаг:")

    pairs.get_by_role("link", name="Запланировать встречу").click()
    expect(page.locator("h1")).to_have_text("Запланировать встречу")
    page.select_option("select[name=kind]", "regular")
    yesterday = school_today() - timedelta(days=1)
    page.fill("input[name=day]", yesterday.isoformat())
    page.fill("input[name=time]", "10:00")
    page.fill("input[name=place]", "Кабинет физики, 214")
    page.fill("input[name=topic]", TOPIC)
    page.get_by_role("button", name="Запланировать").click()
    expect(page.locator(".messages")).to_contain_text("Встреча запланирована.")

    meeting = page.locator("li.meeting", has_text=TOPIC)
    meeting.get_by_role("link", name="Отметить проведённой").click()
    page.fill("textarea[name=outcome]", "Решили три задачи")
    page.get_by_role("button", name="Встреча проведена").click()
    expect(page.locator(".messages")).to_contain_text(
        "Встреча отмечена как проведённая."
    )
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    _log_in(page, live_server_url, "mentee")
    pairs = page.locator("section.pairs")
    expect(pairs.locator("h3").first).to_contain_text("Ложкин Дмитрий Александрович")
    _no_horizontal_scroll(page)
    meeting = page.locator("li.meeting", has_text=yesterday.strftime("%d.%m.%Y"))
    meeting.get_by_role("button", name="Подтверждаю").click()
    expect(page.locator(".messages")).to_contain_text("Встреча подтверждена.")

    meeting = page.locator("li.meeting", has_text=yesterday.strftime("%d.%m.%Y"))
    expect(meeting.get_by_role("button", name="Подтверждаю")).to_have_count(0)
    meeting.get_by_role("link", name="Оценить встречу").click()
    expect(page).to_have_url(re.compile(r"/pairs/my/meetings/[0-9a-f-]{36}/"))
    expect(page.locator("h1")).to_contain_text("Регулярная встреча")
    _no_horizontal_scroll(page)
    page.locator("label:has(> input[name=rating][value='8'])").click()
    page.fill("textarea[name=comment]", "Стало понятнее")
    page.get_by_role("button", name="Отправить").click()
    expect(page.locator(".messages")).to_contain_text("Спасибо за отзыв!")
    expect(page.locator("input[name=rating]")).to_have_count(0)
    expect(page.locator("dl.facts")).to_contain_text("8/10: Стало понятнее")
    _no_horizontal_scroll(page)
