"""The award order as DOCX, from practices/documents/award_order.docx (made by
bin/make-practices-templates; an organisation may replace it,
orgs.documents.KINDS), in the style of the order fixing pairs."""

from __future__ import annotations

from django.utils import translation

from nastavnik.lib import docx, downloads, names
from nastavnik.orgs.documents import template_for
from nastavnik.practices.models import AwardOrder

AWARD_ORDER_TEMPLATE = "award_order.docx"
BLANK = "________________"


def award_order_context(order: AwardOrder) -> dict:
    """The fields of award_order.docx: the header, the number and date, and a
    line per award numbered 1.1, 1.2, … under the first point."""
    organisation = order.organisation
    awards = order.awards.select_related("person")
    position = organisation.head_position.strip() or "Руководитель"
    return {
        "organisation_name": organisation.name,
        "organisation_address": organisation.address,
        "organisation": organisation.short_name,
        "place": organisation.place(),
        "order_number": order.number,
        "order_date": f"{order.date:%d.%m.%Y}",
        "preamble": (
            "В соответствии с Положением о системе наставничества "
            f"{organisation.short_name}, за значительный вклад в реализацию "
            "программы наставничества"
        ),
        "first_point": "1. Отметить наставников:",
        "awards": [f"1.{n}. {a.order_line()}" for n, a in enumerate(awards, start=1)],
        "points": ["2. Контроль за исполнением настоящего приказа оставляю за собой."],
        "head_position": position[:1].upper() + position[1:],
        "head_name": names.signature_name(organisation.head_name) or BLANK,
    }


@translation.override("ru")
def award_order_docx(order: AwardOrder) -> bytes:
    template = template_for(order.organisation, AWARD_ORDER_TEMPLATE)
    return docx.render_docx(template, award_order_context(order))


def award_order_file_name(order: AwardOrder) -> str:
    return downloads.file_name(
        "Приказ о награждении наставников",
        f"№ {order.number}",
        order.organisation.short_name,
        day=order.date,
        extension="docx",
    )


def sample_award_order_context() -> dict:
    """Made-up fields of the order: an uploaded template is checked with them."""
    return {
        "organisation_name": "Муниципальное бюджетное общеобразовательное "
        "учреждение «Средняя общеобразовательная школа № 1»",
        "organisation_address": "613140, Кировская область, пгт Уни, ул. Ленина, 1",
        "organisation": "МБОУ СОШ № 1",
        "place": "пгт Уни",
        "order_number": "52-о",
        "order_date": "25.05.2027",
        "preamble": "В соответствии с Положением о системе наставничества",
        "first_point": "1. Отметить наставников:",
        "awards": [
            "1.1. Орлова Ольга Ивановна, учитель, — наградить Почётной грамотой "
            "за подготовку призёра олимпиады."
        ],
        "points": ["2. Контроль за исполнением настоящего приказа оставляю за собой."],
        "head_position": "Директор",
        "head_name": "М.П. Иванова",
    }
