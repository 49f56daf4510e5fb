"""The curator starts the year's programme from the seven-stage template, marks
an item done, comments on it, sees the progress move, and reads the roadmap on
a phone."""

from __future__ import annotations

from playwright.sync_api import Page, expect

TITLE = "Программа наставничества «Вместе»"
COMMENT = "Приказ подписан, копия в папке куратора"


def _log_in(page: Page, base: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", "curator")
    page.fill("input[name=password]", "demo")
    page.click("button[type=submit]")
    expect(page.locator("h1").first).to_contain_text("МБОУ СОШ № 1 пгт Уни")


def _done(page: Page) -> int:
    return int(page.locator("[data-count=done]").inner_text())


def test_the_curator_runs_the_roadmap(page: Page, live_server_url: str) -> None:
    _log_in(page, live_server_url)

    # 1. a new programme from the «Семь этапов» template
    page.click("nav.nav >> text=Программа")
    expect(page.locator("h1")).to_have_text("Программы наставничества")
    page.click("a:has-text('Новая программа')")
    page.fill("input[name=title]", TITLE)
    page.check("label.choice:has-text('учитель – ученик') input")
    page.select_option("select[name=curator]", index=1)
    page.fill("input[name=order_number]", "45-од")
    page.fill("input[name=order_date]", "01.09.2026")
    page.check("label.choice--card:has-text('Семь этапов') input")
    page.click("button:has-text('Создать программу')")
    expect(page.locator(".messages")).to_contain_text("дорожная карта готова")
    expect(page.locator("h1")).to_contain_text("Дорожная карта внедрения")
    expect(page.locator(".approval")).to_contain_text("Приказ № 45-од от 01.09.2026")
    roadmap_url = page.url
    before = _done(page)

    # 2. the first item is done
    first = page.locator("table.roadmap-table tbody tr").first
    activity = first.locator(".item-link").inner_text()
    first.locator("button:has-text('Выполнено')").click()
    expect(page.locator("[data-count=done]")).to_have_text(str(before + 1))
    row = page.locator("table.roadmap-table tbody tr").first
    expect(row.locator(".col-status")).to_contain_text("выполнено")

    # 3. a comment on it
    row.locator(".item-link").click()
    expect(page.locator("h1")).to_contain_text(activity.split("\n")[0])
    page.fill("textarea[name=text]", COMMENT)
    page.click("button:has-text('Добавить комментарий')")
    expect(page.locator("#comments")).to_contain_text(COMMENT)

    # 4. the programme list shows the progress
    page.click("nav.nav >> text=Программа")
    programme = page.locator("tr", has_text=TITLE)
    expect(programme).to_contain_text(f"выполнено {before + 1} из")

    # 5. the roadmap on a phone: cards, no sideways scrolling
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(roadmap_url)
    card = page.locator("table.roadmap-table tbody tr").first
    expect(card).to_be_visible()
    assert card.evaluate("row => getComputedStyle(row).display") == "block"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the roadmap is {width} px wide on a 375 px phone"
