"""The federal forms of mentorship with the local names the seeds use."""

from __future__ import annotations

from django.db import migrations

# slug, federal code, name, aliases, mentor, mentee, track, variants
FORMS = [
    (
        "pupil_pupil",
        "pupil_pupil",
        "ученик – ученик",
        ["обучающийся – обучающийся", "обучающийся-обучающийся", "ученик-ученик"],
        "pupil",
        "pupil",
        "students",
        ["успевающий – неуспевающий", "лидер – пассивный", "равный – равному",
         "адаптированный – неадаптированный"],
    ),
    (
        "teacher_pupil",
        "teacher_pupil",
        "учитель – ученик",
        ["педагог – обучающийся", "педагог-обучающийся", "учитель-ученик",
         "специалист – обучающийся"],
        "teacher",
        "pupil",
        "students",
        ["активный профессионал – равнодушный потребитель",
         "коллега – молодой коллега", "коллега – одарённый ученик"],
    ),
    (
        "student_pupil",
        "student_pupil",
        "студент – ученик",
        ["студент – обучающийся", "студент-ученик"],
        "student",
        "pupil",
        "students",
        ["успевающий – неуспевающий", "лидер – равнодушный"],
    ),
    (
        "employer_pupil",
        "employer_pupil",
        "работодатель – ученик",
        ["работодатель (представитель профессии) – обучающийся",
         "работодатель – обучающийся", "представитель профессии – обучающийся"],
        "employer",
        "pupil",
        "students",
        ["активный профессионал – равнодушный потребитель",
         "работодатель – будущий сотрудник"],
    ),
    (
        "employer_student",
        "employer_student",
        "работодатель – студент",
        ["работодатель (представитель профессии) – студент"],
        "employer",
        "student",
        "students",
        ["работодатель – будущий сотрудник", "партнёр – молодой коллега"],
    ),
    (
        "teacher_teacher",
        "teacher_teacher",
        "педагог – педагог",
        ["учитель – учитель", "педагог-педагог"],
        "teacher",
        "teacher",
        "teachers",
        ["опытный педагог – педагог, испытывающий затруднения",
         "лидер методического объединения – педагог"],
    ),
    (
        "experienced_young",
        "experienced_young",
        "опытный педагог – молодой специалист",
        ["наставник – молодой специалист", "опытный учитель – молодой специалист"],
        "teacher",
        "young_specialist",
        "teachers",
        [],
    ),
    (
        "head_teacher",
        "head_teacher",
        "руководитель – педагог",
        ["руководитель образовательной организации – педагог"],
        "head",
        "teacher",
        "teachers",
        [],
    ),
]


def load(apps, schema_editor):
    MentorshipForm = apps.get_model("programmes", "MentorshipForm")
    for slug, federal, name, aliases, mentor, mentee, track, variants in FORMS:
        MentorshipForm.objects.update_or_create(
            slug=slug,
            organisation=None,
            defaults={
                "federal_form": federal,
                "name": name,
                "aliases": aliases,
                "mentor_category": mentor,
                "mentee_category": mentee,
                "track": track,
                "variants": variants,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("programmes", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
