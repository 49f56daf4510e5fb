"""Stage 2 of monitoring, the programme's influence on its participants: the
entry and exit questionnaires' parameters (surveys.stats.impact computes the
means and each person's change), read as better or worse, drawn as bars, and
broken down by the form of mentorship each person took part in."""

from __future__ import annotations

from dataclasses import dataclass

from nastavnik.lib.dates import SchoolYear
from nastavnik.orgs.models import Organisation
from nastavnik.pairs.models import PairingMember
from nastavnik.people.models import Person
from nastavnik.surveys import stats

# Parameters that improve when they fall: anxiety, fatigue, complaints.
LOWER_IS_BETTER = {"anxiety", "burnout", "conflicts"}


@dataclass
class Row:
    """One parameter, or one parameter within a form: the mean at entry and
    at exit and the mean change of the people measured at both."""

    parameter: str
    label: str
    entry: float | None
    exit: float | None
    entry_count: int
    exit_count: int
    change: float | None
    both: int
    bar: int = 0

    @property
    def better(self) -> bool:
        if not self.change:
            return False
        return (self.change < 0) == (self.parameter in LOWER_IS_BETTER)

    @property
    def worse(self) -> bool:
        return bool(self.change) and not self.better


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def _scaled(rows: list[Row]) -> list[Row]:
    """Each bar as long as its change relative to the parameter's own level
    (a point of a 1–10 scale weighs more than a point of a count), the
    largest the full width."""

    def weight(row: Row) -> float:
        level = max(abs(row.entry or 0), abs(row.exit or 0), 1)
        return abs(row.change or 0) / level

    largest = max((weight(row) for row in rows), default=0)
    for row in rows:
        row.bar = round(weight(row) / largest * 100) if largest else 0
    return rows


def overall(changes: list[stats.ParameterChange]) -> list[Row]:
    rows = []
    for item in changes:
        both = [p for p in item.people if p.change is not None]
        rows.append(
            Row(
                item.parameter,
                item.label,
                item.entry,
                item.exit,
                item.entry_count,
                item.exit_count,
                item.change,
                len(both),
            )
        )
    return _scaled(rows)


def forms_of(organisation: Organisation, year: SchoolYear) -> dict[int, str]:
    """Each participant's form of mentorship in the school year's programmes
    (the first pair's, if several), by person id; one query."""
    members = (
        PairingMember.objects.filter(
            pairing__organisation=organisation,
            pairing__programme__school_year=year.start_year,
        )
        .order_by("person_id", "since", "pk")
        .values_list("person_id", "pairing__form__name")
    )
    found: dict[int, str] = {}
    for person_id, form in members:
        found.setdefault(person_id, form)
    return found


def by_form(
    changes: list[stats.ParameterChange], forms: dict[int, str]
) -> list[tuple[str, list[Row]]]:
    """Per form, each parameter's means over the people of that form who were
    measured at both moments; forms and parameters in a stable order."""
    grouped: dict[str, list[Row]] = {}
    for item in changes:
        people: dict[str, list[stats.PersonChange]] = {}
        for person in item.people:
            if person.change is not None and person.person_id in forms:
                people.setdefault(forms[person.person_id], []).append(person)
        for form, group in people.items():
            grouped.setdefault(form, []).append(
                Row(
                    item.parameter,
                    item.label,
                    _mean([p.entry for p in group]),
                    _mean([p.exit for p in group]),
                    len(group),
                    len(group),
                    _mean([p.change for p in group]),
                    len(group),
                )
            )
    return [(form, _scaled(grouped[form])) for form in sorted(grouped)]


def people_behind(
    item: stats.ParameterChange, forms: dict[int, str]
) -> list[tuple[Person, str, stats.PersonChange]]:
    """The named people of one parameter with their own entry, exit and
    change, for the curator; one query."""
    found = Person.objects.in_bulk([p.person_id for p in item.people])
    rows = [
        (found[p.person_id], forms.get(p.person_id, ""), p)
        for p in item.people
        if p.person_id in found
    ]
    return sorted(rows, key=lambda row: (row[0].last_name, row[0].first_name))


def for_organisation(organisation: Organisation, year: SchoolYear) -> dict:
    changes = stats.impact(organisation, year)
    forms = forms_of(organisation, year)
    return {
        "changes": changes,
        "rows": overall(changes),
        "by_form": by_form(changes, forms),
        "forms": forms,
    }
