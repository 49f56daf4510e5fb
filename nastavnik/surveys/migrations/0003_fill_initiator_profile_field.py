"""The mentee's questionnaire asks who proposed the programme («я сам(а)»,
«классный руководитель»…): that answer now fills «Кем сформулирован запрос»
of the mentee base. Set the mapping on the shipped questionnaire and on the
organisations' copies of it, where nobody mapped the question to anything."""

from __future__ import annotations

from django.db import migrations


def fill(apps, schema_editor):
    Question = apps.get_model("surveys", "Question")
    Question.objects.filter(
        section__version__questionnaire__kind="mentee",
        key="initiator",
        type="single",
        profile_field="",
    ).update(profile_field="mentee.stated_by")


class Migration(migrations.Migration):
    dependencies = [("surveys", "0002_starting_questionnaires")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
