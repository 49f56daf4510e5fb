from django.db import migrations

REASONS = [
    "Наставляемый перешёл в другую организацию",
    "Наставник покинул организацию",
    "Несовместимость участников пары",
    "По инициативе наставляемого (законного представителя)",
    "По инициативе наставника",
    "Длительная болезнь участника",
    "Цели наставничества достигнуты досрочно",
    "Другая причина",
]


def add(apps, schema_editor):
    ClosureReason = apps.get_model("pairs", "ClosureReason")
    for position, name in enumerate(REASONS, start=1):
        ClosureReason.objects.get_or_create(
            organisation=None, name=name, defaults={"position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("pairs", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
