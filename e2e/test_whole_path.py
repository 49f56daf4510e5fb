"""The whole path of a new curator: a class imported from a spreadsheet with
its parents, the parents' paper consents, the pupils in the mentee base, a
questionnaire sent to the class and answered by a pupil on a phone, matching
approved, the order signed, an introduction meeting logged, and the
monitoring dashboard and the KPI page counting what was done."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from clock import SCHOOL_ZONE, pinned_moment, school_today
from openpyxl import Workbook
from playwright.sync_api import Locator, Page, expect

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
CLASS = "7В"
PUPILS = [
    "Вершинина Полина Андреевна",
    "Колотов Артём Денисович",
    "Шабалина Дарья Игоревна",
]
SHORT = ["Вершинина П.А.", "Колотов А.Д.", "Шабалина Д.И."]
CLASS_LIST = [
    ["ФИО", "Дата рождения", "Класс", "ФИО матери", "Телефон матери"],
    [PUPILS[0], "14.03.2013", CLASS, "Вершинина Ольга Ивановна", "+7 912 300-10-01"],
    [PUPILS[1], "02.11.2013", CLASS, "Колотова Марина Петровна", "+7 912 300-10-02"],
    [PUPILS[2], "25.06.2013", CLASS, "Шабалина Елена Юрьевна", "+7 912 300-10-03"],
]
ORDER = "112-од"
REQUEST = "Хочу научиться программировать роботов"
CHILDREN = "Дети 10–19 лет в роли наставляемого"


def _class_list(tmp_path: Path) -> Path:
    book = Workbook()
    for row in CLASS_LIST:
        book.active.append(row)
    path = tmp_path / f"{CLASS}.xlsx"
    book.save(path)
    return path


def _an_hour_ago() -> str:
    """A time of today that has passed at the school (the clock may be pinned)."""
    now = (pinned_moment() or datetime.now(SCHOOL_ZONE)).astimezone(SCHOOL_ZONE)
    return f"{max(now.hour - 1, 0):02d}:00"


def _log_in(page: Page, base: str) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto(f"{base}/")
    page.fill("input[name=username]", "curator")
    page.fill("input[name=password]", "demo")
    page.click("button[type=submit]")
    expect(page.locator("h1").first).to_contain_text("МБОУ СОШ № 1 пгт Уни")


def _question(page: Page, text: str) -> Locator:
    return page.locator(".survey-q", has_text=text)


def _menu(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Главное меню").get_by_role(
        "link", name=name
    ).click()


def _dashboard(page: Page) -> dict[str, int]:
    """The figures of the monitoring dashboard this test moves."""

    def stage(name: str) -> int:
        section = page.locator("section[aria-labelledby=status-title]")
        return int(section.locator("tr", has_text=name).locator("td.num").inner_text())

    meetings = page.locator("section[aria-labelledby=meetings-title] table tbody tr")
    survival = page.locator("section[aria-labelledby=survival-title]")
    return {
        "fixed": stage("закреплена приказом"),
        "introduced": stage("встреча-знакомство проведена"),
        "meetings": sum(
            int(row.locator("td").last.text_content()) for row in meetings.all()
        ),
        "ordered": int(
            survival.locator(
                "div:has(> .figure-label:text-is('закреплено приказом')) > .figure"
            ).inner_text()
        ),
    }


def _children_in_pairs(page: Page) -> int:
    """The KPI page's count of children 10–19 in pairs fixed by an order."""
    row = page.locator("table").first.locator("tr", has_text=CHILDREN)
    return int(row.locator("td[data-label='Учтено']").inner_text())


