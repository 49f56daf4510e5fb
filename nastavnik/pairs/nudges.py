"""Nudges: the pairs that need attention, shown to the curator and e-mailed
to the mentors by ``manage.py send_pair_nudges``.

Three reasons: a pair fixed by order with no meeting held for the weeks its
programme allows (``Programme.silent_weeks``, 3 unless the curator changes
it), a planned meeting whose time passed more than
``UNCONFIRMED_DAYS`` days ago without confirmation, and an overdue row of
the personalised programme. Each occasion is recorded once as a ``Nudge``
(unique per pair, reason and key), so it is never sent twice: the key of a
silent pair is the day of its last meeting held (or of its order), of a
meeting its id and day, of a plan row its id and deadline. A nudge whose
occasion has passed (a meeting held, confirmed, a row done) is resolved.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from nastavnik.lib import emails
from nastavnik.orgs.models import Organisation
from nastavnik.pairs.models import Meeting, Nudge, Pairing, PairingMember, PlanRow

UNCONFIRMED_DAYS = 2

Occasion = tuple[int, str, str]  # (pairing id, reason, key)


def _silent(today: date) -> set[Occasion]:
    """Pairs at work since their order with no meeting held for the weeks
    their programme allows."""
    pairings = (
        Pairing.objects.filter(status__in=Pairing.WORKING_STAGES)
        .annotate(
            last_held=Max(
                "meetings__starts_at",
                filter=Q(meetings__status=Meeting.Status.HELD),
            ),
            ordered=Max("orders__date"),
        )
        .values_list("pk", "last_held", "ordered", "programme__silent_weeks")
    )
    found = set()
    for pk, last_held, ordered, weeks in pairings:
        since = timezone.localdate(last_held) if last_held else ordered
        if since is not None and since <= today - timedelta(weeks=weeks):
            found.add((pk, Nudge.Reason.SILENT, since.isoformat()))
    return found


def _unconfirmed(now: datetime) -> set[Occasion]:
    meetings = (
        Meeting.objects.filter(
            status=Meeting.Status.PLANNED,
            starts_at__lt=now - timedelta(days=UNCONFIRMED_DAYS),
            paper_confirmed_on__isnull=True,
            pairing__status__in=Pairing.LIVE,
        )
        .filter(
            Q(mentor_confirmed_at__isnull=True) | Q(mentee_confirmed_at__isnull=True)
        )
        .values_list("pairing_id", "code", "starts_at")
    )
    return {
        (pk, Nudge.Reason.UNCONFIRMED, f"{code}:{timezone.localdate(starts_at)}")
        for pk, code, starts_at in meetings
    }


def _plan_overdue(today: date) -> set[Occasion]:
    rows = PlanRow.objects.filter(
        done_on__isnull=True,
        deadline__lt=today,
        plan__pairing__status__in=Pairing.LIVE,
    ).values_list("plan__pairing_id", "pk", "deadline")
    return {
        (pk, Nudge.Reason.PLAN_OVERDUE, f"{row}:{deadline}")
        for pk, row, deadline in rows
    }


def occasions(now: datetime | None = None) -> set[Occasion]:
    """Every reason for a nudge there is now."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    return _silent(today) | _unconfirmed(now) | _plan_overdue(today)


def record(now: datetime | None = None) -> int:
    """Record the new occasions as nudges and resolve those that passed;
    returns how many are new. Running it twice records nothing twice."""
    now = now or timezone.now()
    current = occasions(now)
    known = set(Nudge.objects.values_list("pairing_id", "reason", "key"))
    new = [
        Nudge(pairing_id=pk, reason=reason, key=key)
        for pk, reason, key in sorted(current - known)
    ]
    with transaction.atomic():
        Nudge.objects.bulk_create(new, ignore_conflicts=True)
        open_ = Nudge.objects.filter(resolved_at__isnull=True).values_list(
            "pk", "pairing_id", "reason", "key"
        )
        passed = [pk for pk, *occasion in open_ if tuple(occasion) not in current]
        Nudge.objects.filter(pk__in=passed).update(resolved_at=now)
    return len(new)


