"""The role-aware home page and the overviews for municipal and regional roles.

These pages gather figures from several apps, so they live above all of them.
Municipal and regional pages show aggregates only: never a person's name.
"""

from __future__ import annotations

import bisect
from datetime import date, datetime

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nastavnik import overview
from nastavnik.accounts.access import (
    get_municipality_for_user,
    get_region_for_user,
)
from nastavnik.accounts.models import STAFF_ROLES, Membership, Role
from nastavnik.lib import fragments, prepared
from nastavnik.lib.dates import SchoolYear
from nastavnik.orgs.models import Municipality, Organisation
from nastavnik.pairs import nudges
from nastavnik.pairs.candidates import unpaired_mentees
from nastavnik.pairs.meeting_views import cabinet, cabinet_read
from nastavnik.people import headcounts
from nastavnik.people.models import Person
from nastavnik.programmes import progress, reminders
from nastavnik.programmes.access import coordinates
from nastavnik.surveys.models import Invitation


def _staff_prefetch() -> Prefetch:
    staff = Membership.objects.active().filter(role__in=STAFF_ROLES)
    return Prefetch(
        "memberships", queryset=staff.select_related("user"), to_attr="staff"
    )


def _organisations_with_counts(queryset: QuerySet) -> QuerySet:
    return (
        queryset.select_related("municipality")
        .prefetch_related(_staff_prefetch())
        .annotate(**headcounts.annotations("organisation"))
        .order_by("short_name")
    )


def _totals(rows: list, fields: list[str]) -> dict[str, int]:
    return {f: sum(getattr(row, f) for row in rows) for f in fields}


# The seven stages of the target model (Р-145): the home page explains them
# until the organisation has a programme for the year, then shows its own.
STAGES = [
    (_("Preparing conditions"), _("Order, regulation, roadmap, curator, informing.")),
    (_("Mentee base"), _("Questionnaires and requests of those who need support.")),
    (_("Mentor base"), _("Teachers, pupils, parents, alumni and employers.")),
    (_("Selecting and training mentors"), _("Interviews and mentor training.")),
    (_("Forming pairs and groups"), _("Matching, preference survey, order.")),
    (_("Running pairs and groups"), _("Meetings, plans, feedback.")),
    (_("Closing the programme"), _("Monitoring, awards, cases, publication.")),
]


def _roadmap_blocks(organisation: Organisation, today: date) -> dict:
    """The programmes of this school year with their stages, and the roadmap
    deadlines: what is overdue and what is due within a week."""
    programmes = progress.programmes_with_stages(
        organisation, SchoolYear.of(today), today
    )
    return {
        "programmes": programmes,
        "reminders": reminders.for_organisation(organisation, today),
        "soon_days": reminders.SOON_DAYS,
    }


def _staff_home(request: HttpRequest, membership: Membership) -> HttpResponse:
    organisation = membership.organisation
    today = timezone.localdate()
    ctx = fragments.figures(
        "organisation-home",
        {"organisation": organisation, "today": today},
        lambda: _staff_home_figures(organisation, today),
    )
    return render(request, "home/organisation.html", ctx)


def _staff_home_figures(organisation: Organisation, today: date) -> dict:
    people = Person.objects.for_organisation(organisation).present()
    # the people of each category and those without consent, in one query
    rows = (
        people.with_consent_state()
        .order_by()
        .values("category")
        .annotate(
            n=Count("pk"), without_consent=Count("pk", filter=Q(has_consent=False))
        )
    )
    by_category = {row["category"]: row["n"] for row in rows}
    team = list(
        Membership.objects.active()
        .filter(organisation=organisation, role__in=STAFF_ROLES)
        .select_related("user")
        .order_by("role", "user__last_name")
    )
    has_curator = any(m.role == Role.CURATOR for m in team)
    return {
        "year": SchoolYear.of(today),
        "team": team,
        "has_curator": has_curator,
        "num_people": sum(by_category.values()),
        "categories": [
            (label, by_category.get(value, 0))
            for value, label in Person.Category.choices
            if by_category.get(value)
        ],
        **headcounts.of_organisation(organisation),
        "num_without_consent": sum(row["without_consent"] for row in rows),
        "classes_missing": [
            row for row in people.consent_counts_by_class() if row["missing"]
        ],
        "stages": STAGES,
        "num_waiting": unpaired_mentees(people).count(),
        "attention": nudges.home_counts(organisation),
        **_roadmap_blocks(organisation, today),
    }


def _municipality_page(
    request: HttpRequest, municipality: Municipality
) -> HttpResponse:
    today = timezone.localdate()
    shown = {
        "municipality": municipality,
        "today": today,
        # the coordinator reviews the reports; the regional operator does not
        "can_coordinate": coordinates(request.user, municipality),
    }
    # whoever may open it (get_municipality_for_user) oversees them all, so
    # the page is the same for everyone who may see it
    mine = Organisation.objects.filter(municipality=municipality)
    ctx = fragments.figures(
        "municipality-home", shown, lambda: _municipality_figures(mine, today)
    )
    return render(request, "home/municipality.html", ctx)


