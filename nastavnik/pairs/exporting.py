"""The documents of a pair, as DOCX from the templates in pairs/documents/
(made by bin/make-pairs-templates; an organisation may replace each of them,
orgs.documents.KINDS): the order fixing pairs, the participants' agreement,
the mentor's card for the website, the personalised programme (ППН), the
meeting log and the letter of thanks to a mentor. The tables are drawn with
python-docx and set into the template's ``{{p table }}`` as XML, as
programmes/exporting.py does."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch
from django.utils import timezone, translation
from docx.enum.section import WD_ORIENT
from markupsafe import Markup

from nastavnik.lib import docx, downloads, names
from nastavnik.lib.dates import day_text
from nastavnik.orgs.documents import template_for
from nastavnik.orgs.models import Organisation
from nastavnik.pairs.models import (
    Meeting,
    Pairing,
    PairingMember,
    PairingOrder,
    PersonalPlan,
)
from nastavnik.people.models import Person
from nastavnik.programmes.models import Track

ORDER_TEMPLATE = "pairing_order.docx"
AGREEMENT_TEMPLATE = "participant_agreement.docx"
CARD_TEMPLATE = "mentor_card.docx"
PLAN_TEMPLATE = "personal_plan.docx"
LOG_TEMPLATE = "meeting_log.docx"
THANKS_TEMPLATE = "thanks_letter.docx"
BLANK = "________________"
BLANK_DATE = "«____» ______________ 20____ г."


def _period(pairing: Pairing) -> str:
    return f"{day_text(pairing.period_start)} – {day_text(pairing.period_end)}"


def _render(
    organisation: Organisation,
    name: str,
    context: dict,
    table=None,
    *,
    landscape: bool = False,
):
    """Fill the organisation's template ``name``; ``table`` (a function of
    the text width) draws the ``{{p table }}``; a wide table turns the page
    to ``landscape``."""
    template = docx.open_template(template_for(organisation, name))
    section = template.get_docx().sections[-1]
    if landscape and section.page_width < section.page_height:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = (
            section.page_height,
            section.page_width,
        )
    width = section.page_width - section.left_margin - section.right_margin
    context = {**context, "table": table(width) if table else Markup("")}
    docx.fill(template, context)
    return docx.save(template)


def _header(organisation: Organisation) -> dict:
    return {
        "organisation_name": organisation.name,
        "organisation_address": organisation.address,
        "organisation": organisation.short_name,
        "place": organisation.place(),
    }


def _head(organisation: Organisation) -> tuple[str, str]:
    """The head's position and «И.О. Фамилия» for the signature, or blanks."""
    position = organisation.head_position.strip() or "Руководитель"
    name = names.signature_name(organisation.head_name) or BLANK
    return position[:1].upper() + position[1:], name


def _members(pairing: Pairing, role: str) -> list[Person]:
    return [
        m.person for m in pairing.members.all() if m.until is None and m.role == role
    ]


def _mentor_text(person: Person) -> str:
    return "\n".join(p for p in (person.full_name, person.position) if p)


def _mentee_text(person: Person) -> str:
    if person.class_name:
        return f"{person.full_name}, {person.class_name} класс"
    return "\n".join(p for p in (person.full_name, person.position) if p)


def _signer(person: Person, on: date) -> list[dict]:
    """Who signs for ``person``: themself, or for a minor their legal
    representatives (a blank line when none is recorded)."""
    if not person.is_minor(on):
        return [{"role": "", "name": person.full_name}]
    representatives = list(person.legal_representatives())
    role = f"Законный представитель наставляемого {person.short_name}"
    if not representatives:
        return [{"role": role, "name": BLANK}]
    return [{"role": role, "name": r.full_name} for r in representatives]


def _with_members(pairings):
    members = PairingMember.objects.filter(until__isnull=True).select_related("person")
    return pairings.prefetch_related(Prefetch("members", queryset=members))


# The order fixing pairs


def _curator(pairings: list[Pairing], order: PairingOrder) -> str:
    """The curator responsible for the control: the programme's curator,
    else who prepared the order."""
    for pairing in pairings:
        if pairing.programme.curator is not None:
            return pairing.programme.curator.get_full_name()
    if order.created_by is not None and order.created_by.get_full_name():
        return order.created_by.get_full_name()
    return BLANK


