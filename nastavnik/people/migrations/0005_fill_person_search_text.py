from __future__ import annotations

from django.db import migrations


def fill_search_text(apps, schema_editor):
    from nastavnik.people.models import search_key

    Person = apps.get_model("people", "Person")
    people = list(Person.objects.all())
    for p in people:
        p.search_text = search_key(p.last_name, p.first_name, p.patronymic, p.class_name)
    Person.objects.bulk_update(people, ["search_text"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("people", "0004_person_search_text")]

    operations = [migrations.RunPython(fill_search_text, migrations.RunPython.noop)]