def test_a_curator_walks_from_a_class_list_to_the_kpis(
    page: Page, own_server_url: str, tmp_path: Path
) -> None:
    base = own_server_url
    today = school_today().strftime("%d.%m.%Y")

    # 1. the curator logs in and looks at the monitoring before starting
    _log_in(page, base)
    _menu(page, "Мониторинг")
    expect(page.locator("h1")).to_have_text("Мониторинг")
    before = _dashboard(page)
    page.get_by_role("link", name="Показатели подробно").click()
    children_before = _children_in_pairs(page)

    # 2. the class list, with a mother for each pupil
    _menu(page, "Люди")
    page.click("nav.tabs >> text=Загрузка")
    page.set_input_files("input[name=file]", _class_list(tmp_path))
    page.click("button:has-text('Загрузить файл')")
    page.click("button:has-text('Проверить')")
    expect(page.locator("body")).to_contain_text("новых родителей")
    page.click("button:has-text('Импортировать')")
    expect(page.locator(".messages")).to_contain_text("Импортировано: новых — 3")

    # 3. the mothers sign paper consents, and the curator marks them returned
    page.get_by_role("link", name="К списку людей").click()
    page.click("nav.tabs >> text=Классы")
    page.get_by_role("link", name=CLASS, exact=True).click()
    expect(page.locator("h1")).to_have_text(f"Согласия {CLASS} класса")
    expect(page.locator(".subtitle")).to_contain_text("согласия: 0 из 3")
    page.click("button:has-text('Запросить согласия класса')")
    expect(page.locator("body")).to_contain_text("3 согласия ожидают подписи")
    page.click("a:has-text('К классу')")
    page.click("a:has-text('Отметить вернувшиеся бланки')")
    for name in PUPILS:
        page.get_by_label(name, exact=True).check()
    page.fill("input[name=day]", today)
    page.click("button:has-text('Сохранить отметки')")
    expect(page.locator(".messages")).to_contain_text(
        "3 согласия отмечены как подписанные на бумаге"
    )
    expect(page.locator(".subtitle")).to_contain_text("согласия: 3 из 3")

    # 4. the class joins the mentee base
    _menu(page, "Люди")
    page.fill("input[name=class_name]", CLASS)
    page.click("button:has-text('Показать')")
    for name in PUPILS:
        page.get_by_label(name, exact=True).check()
    page.select_option("select[name=action]", label="Добавить в базу наставляемых")
    page.select_option(
        "select[name=mentee_category]", label="Одарённый, высокомотивированный"
    )
    page.click("button:has-text('Применить')")
    expect(page.locator(".messages")).to_contain_text("Добавлено 3 человека")
    rows = page.locator("table.people-table tbody tr")
    expect(rows.filter(has_text="наставляемый")).to_have_count(3)

    # 5. the mentee's questionnaire goes to the class: slips with links
    _menu(page, "Анкеты")
    page.click("a:has-text('Анкета наставляемого (запрос)')")
    page.locator("main").get_by_role("link", name="Отправить", exact=True).click()
    expect(page.locator("h1")).to_have_text("Новый опрос")
    page.fill("input[name=title]", f"Анкета наставляемого, {CLASS}")
    deadline = school_today() + timedelta(days=7)
    page.fill("input[name=deadline]", deadline.strftime("%d.%m.%Y"))
    page.check("input[name=audience][value=class]")
    page.locator("[data-audience=class] select[name=class_name]").select_option(CLASS)
    page.click("button:has-text('Создать опрос')")
    expect(page.locator(".messages")).to_contain_text(
        "Опрос создан: приглашены 3 человека"
    )
    expect(page.locator("body")).to_contain_text("0 из 3")
    campaign = page.url
    page.click("button:has-text('Разослать ссылки')")
    expect(page.locator("h1")).to_have_text("Ссылки для выдачи")
    expect(page.locator(".slip")).to_have_count(3)
    link = page.locator(".slip", has_text=PUPILS[0]).locator(".slip__url")
    link = link.inner_text().strip()

    # 5a. a pupil answers by her link on a phone, without an account
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    page.goto(link)
    expect(page.locator("h1")).to_contain_text(f"Анкета наставляемого, {CLASS}")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _question(page, "В чём Вам нужна помощь").locator("label").first.click()
    _question(page, "Опишите своими словами").locator("textarea").fill(REQUEST)
    _question(page, "Какие качества").get_by_text("терпение").click()
    _question(page, "В какое время").get_by_text("в будни, после уроков").click()
    _question(page, "Какой формат").get_by_text("очно", exact=True).click()
    page.click("button[value=send]")
    expect(page.locator("h1")).to_contain_text("Спасибо")

    # 5b. the curator sees the answer, and the request on the pupil's card
    _log_in(page, base)
    page.goto(campaign)
    expect(page.locator("body")).to_contain_text("1 из 3")
    _menu(page, "Люди")
    page.fill("input[name=q]", PUPILS[0].split()[0])
    page.keyboard.press("Enter")
    page.get_by_role("link", name=PUPILS[0]).click()
    expect(page.locator("body")).to_contain_text(REQUEST)

    # 6. matching gives the class mentors, and the curator approves
    _menu(page, "Пары")
    page.get_by_role("link", name="Подбор пар").click()
    expect(page.locator("h1")).to_have_text("Подбор пар")
    page.select_option("select[name=form]", label="учитель – ученик")
    page.get_by_role("button", name="Подобрать пары").click()
    expect(page.locator(".messages")).to_contain_text("Предложение готово")
    expect(page.locator("h1")).to_have_text("Предложенные пары")
    proposals = page.locator("table tbody tr")
    for short in SHORT:
        expect(proposals.filter(has_text=f"{short}, {CLASS}")).to_have_count(1)
    pairs = proposals.count()
    page.get_by_role("button", name="Утвердить и подготовить приказ").click()
    expect(page.locator(".messages")).to_contain_text("Пары сформированы")
    expect(page.locator("h1")).to_have_text("Проект приказа")

    # 7. the head signed the order: its number and date fix the pairs
    expect(page.locator("table tbody tr")).to_have_count(pairs)
    page.fill("input[name=number]", ORDER)
    page.fill("input[name=date]", today)
    page.get_by_role("button", name="Закрепить пары").click()
    expect(page.locator(".messages")).to_contain_text("Приказ подписан")
    expect(page.locator("h1")).to_have_text(f"Приказ № {ORDER} от {today}")
    fixed = page.locator("table tbody tr", has_text="закреплена приказом")
    expect(fixed).to_have_count(pairs)

    # 8. the introduction meeting of one pair is planned and logged as held
    page.locator("tr", has_text=PUPILS[0]).get_by_role("link").click()
    expect(page.locator("h1")).to_contain_text(SHORT[0])
    expect(page.locator("#meetings")).to_contain_text("Провести встречу-знакомство")
    page.get_by_role("link", name="Запланировать встречу").click()
    page.select_option("select[name=kind]", "intro")
    page.fill("input[name=day]", school_today().isoformat())
    page.fill("input[name=time]", _an_hour_ago())
    page.fill("input[name=place]", "Кабинет 305")
    page.fill("input[name=topic]", "Знакомство")
    page.get_by_role("button", name="Запланировать").click()
    expect(page.locator(".messages")).to_contain_text("Встреча запланирована.")
    page.locator("#meetings tr", has_text="встреча-знакомство").get_by_role(
        "link"
    ).click()
    page.fill("textarea[name=outcome]", "Познакомились, выбрали темы")
    page.get_by_role("button", name="Встреча проведена").click()
    expect(page.locator(".messages")).to_contain_text(
        "Встреча отмечена как проведённая."
    )
    expect(page.locator(".subtitle .badge")).to_have_text("проведена")

    # 9. the dashboard and the KPI page count the pairs and the meeting
    _menu(page, "Мониторинг")
    after = _dashboard(page)
    assert after == {
        "fixed": before["fixed"] + pairs - 1,
        "introduced": before["introduced"] + 1,
        "meetings": before["meetings"] + 1,
        "ordered": before["ordered"] + pairs,
    }
    page.get_by_role("link", name="Показатели подробно").click()
    # a mentee in an earlier pair of the year was counted already
    assert _children_in_pairs(page) >= children_before + len(PUPILS)
    page.locator("table").first.locator("tr", has_text=CHILDREN).get_by_role(
        "link"
    ).click()
    behind = page.locator("#behind")
    for name in PUPILS:
        expect(behind).to_contain_text(name)
