"""Operations on cases: publishing checks the consents of the people named."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from nastavnik.practices.models import Case


class Refused(Exception):
    """A change the rules forbid; ``messages`` say why, for the curator."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def lacking_consent_message(lacking: list[str]) -> str:
    return _(
        "The case names people without a valid consent to the "
        "dissemination of personal data: %(names)s. Take their "
        "consent, or publish the case without names."
    ) % {"names": ", ".join(lacking)}


@transaction.atomic
def case_publish(*, case: Case) -> Case:
    """Publish the case, unless a person it names has no valid dissemination
    consent (152-ФЗ, ст. 10.1): then nothing changes and the refusal names
    them; the case may still be published without names."""
    lacking = case.lacking_consent()
    if lacking:
        raise Refused([lacking_consent_message(lacking)])
    case.publish()
    case.full_clean()
    case.save(update_fields=["status", "published_at", "updated"])
    return case


@transaction.atomic
def case_withdraw(*, case: Case) -> Case:
    """Take the case off the public page: back to a draft."""
    case.withdraw()
    case.save(update_fields=["status", "published_at", "updated"])
    return case