def order_context(order: PairingOrder, pairings: list[Pairing]) -> dict:
    """The fields of pairing_order.docx (bin/make-pairs-templates)."""
    organisation = order.organisation
    programmes = sorted({p.programme.title for p in pairings})
    titles = ", ".join(f"«{t}»" for t in programmes) or "наставничества"
    replacement = order.kind == PairingOrder.Kind.REPLACEMENT
    curator = _curator(pairings, order)
    points = []
    if any(p.form.track == Track.TEACHERS for p in pairings):
        points.append(
            "Возложить на наставников из числа педагогических работников, "
            "указанных в пункте 1, с их письменного согласия дополнительные "
            "обязанности, связанные с наставнической деятельностью."
        )
    points.append(
        "Куратору программы наставничества обеспечить организацию работы "
        "наставнических пар (групп), разработку персонализированных программ "
        "наставничества и мониторинг их реализации."
    )
    points.append(
        "Наставникам организовать работу с наставляемыми в соответствии с "
        "персонализированными программами наставничества."
    )
    points.append(
        "Контроль за исполнением настоящего приказа возложить на куратора "
        f"программы наставничества: {curator}."
    )
    position, head = _head(organisation)
    day = timezone.localdate()
    acquainted = []
    for pairing in pairings:
        for mentor in _members(pairing, PairingMember.Role.MENTOR):
            acquainted.append({"role": "Наставник", "name": mentor.full_name})
        for mentee in _members(pairing, PairingMember.Role.MENTEE):
            for signer in _signer(mentee, day):
                acquainted.append(
                    {"role": signer["role"] or "Наставляемый", "name": signer["name"]}
                )
    return {
        **_header(organisation),
        "order_number": order.number or "______",
        "order_date": day_text(order.date) or "______________",
        "subject": "О замене наставника"
        if replacement
        else "О закреплении наставнических пар (групп)",
        "preamble": (
            "В соответствии с Положением о системе наставничества "
            f"{organisation.short_name}, в целях реализации программы "
            f"наставничества {titles}"
        ),
        "first_point": (
            "1. Назначить наставниками пар (групп) работников, указанных в таблице:"
            if replacement
            else "1. Закрепить наставнические пары (группы) в следующем составе:"
        ),
        "points": [f"{n}. {text}" for n, text in enumerate(points, start=2)],
        "curator": curator,
        "head_position": position,
        "head_name": head,
        "acquainted": acquainted,
    }


ORDER_HEADINGS = [
    "№ п/п",
    "Наставник (ФИО, должность)",
    "Наставляемый (ФИО, класс)",
    "Форма наставничества",
    "Срок",
]
ORDER_WEIGHTS = [1.1, 4.6, 4.6, 3.4, 2.6]


def _replacing(pairing: Pairing, mentor: Person) -> str:
    """«вместо …»: the mentor who left the pair the day ``mentor`` joined it
    (all the pair's members read, not only the current ones)."""
    joined = next(
        m.since
        for m in pairing.members.all()
        if m.person_id == mentor.pk and m.until is None
    )
    left = [
        names.genitive(m.person.last_name, m.person.first_name, m.person.patronymic)
        for m in pairing.members.all()
        if m.role == PairingMember.Role.MENTOR and m.until == joined
    ]
    return f"{_mentor_text(mentor)}\n(вместо {', '.join(left)})" if left else ""


def order_rows(pairings: list[Pairing], *, replacement=False) -> list[list[str]]:
    return [
        [
            str(n),
            "\n".join(
                (replacement and _replacing(p, m)) or _mentor_text(m)
                for m in _members(p, "mentor")
            ),
            "\n".join(_mentee_text(m) for m in _members(p, "mentee")),
            p.form.name,
            _period(p).replace(" – ", " –\n"),
        ]
        for n, p in enumerate(pairings, start=1)
    ]


