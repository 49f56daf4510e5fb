"""The default plan: the seven stages of the target model (Р-145 of 25.12.2019).

Deadlines name months only, so the plan fits any school year.
"""

from __future__ import annotations

from nastavnik.programmes.models import Item
from nastavnik.programmes.roadmap_templates import (
    Responsible,
    RoadmapTemplate,
    TemplateItem,
    TemplateStage,
)

A = Item.Action
R = Responsible
CURATOR = "Куратор"
HEAD = "Руководитель ОО"

TEMPLATE = RoadmapTemplate(
    key="r145",
    name="Семь этапов целевой модели (Р-145)",
    description=(
        "Типовая дорожная карта по распоряжению Минпросвещения России "
        "№ Р-145: от подготовки условий до завершения программы."
    ),
    title="Дорожная карта внедрения целевой модели наставничества",
    columns=[
        ("number", "№"),
        ("stage", "Этап"),
        ("activity", "Мероприятие"),
        ("deadline", "Сроки"),
        ("responsible", "Ответственный"),
        ("result", "Ожидаемый результат"),
    ],
    approval=True,
    tracks=["students", "teachers"],
    stages=[
        TemplateStage(
            "Подготовка условий для запуска программы наставничества",
            [
                TemplateItem(
                    "Издание приказа о внедрении целевой модели наставничества, "
                    "назначение куратора",
                    "сентябрь",
                    HEAD,
                    "Приказ о внедрении целевой модели наставничества",
                    action=A.DOCUMENTS,
                    role=R.HEAD,
                ),
                TemplateItem(
                    "Разработка и утверждение Положения о наставничестве и "
                    "программы наставничества",
                    "сентябрь",
                    HEAD,
                    "Положение о наставничестве, программа наставничества",
                    action=A.DOCUMENTS,
                    role=R.HEAD,
                ),
                TemplateItem(
                    "Утверждение дорожной карты внедрения целевой модели",
                    "сентябрь",
                    HEAD,
                    "Дорожная карта",
                    role=R.HEAD,
                ),
                TemplateItem(
                    "Выбор форм наставничества, реализуемых в текущем году",
                    "сентябрь",
                    CURATOR,
                    "Перечень форм наставничества",
                    role=R.CURATOR,
                ),
                TemplateItem(
                    "Информирование педагогов, обучающихся и родителей о "
                    "программе наставничества",
                    "сентябрь-октябрь",
                    CURATOR,
                    "Педагогический совет, родительские собрания, новость на сайте",
                    role=R.CURATOR,
                ),
            ],
        ),
        TemplateStage(
            "Формирование базы наставляемых",
            [
                TemplateItem(
                    "Анкетирование обучающихся и педагогов, желающих принять "
                    "участие в программе, сбор запросов",
                    "сентябрь-октябрь",
                    CURATOR,
                    "Анкеты наставляемых",
                    action=A.SURVEYS,
                    role=R.CURATOR,
                ),
                TemplateItem(
                    "Сбор согласий на обработку персональных данных от "
                    "совершеннолетних участников и законных представителей",
                    "сентябрь-октябрь",
                    CURATOR,
                    "Согласия на обработку персональных данных",
                    action=A.CONSENTS,
                    role=R.CURATOR,
                ),
                TemplateItem(
                    "Формирование базы наставляемых",
                    "октябрь",
                    CURATOR,
                    "База наставляемых",
                    action=A.MENTEES,
                    role=R.CURATOR,
                ),
            ],
        ),
        TemplateStage(
            "Формирование базы наставников",
            [
                TemplateItem(
                    "Анкетирование потенциальных наставников: педагогов, "
                    "обучающихся, родителей, выпускников, представителей предприятий",
                    "сентябрь-октябрь",
                    CURATOR,
                    "Анкеты наставников",
                    action=A.SURVEYS,
                    role=R.CURATOR,
                ),
                TemplateItem(
                    "Формирование базы наставников",
                    "октябрь",
                    CURATOR,
                    "База наставников",
                    action=A.MENTORS,
                    role=R.CURATOR,
                ),
            ],
        ),
        TemplateStage(
            "Отбор и обучение наставников",
            [
                TemplateItem(
                    "Собеседования с наставниками (при необходимости с психологом)",
                    "октябрь",
                    CURATOR,
                    "Отобраны наставники",
                    action=A.MENTORS,
                    role=R.CURATOR,
                ),
                TemplateItem(
                    "Обучение наставников",
                    "октябрь-ноябрь",
                    CURATOR,
                    "Наставники прошли обучение",
                    action=A.MENTORS,
                    role=R.CURATOR,
                ),
            ],
        ),
        TemplateStage(
            "Формирование наставнических пар и групп",
            [
                TemplateItem(
                    "Групповая встреча наставников и наставляемых, анкетирование "
                    "на предмет предпочитаемого наставника",
                    "ноябрь",
                    CURATOR,
                    "Анкеты предпочтений",
                    action=A.SURVEYS,
                    role=R.CURATOR,
                ),
                TemplateItem(
                    "Формирование пар и групп, информирование участников",
                    "ноябрь",
                    CURATOR,
                    "Наставнические пары и группы",
                    action=A.MATCHING,
                    role=R.CURATOR,
                ),
                TemplateItem(
                    "Закрепление пар и групп приказом руководителя",
                    "ноябрь",
                    HEAD,
                    "Приказ о закреплении наставнических пар и групп",
                    action=A.PAIRS,
                    role=R.HEAD,
                ),
            ],
        ),
        TemplateStage(
            "Организация работы наставнических пар и групп",
            [
                TemplateItem(
                    "Организационная, пробная встречи и встреча-планирование",
                    "декабрь",
                    "Наставники",
                    "Планы работы пар и групп",
                    action=A.MEETINGS,
                ),
                TemplateItem(
                    "Регулярные встречи наставников и наставляемых",
                    "весь период",
                    "Наставники",
                    "Журнал встреч",
                    action=A.MEETINGS,
                ),
                TemplateItem(
                    "Сбор обратной связи от наставников и наставляемых",
                    "ежемесячно",
                    CURATOR,
                    "Отзывы участников",
                    action=A.SURVEYS,
                    role=R.CURATOR,
                ),
                TemplateItem(
                    "Предоставление сведений в муниципальный наставнический центр",
                    "ежемесячно 25 числа",
                    CURATOR,
                    "Отчёт в МНЦ",
                    action=A.REPORTS,
                    role=R.CURATOR,
                ),
            ],
        ),
        TemplateStage(
            "Завершение программы наставничества",
            [
                TemplateItem(
                    "Заключительные встречи пар и групповая встреча всех участников",
                    "май",
                    CURATOR,
                    "Рефлексия участников",
                    action=A.MEETINGS,
                    role=R.CURATOR,
                ),
                TemplateItem(
                    "Мониторинг качества программы и удовлетворённости участников",
                    "май",
                    CURATOR,
                    "Аналитическая справка",
                    action=A.MONITORING,
                    role=R.CURATOR,
                ),
                TemplateItem(
                    "Поощрение лучших наставников, публикация кейсов на сайте",
                    "май",
                    HEAD,
                    "Приказ о поощрении, кейсы в банке лучших практик",
                    action=A.PRACTICES,
                    role=R.HEAD,
                ),
            ],
        ),
    ],
)
