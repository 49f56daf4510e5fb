"""The curator imports a class, sees who lacks consent, sends a parent the link,
the parent signs on a phone, and the pupil becomes eligible for the mentee base."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import Workbook
from playwright.sync_api import Page, expect

CLASS_LIST = [
    ["ФИО", "Дата рождения", "Класс"],
    ["Кузнецова Ольга Петровна", "12.04.2015", "5В"],
    ["Д'Артаньянов Пётр Ильич", "03.10.2015", "5В"],
    ["Ёлкина Алёна Сергеевна", "27.01.2016", "5В"],
]


def _class_list(tmp_path: Path) -> Path:
    book = Workbook()
    for row in CLASS_LIST:
        book.active.append(row)
    path = tmp_path / "5В.xlsx"
    book.save(path)
    return path


def _log_in(page: Page, base: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", "curator")
    page.fill("input[name=password]", "demo")
    page.click("button[type=submit]")
    expect(page.locator("h1").first).to_contain_text("МБОУ СОШ № 1 пгт Уни")


def test_a_class_is_imported_and_a_parent_consents_by_link(
    page: Page, live_server_url: str, tmp_path: Path
) -> None:
    _log_in(page, live_server_url)

    # 1. import the class list
    page.click("nav.nav >> text=Люди")
    page.click("nav.tabs >> text=Загрузка")
    page.set_input_files("input[name=file]", _class_list(tmp_path))
    page.click("button:has-text('Загрузить файл')")
    page.click("button:has-text('Проверить')")
    expect(page.locator("body")).to_contain_text("Кузнецова Ольга Петровна")
    page.click("button:has-text('Импортировать')")
    expect(page.locator(".figure").first).to_have_text("3")

    # 2. who in 5В lacks consent
    page.click("text=К списку людей")
    page.fill("input[name=class_name]", "5В")
    page.select_option("select[name=consent]", "missing")
    page.click("button:has-text('Показать')")
    rows = page.locator("table.people-table tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("нет согласия")
    page.check("[data-check-all]")  # ticks the page's rows, which join the bulk form
    for box in page.locator("input[name=people]").all():
        expect(box).to_be_checked()

    # 3. the mother, and a consent for her to sign
    page.click("text=Д'Артаньянов Пётр Ильич")
    expect(page.locator("body")).to_contain_text("Нет действующего согласия")
    page.click("text=Добавить родителя")
    page.fill("input[name=last_name]", "Д'Артаньянова")
    page.fill("input[name=first_name]", "Анна")
    page.fill("input[name=patronymic]", "Викторовна")
    page.fill("input[name=phone]", "+7 912 555-44-33")
    page.select_option("select[name=relation]", "mother")
    page.click("button:has-text('Добавить')")
    page.click("a:has-text('Запросить согласие')")
    page.click("button:has-text('Подготовить согласие')")
    page.click("button:has-text('Отправить ссылку родителю')")
    link = page.input_value("#link-url")
    assert re.match(r"^http://127\.0\.0\.1:\d+/consent/\S+/$", link), link
    consent_page = page.url.removesuffix("link/")

    # 4. the mother opens the link on her phone, without an account
    page.context.clear_cookies()
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(link)
    expect(page.locator("body")).to_contain_text("Д'Артаньянов Пётр")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.check("input[name=confirm]")
    page.fill("input[name=signer_name]", "Д'Артаньянова Анна Викторовна")
    page.click("button:has-text('Даю согласие')")
    expect(page.locator("body")).to_contain_text("Спасибо")

    # 5. the curator sees it signed, and the pupil may enter the mentee base
    page.set_viewport_size({"width": 1280, "height": 900})
    _log_in(page, live_server_url)
    page.goto(consent_page)
    expect(page.locator("body")).to_contain_text("подписано")
    page.click("text=Д'Артаньянов Пётр Ильич")
    page.click("a:has-text('Добавить в базу наставляемых')")
    page.select_option("select[name=category]", "gifted")
    page.fill("textarea[name=request]", "Хочет готовиться к олимпиаде по математике")
    page.click("button:has-text('Сохранить')")
    expect(page.locator("body")).to_contain_text("Хочет готовиться к олимпиаде")
    page.click("nav.nav >> text=Люди")
    page.click("nav.tabs >> text=База наставляемых")
    expect(page.locator("body")).to_contain_text("Д'Артаньянов Пётр Ильич")
