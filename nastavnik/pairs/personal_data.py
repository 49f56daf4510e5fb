"""The pairs' share of a person's data (``people.personal_data``): the
programmes, pairs and meetings they took part in for the export, and their
feedback's words removed on anonymising. Other members are not named: the
file is handed to this person, and the others' data is theirs."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.lib.dates import day_text
from nastavnik.pairs.models import Feedback, Meeting, PairingMember
from nastavnik.people.models import Person
from nastavnik.people.personal_data import REMOVED, Part, Section


def _pairs(person: Person) -> Section:
    section = Section(
        _("Pairs and groups"),
        [
            _("Programme"),
            _("School year"),
            _("Form of mentorship"),
            _("Role"),
            _("In the pair from"),
            _("In the pair until"),
            _("Period of the pair"),
            _("Status of the pair"),
        ],
    )
    members = (
        PairingMember.objects.filter(person=person)
        .select_related("pairing__programme", "pairing__form")
        .order_by("since", "pk")
    )
    for member in members:
        pairing = member.pairing
        period = f"{day_text(pairing.period_start)} – {day_text(pairing.period_end)}"
        section.rows.append(
            [
                pairing.programme.title,
                str(pairing.programme.year),
                pairing.form.name,
                member.get_role_display(),
                day_text(member.since),
                day_text(member.until),
                period,
                pairing.get_status_display(),
            ]
        )
    return section


def _meetings(person: Person) -> Section:
    """The meetings of the pairs while the person was in them, with the
    person's own feedback."""
    section = Section(
        _("Meetings"),
        [
            _("Date and time"),
            _("Kind"),
            _("Status"),
            _("Topic"),
            _("Place"),
            _("Confirmed"),
            _("Feedback, 1 to 10"),
            _("Comment"),
        ],
    )
    feedback = {
        f.meeting_id: f for f in Feedback.objects.filter(person=person).order_by()
    }
    spans = list(
        PairingMember.objects.filter(person=person).values_list(
            "pairing_id", "since", "until"
        )
    )
    meetings = Meeting.objects.filter(
        pairing__in={pairing for pairing, _since, _until in spans}
    ).order_by("starts_at", "pk")
    for meeting in meetings:
        day = timezone.localdate(meeting.starts_at)
        inside = any(
            pairing == meeting.pairing_id
            and since <= day
            and (until is None or day <= until)
            for pairing, since, until in spans
        )
        if not inside and meeting.pk not in feedback:
            continue
        given = feedback.get(meeting.pk)
        section.rows.append(
            [
                timezone.localtime(meeting.starts_at).strftime("%d.%m.%Y %H:%M"),
                meeting.get_kind_display(),
                meeting.get_status_display(),
                meeting.topic,
                meeting.place,
                _("yes") if meeting.is_confirmed else _("no"),
                given.rating if given else "",
                given.comment if given else "",
            ]
        )
    return section


def sections(person: Person) -> list[Section]:
    return [_pairs(person), _meetings(person)]


@transaction.atomic
def anonymise(person: Person) -> None:
    """The person's comments on meetings read «[removed]»; the ratings, the
    memberships and the meetings stay for the counts."""
    Feedback.objects.filter(person=person).exclude(comment="").update(
        comment=str(REMOVED)
    )


PART = Part(name="pairs", sections=sections, anonymise=anonymise)
