from __future__ import annotations

from django.db import migrations

# Coded topics of requests and competences; curators can add more in the back office.
TOPICS = [
    ("study", "Учёба и успеваемость"),
    ("exams", "Подготовка к экзаменам (ОГЭ, ЕГЭ)"),
    ("olympiads", "Олимпиады и конкурсы"),
    ("projects", "Проектная и исследовательская деятельность"),
    ("career", "Профориентация и выбор профессии"),
    ("digital", "Цифровые навыки"),
    ("adaptation", "Адаптация в коллективе"),
    ("communication", "Общение и конфликты"),
    ("leadership", "Лидерство и самоуправление"),
    ("creativity", "Творчество"),
    ("sport", "Спорт и здоровый образ жизни"),
    ("volunteering", "Волонтёрство"),
    ("financial", "Финансовая грамотность"),
    ("teaching_methods", "Методика преподавания"),
    ("lesson_planning", "Планирование уроков и рабочие программы"),
    ("class_management", "Классное руководство и дисциплина"),
    ("parents", "Работа с родителями"),
    ("documents", "Школьная документация"),
    ("certification", "Подготовка к аттестации"),
    ("burnout", "Профилактика профессионального выгорания"),
    ("inclusive", "Инклюзивное образование"),
    ("production", "Производственная практика и профессия"),
]


def fill_topics(apps, schema_editor):
    Topic = apps.get_model("people", "Topic")
    for position, (code, name) in enumerate(TOPICS):
        Topic.objects.get_or_create(
            code=code, defaults={"name": name, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("people", "0002_bases_consents_imports")]

    operations = [migrations.RunPython(fill_topics, migrations.RunPython.noop)]
