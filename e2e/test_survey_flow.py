"""The curator builds the mentees' satisfaction questionnaire from the shipped
one, sends it to the mentee base, pupils answer by their links on a phone,
and the curator reads the summary; a mentor's answers to the potential
mentor's questionnaire land on their card."""

from __future__ import annotations

import re
from datetime import timedelta

from clock import school_today
from playwright.sync_api import Page, expect

SATISFACTION = "Анкета удовлетворённости наставляемого (обучающиеся)"
MENTOR_QUESTIONNAIRE = "Анкета потенциального наставника"
MENTEE = "Булдакова Анастасия Сергеевна"
MENTOR = "Ложкин Дмитрий Александрович"
COMPETENCES = "Робототехника и 3D-моделирование, подготовка к ОГЭ по физике"
SCALES = [
    f"q{n}_{key}"
    for n, key in enumerate(
        [
            "effectiveness",
            "comfort",
            "group_meetings",
            "personal_meetings",
            "joint_work",
            "expectations",
            "tasks",
            "support",
            "help",
        ],
        start=3,
    )
]
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def _log_in(page: Page, base: str) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", "curator")
    page.fill("input[name=password]", "demo")
    page.click("button[type=submit]")
    expect(page.locator("h1").first).to_contain_text("МБОУ СОШ № 1 пгт Уни")


def _as_a_stranger_on_a_phone(page: Page) -> None:
    """No cookies, a phone's screen: the person has no account."""
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)


def _pick(page: Page, name: str, value: str) -> None:
    """Tick a radio button or a check box of the survey by its label."""
    page.locator(f"label:has(> input[name='q-{name}'][value='{value}'])").click()


def _version_code(page: Page) -> str:
    """The version shown on a questionnaire's page, from its preview link."""
    href = page.locator("a[href$='/preview/']").first.get_attribute("href")
    return re.search(r"/versions/([0-9a-f-]{36})/preview/", href).group(1)


def _new_campaign(page: Page, base: str, org: str, version: str) -> None:
    page.goto(f"{base}/surveys/{org}/campaigns/add/?version={version}")
    deadline = school_today() + timedelta(days=7)
    page.fill("input[name=deadline]", deadline.strftime("%d.%m.%Y"))


def _slips(page: Page) -> dict[str, str]:
    """The links on the page of slips to hand out, by the person's name."""
    links = {}
    for slip in page.locator(".slip").all():
        name = slip.locator(".slip__name").inner_text().split(",")[0]
        links[name] = slip.locator(".slip__url").inner_text().strip()
    return links


def _answer_satisfaction(page: Page, link: str, score: int) -> None:
    page.goto(link)
    expect(page.locator("h1")).to_contain_text(SATISFACTION)
    _pick(page, "q1_experience", "no")
    for key in SCALES:
        _pick(page, key, str(score))
    _pick(page, "q12_frequency", "weekly")
    page.fill("textarea[name=q-q13_valuable]", "Подготовка к олимпиаде")
    for key in ("q15_liked", "q16_continue", "q17_become_mentor"):
        _pick(page, key, "yes")
    page.click("button[value=send]")
    expect(page.locator("h1")).to_contain_text("Спасибо")


