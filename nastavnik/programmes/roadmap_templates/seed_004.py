"""Seed 004: the roadmap of детский сад № 104, 2023/2024.

The teachers' track in a kindergarten: seven stages, one row per activity,
with the expected result of each. Approved by the head («Утверждаю») and
agreed at the teachers' council; both are the roadmap's own data, not the
template's. Where the seed's text lost letters in extraction, the evident
full text is written: «(дополни т п запросу)» and «(дополнит по запросу)» →
«(дополнительно по запросу)», «Куратор о» → «Куратор», «сформирована о
наставников» → «сформирована база наставников», «оказаны индивидуальные» →
«оказаны индивидуальные консультации». The seed's «Заведующий» is the
head's position, written here as the roadmap's own organisation's.
"""

from __future__ import annotations

from nastavnik.programmes.models import Item
from nastavnik.programmes.roadmap_templates import (
    Owner,
    Responsible,
    RoadmapTemplate,
    TemplateItem,
    TemplateStage,
)

A = Item.Action
R = Responsible
HEAD = "{head_position}"
CURATOR = "Куратор"
HEAD_AND_CURATOR = "{head_position} Куратор"
SEPTEMBER = "сентябрь {year}"
EVERY_SEPTEMBER = "Ежегодно сентябрь (дополнительно по запросу)"
SEPTEMBER_AND_YEAR = "Ежегодно сентябрь, в течение учебного года"
OCTOBER_AND_YEAR = "Ежегодно октябрь, в течение учебного года"
ALL_YEAR = "Ежегодно в течение учебного года"