@translation.override("ru")
def order_docx(order: PairingOrder) -> bytes:
    replacement = order.kind == PairingOrder.Kind.REPLACEMENT
    pairings = order.pairings.select_related("programme__curator", "form")
    members = PairingMember.objects.select_related("person")
    pairings = list(
        pairings.prefetch_related(Prefetch("members", queryset=members))
        if replacement
        else _with_members(pairings)
    )
    pairings.sort(key=lambda p: (p.created, p.pk))
    rows = order_rows(pairings, replacement=replacement)
    return _render(
        order.organisation,
        ORDER_TEMPLATE,
        order_context(order, pairings),
        lambda width: docx.table_xml(ORDER_HEADINGS, rows, ORDER_WEIGHTS, width),
    )


def order_file_name(order: PairingOrder) -> str:
    what = "Приказ о закреплении наставнических пар"
    if order.kind == PairingOrder.Kind.REPLACEMENT:
        what = "Приказ о замене наставника"
    number = f"№ {order.number}" if order.number else "проект"
    return downloads.file_name(
        what,
        number,
        order.organisation.short_name,
        day=order.date or timezone.localdate(),
        extension="docx",
    )


def _sample_header() -> dict:
    return {
        "organisation_name": "Муниципальное бюджетное общеобразовательное "
        "учреждение «Средняя общеобразовательная школа № 1»",
        "organisation_address": "613140, Кировская область, пгт Уни, ул. Ленина, 1",
        "organisation": "МБОУ СОШ № 1",
        "place": "пгт Уни",
        "document_date": "01.10.2026",
        "table": Markup("<w:p><w:r><w:t>Таблица</w:t></w:r></w:p>"),
    }


def sample_order_context() -> dict:
    """Made-up fields of the order: an uploaded template is checked with them."""
    return {
        **_sample_header(),
        "order_number": "45-о",
        "order_date": "01.10.2026",
        "subject": "О закреплении наставнических пар (групп)",
        "preamble": "В соответствии с Положением о системе наставничества",
        "first_point": "1. Закрепить наставнические пары (группы):",
        "points": ["2. Контроль за исполнением приказа возложить на куратора."],
        "curator": "Смирнова Анна Петровна",
        "head_position": "Директор",
        "head_name": "М.П. Иванова",
        "acquainted": [{"role": "Наставник", "name": "Орлова Ольга Ивановна"}],
    }


# The participants' agreement (seed 004)


def _mentee_word(mentees: list[Person]) -> str:
    """«наставляемый», «наставляемая» or «наставляемые»."""
    if len(mentees) > 1:
        return "наставляемые"
    person = mentees[0] if mentees else None
    if person and names.is_female(
        person.last_name, person.first_name, person.patronymic
    ):
        return "наставляемая"
    return "наставляемый"


def agreement_context(pairing: Pairing) -> dict:
    organisation = pairing.organisation
    mentors = _members(pairing, PairingMember.Role.MENTOR)
    mentees = _members(pairing, PairingMember.Role.MENTEE)
    day = timezone.localdate()
    parties = (
        f"{organisation.name} (далее — Организация), наставник "
        f"{', '.join(m.full_name for m in mentors)} и {_mentee_word(mentees)} "
        f"{', '.join(_mentee_text(m) for m in mentees)} (далее вместе — "
        "Участники) заключили настоящее соглашение о совместной работе в "
        f"рамках программы наставничества «{pairing.programme.title}» "
        f"по форме «{pairing.form.name}»."
    )
    goal = pairing.goal.strip() or "определяется персонализированной программой"
    points = [
        f"Срок работы наставнической пары (группы): с {day_text(pairing.period_start)} "
        f"по {day_text(pairing.period_end)}.",
        f"Цель совместной работы: {goal[:1].lower()}{goal[1:].rstrip('.')}.",
        "Наставник помогает наставляемому достичь цели, проводит встречи по "
        "согласованному графику, вместе с наставляемым составляет "
        "персонализированную программу наставничества и отмечает её выполнение.",
        "Наставляемый посещает встречи, выполняет задания персонализированной "
        "программы и после встреч даёт короткий отзыв о них.",
        "Организация создаёт условия для встреч, назначает куратора и "
        "сопровождает работу пары (группы).",
        "Участники бережно относятся к сведениям друг о друге и не передают их "
        "третьим лицам без согласия.",
        "Соглашение может быть прекращено досрочно по желанию любого из "
        "Участников с уведомлением куратора.",
    ]
    signatures = [{"role": "Наставник", "name": m.full_name} for m in mentors]
    for mentee in mentees:
        for signer in _signer(mentee, day):
            signatures.append(
                {"role": signer["role"] or "Наставляемый", "name": signer["name"]}
            )
    position, head = _head(organisation)
    signatures.append({"role": f"{position} (от Организации)", "name": head})
    return {
        **_header(organisation),
        "document_date": BLANK_DATE,
        "parties": parties,
        "points": [f"{n}. {text}" for n, text in enumerate(points, start=1)],
        "signatures": signatures,
    }


