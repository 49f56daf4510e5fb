"""``{% pairs_attention organisation %}``: the curator's home block of the
pairs that need attention, in one query."""

from __future__ import annotations

from django import template

from nastavnik.orgs.models import Organisation
from nastavnik.pairs import nudges
from nastavnik.pairs.models import Nudge

register = template.Library()


@register.inclusion_tag("pairs/_attention_home.html")
def pairs_attention(organisation: Organisation) -> dict:
    counts = nudges.counts_for(organisation)
    return {
        "organisation": organisation,
        "num_silent": counts.get(Nudge.Reason.SILENT, 0),
        "num_unconfirmed": counts.get(Nudge.Reason.UNCONFIRMED, 0),
        "num_plan_overdue": counts.get(Nudge.Reason.PLAN_OVERDUE, 0),
        "total": sum(counts.values()),
    }
