"""What is late and what is due soon on the roadmaps: for the home page of an
organisation's staff and for the weekly e-mail digest.

Only roadmaps still running count (their period has not ended): an item left
open in last year's plan is history, not a reminder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation

from nastavnik.accounts.models import STAFF_ROLES, Membership, Role, User
from nastavnik.lib import emails
from nastavnik.orgs.models import Organisation
from nastavnik.programmes.models import DigestLog, Item

SOON_DAYS = 7


@dataclass
class Reminders:
    """The overdue items (``days_late`` set on each) and those due within
    ``SOON_DAYS`` days, both earliest first."""

    overdue: list[Item] = field(default_factory=list)
    due_soon: list[Item] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.overdue or self.due_soon)


@dataclass
class Group:
    """The reminders of one roadmap owner: an organisation or a municipality."""

    title: str
    reminders: Reminders


def _live(items: QuerySet[Item], today: date) -> QuerySet[Item]:
    return items.filter(stage__roadmap__period_end__gte=today).select_related(
        "stage__roadmap__programme__organisation", "stage__roadmap__municipality"
    )


def _reminders(items: QuerySet[Item], today: date) -> Reminders:
    """Both lists from one query: the open items due before the end of the
    ``SOON_DAYS`` window, split at today."""
    soon = today + timedelta(days=SOON_DAYS)
    items = _live(items.open().filter(due_on__lte=soon), today)
    reminders = Reminders()
    for item in items.order_by("due_on", "stage__position", "position"):
        if item.due_on < today:
            item.days_late = (today - item.due_on).days
            reminders.overdue.append(item)
        else:
            reminders.due_soon.append(item)
    return reminders


def for_organisation(
    organisation: Organisation, today: date | None = None
) -> Reminders:
    """The reminders of the organisation's roadmaps."""
    today = today or timezone.localdate()
    items = Item.objects.filter(stage__roadmap__programme__organisation=organisation)
    return _reminders(items, today)


def items_of_user(user: User) -> QuerySet[Item]:
    """The items a user answers for: those of the organisations they are staff
    of, of the municipal plans they coordinate, and those assigned to them."""
    mine = Membership.objects.active().filter(user=user)
    return Item.objects.filter(
        Q(
            stage__roadmap__programme__organisation__in=mine.filter(
                role__in=STAFF_ROLES
            ).values("organisation")
        )
        | Q(
            stage__roadmap__municipality__in=mine.filter(role=Role.MUNICIPAL).values(
                "municipality"
            )
        )
        | Q(responsible_user=user)
    )


def for_user(user: User, today: date | None = None) -> list[Group]:
    """The user's reminders grouped by organisation (or municipality), in
    the order of their names; owners with nothing due are left out."""
    today = today or timezone.localdate()
    reminders = _reminders(items_of_user(user), today)
    groups: dict[tuple[str, int], Group] = {}
    for kind in ("overdue", "due_soon"):
        for item in getattr(reminders, kind):
            roadmap = item.stage.roadmap
            if roadmap.programme_id:
                key = ("organisation", roadmap.programme.organisation_id)
                title = roadmap.programme.organisation.short_name
            else:
                key = ("municipality", roadmap.municipality_id)
                title = str(roadmap.municipality)
            group = groups.setdefault(key, Group(title, Reminders()))
            getattr(group.reminders, kind).append(item)
    return sorted(groups.values(), key=lambda group: group.title)


def iso_week(day: date) -> str:
    """«2026-W48»: the ISO week ``day`` falls in."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def digest_recipients() -> QuerySet[User]:
    """Active users with an e-mail address who may have something due: the
    staff of organisations, municipal coordinators and responsible users."""
    roles = [*STAFF_ROLES, Role.MUNICIPAL]
    members = Membership.objects.active().filter(role__in=roles).values("user")
    responsible = Item.objects.filter(responsible_user__isnull=False).values(
        "responsible_user"
    )
    return (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .filter(Q(pk__in=members) | Q(pk__in=responsible))
        .order_by("pk")
    )


def digest_send(user: User, today: date | None = None) -> bool:
    """Send the user this week's digest of overdue items and those due within
    ``SOON_DAYS`` days. Returns False, sending nothing, when nothing is due or
    the digest of this ISO week has already gone out (a second run of the
    weekly job is harmless)."""
    today = today or timezone.localdate()
    groups = for_user(user, today)
    if not groups:
        return False
    week = iso_week(today)
    try:
        # Claim the week first: two runs at once cannot both send.
        with transaction.atomic():
            log = DigestLog.objects.create(user=user, week=week)
    except IntegrityError:
        return False
    name = " ".join(p for p in (user.first_name, user.patronymic) if p)
    ctx = {
        "user": user,
        "name": name or user.get_full_name() or user.username,
        "groups": groups,
        "today": today,
        "num_overdue": sum(len(g.reminders.overdue) for g in groups),
        "num_due_soon": sum(len(g.reminders.due_soon) for g in groups),
        "days": SOON_DAYS,
    }
    try:
        with translation.override(settings.LANGUAGE_CODE):
            emails.send("roadmap-digest", user.email, ctx)
    except Exception:
        # Not sent: let the next run try again.
        log.delete()
        raise
    return True