def sample_agreement_context() -> dict:
    return {
        **_sample_header(),
        "parties": "МБОУ СОШ № 1, наставник и наставляемый заключили соглашение.",
        "points": ["1. Срок работы: с 01.10.2026 по 31.05.2027."],
        "signatures": [{"role": "Наставник", "name": "Орлова Ольга Ивановна"}],
    }


@translation.override("ru")
def agreement_docx(pairing: Pairing) -> bytes:
    return _render(pairing.organisation, AGREEMENT_TEMPLATE, agreement_context(pairing))


def pairing_file_name(what: str, pairing: Pairing) -> str:
    mentees = ", ".join(p.short_name for p in _members(pairing, "mentee"))
    return downloads.file_name(
        what,
        mentees,
        pairing.organisation.short_name,
        day=timezone.localdate(),
        extension="docx",
    )


# The mentor's card for the website (seed 002)


def _years(n: int) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return f"{n} год"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return f"{n} года"
    return f"{n} лет"


def card_rows(person: Person) -> list[list[str]]:
    profile = getattr(person, "mentor_profile", None)
    rows = [
        ["Должность", person.position],
        ["Место работы", person.employer_name or person.organisation.name],
        [
            "Педагогический стаж",
            _years(person.experience_years) if person.experience_years else "",
        ],
    ]
    if profile is not None:
        rows += [
            ["Компетенции", profile.competences],
            ["Темы наставничества", profile.topic_names()],
            ["Формы наставничества", ", ".join(profile.forms_ready_labels())],
        ]
    return [row for row in rows if row[1].strip()]


def card_context(person: Person) -> dict:
    return {
        **_header(person.organisation),
        "mentor_name": person.full_name,
        "consent_note": "Сведения размещены с согласия наставника на "
        "распространение персональных данных (ст. 10.1 Федерального закона "
        "№ 152-ФЗ).",
    }


def sample_card_context() -> dict:
    return {
        **_sample_header(),
        "mentor_name": "Орлова Ольга Ивановна",
        "consent_note": "Сведения размещены с согласия наставника.",
    }


@translation.override("ru")
def card_docx(person: Person) -> bytes:
    rows = card_rows(person)
    return _render(
        person.organisation,
        CARD_TEMPLATE,
        card_context(person),
        lambda width: docx.table_xml([], rows, [1, 2.2], width),
    )


def card_file_name(person: Person) -> str:
    return downloads.file_name(
        "Карточка наставника",
        person.short_name,
        person.organisation.short_name,
        day=timezone.localdate(),
        extension="docx",
    )


# The personalised programme (ППН)


PLAN_HEADINGS = [
    "№",
    "Раздел",
    "Мероприятие",
    "Срок",
    "Ожидаемый результат",
    "Форма отчётности",
    "Отметка о выполнении",
]
PLAN_WEIGHTS = [0.9, 3.4, 5.2, 2.2, 4.2, 3.6, 2.8]


def _facts(pairing: Pairing) -> list[tuple[str, str]]:
    mentors = ", ".join(
        _mentor_text(m).replace("\n", ", ") for m in _members(pairing, "mentor")
    )
    mentees = ", ".join(_mentee_text(m) for m in _members(pairing, "mentee"))
    return [
        ("Наставник", mentors),
        ("Наставляемый", mentees),
        ("Программа", pairing.programme.title),
        ("Форма наставничества", pairing.form.name),
    ]


