"""``{% calendar_feed_url person %}``: the private URL of the person's
meetings feed, for the participant's home page."""

from __future__ import annotations

from django import template

from nastavnik.pairs import calendar
from nastavnik.people.models import Person

register = template.Library()


@register.simple_tag
def calendar_feed_url(person: Person) -> str:
    return calendar.feed_url(person)
