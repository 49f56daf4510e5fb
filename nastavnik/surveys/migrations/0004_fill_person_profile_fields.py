"""The mentor's questionnaire asks the place of work or study, the class or
position and the years of experience: those answers now fill the person's
card («место работы», «класс» or «должность», «стаж»). Set the mappings on
the shipped questionnaire and on the organisations' copies of it, where
nobody mapped the question to anything."""

from __future__ import annotations

from django.db import migrations

MAPPINGS = [
    ("place", "short_text", "person.workplace"),
    ("position", "short_text", "person.position"),
    ("experience_years", "number", "person.experience_years"),
]


def fill(apps, schema_editor):
    Question = apps.get_model("surveys", "Question")
    for key, kind, target in MAPPINGS:
        Question.objects.filter(
            section__version__questionnaire__kind="mentor",
            key=key,
            type=kind,
            profile_field="",
        ).update(profile_field=target)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0003_fill_initiator_profile_field")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
