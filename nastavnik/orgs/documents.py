"""The documents an organisation may print from its own template.

Each app renders its documents in its exporting module from
<app>/documents/<file name>, through ``Organisation.document_template``,
which hands over the organisation's own upload when there is one. A new
document (the order on pairs, an agreement) joins by one line in ``KINDS``:
its file, its title and the function that gives a sample of its fields. An
upload is checked by filling it with that sample, so a field the program does
not fill is refused before anyone prints the document.

The samples are named by their dotted path, not imported: the apps that own
the documents sit above orgs (DESIGN.md, data flows one way).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from nastavnik.lib import docx
from nastavnik.orgs.models import DocumentTemplate, Organisation


@dataclass(frozen=True)
class Kind:
    key: str  # in URLs and forms
    file_name: str  # <app>/documents/<file_name>
    title: str | Promise
    sample: str  # dotted path of a function () -> dict of sample fields

    def sample_context(self) -> dict:
        return import_string(self.sample)()


_CONSENT_SAMPLE = "nastavnik.people.consent_forms.sample_context"
KINDS = [
    Kind(
        "consent_adult",
        "consent_adult.docx",
        _("Consent to the processing of personal data (an adult)"),
        _CONSENT_SAMPLE,
    ),
    Kind(
        "consent_guardian",
        "consent_guardian.docx",
        _("Consent of a legal representative for a child"),
        _CONSENT_SAMPLE,
    ),
    Kind(
        "consent_dissemination",
        "consent_dissemination.docx",
        _("Consent to the dissemination of personal data"),
        _CONSENT_SAMPLE,
    ),
    Kind(
        "roadmap",
        "roadmap.docx",
        _("Roadmap"),
        "nastavnik.programmes.exporting.sample_docx_context",
    ),
    Kind(
        "survey_blank",
        "survey_blank.docx",
        _("Paper questionnaire"),
        "nastavnik.surveys.exporting.sample_docx_context",
    ),
    Kind(
        "pairing_order",
        "pairing_order.docx",
        _("Order fixing pairs and groups"),
        "nastavnik.pairs.exporting.sample_order_context",
    ),
    Kind(
        "participant_agreement",
        "participant_agreement.docx",
        _("Agreement of the participants of a pair"),
        "nastavnik.pairs.exporting.sample_agreement_context",
    ),
    Kind(
        "mentor_card",
        "mentor_card.docx",
        _("Mentor's card for the website"),
        "nastavnik.pairs.exporting.sample_card_context",
    ),
    Kind(
        "personal_plan",
        "personal_plan.docx",
        _("Personalised programme of mentorship"),
        "nastavnik.pairs.exporting.sample_plan_context",
    ),
    Kind(
        "meeting_log",
        "meeting_log.docx",
        _("Meeting log of a pair"),
        "nastavnik.pairs.exporting.sample_log_context",
    ),
    Kind(
        "thanks_letter",
        "thanks_letter.docx",
        _("Letter of thanks to a mentor"),
        "nastavnik.pairs.exporting.sample_thanks_context",
    ),
    Kind(
        "award_order",
        "award_order.docx",
        _("Order awarding mentors"),
        "nastavnik.practices.exporting.sample_award_order_context",
    ),
    Kind(
        "analytical_note",
        "analytical_note.docx",
        _("Analytical note on the programme"),
        "nastavnik.monitoring.note.sample_note_context",
    ),
]
BY_KEY = {kind.key: kind for kind in KINDS}


def template_for(organisation: Organisation | None, file_name: str):
    """The template to print from: the organisation's own, or the default
    (also for a document with no organisation, a municipality's roadmap)."""
    if organisation is None:
        return docx.document_template(file_name)
    return organisation.document_template(file_name)


@transaction.atomic
def document_template_upload(
    *, organisation: Organisation, kind: Kind, content: bytes, file_name: str
) -> DocumentTemplate:
    """Check the upload against the kind's sample fields (docx.BadTemplate
    when it will not do: the old template stays) and make it the
    organisation's template of that kind."""
    docx.check_template(content, kind.sample_context())
    template, _created = DocumentTemplate.objects.update_or_create(
        organisation=organisation,
        name=kind.file_name,
        defaults={"content": content, "file_name": file_name[:255]},
    )
    return template


@transaction.atomic
def document_template_revert(*, organisation: Organisation, kind: Kind) -> None:
    """Print the kind from the default template again."""
    organisation.document_templates.filter(name=kind.file_name).delete()