def plan_context(plan: PersonalPlan) -> dict:
    pairing = plan.pairing
    position, head = _head(pairing.organisation)
    facts = _facts(pairing) + [
        ("Выявленные дефициты", plan.deficits),
        ("Цель", plan.goal or pairing.goal),
        ("Задачи", plan.tasks),
    ]
    signatures = [
        {"role": "Наставник", "name": m.full_name} for m in _members(pairing, "mentor")
    ]
    day = timezone.localdate()
    for mentee in _members(pairing, "mentee"):
        for signer in _signer(mentee, day):
            signatures.append(
                {"role": signer["role"] or "Наставляемый", "name": signer["name"]}
            )
    curator = pairing.programme.curator
    signatures.append(
        {
            "role": "Куратор программы наставничества",
            "name": curator.get_full_name() if curator else BLANK,
        }
    )
    return {
        **_header(pairing.organisation),
        "approver_position": f"{position} {pairing.organisation.short_name}",
        "approver_name": head,
        "approved_on": day_text(plan.approved_on) or BLANK_DATE,
        "period": f"на период с {day_text(pairing.period_start)} по "
        f"{day_text(pairing.period_end)}",
        "facts": [
            (label, " ".join(docx.clean_text(v).split())) for label, v in facts if v
        ],
        "reflection": docx.clean_text(plan.reflection),
        "signatures": signatures,
    }


def plan_rows(plan: PersonalPlan) -> list[list[str]]:
    return [
        [
            str(n),
            row.section,
            row.activity,
            day_text(row.deadline),
            row.expected_result,
            row.reporting_form,
            f"выполнено {day_text(row.done_on)}" if row.done_on else "",
        ]
        for n, row in enumerate(plan.rows.order_by("position", "pk"), start=1)
    ]


def sample_plan_context() -> dict:
    return {
        **_sample_header(),
        "approver_position": "Директор",
        "approver_name": "М.П. Иванова",
        "approved_on": "01.10.2026",
        "period": "на период с 01.10.2026 по 31.05.2027",
        "facts": [("Цель", "Подтянуть математику")],
        "reflection": "Цель достигнута.",
        "signatures": [{"role": "Наставник", "name": "Орлова Ольга Ивановна"}],
    }


@translation.override("ru")
def plan_docx(plan: PersonalPlan) -> bytes:
    rows = plan_rows(plan)
    return _render(
        plan.pairing.organisation,
        PLAN_TEMPLATE,
        plan_context(plan),
        lambda width: docx.table_xml(PLAN_HEADINGS, rows, PLAN_WEIGHTS, width),
        landscape=True,
    )


# The meeting log


LOG_HEADINGS = [
    "№",
    "Дата, время",
    "Вид встречи",
    "Тема",
    "Мин.",
    "Подтверждение",
    "Оценка встречи",
]
LOG_WEIGHTS = [0.7, 2.1, 3, 3.8, 1.5, 3.1, 2]


def _confirmation(meeting: Meeting) -> str:
    if meeting.paper_confirmed_on:
        return f"на бумаге {day_text(meeting.paper_confirmed_on)}"
    sides = []
    if meeting.mentor_confirmed_at:
        sides.append("наставник")
    if meeting.mentee_confirmed_at:
        sides.append("наставляемый")
    if len(sides) == 2:
        return "обе стороны"
    return ", ".join(sides) or "нет"


def log_rows(meetings: list[Meeting]) -> list[list[str]]:
    rows = []
    for n, meeting in enumerate(meetings, start=1):
        ratings = [str(f.rating) for f in meeting.feedback.all()]
        when = timezone.localtime(meeting.starts_at)
        topic = meeting.topic
        if meeting.status != Meeting.Status.HELD:
            topic = f"{topic} ({meeting.get_status_display()})".strip()
        rows.append(
            [
                str(n),
                f"{when:%d.%m.%Y}\n{when:%H:%M}",
                meeting.get_kind_display(),
                topic,
                str(meeting.duration_minutes),
                _confirmation(meeting),
                " / ".join(ratings) + (" из 10" if ratings else ""),
            ]
        )
    return rows