def describe(nudges: Iterable[Nudge]) -> list[Nudge]:
    """Give each nudge its ``text``, read from its key alone (no query)."""
    nudges = list(nudges)
    for nudge in nudges:
        day = date.fromisoformat(nudge.key.rsplit(":", 1)[-1])
        if nudge.reason == Nudge.Reason.SILENT:
            nudge.text = _("no meeting held since %(day)s") % {"day": f"{day:%d.%m.%Y}"}
        elif nudge.reason == Nudge.Reason.UNCONFIRMED:
            nudge.text = _("the meeting of %(day)s is not confirmed") % {
                "day": f"{day:%d.%m.%Y}"
            }
        else:
            nudge.text = _("a row of the personalised programme was due %(day)s") % {
                "day": f"{day:%d.%m.%Y}"
            }
    return nudges


def open_for(organisation: Organisation) -> QuerySet[Nudge]:
    return Nudge.objects.filter(
        pairing__organisation=organisation, resolved_at__isnull=True
    ).order_by("pairing_id", "reason", "key")


def counts_for(organisation: Organisation) -> dict[str, int]:
    """{reason: open nudges}, one query: the curator's home."""
    rows = (
        open_for(organisation)
        .order_by()
        .values("reason")
        .annotate(n=Count("pk"))
        .values_list("reason", "n")
    )
    return dict(rows)


def home_counts(organisation: Organisation) -> dict[str, int]:
    """The curator's home block of the pairs that need attention."""
    counts = counts_for(organisation)
    return {
        "num_silent": counts.get(Nudge.Reason.SILENT, 0),
        "num_unconfirmed": counts.get(Nudge.Reason.UNCONFIRMED, 0),
        "num_plan_overdue": counts.get(Nudge.Reason.PLAN_OVERDUE, 0),
        "total": sum(counts.values()),
    }


def _mentor_email(member: PairingMember) -> str:
    person = member.person
    return person.email or (person.user.email if person.user_id else "")


def unsent() -> QuerySet[Pairing]:
    """The pairs with nudges not yet e-mailed, with those nudges and the
    current mentors."""
    waiting = Nudge.objects.filter(emailed_at__isnull=True, resolved_at__isnull=True)
    mentors = PairingMember.objects.filter(
        until__isnull=True, role=PairingMember.Role.MENTOR
    ).select_related("person__user")
    mentees = PairingMember.objects.filter(
        until__isnull=True, role=PairingMember.Role.MENTEE
    ).select_related("person")
    return (
        Pairing.objects.filter(pk__in=waiting.values("pairing"))
        .select_related("organisation")
        .prefetch_related(
            Prefetch("nudges", queryset=waiting, to_attr="waiting"),
            Prefetch("members", queryset=mentors, to_attr="mentor_members"),
            Prefetch("members", queryset=mentees, to_attr="mentee_members"),
        )
        .order_by("pk")
    )


def send(pairing: Pairing, now: datetime | None = None) -> int:
    """E-mail the pair's mentors its waiting nudges (``unsent`` gives the
    pair); returns the number of e-mails sent. Without a mentor's address
    the nudges stay waiting, shown to the curator."""
    now = now or timezone.now()
    addresses = [
        (m.person, _mentor_email(m)) for m in pairing.mentor_members if _mentor_email(m)
    ]
    ids = [n.pk for n in pairing.waiting]
    if not addresses or not ids:
        return 0
    # Claim the nudges first: two runs at once cannot both send them.
    with transaction.atomic():
        claimed = Nudge.objects.filter(pk__in=ids, emailed_at__isnull=True).update(
            emailed_at=now
        )
    if claimed != len(ids):
        Nudge.objects.filter(pk__in=ids, emailed_at=now).update(emailed_at=None)
        return 0
    mentees = ", ".join(m.person.short_name for m in pairing.mentee_members)
    try:
        with translation.override(settings.LANGUAGE_CODE):
            nudges = describe(pairing.waiting)
            for person, address in addresses:
                ctx = {
                    "name": " ".join(
                        p for p in (person.first_name, person.patronymic) if p
                    ),
                    "pairing": pairing,
                    "mentees": mentees,
                    "nudges": nudges,
                }
                emails.send("pair-nudge", address, ctx)
    except Exception:
        # Not sent: let the next run try again.
        Nudge.objects.filter(pk__in=ids).update(emailed_at=None)
        raise
    return len(addresses)
