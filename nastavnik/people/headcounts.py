"""The head counts of an organisation, a municipality or a region, each
defined once for every page and export that shows it.

- ``num_pupils``: learners («Обучающиеся»), pupils and students alike, so a
  college counts its students;
- ``num_teachers``: teachers and veteran teachers;
- ``num_mentors`` and ``num_mentees``: the profiles in the mentor and mentee
  bases that have not left.

Anonymised people count nowhere. Each figure is a correlated COUNT subquery,
so a table of organisations costs one query however long it is.
"""

from __future__ import annotations

from django.db.models.functions import Coalesce

from nastavnik.lib.queries import count_subquery as count
from nastavnik.orgs.models import Organisation
from nastavnik.people.models import MenteeProfile, MentorProfile, Person

FIELDS = ["num_pupils", "num_teachers", "num_mentors", "num_mentees"]


def annotations(outer: str) -> dict[str, Coalesce]:
    """The head counts to annotate rows with, ``outer`` being the path from
    a person to the row: ``"organisation"`` for organisations,
    ``"organisation__municipality"`` for municipalities."""
    people = Person.objects.present()
    present = {"person__anonymised_at__isnull": True}
    mentors = MentorProfile.objects.in_base().filter(**present)
    mentees = MenteeProfile.objects.in_base().filter(**present)
    return {
        "num_pupils": count(people.learners(), outer),
        "num_teachers": count(people.teachers(), outer),
        "num_mentors": count(mentors, f"person__{outer}"),
        "num_mentees": count(mentees, f"person__{outer}"),
    }


def of_organisation(organisation: Organisation) -> dict[str, int]:
    """The head counts of one organisation, in one query."""
    rows = Organisation.objects.filter(pk=organisation.pk)
    return rows.annotate(**annotations("organisation")).values(*FIELDS).get()