TEMPLATE = RoadmapTemplate(
    key="seed_004",
    name="Детский сад: система наставничества работников (детский сад № 104)",
    description=(
        "План мероприятий по положению о системе наставничества работников "
        "дошкольной организации: банки наставляемых и наставников, обучение, "
        "пары, персонализированные программы и их завершение, с ожидаемыми "
        "результатами."
    ),
    title=(
        "Дорожная карта (план мероприятий) по реализации Положения о системе "
        "наставничества работников в {organisation}"
    ),
    columns=[
        ("number", "№"),
        ("stage", "Наименование этапа"),
        ("activity", "Содержание деятельности и примерный план мероприятий"),
        ("deadline", "Сроки исполнения"),
        ("responsible", "Ответственный исполнитель"),
        ("result", "Ожидаемый результат"),
    ],
    seed_owner=Owner(
        organisation="детском саду № 104", year=2023, head_position="Заведующий"
    ),
    approval=True,
    approval_word="Утверждаю",
    source="004_a56b57d795929c83.txt",
    tracks=["teachers"],
    stages=[
        TemplateStage(
            "Подготовка условий для реализации системы наставничества",
            [
                TemplateItem(
                    "- обновление локальных нормативных актов",
                    "по необходимости",
                    HEAD,
                    action=A.DOCUMENTS,
                    role=R.HEAD,
                ),
                TemplateItem(
                    "- подготовка письменных соглашений участников",
                    SEPTEMBER,
                    HEAD,
                    action=A.DOCUMENTS,
                    role=R.HEAD,
                ),
                TemplateItem(
                    "- приказ(ы) о закреплении наставнических пар/групп",
                    SEPTEMBER,
                    HEAD,
                    action=A.PAIRS,
                    role=R.HEAD,
                ),
                TemplateItem(
                    "- подготовка персонализированных программ наставничества",
                    SEPTEMBER,
                    HEAD,
                    action=A.PAIRS,
                    role=R.HEAD,
                ),
            ],
            number="1",
        ),
        TemplateStage(
            "Формирование банка наставляемых",
            [
                TemplateItem(
                    "1) Сбор информации о профессиональных запросах педагогов.",
                    EVERY_SEPTEMBER,
                    "куратор",
                    "Собрана информация: определены запросы наставляемых и "
                    "ресурсы наставников",
                    action=A.SURVEYS,
                    role=R.CURATOR,
                ),
                TemplateItem(
                    "2) Формирование банка данных наставляемых.",
                    EVERY_SEPTEMBER,
                    CURATOR,
                    "Сформирована база наставляемых, получены согласия на сбор и "
                    "обработку персональных данных",
                    action=A.MENTEES,
                    role=R.CURATOR,
                ),
            ],
            number="2",
        ),
        TemplateStage(
            "Формирование банка наставников",
            [
                TemplateItem(
                    "1) Проведение анкетирования среди потенциальных наставников "
                    "в образовательной организации, желающих принять участие в "
                    "персонализированных программах наставничества.",
                    EVERY_SEPTEMBER,
                    CURATOR,
                    "Проведено анкетирование, проведены собеседования с наставниками,",
                    action=A.SURVEYS,
                    role=R.CURATOR,
                ),
                TemplateItem(
                    "2) Формирование банка данных наставников, обеспечение "
                    "согласий на сбор и обработку персональных данных.",
                    EVERY_SEPTEMBER,
                    CURATOR,
                    "Сформирована база наставников, получены согласия на "
                    "обработку персональных данных",
                    action=A.MENTORS,
                    role=R.CURATOR,
                ),
            ],
            number="3.",
        ),
        TemplateStage(
            "Отбор и обучение",
            [
                TemplateItem(
                    "1) Анализ банка наставников и выбор подходящих для "
                    "конкретной персонализированной программы наставничества "
                    "педагога/группы педагогов.",
                    SEPTEMBER_AND_YEAR,
                    CURATOR,
                    "Привлечены эксперты, сформированы группы наставников для обучения",
                    action=A.MENTORS,
                    role=R.CURATOR,
                ),
                TemplateItem(
                    "2) Обучение наставников для работы с наставляемыми: "
                    "подготовка методических материалов для сопровождения "
                    "наставнической деятельности; проведение консультаций, "
                    "организация обмена опытом среди наставников - «установочные "
                    "сессии» наставников.",
                    SEPTEMBER_AND_YEAR,
                    CURATOR,
                    "Проведены занятия, подготовлен методический материал, "
                    "оказаны индивидуальные консультации",
                    action=A.MENTORS,
                    role=R.CURATOR,
                ),
            ],
            number="4.",
        ),
        TemplateStage(
            "Организация и осуществление работы наставнических пар/групп",
            [
                TemplateItem(
                    "1) Формирование наставнических пар/групп.",
                    OCTOBER_AND_YEAR,
                    CURATOR,
                    "Сформированы наставнические пары/группы",
                    action=A.MATCHING,
                    role=R.CURATOR,
                ),
                TemplateItem(
                    "2) Разработка персонализированных программ наставничества "
                    "для каждой пары/группы.",
                    OCTOBER_AND_YEAR,
                    CURATOR,
                    "Разработаны и утверждены программы наставничества",
                    action=A.PAIRS,
                    role=R.CURATOR,
                ),
                TemplateItem(
                    "3) Организация психолого-педагогической поддержки "
                    "сопровождения наставляемых, не сформировавших пару или "
                    "группу (при необходимости), продолжение поиска "
                    "наставника/наставников.",
                    OCTOBER_AND_YEAR,
                    CURATOR,
                    "Оказана психолого-педагогическая поддержка наставляемым.",
                    action=A.MATCHING,
                    role=R.CURATOR,
                ),
            ],
            number="5.",
        ),
        TemplateStage(
            "Завершение персонализированных программ наставничества",
            [
                TemplateItem(
                    "1) Проведение мониторинга качества реализации "
                    "персонализированных программ наставничества "
                    "(анкетирование);",
                    "Ежегодно май",
                    HEAD_AND_CURATOR,
                    "Мониторинг пройден, проведен анализ анкетирования",
                    action=A.MONITORING,
                ),
                TemplateItem(
                    "2) Проведение в ДОО конференции или семинара, практик "
                    "наставничества; пополнение методической копилки "
                    "педагогических практик наставничества.",
                    ALL_YEAR,
                    HEAD,
                    "Протокол педагогического совета",
                    action=A.PRACTICES,
                    role=R.HEAD,
                ),
                TemplateItem(
                    "3) Формирование базы успешных практик (кейсов); "
                    "формирование долгосрочной базы наставников, в том числе из "
                    "успешно завершивших программу наставляемых, желающих "
                    "попробовать себя в новой роли.",
                    ALL_YEAR,
                    HEAD_AND_CURATOR,
                    "Создан кейс успешных практик, сформирована база наставников",
                    action=A.PRACTICES,
                ),
            ],
            number="6.",
        ),
        TemplateStage(
            "Информационная поддержка системы наставничества",
            [
                TemplateItem(
                    "Осуществляется на всех этапах на сайте образовательной "
                    "организации и социальных сетях, по возможности на "
                    "муниципальном и региональном уровнях.",
                    "Постоянно",
                    "Администратор сайта",
                    "Материалы размещены на сайте ОО",
                ),
            ],
            number="7.",
        ),
    ],
)
