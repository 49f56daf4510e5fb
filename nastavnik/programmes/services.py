"""Changes to programmes and roadmaps: everything that writes goes through here."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from nastavnik.accounts.models import User
from nastavnik.lib.dates import SchoolYear
from nastavnik.orgs.models import Municipality
from nastavnik.programmes import deadlines
from nastavnik.programmes.models import Comment, Item, Programme, Roadmap, Stage
from nastavnik.programmes.roadmap_templates import RoadmapTemplate


@transaction.atomic
def build_roadmap(
    template: RoadmapTemplate,
    *,
    programme: Programme | None = None,
    municipality: Municipality | None = None,
    school_year: SchoolYear,
    since: date | None = None,
    **header: str,
) -> Roadmap:
    """A roadmap for ``programme`` (or ``municipality``) from ``template``, with
    the deadlines moved from the template's year to ``school_year``. ``since``
    is the day recurring items start counting from (default: today). ``header``
    may set the approval header fields; by default they are those of the
    organisation's head and the programme's order when the template has one."""
    delta = school_year.start_year - template.year if template.year else 0
    roadmap = Roadmap(
        programme=programme,
        municipality=municipality,
        title=deadlines.shift_years(template.title, delta),
        template=template.key,
        period_start=school_year.start,
        period_end=school_year.end,
        columns=[list(column) for column in template.columns],
        stage_rows=template.stage_rows,
        agreed_note=template.agreed_note,
    )
    if template.approval and programme is not None:
        organisation = programme.organisation
        roadmap.approver_position = organisation.head_position
        roadmap.approver_name = organisation.head_name
        roadmap.approval_order_number = programme.order_number
        roadmap.approval_order_date = programme.order_date
    for name, value in header.items():
        setattr(roadmap, name, value)
    roadmap.save()
    since = since or timezone.localdate()
    items = []
    for s, template_stage in enumerate(template.stages, start=1):
        stage = Stage.objects.create(
            roadmap=roadmap,
            position=s,
            number=template_stage.number,
            title=template_stage.title,
        )
        for i, template_item in enumerate(template_stage.items, start=1):
            item = Item(
                stage=stage,
                position=i,
                number=template_item.number,
                activity=template_item.activity,
                deadline_text=deadlines.shift_years(template_item.deadline, delta),
                responsible_text=template_item.responsible,
                result=template_item.result,
                action=template_item.action,
            )
            item.schedule(since)
            items.append(item)
    Item.objects.bulk_create(items)
    return roadmap


def item_save(item: Item, *, since: date | None = None) -> Item:
    """Save an item, recomputing its due date from the deadline text."""
    item.schedule(since or timezone.localdate())
    item.save()
    return item


@transaction.atomic
def item_mark_done(item: Item, user: User, on: date | None = None) -> bool:
    """Mark the item done (a recurring item moves to its next due date) and
    leave a note of it. Returns True when the item is now done for good."""
    on = on or timezone.localdate()
    previous_due = item.due_on
    finished = item.mark_done(on)
    item.save()
    if not finished and previous_due:
        Comment.objects.create(
            item=item,
            author=user,
            text=_("Done for the deadline of %(due)s; the next one is %(next)s.")
            % {
                "due": formats.date_format(previous_due, "SHORT_DATE_FORMAT"),
                "next": formats.date_format(item.due_on, "SHORT_DATE_FORMAT"),
            },
        )
    return finished


@transaction.atomic
def stage_delete(stage: Stage) -> None:
    """Delete a stage with its items and renumber the stages after it."""
    roadmap = stage.roadmap
    stage.delete()
    for position, remaining in enumerate(roadmap.stages.order_by("position"), 1):
        if remaining.position != position:
            remaining.position = position
            remaining.save(update_fields=["position"])
