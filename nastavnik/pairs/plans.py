"""The personalised programme of a pair («персонализированная программа
наставничества», ППН): started from a template of a few rows for the form's
track, its deficits, goal and tasks, its plan rows (added, edited, removed,
moved, marked done), the curator's approval and the final reflection.

Each change writes a line of the pair's history, in one transaction, and
raises ``services.Refused`` with a message for the person when it may not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.accounts.models import User
from nastavnik.lib import ordering
from nastavnik.pairs.models import Pairing, PairingEvent, PersonalPlan, PlanRow
from nastavnik.pairs.services import Refused, record_event
from nastavnik.programmes.models import Track

ROW_FIELDS = ["section", "activity", "deadline", "expected_result", "reporting_form"]


@dataclass(frozen=True)
class TemplateRow:
    section: str
    activity: str
    weeks: int  # the deadline, weeks after the pair's start
    expected_result: str
    reporting_form: str


# A few rows each form starts from, by the track of the form (seed 002 for the
# teachers, seeds 001 and 004 for the pupils); the pair edits them.
TEMPLATES = {
    Track.TEACHERS: [
        TemplateRow(
            "Диагностика",
            "Выявление профессиональных дефицитов молодого специалиста: "
            "анкетирование, посещение уроков",
            3,
            "Перечень дефицитов и задач на год",
            "Анкета, карта посещения уроков",
        ),
        TemplateRow(
            "Планирование и организация учебного процесса",
            "Разработка рабочей программы и поурочного планирования вместе с "
            "наставником",
            6,
            "Рабочая программа, технологические карты уроков",
            "Рабочая программа",
        ),
        TemplateRow(
            "Методическая работа",
            "Взаимное посещение уроков и их анализ",
            16,
            "Открытый урок молодого специалиста",
            "Лист анализа урока",
        ),
        TemplateRow(
            "Подведение итогов",
            "Самоанализ работы за год и итоговая встреча с наставником",
            32,
            "Отчёт молодого специалиста",
            "Отчёт, анкета удовлетворённости",
        ),
    ],
    Track.STUDENTS: [
        TemplateRow(
            "Знакомство и диагностика",
            "Встреча-знакомство, определение затруднений и интересов наставляемого",
            2,
            "Согласованные цель и задачи",
            "Анкета наставляемого",
        ),
        TemplateRow(
            "Основной этап",
            "Регулярные встречи по плану: разбор трудных тем, выполнение заданий",
            12,
            "Улучшение результатов по выбранным предметам",
            "Журнал встреч",
        ),
        TemplateRow(
            "Проектная деятельность",
            "Подготовка и представление совместного проекта или участия в конкурсе",
            24,
            "Проект, участие в конкурсе или олимпиаде",
            "Проект, грамота",
        ),
        TemplateRow(
            "Подведение итогов",
            "Итоговая встреча, рефлексия, анкетирование удовлетворённости",
            32,
            "Достигнутый результат, отзыв наставляемого",
            "Анкета удовлетворённости",
        ),
    ],
}


def progress(rows: list[PlanRow]) -> tuple[int, int, int]:
    """(done rows, all rows, percent done) of a plan's rows."""
    done = sum(1 for row in rows if row.done_on is not None)
    total = len(rows)
    return done, total, round(100 * done / total) if total else 0


def _plan_event(plan: PersonalPlan, user: User | None, text: str) -> None:
    record_event(plan.pairing, user, PairingEvent.Action.PLAN, text)


def _check_open(pairing: Pairing) -> None:
    if pairing.is_ended:
        raise Refused([_("The pair is closed: its programme is not changed.")])