def test_the_mentees_answer_the_satisfaction_questionnaire_on_a_phone(
    page: Page, live_server_url: str
) -> None:
    base = live_server_url
    _log_in(page, base)

    # 1. the organisation's own questionnaire, on the basis of the shipped one
    page.click("nav.nav >> text=Анкеты")
    org = re.search(r"/surveys/([0-9a-f-]{36})/questionnaires/", page.url).group(1)
    page.locator(f"tr:has-text('{SATISFACTION}')").first.locator(
        "button:has-text('Создать на основе')"
    ).click()
    expect(page.locator(".messages")).to_contain_text("скопирована")
    expect(page.locator("h1")).to_have_text(SATISFACTION)
    version = _version_code(page)

    # 2. sent to the whole mentee base: pupils have no e-mail, so slips
    _new_campaign(page, base, org, version)
    expect(page.locator("input[name=anonymous]")).to_be_checked()
    page.check("input[name=audience][value=mentees]")
    page.click("button:has-text('Создать опрос')")
    expect(page.locator(".messages")).to_contain_text("Опрос создан")
    campaign = page.url
    page.click("button:has-text('Разослать ссылки')")
    links = _slips(page)
    others = list(links)[:4]
    # the demo mentee has an e-mail: her link went by mail, so a new one
    page.goto(campaign)
    page.locator(f"tr:has-text('{MENTEE}')").locator("button").click()
    links |= _slips(page)

    # 3. five pupils answer by their links on a phone, without an account;
    # the summary of an anonymous survey shows from five answers
    _as_a_stranger_on_a_phone(page)
    page.goto(links[MENTEE])
    expect(page.locator("body")).to_contain_text("не связываются с вашим именем")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for name, score in zip([MENTEE, *others], [9, 8, 10, 7, 4], strict=True):
        _answer_satisfaction(page, links[name], score)
    # a used link records nothing more
    page.goto(links[MENTEE])
    expect(page.locator("h1")).to_contain_text("уже ответили")

    # 4. the curator reads the summary: a chart per question, the satisfied share
    _log_in(page, base)
    page.goto(campaign)
    page.click("a:has-text('Результаты')")
    expect(page.locator("[data-count=answered]")).to_have_text("5")
    expect(page.locator("figure.chart").first).to_be_visible()
    expect(page.locator("[data-count=satisfied-share]")).to_have_text("80 %")
    expect(page.locator("body")).to_contain_text("Подготовка к олимпиаде")


def test_the_mentor_questionnaire_fills_the_mentors_card(
    page: Page, live_server_url: str
) -> None:
    base = live_server_url
    _log_in(page, base)
    page.click("nav.nav >> text=Анкеты")
    org = re.search(r"/surveys/([0-9a-f-]{36})/questionnaires/", page.url).group(1)
    page.click(f"a:has-text('{MENTOR_QUESTIONNAIRE}')")
    version = _version_code(page)

    # 1. the potential mentor's questionnaire, sent to the mentor base; the
    # demo mentor's link is shown by issuing him a new one
    _new_campaign(page, base, org, version)
    page.check("input[name=audience][value=mentors]")
    page.click("button:has-text('Создать опрос')")
    expect(page.locator(".messages")).to_contain_text("Опрос создан")
    page.locator(f"tr:has-text('{MENTOR}')").locator("button").click()
    link = _slips(page)[MENTOR]

    # 2. the mentor answers on a phone
    _as_a_stranger_on_a_phone(page)
    page.goto(link)
    expect(page.locator("h1")).to_contain_text(MENTOR_QUESTIONNAIRE)
    page.fill("input[name=q-place]", "МБОУ СОШ № 1 пгт Уни")
    page.fill("input[name=q-position]", "учитель физики")
    page.fill("textarea[name=q-competences]", COMPETENCES)
    page.locator(
        "label.survey-choice:has-text('Проектная и исследовательская')"
    ).click()
    _pick(page, "forms_ready", "teacher_pupil")
    page.fill("input[name=q-capacity]", "2")
    _pick(page, "format", "online")
    _pick(page, "availability", "weekend")
    page.fill("textarea[name=q-motivation]", "Хочу, чтобы ребята полюбили физику")
    for key in ("patient", "listen", "regular", "missed", "mistakes", "training"):
        _pick(page, key, "yes")
    page.click("button[value=send]")
    expect(page.locator("h1")).to_contain_text("Спасибо")

    # 3. the curator sees the answers on the mentor's card
    _log_in(page, base)
    page.goto(f"{base}/people/{org}/")
    page.fill("input[name=q]", "Ложкин")
    page.keyboard.press("Enter")
    page.click(f"text={MENTOR}")
    card = page.locator("body")
    expect(card).to_contain_text(COMPETENCES)
    expect(card).to_contain_text("в выходные")
    expect(card).to_contain_text("дистанционно")
