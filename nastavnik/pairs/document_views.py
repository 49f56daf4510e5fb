"""Downloads of the documents of pairs: the order, the participants'
agreement, the meeting log, the mentor's card and the letter of thanks to a
mentor (pairs/exporting.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from nastavnik.lib import docx, downloads
from nastavnik.pairs import exporting
from nastavnik.pairs.access import (
    get_mentor_of_pairing,
    get_order_for_user,
    get_pairing_for_mentor_or_staff,
    get_pairing_for_user,
)
from nastavnik.people.access import get_person_for_user


def _docx(content: bytes, name: str) -> HttpResponse:
    return downloads.attachment(content, name=name, content_type=docx.CONTENT_TYPE)


@login_required
def order_docx(request: HttpRequest, code: str) -> HttpResponse:
    order = get_order_for_user(request, code)
    return _docx(exporting.order_docx(order), exporting.order_file_name(order))


@login_required
def agreement_docx(request: HttpRequest, code: str) -> HttpResponse:
    pairing = get_pairing_for_user(request, code)
    name = exporting.pairing_file_name("Соглашение участников наставничества", pairing)
    return _docx(exporting.agreement_docx(pairing), name)


@login_required
def meeting_log_docx(request: HttpRequest, code: str) -> HttpResponse:
    pairing = get_pairing_for_mentor_or_staff(request, code)
    name = exporting.pairing_file_name("Журнал встреч", pairing)
    return _docx(exporting.log_docx(pairing), name)


@login_required
def mentor_card_docx(request: HttpRequest, code: str) -> HttpResponse:
    """The card for the website: only with the mentor's valid consent to the
    dissemination of their personal data (152-ФЗ, ст. 10.1)."""
    person = get_person_for_user(request, code)
    if not hasattr(person, "mentor_profile"):
        messages.error(request, _("The person is not in the mentor base."))
        return redirect("people-person-detail", code=person.code)
    if not person.consents.dissemination().valid().exists():
        messages.error(
            request,
            _(
                "The mentor's card is published on the website only with their "
                "signed consent to the dissemination of personal data. Take the "
                "consent first."
            ),
        )
        return redirect("people-person-detail", code=person.code)
    return _docx(exporting.card_docx(person), exporting.card_file_name(person))


@login_required
def thanks_docx(request: HttpRequest, code: str, person_code: str) -> HttpResponse:
    """The letter of thanks to a mentor of the pair, once the pair has held
    its final meeting or closed successfully."""
    pairing = get_pairing_for_user(request, code)
    mentor = get_mentor_of_pairing(pairing, person_code)
    if not pairing.earns_thanks:
        messages.error(
            request,
            _(
                "A letter of thanks is given to the mentors of a pair that has "
                "held its final meeting or closed successfully."
            ),
        )
        return redirect("pairs-pairing-detail", code=pairing.code)
    return _docx(
        exporting.thanks_docx(pairing, mentor),
        exporting.thanks_file_name(pairing, mentor),
    )