@transaction.atomic
def plan_start(pairing: Pairing, *, user: User | None) -> PersonalPlan:
    """The pair's programme from the template of its form's track, with the
    pair's goal; refused if the pair has one already or is closed."""
    _check_open(pairing)
    try:
        with transaction.atomic():
            plan = PersonalPlan.objects.create(pairing=pairing, goal=pairing.goal)
    except IntegrityError:
        raise Refused([_("The pair has a personalised programme already.")]) from None
    start = pairing.period_start
    rows = []
    for position, row in enumerate(TEMPLATES[pairing.form.track], start=1):
        deadline = min(start + timedelta(weeks=row.weeks), pairing.period_end)
        rows.append(
            PlanRow(
                plan=plan,
                position=position,
                section=row.section,
                activity=row.activity,
                deadline=deadline,
                expected_result=row.expected_result,
                reporting_form=row.reporting_form,
            )
        )
    PlanRow.objects.bulk_create(rows)
    _plan_event(plan, user, _("personalised programme started"))
    return plan


@transaction.atomic
def plan_edit(
    plan: PersonalPlan, *, deficits: str, goal: str, tasks: str, user: User | None
) -> None:
    _check_open(plan.pairing)
    plan.deficits, plan.goal, plan.tasks = deficits, goal, tasks
    plan.save(update_fields=["deficits", "goal", "tasks", "updated"])
    _plan_event(plan, user, _("deficits, goal and tasks edited"))


def _rows(plan: PersonalPlan) -> list[PlanRow]:
    return list(plan.rows.select_for_update().order_by("position", "pk"))


@transaction.atomic
def row_add(plan: PersonalPlan, *, fields: dict, user: User | None) -> PlanRow:
    _check_open(plan.pairing)
    row = PlanRow.objects.create(
        plan=plan,
        position=ordering.next_position(plan.rows.all()),
        **{name: fields[name] for name in ROW_FIELDS},
    )
    _plan_event(plan, user, _("row added: %(activity)s") % {"activity": row.activity})
    return row


@transaction.atomic
def row_edit(row: PlanRow, *, fields: dict, user: User | None) -> None:
    _check_open(row.plan.pairing)
    for name in ROW_FIELDS:
        setattr(row, name, fields[name])
    row.save(update_fields=ROW_FIELDS)
    _plan_event(
        row.plan, user, _("row edited: %(activity)s") % {"activity": row.activity}
    )


@transaction.atomic
def row_remove(row: PlanRow, *, user: User | None) -> None:
    plan = row.plan
    _check_open(plan.pairing)
    row.delete()
    ordering.renumber(_rows(plan))
    _plan_event(plan, user, _("row removed: %(activity)s") % {"activity": row.activity})


@transaction.atomic
def row_move(row: PlanRow, delta: int, *, user: User | None) -> bool:
    """Move the row up (ordering.UP) or down; False at the end already."""
    _check_open(row.plan.pairing)
    return ordering.move(_rows(row.plan), row, delta)


@transaction.atomic
def row_done(row: PlanRow, *, done: bool, user: User | None, on: date | None = None):
    """Mark the row done today (or not done again)."""
    _check_open(row.plan.pairing)
    row.done_on = (on or timezone.localdate()) if done else None
    row.save(update_fields=["done_on"])
    text = _("row done: %(activity)s") if done else _("row not done: %(activity)s")
    _plan_event(row.plan, user, text % {"activity": row.activity})


@transaction.atomic
def plan_approve(plan: PersonalPlan, *, user: User | None) -> None:
    """The curator approves the programme: it needs a goal and a row."""
    _check_open(plan.pairing)
    problems = []
    if not plan.goal.strip():
        problems.append(_("Write the goal of the programme before approving it."))
    if not plan.rows.exists():
        problems.append(_("Add at least one row to the plan before approving it."))
    if problems:
        raise Refused(problems)
    plan.approved_on = timezone.localdate()
    plan.approved_by = user if user and user.is_authenticated else None
    plan.save(update_fields=["approved_on", "approved_by", "updated"])
    _plan_event(plan, user, _("personalised programme approved"))


@transaction.atomic
def plan_reflect(plan: PersonalPlan, *, reflection: str, user: User | None) -> None:
    """The final reflection, written also after the pair is closed."""
    plan.reflection = reflection
    plan.save(update_fields=["reflection", "updated"])
    _plan_event(plan, user, _("final reflection written"))
