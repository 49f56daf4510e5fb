"""The questionnaires shipped with Nastavnik, from ``surveys/data/questionnaires.json``.

Idempotent: questionnaires are matched on their slug, versions on their number,
sections on their position and questions on their key, so running it again
updates the texts instead of duplicating them. Only historical models are used:
this file must not import app code that may change later.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "questionnaires.json"

QUESTION_FIELDS = {
    "help_text": "",
    "required": False,
    "choices": [],
    "allow_other": False,
    "scale_min": 1,
    "scale_max": 10,
    "max_length": 2000,
    "show_if_value": "",
    "scored": False,
    "parameter": "",
    "profile_field": "",
}


def load(apps, schema_editor):
    MentorshipForm = apps.get_model("programmes", "MentorshipForm")
    Questionnaire = apps.get_model("surveys", "Questionnaire")
    Version = apps.get_model("surveys", "Version")
    Section = apps.get_model("surveys", "Section")
    Question = apps.get_model("surveys", "Question")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for item in data["questionnaires"]:
        form = None
        if item["form"]:
            form = MentorshipForm.objects.get(slug=item["form"], organisation=None)
        questionnaire, _ = Questionnaire.objects.update_or_create(
            slug=item["slug"],
            organisation=None,
            defaults={
                "kind": item["kind"],
                "title": item["title"],
                "description": item["description"],
                "form": form,
            },
        )
        settings = item["version"]
        version, _ = Version.objects.update_or_create(
            questionnaire=questionnaire,
            number=1,
            defaults={
                "instruction": settings["instruction"],
                "anonymous": settings["anonymous"],
                "satisfied_from": Decimal(settings["satisfied_from"]),
            },
        )
        by_key = {}
        conditions = []
        for position, part in enumerate(item["sections"], start=1):
            section, _ = Section.objects.update_or_create(
                version=version,
                position=position,
                defaults={"title": part["title"], "instruction": part["instruction"]},
            )
            for number, raw in enumerate(part["questions"], start=1):
                fields = {
                    name: raw.get(name, default)
                    for name, default in QUESTION_FIELDS.items()
                }
                fields.update(
                    section=section, position=number, text=raw["text"], type=raw["type"]
                )
                question = Question.objects.filter(
                    section__version=version, key=raw["key"]
                ).first() or Question(key=raw["key"])
                for name, value in fields.items():
                    setattr(question, name, value)
                question.save()
                by_key[raw["key"]] = question
                conditions.append((question, raw.get("show_if")))
        for question, key in conditions:
            question.show_if = by_key[key] if key else None
            question.save(update_fields=["show_if"])


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_initial"),
        ("programmes", "0002_federal_forms"),
        ("people", "0003_fill_topics"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
