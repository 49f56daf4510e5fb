"""Changes to programmes and roadmaps: everything that writes goes through here."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from nastavnik.accounts.models import Membership, Role, User
from nastavnik.lib import ordering
from nastavnik.lib.dates import SchoolYear
from nastavnik.orgs.models import Municipality, Organisation
from nastavnik.programmes.models import (
    Comment,
    Evidence,
    Item,
    MentorshipForm,
    Programme,
    Roadmap,
    Stage,
)
from nastavnik.programmes.roadmap_templates import (
    Owner,
    RoadmapTemplate,
    TemplateStage,
    render,
    responsible_text,
)


def _owner(
    programme: Programme | None,
    municipality: Municipality | None,
    school_year: SchoolYear,
) -> Owner:
    """Whom the template's placeholders name: the programme's organisation
    (or the municipality of a municipal plan) and the school year."""
    if programme is not None:
        organisation = programme.organisation
        municipality = organisation.municipality
        name, head_position = organisation.short_name, organisation.head_position
    else:
        name, head_position = municipality.centre_name or municipality.name, ""
    territory = _("of the municipality «%(name)s»") % {"name": municipality.name}
    return Owner(
        organisation=name,
        year=school_year.start_year,
        territory=territory,
        head_position=head_position,
    )


def _people(
    programme: Programme | None, municipality: Municipality | None
) -> dict[str, User]:
    """The people who take each role of a template: the programme's curator,
    else the organisation's only curator; its only head; the municipality's
    only coordinator. A role held by several people, or by none, is left
    for the user to pick."""
    if programme is not None:
        memberships = Membership.objects.filter(
            organisation_id=programme.organisation_id,
            role__in=[Role.CURATOR, Role.HEAD],
        )
    else:
        memberships = Membership.objects.filter(
            municipality=municipality, role=Role.MUNICIPAL
        )
    holders: dict[str, set[User]] = {}
    for membership in memberships.active().select_related("user"):
        if membership.user.is_active:
            holders.setdefault(membership.role, set()).add(membership.user)
    people = {role: users.pop() for role, users in holders.items() if len(users) == 1}
    if programme is not None and programme.curator_id:
        people[Role.CURATOR] = programme.curator
    return people


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
    """A roadmap for ``programme`` (or ``municipality``) from ``template``, its
    texts written for the programme's organisation and ``school_year``
    (``roadmap_templates.render``) and each role responsible taken by the
    organisation's own person where there is one. ``since`` is the day
    recurring items start counting from (default: today). ``header`` may set
    the approval header fields; by default they are those of the
    organisation's head and the programme's order when the template has one."""
    owner = _owner(programme, municipality, school_year)
    people = _people(programme, municipality)
    roadmap = Roadmap(
        programme=programme,
        municipality=municipality,
        title=render(template.title, owner),
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
            title=render(template_stage.title, owner),
        )
        for i, template_item in enumerate(template_stage.items, start=1):
            user = people.get(template_item.role)
            text = render(template_item.responsible, owner)
            if user is None:
                text = responsible_text(text, template_item.role)
            item = Item.from_template(
                template_item,
                stage=stage,
                since=since,
                position=i,
                fill=lambda text: render(text, owner),
                responsible_user=user,
                responsible_text=text,
            )
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
    ordering.renumber(list(roadmap.stages.order_by("position")))


# The pages of programmes and roadmaps (programmes/views.py).


@transaction.atomic
def programme_create(
    *,
    programme: Programme,
    forms: Iterable[MentorshipForm],
    template: RoadmapTemplate,
    since: date | None = None,
) -> Programme:
    """Save a new programme with its forms and build its roadmap from
    ``template`` for the programme's school year."""
    programme.full_clean()
    programme.save()
    programme.forms.set(forms)
    build_roadmap(
        template, programme=programme, school_year=programme.year, since=since
    )
    return programme


def _has_approval_header(roadmap: Roadmap) -> bool:
    from nastavnik.programmes import roadmap_templates

    template = roadmap_templates.TEMPLATES.get(roadmap.template)
    return roadmap.is_approved or bool(template and template.approval)