def _municipality_figures(mine: QuerySet, today: date) -> dict:
    # schools and partners in one query; partners show only their name
    everyone = list(_organisations_with_counts(mine))
    organisations = [o for o in everyone if o.is_educational]
    year = SchoolYear.of(today)
    return {
        "organisations": organisations,
        "partners": [o for o in everyone if not o.is_educational],
        "totals": _totals(organisations, headcounts.FIELDS),
        "year": year,
        "roadmap_rows": progress.organisations_progress(
            mine.educational(), year, today
        ),
    }


def _region_page(request: HttpRequest, region) -> HttpResponse:
    today = timezone.localdate()
    ctx = fragments.figures(
        "region-home",
        {"region": region, "today": today},
        lambda: _region_figures(region, today),
    )
    return render(request, "home/region.html", ctx)


def _region_figures(region, today: date) -> dict:
    municipalities = list(
        Municipality.objects.filter(region=region)
        .annotate(
            num_organisations=headcounts.count(
                Organisation.objects.educational(), "municipality"
            ),
            **headcounts.annotations("organisation__municipality"),
        )
        .order_by("name")
    )
    fields = ["num_organisations", "num_pupils", "num_mentors", "num_mentees"]
    return {
        "municipalities": municipalities,
        "totals": _totals(municipalities, fields),
        "year": SchoolYear.of(today),
    }


def _participant_home(request: HttpRequest, membership: Membership) -> HttpResponse:
    organisation = membership.organisation
    now = timezone.now()
    today = timezone.localdate(now)
    person, read = fragments.remembered(
        "participant-cabinet", (request.user.pk,), lambda: _cabinet_read(request.user)
    )
    # the page changes with the day and as each meeting's start passes
    # (upcoming meetings become recent ones, next steps move on)
    shown = {
        "organisation": organisation,
        "person": person,
        "today": today,
        "started": bisect.bisect_right(read["starts"], now),
    }
    ctx = fragments.figures(
        f"{membership.role}-home",
        shown,
        lambda: _participant_figures(organisation, person, read, now, today),
    )
    return render(request, f"home/{membership.role}.html", ctx)


def _person_query(user_id: int) -> QuerySet[Person]:
    """The user's own person, as ``.first()`` would find it."""
    people = Person.objects.filter(user=user_id)
    return (people if people.ordered else people.order_by("pk"))[:1]


def _cabinet_read(user) -> tuple[Person | None, dict]:
    found = prepared.objects(_person_query, user_id=user.pk)
    person = found[0] if found else None
    return person, cabinet_read(person)


def _curators_query(organisation_id: int) -> QuerySet[Membership]:
    return (
        Membership.objects.active()
        .filter(organisation=organisation_id, role=Role.CURATOR)
        .values_list(
            "user__last_name", "user__first_name", "user__patronymic", "user__email"
        )
    )


def _invitations_query(person_id: int) -> QuerySet[Invitation]:
    return Invitation.objects.waiting_for(person_id)


def _participant_figures(
    organisation: Organisation,
    person: Person | None,
    read: dict,
    now: datetime,
    today: date,
) -> dict:
    curators = prepared.rows(_curators_query, organisation_id=organisation.pk)
    return {
        # as User.get_full_name writes them
        "curators": [
            {"full_name": " ".join(p for p in names if p), "email": email}
            for *names, email in curators
        ],
        "year": SchoolYear.of(today),
        "invitations": (
            prepared.objects(_invitations_query, person_id=person.pk) if person else []
        ),
        **cabinet(person, read, now),
    }


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The page of the role the user acts in now."""
    membership = request.membership
    if membership is None:
        return render(request, "home/no_role.html")
    if membership.role in STAFF_ROLES:
        return _staff_home(request, membership)
    if membership.role == Role.MUNICIPAL:
        return _municipality_page(request, membership.municipality)
    if membership.role == Role.REGIONAL:
        return _region_page(request, membership.region)
    return _participant_home(request, membership)


@login_required
def municipality(request: HttpRequest, code: str) -> HttpResponse:
    return _municipality_page(request, get_municipality_for_user(request, code))


@login_required
def region(request: HttpRequest, code: str) -> HttpResponse:
    return _region_page(request, get_region_for_user(request, code))


@login_required
def municipality_overview(request: HttpRequest, code: str) -> HttpResponse:
    """The municipality's organisations side by side: pairs, meetings,
    roadmap and the last monthly report due."""
    municipality = get_municipality_for_user(request, code)
    today = timezone.localdate()
    shown = {
        "municipality": municipality,
        "today": today,
        "year": SchoolYear.of(today),
        "can_coordinate": coordinates(request.user, municipality),
    }
    ctx = fragments.figures(
        "municipality-overview",
        shown,
        lambda: overview.for_municipality(municipality, today),
    )
    return render(request, "home/municipality_overview.html", ctx)


@login_required
def region_overview(request: HttpRequest, code: str) -> HttpResponse:
    """The region's municipalities side by side, with the same figures."""
    region = get_region_for_user(request, code)
    today = timezone.localdate()
    ctx = fragments.figures(
        "region-overview",
        {"region": region, "today": today, "year": SchoolYear.of(today)},
        lambda: overview.for_region(region, today),
    )
    return render(request, "home/region_overview.html", ctx)
