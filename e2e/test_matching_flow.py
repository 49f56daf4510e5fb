"""The curator of the demo school runs matching, reads why a pair was
proposed and why another mentor was not, locks two pairs, runs it again,
approves, and downloads the order listing the pairs."""

from __future__ import annotations

from playwright.sync_api import Page, expect

DESKTOP = {"width": 1280, "height": 900}


def test_the_curator_matches_locks_reruns_and_approves(
    page: Page, own_server_url: str
) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto(f"{own_server_url}/accounts/login/")
    page.fill("input[name=username]", "curator")
    page.fill("input[name=password]", "demo")
    page.click("button[type=submit]")

    page.get_by_role("navigation", name="Главное меню").get_by_role(
        "link", name="Пары"
    ).click()
    page.get_by_role("link", name="Подбор пар").click()
    expect(page.locator("h1")).to_have_text("Подбор пар")
    page.select_option("select[name=form]", label="учитель – ученик")
    page.get_by_role("button", name="Подобрать пары").click()
    expect(page.locator(".messages")).to_contain_text("Предложение готово")
    expect(page.locator("h1")).to_have_text("Предложенные пары")

    rows = page.locator("table tbody tr")
    assert rows.count() >= 3, "the demo school should get at least three pairs"
    first_mentee = rows.nth(0).locator("td").nth(1).inner_text()
    rows.nth(0).locator("td").nth(3).get_by_role("link").click()
    expect(page.locator("h1")).to_contain_text(first_mentee.split(",")[0])
    expect(page.locator("h2").first).to_contain_text("Почему")
    expect(page.get_by_text("Критерий")).to_be_visible()
    page.get_by_role("link", name="Предложенные пары").click()

    for n in (0, 1):
        page.locator("table tbody tr").nth(n).get_by_role(
            "button", name="Закрепить"
        ).click()
    locked = page.locator("table tbody tr", has_text="закреплена")
    expect(locked).to_have_count(2)
    locked_names = sorted(locked.nth(n).inner_text() for n in (0, 1))

    page.get_by_role("button", name="Подобрать заново").click()
    expect(page.locator(".messages")).to_contain_text("закреплённые пары сохранены")
    again = page.locator("table tbody tr", has_text="закреплена")
    expect(again).to_have_count(2)
    assert sorted(again.nth(n).inner_text() for n in (0, 1)) == locked_names

    pairs = page.locator("table tbody tr").count()
    page.get_by_role("button", name="Утвердить и подготовить приказ").click()
    expect(page.locator(".messages")).to_contain_text("Пары сформированы")
    expect(page.locator("h1")).to_have_text("Проект приказа")
    expect(page.locator("table tbody tr")).to_have_count(pairs)
    with page.expect_download() as download:
        page.get_by_role("link", name="Скачать приказ (DOCX)").click()
    assert download.value.suggested_filename.startswith(
        "Приказ о закреплении наставнических пар"
    )
    assert download.value.suggested_filename.endswith(".docx")