@transaction.atomic
def programme_update(
    *, programme: Programme, forms: Iterable[MentorshipForm]
) -> Programme:
    """Save the programme. When its approving order changes and the roadmap's
    approval header showed the old order, the header follows the new one."""
    before = Programme.objects.get(pk=programme.pk)
    programme.full_clean()
    programme.save()
    programme.forms.set(forms)
    old = (before.order_number, before.order_date)
    new = (programme.order_number, programme.order_date)
    roadmap = Roadmap.objects.filter(programme=programme).first()
    if (
        roadmap is not None
        and old != new
        and (roadmap.approval_order_number, roadmap.approval_order_date) == old
        and _has_approval_header(roadmap)
    ):
        roadmap.approval_order_number, roadmap.approval_order_date = new
        roadmap.save(update_fields=["approval_order_number", "approval_order_date"])
    return programme


@transaction.atomic
def roadmap_update(roadmap: Roadmap, *, since: date | None = None) -> Roadmap:
    """Save the roadmap's header. A new period moves every item's due date."""
    before = Roadmap.objects.get(pk=roadmap.pk)
    roadmap.full_clean()
    roadmap.save()
    if (before.period_start, before.period_end) != (
        roadmap.period_start,
        roadmap.period_end,
    ):
        since = since or timezone.localdate()
        items = list(
            Item.objects.filter(stage__roadmap=roadmap).select_related("stage__roadmap")
        )
        for item in items:
            item.schedule(since)
        Item.objects.bulk_update(items, ["deadline_kind", "due_on"])
    return roadmap


@transaction.atomic
def stage_add(*, roadmap: Roadmap, stage: Stage) -> Stage:
    """Add ``stage`` at the end of the roadmap."""
    stage.roadmap = roadmap
    stage.position = ordering.next_position(roadmap.stages.all())
    stage.full_clean()
    stage.save()
    return stage


@transaction.atomic
def stage_move(stage: Stage, *, delta: int) -> bool:
    """Move the stage one place up (-1) or down (+1); False at an end."""
    siblings = Stage.objects.filter(roadmap_id=stage.roadmap_id).order_by("position")
    return ordering.move(siblings, stage, delta)


@transaction.atomic
def item_add(*, stage: Stage, item: Item, since: date | None = None) -> Item:
    """Add ``item`` at the end of ``stage``, with its due date computed."""
    item.stage = stage
    item.position = ordering.next_position(stage.items.all())
    item.schedule(since or timezone.localdate())
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def item_set_status(
    item: Item, *, user: User, status: str, on: date | None = None
) -> Item:
    """Give the item a new status. «Done» goes through ``item_mark_done``, so a
    recurring item moves on to its next due date; reopening forgets the day
    it was done."""
    if status == item.status:
        return item
    if status == Item.Status.DONE:
        item_mark_done(item, user, on)
        return item
    if item.status == Item.Status.DONE:
        item.done_on = None
    item.status = status
    item.save(update_fields=["status", "done_on"])
    return item


@transaction.atomic
def item_update(
    item: Item,
    *,
    user: User,
    status: str,
    moved: bool = False,
    rescheduled: bool = False,
    since: date | None = None,
) -> Item:
    """Save an edited item: ``moved`` to another stage goes to its end;
    a ``rescheduled`` deadline gets its due date again; then the status."""
    if moved:
        others = Item.objects.filter(stage_id=item.stage_id).exclude(pk=item.pk)
        item.position = ordering.next_position(others)
    if rescheduled or moved:
        item.schedule(since or timezone.localdate())
    item.full_clean()
    item.save()
    return item_set_status(item, user=user, status=status)


@transaction.atomic
def item_move(item: Item, *, delta: int) -> bool:
    """Move the item one place up (-1) or down (+1) in its stage."""
    siblings = Item.objects.filter(stage_id=item.stage_id).order_by("position")
    return ordering.move(siblings, item, delta)


def _delete_files(evidence: Iterable[Evidence]) -> None:
    # The rows go with the transaction; the files only once it has committed,
    # so that a rollback never leaves evidence pointing at a deleted file.
    names = [e.file.name for e in evidence if e.file]
    if names:
        storage = Evidence._meta.get_field("file").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in names])


@transaction.atomic
def item_delete(item: Item) -> None:
    """Delete the item with its comments and evidence, files included, and
    number the items after it again."""
    _delete_files(item.evidence.all())
    stage_id = item.stage_id
    item.delete()
    ordering.renumber(list(Item.objects.filter(stage_id=stage_id).order_by("position")))


