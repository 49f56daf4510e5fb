"""The curator's analytical note («аналитическая справка», seed 000 stages 5
and 7) as DOCX, from monitoring/documents/analytical_note.docx (made by
bin/make-monitoring-templates; an organisation may replace it,
orgs.documents.KINDS).

The note is the dashboard in words, on the day it is printed: the
programmes and the bases of the school year, the pairs by form and stage,
the meetings month by month, the six KPIs against their targets, how long
the pairs last, and the curator's conclusions (blank lines to write on when
none are typed). It stays inside the organisation, so nothing is
suppressed. The figures come from the same functions as the dashboard."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import translation
from markupsafe import Markup

from nastavnik.lib import docx, downloads, names
from nastavnik.lib.dates import SchoolYear, day_text
from nastavnik.monitoring import dashboard, kpis
from nastavnik.orgs.documents import template_for
from nastavnik.orgs.models import Organisation
from nastavnik.people.models import Person
from nastavnik.programmes.models import MentorshipForm, Programme

NOTE_TEMPLATE = "analytical_note.docx"
BLANK = "________________"
FORMATION, RESULTS = "formation", "results"
SUBJECTS = {
    FORMATION: "о формировании наставнических пар (групп) в {organisation} "
    "в {year} учебном году",
    RESULTS: "об итогах реализации программы наставничества в {organisation} "
    "в {year} учебном году",
}
MONTHS = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
]
# Lines to write the conclusions on by hand when none were typed.
HANDWRITTEN_LINES = 4


def _percent(value: Decimal | None) -> str:
    if value is None:
        return "нет данных"
    return f"{value:.1f}".replace(".", ",").removesuffix(",0")


def _programmes(organisation: Organisation, year: SchoolYear) -> list[Programme]:
    return list(
        Programme.objects.active()
        .filter(organisation=organisation, school_year=year.start_year)
        .select_related("curator")
        .prefetch_related(
            Prefetch("forms", queryset=MentorshipForm.objects.order_by("name"))
        )
        .order_by("title")
    )


def _general(
    organisation: Organisation, year: SchoolYear, programmes: list[Programme]
) -> list[str]:
    lines = []
    for programme in programmes:
        line = (
            f"В {year} учебном году в {organisation.short_name} реализуется "
            f"«{programme.title}»"
        )
        if programme.order_number and programme.order_date:
            line += (
                f" (утверждена приказом № {programme.order_number} "
                f"от {day_text(programme.order_date)})"
            )
        forms = ", ".join(form.name for form in programme.forms.all())
        lines.append(line + (f"; формы наставничества: {forms}." if forms else "."))
    if not programmes:
        lines.append(
            f"Программа наставничества {organisation.short_name} на {year} "
            "учебный год не утверждена."
        )
    people = Person.objects.for_organisation(organisation)
    lines.append(
        f"В базе наставников — {people.mentors().count()} чел., в базе "
        f"наставляемых — {people.mentees().count()} чел."
    )
    return lines


def _month(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def note_context(
    organisation: Organisation, on: date, subject: str, conclusions: str
) -> dict:
    """The fields of analytical_note.docx, tables as functions of the text
    width (``*_table``), for the school year of ``on``."""
    year = SchoolYear.of(on)
    programmes = _programmes(organisation, year)
    by_form = dashboard.pairs_by_form(organisation, year)
    by_status = [
        bar for bar in dashboard.pairs_by_status(organisation, year) if bar.value
    ]
    meetings = [
        bar
        for bar in dashboard.meetings_by_month(organisation, year)
        if bar.label <= on
    ]
    held = sum(bar.value for bar in meetings)
    data = kpis.for_organisation(organisation, on)
    period = data["period"]
    survival = dashboard.survival(organisation, on)

    total = sum(row.total for row in by_form)
    if total:
        live = sum(row.live for row in by_form)
        closed = sum(row.closed for row in by_form)
        early = sum(row.closed_early for row in by_form)
        pairs = [
            f"В программах {year} учебного года сформировано пар и групп — "
            f"{total}: в работе — {live}, завершили работу успешно — {closed}, "
            f"завершили досрочно — {early}. По формам наставничества и этапам:"
        ]
    else:
        pairs = [f"В программах {year} учебного года пары и группы не сформированы."]

    thresholds = data["thresholds"]
    rule = (
        "Удовлетворённым считается участник, средний балл анкеты "
        "удовлетворённости которого не ниже "
        + " / ".join(_percent(t) for t in thresholds)
        + " из 10."
        if thresholds
        else "Анкеты удовлетворённости в этом учебном году ещё не заполнялись."
    )
    kpi_lines = [
        f"Показатели рассчитаны на {day_text(on)} "
        f"за период с {day_text(period.since)}; "
        f"возраст участников — на {day_text(period.reference)}. {rule}"
    ]
    if period.denominators is None:
        kpi_lines.append(
            "Знаменатели показателей на этот учебный год не введены: доли "
            "показателей 1–4 не рассчитываются."
        )

    if survival.started:
        survival_lines = [
            f"Закреплено приказом пар и групп — {survival.started}: продолжают "
            f"работу — {survival.going}, завершили работу успешно — "
            f"{survival.closed}, завершили досрочно — {survival.closed_early}."
        ]
        if survival.rows:
            last = survival.rows[-1]
            survival_lines.append(
                f"Доля пар и групп, не завершивших работу досрочно, через "
                f"{last.month} мес. после закрепления — {_percent(last.share)} %."
            )
    else:
        survival_lines = ["Пар и групп, закреплённых приказом, пока нет."]

    written = [line.strip() for line in conclusions.splitlines() if line.strip()]
    curator = next((p.curator for p in programmes if p.curator), None)

    def kpi_table(width: int) -> Markup:
        rows = []
        for figure in data["figures"]:
            shown = (
                f"{figure.numerator} / {figure.denominator}"
                if figure.denominator
                else (str(figure.numerator) if figure.numerator is not None else "")
            )
            reached = {True: "да", False: "нет", None: "—"}[figure.reached]
            target = "—" if figure.target is None else _percent(figure.target)
            rows.append(
                [
                    str(figure.indicator.number),
                    str(figure.indicator.title),
                    shown,
                    _percent(figure.percent),
                    target,
                    reached,
                ]
            )
        headings = [
            "№",
            "Показатель",
            "Число / из",
            "Доля, %",
            f"Цель {on.year}, %",
            "Цель достигнута",
        ]
        return docx.table_xml(headings, rows, [0.5, 4.2, 1.4, 1.1, 1.2, 1.4], width)

    def forms_table(width: int) -> Markup:
        if not by_form:
            return Markup("")
        headings = [
            "Форма наставничества",
            "Всего",
            "В работе",
            "Завершили успешно",
            "Завершили досрочно",
        ]
        rows = [
            [row.name, str(row.total), str(row.live), str(row.closed)]
            + [str(row.closed_early)]
            for row in by_form
        ]
        return docx.table_xml(headings, rows, [3.4, 1, 1, 1.3, 1.3], width)

    def stages_table(width: int) -> Markup:
        if not by_status:
            return Markup("")
        rows = [[str(bar.label), str(bar.value)] for bar in by_status]
        return docx.table_xml(["Этап", "Пар и групп"], rows, [4, 1], width)

    def meetings_table(width: int) -> Markup:
        if not meetings:
            return Markup("")
        rows = [[_month(bar.label), str(bar.value)] for bar in meetings]
        return docx.table_xml(["Месяц", "Проведено встреч"], rows, [3, 2], width)

    def reasons_table(width: int) -> Markup:
        if not survival.reasons:
            return Markup("")
        rows = [[str(bar.label), str(bar.value)] for bar in survival.reasons]
        headings = ["Причина досрочного завершения", "Пар и групп"]
        return docx.table_xml(headings, rows, [4, 1], width)

    return {
        "organisation_name": organisation.name,
        "organisation_address": organisation.address,
        "organisation": organisation.short_name,
        "place": organisation.place(),
        "document_date": day_text(on),
        "subject": SUBJECTS[subject].format(
            organisation=organisation.short_name, year=year
        ),
        "general": _general(organisation, year, programmes),
        "pairs": pairs,
        "meetings": [
            f"С {day_text(year.start)} по {day_text(on)} "
            f"проведено встреч наставников с наставляемыми — {held} "
            "(встреча группы считается один раз)."
        ],
        "kpis": kpi_lines,
        "survival": survival_lines,
        "conclusions": written or [BLANK * 4] * HANDWRITTEN_LINES,
        "signer_position": "Куратор программы наставничества",
        "signer_name": names.signature_name(curator.get_full_name())
        if curator and curator.get_full_name()
        else BLANK,
        "forms_table": forms_table,
        "stages_table": stages_table,
        "meetings_table": meetings_table,
        "kpi_table": kpi_table,
        "reasons_table": reasons_table,
    }


@translation.override("ru")
def analytical_note_docx(
    organisation: Organisation, on: date, subject: str, conclusions: str = ""
) -> bytes:
    template = docx.open_template(template_for(organisation, NOTE_TEMPLATE))
    section = template.get_docx().sections[-1]
    width = section.page_width - section.left_margin - section.right_margin
    context = note_context(organisation, on, subject, conclusions)
    for key, value in context.items():
        if key.endswith("_table"):
            context[key] = value(width)
    docx.fill(template, context)
    return docx.save(template)


def note_file_name(organisation: Organisation, on: date) -> str:
    return downloads.file_name(
        "Аналитическая справка", organisation.short_name, day=on, extension="docx"
    )


def sample_note_context() -> dict:
    """Made-up fields of the note: an uploaded template is checked with them."""
    return {
        "organisation_name": "Муниципальное бюджетное общеобразовательное "
        "учреждение «Средняя общеобразовательная школа № 1»",
        "organisation_address": "613140, Кировская область, пгт Уни, ул. Ленина, 1",
        "organisation": "МБОУ СОШ № 1",
        "place": "пгт Уни",
        "document_date": "20.11.2026",
        "subject": SUBJECTS[FORMATION].format(
            organisation="МБОУ СОШ № 1", year="2026/2027"
        ),
        "general": ["В базе наставников — 12 чел., в базе наставляемых — 40 чел."],
        "pairs": ["В программах 2026/2027 учебного года сформировано пар — 10."],
        "meetings": ["С 01.09.2026 по 20.11.2026 проведено встреч — 24."],
        "kpis": ["Показатели рассчитаны на 20.11.2026 за период с 01.09.2026."],
        "survival": ["Закреплено приказом пар и групп — 10."],
        "conclusions": ["Работа пар идёт по плану."],
        "signer_position": "Куратор программы наставничества",
        "signer_name": "А.А. Алексеева",
        "forms_table": Markup(""),
        "stages_table": Markup(""),
        "meetings_table": Markup(""),
        "kpi_table": Markup(""),
        "reasons_table": Markup(""),
    }