def log_context(pairing: Pairing, meetings: list[Meeting]) -> dict:
    held = [m for m in meetings if m.status == Meeting.Status.HELD]
    minutes = sum(m.duration_minutes for m in held)
    signatures = [
        {"role": "Наставник", "name": m.full_name} for m in _members(pairing, "mentor")
    ]
    curator = pairing.programme.curator
    signatures.append(
        {
            "role": "Проверил: куратор программы наставничества",
            "name": curator.get_full_name() if curator else BLANK,
        }
    )
    return {
        **_header(pairing.organisation),
        "facts": [*_facts(pairing), ("Срок", _period(pairing))],
        "summary": f"Проведено встреч: {len(held)}, общей длительностью {minutes} мин.",
        "signatures": signatures,
    }


def sample_log_context() -> dict:
    return {
        **_sample_header(),
        "facts": [("Наставник", "Орлова Ольга Ивановна")],
        "summary": "Проведено встреч: 3, общей длительностью 135 мин.",
        "signatures": [{"role": "Наставник", "name": "Орлова Ольга Ивановна"}],
    }


@translation.override("ru")
def log_docx(pairing: Pairing) -> bytes:
    meetings = list(
        pairing.meetings.exclude(status=Meeting.Status.CANCELLED)
        .prefetch_related("feedback")
        .order_by("starts_at", "pk")
    )
    rows = log_rows(meetings)
    return _render(
        pairing.organisation,
        LOG_TEMPLATE,
        log_context(pairing, meetings),
        lambda width: docx.table_xml(LOG_HEADINGS, rows, LOG_WEIGHTS, width),
    )


# The letter of thanks to a mentor, when the pair closes


def thanks_context(pairing: Pairing, mentor: Person) -> dict:
    """The fields of thanks_letter.docx: the pair's programme, form, period
    (to the day it closed, if earlier), mentees, meetings held and result."""
    organisation = pairing.organisation
    end = pairing.period_end
    if pairing.closed_on and pairing.closed_on < end:
        end = pairing.closed_on
    mentees = [_mentee_text(m) for m in _members(pairing, PairingMember.Role.MENTEE)]
    details = []
    if mentees:
        # «пара», «группа»: no gendered word, the mentees' gender is unknown
        what = "наставническая группа" if len(mentees) > 1 else "наставническая пара"
        details.append(f"Ваша {what}: {'; '.join(mentees)}.")
    held = pairing.meetings.filter(status=Meeting.Status.HELD).count()
    if held:
        details.append(f"Проведено встреч: {held}.")
    result = " ".join(docx.clean_text(pairing.closure_note).split()).rstrip(".")
    if result:
        details.append(f"Итог работы: {result}.")
    position, head = _head(organisation)
    return {
        **_header(organisation),
        "document_date": day_text(timezone.localdate()),
        "mentor_name": mentor.full_name,
        "thanks": (
            f"Администрация {organisation.short_name} выражает Вам искреннюю "
            "благодарность за наставническую работу в программе наставничества "
            f"«{pairing.programme.title}» по форме «{pairing.form.name}» "
            f"в период с {day_text(pairing.period_start)} по {day_text(end)}."
        ),
        "details": details,
        "head_position": f"{position} {organisation.short_name}",
        "head_name": head,
    }


def sample_thanks_context() -> dict:
    return {
        **_sample_header(),
        "mentor_name": "Орлова Ольга Ивановна",
        "thanks": "Администрация МБОУ СОШ № 1 выражает Вам искреннюю "
        "благодарность за наставническую работу.",
        "details": ["Проведено встреч: 12."],
        "head_position": "Директор МБОУ СОШ № 1",
        "head_name": "М.П. Иванова",
    }


@translation.override("ru")
def thanks_docx(pairing: Pairing, mentor: Person) -> bytes:
    return _render(
        pairing.organisation, THANKS_TEMPLATE, thanks_context(pairing, mentor)
    )


def thanks_file_name(pairing: Pairing, mentor: Person) -> str:
    # the pair's organisation thanks: the mentor may work at a partner's
    return downloads.file_name(
        "Благодарственное письмо",
        mentor.short_name,
        pairing.organisation.short_name,
        day=timezone.localdate(),
        extension="docx",
    )