@transaction.atomic
def evidence_add(
    *,
    item: Item,
    user: User,
    title: str,
    file: File | None = None,
    url: str = "",
    target: models.Model | None = None,
) -> Evidence:
    """Attach a file, a web link or an object of the product to the item."""
    evidence = Evidence(item=item, title=title, url=url, added_by=user)
    if target is not None:
        evidence.target = target
    evidence.full_clean()
    if file is not None:
        evidence.file.save(file.name, file, save=False)
    evidence.save()
    return evidence


@transaction.atomic
def evidence_delete(evidence: Evidence) -> None:
    _delete_files([evidence])
    evidence.delete()


@transaction.atomic
def mentorship_form_create(
    *, organisation: Organisation, form: MentorshipForm
) -> MentorshipForm:
    """Save an organisation's own form of mentorship under a fresh code."""
    form.organisation = organisation
    form.slug = f"own-{uuid.uuid4().hex[:12]}"
    form.full_clean()
    form.save()
    return form


@transaction.atomic
def stage_remove(stage: Stage) -> None:
    """``stage_delete``, and the files of its items' evidence with it."""
    _delete_files(Evidence.objects.filter(item__stage=stage))
    stage_delete(stage)


# Importing a roadmap from a table (programmes/import_views.py).


def _merge_columns(own: list[list[str]], imported: list[list[str]]) -> list[list[str]]:
    """The roadmap's columns, and after them the imported item columns it
    lacks (each after the columns that come before it by default), so that
    no imported text is hidden; the stage column is left as the roadmap has it."""
    columns = [list(column) for column in own]
    for key, heading in imported:
        if key == "stage" or key in {k for k, _heading in columns}:
            continue
        rank = Roadmap.COLUMN_KEYS.index(key)
        before = [
            i
            for i, (k, _heading) in enumerate(columns)
            if k in Roadmap.COLUMN_KEYS and Roadmap.COLUMN_KEYS.index(k) < rank
        ]
        columns.insert(before[-1] + 1 if before else 0, [key, heading])
    return columns


@transaction.atomic
def roadmap_import(
    roadmap: Roadmap,
    stages: list[TemplateStage],
    columns: list[list[str]],
    *,
    replace: bool,
    since: date | None = None,
) -> Roadmap:
    """Add the imported ``stages`` after the roadmap's own, or with ``replace``
    put them in place of its stages and items (their comments and evidence
    go too). A roadmap replaced, or empty before, takes the imported
    ``columns`` ([key, heading]) as its layout; one appended to keeps its own
    and gains the item columns it lacks. Due dates are computed as in
    ``build_roadmap``. All or nothing: replacing a roadmap with a done item
    raises ValidationError, as the record of done work must not be lost."""
    existing = Item.objects.filter(stage__roadmap=roadmap)
    if replace and existing.filter(status=Item.Status.DONE).exists():
        raise ValidationError(
            _(
                "Items of the roadmap are done, so they cannot be replaced: "
                "add the imported stages after them instead."
            )
        )
    fresh = replace or not roadmap.stages.exists()
    if replace:
        _delete_files(Evidence.objects.filter(item__stage__roadmap=roadmap))
        roadmap.stages.all().delete()
    keys = [key for key, _heading in columns]
    if fresh:
        roadmap.columns = [list(column) for column in columns]
        # Without a stage column, stages read from heading rows print as such
        # (seed 003); a table with no stages at all has one unnamed stage.
        roadmap.stage_rows = "stage" not in keys and (
            len(stages) > 1 or any(stage.number for stage in stages)
        )
    else:
        roadmap.columns = _merge_columns(roadmap.columns, columns)
    roadmap.full_clean()
    roadmap.save(update_fields=["columns", "stage_rows"])
    last = roadmap.stages.order_by("-position").values_list("position", flat=True)
    start = last.first() or 0
    since = since or timezone.localdate()
    items = []
    for s, imported in enumerate(stages, start=start + 1):
        stage = Stage(
            roadmap=roadmap, position=s, number=imported.number, title=imported.title
        )
        stage.full_clean()
        stage.save()
        for i, template_item in enumerate(imported.items, start=1):
            item = Item.from_template(
                template_item, stage=stage, since=since, position=i
            )
            item.full_clean(exclude=["stage"], validate_unique=False)
            items.append(item)
    Item.objects.bulk_create(items)
    return roadmap
