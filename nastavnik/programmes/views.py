"""Programme and roadmap pages: the curator's daily tool.

Every row comes through ``programmes.access``. The staff of an organisation
(head and curators) read and change its programmes and roadmap; the municipal
coordinator and the regional operator read them, with no buttons (roadmaps
name no pupils); the coordinator also runs the municipality's own plan.
Evidence files are for those who may change the roadmap: an uploaded order
may name pupils, so it does not leave the organisation.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    QueryDict,
)
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nastavnik.accounts.access import (
    get_organisation_for_user,
    get_staff_organisation_for_user,
)
from nastavnik.accounts.models import STAFF_ROLES, Role, User
from nastavnik.lib import docx, downloads, fragments, spreadsheets
from nastavnik.lib.forms import is_tampered
from nastavnik.lib.http import safe_next
from nastavnik.lib.urls import url_maker
from nastavnik.orgs.models import Organisation
from nastavnik.people.models import ImportBatch
from nastavnik.programmes import exporting, roadmap_templates, services
from nastavnik.programmes.access import (
    can_edit,
    get_evidence_for_user,
    get_item_for_user,
    get_programme_for_user,
    get_roadmap_for_user,
    get_stage_for_user,
)
from nastavnik.programmes.forms import (
    CommentForm,
    EvidenceFileForm,
    EvidenceLinkForm,
    EvidenceObjectForm,
    ItemFilterForm,
    ItemForm,
    ItemStatusForm,
    MentorshipFormForm,
    MoveForm,
    ProgrammeCreateForm,
    ProgrammeEditForm,
    RoadmapForm,
    StageDeleteForm,
    StageForm,
    ToggleForm,
)
from nastavnik.programmes.models import (
    STATUS_COUNT_KEYS,
    Item,
    ItemQuerySet,
    MentorshipForm,
    Programme,
    Roadmap,
    Stage,
)

# Where the work of an item is done, for the actions whose pages exist: the
# URL name, and a query that opens the page on the right list.
ACTION_PAGES = {
    Item.Action.PEOPLE: ("people-person-list", ""),
    Item.Action.MENTEES: ("people-mentee-list", ""),
    Item.Action.MENTORS: ("people-mentor-list", ""),
    Item.Action.IMPORT: ("people-import-upload", ""),
    Item.Action.CONSENTS: ("people-person-list", "?consent=missing"),
    Item.Action.PAIRS: ("pairs-board", ""),
    Item.Action.MEETINGS: ("pairs-board", ""),
    Item.Action.MONITORING: ("monitoring-organisation-dashboard", ""),
    Item.Action.PRACTICES: ("practices-case-list", ""),
    Item.Action.REPORTS: ("reports-organisation-list", ""),
}
# The page of an object attached as evidence, by its model.
EVIDENCE_PAGES = {ImportBatch: "people-import-detail"}
STATUS_BUTTONS = {
    "start": gettext_lazy("Start"),
    "done": gettext_lazy("Mark done"),
    "cancel": gettext_lazy("Cancel the item"),
    "reopen": gettext_lazy("Reopen"),
}
STATUS_BAR = [
    ("done", Item.Status.DONE.label),
    ("in_progress", Item.Status.IN_PROGRESS.label),
    ("planned", Item.Status.PLANNED.label),
    ("overdue", gettext_lazy("overdue")),
    ("cancelled", Item.Status.CANCELLED.label),
]


def _responsible_users(roadmap: Roadmap) -> QuerySet[User]:
    """Who may be named responsible: the organisation's staff, or the
    municipal coordinators for a municipal plan."""
    if roadmap.programme_id:
        scope = Q(
            memberships__organisation_id=roadmap.programme.organisation_id,
            memberships__role__in=STAFF_ROLES,
        )
    else:
        scope = Q(
            memberships__municipality_id=roadmap.municipality_id,
            memberships__role=Role.MUNICIPAL,
        )
    return User.objects.filter(scope, memberships__is_active=True).distinct()


def _back(request: HttpRequest, default: str) -> HttpResponse:
    """Back to the programmes page the form was sent from, else ``default``;
    back to the page of ``default`` (its filters kept), at its anchor, with
    the stage ``default`` opens open there too."""
    back = safe_next(request, within="/programmes/")
    if not back:
        return redirect(default)
    target, _sep, anchor = default.partition("#")
    page, _sep, query = target.partition("?")
    if "#" not in back and back.partition("?")[0] == page:
        opened = QueryDict(query).getlist("open")
        path, _sep, back_query = back.partition("?")
        params = QueryDict(back_query, mutable=True)
        filtered = "status" in params or "stage" in params  # every stage shown
        for code in [] if filtered else opened:
            if code not in params.getlist("open"):
                params.appendlist("open", code)
        back = f"{path}?{params.urlencode()}" if params else path
        if anchor:
            back = f"{back}#{anchor}"
    return redirect(back)


def _roadmap_url(stage: Stage, item: Item | None = None) -> str:
    """The roadmap page with ``stage`` open, at ``item`` or else at the stage."""
    url = reverse("programmes-roadmap-detail", args=[stage.roadmap.code])
    anchor = f"item-{item.code}" if item else f"stage-{stage.code}"
    return f"{url}?{urlencode({'open': stage.code})}#{anchor}"


def _stage_links(stages: list[Stage], opened: set[str], current: Stage | None) -> None:
    """Each stage's link that opens it, or closes it, keeping the others open
    as they are: ``?open=<code>`` for each stage open besides the current one."""
    for stage in stages:
        code = str(stage.code)
        if stage == current:
            continue
        keep = opened ^ {code}
        query = urlencode([("open", c) for c in sorted(keep)])
        stage.toggle_url = f"?{query}#stage-{code}" if query else f"?#stage-{code}"
        stage.is_open = code in opened


def _url_or_none(name: str, *args) -> str | None:
    """The URL of a page another part of the product may not have yet."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _action_urls(roadmap: Roadmap, *, staff: bool) -> dict[str, str]:
    """Links from items to the pages where their work is done: only for the
    organisation's staff (those who may edit its roadmap), who alone may open
    those pages."""
    organisation = roadmap.organisation
    if not staff:
        return {}
    if organisation is None:
        # the municipal centre's own plan: its reports are its organisations'
        return {
            Item.Action.REPORTS: reverse(
                "reports-municipality-list", args=[roadmap.municipality.code]
            )
        }
    return {
        action: reverse(name, args=[organisation.code]) + query
        for action, (name, query) in ACTION_PAGES.items()
    }


def _prepare(
    items: Iterable[Item],
    today: date,
    action_urls: dict[str, str],
    buttons: tuple[str, ...] = (),
) -> None:
    """Give each item what the page shows: effective status and its label,
    days late, the link to where its work is done, those of ``buttons`` that
    apply, and its own links (``urls``). Labels and links are made once per
    page, not once per row: a roadmap has a hundred rows."""
    statuses = {value: str(label) for value, label in Item.Status.choices}
    places = {value: str(label) for value, label in Item.Action.choices}
    labels = {action: str(STATUS_BUTTONS[action]) for action in buttons}
    links = {
        name: url_maker(f"programmes-item-{name}")
        for name in ("detail", "edit", "status", "move")
    }
    for item in items:
        item.effective = item.effective_status(today)
        item.status_label = statuses[item.status]
        item.days_late = (
            (today - item.due_on).days if item.effective == Item.OVERDUE else 0
        )
        item.action_url = action_urls.get(item.action)
        item.place = places.get(item.action, "")
        item.buttons = [
            (action, labels[action]) for action in buttons if item.can(action)
        ]
        item.urls = {name: link(item.code) for name, link in links.items()}


def _filter_items(items: ItemQuerySet, status: str, today: date) -> ItemQuerySet:
    """Items of an effective status: overdue ones are no longer planned or in
    progress (as in ``ItemQuerySet.status_counts``)."""
    late = Q(status__in=ItemQuerySet.OPEN, due_on__lt=today)
    if status == Item.OVERDUE:
        return items.filter(late)
    if status in (Item.Status.PLANNED, Item.Status.IN_PROGRESS):
        return items.filter(status=status).exclude(late)
    if status:
        return items.filter(status=status)
    return items


def _bar(progress: dict[str, int]) -> list[dict]:
    """The parts of the stacked bar, each with where it starts and its width in
    percent: the page draws them as SVG rectangles, since the
    Content-Security-Policy allows no style attribute."""
    total = progress["total"] or 1
    parts, start = [], 0.0
    for key, label in STATUS_BAR:
        percent = round(progress[key] * 100 / total, 1)
        parts.append(
            {
                "key": key,
                "label": label,
                "count": progress[key],
                "start": round(start, 1),
                "percent": percent,
            }
        )
        start += percent
    return parts


# Programmes of an organisation


def _programmes_with_progress(organisation: Organisation, today: date) -> dict:
    programmes = list(
        Programme.objects.filter(organisation=organisation)
        .select_related("curator", "roadmap")
        .prefetch_related("forms")
    )
    by_roadmap = Item.objects.filter(
        stage__roadmap__programme__in=programmes
    ).status_counts_by("stage__roadmap", today)
    # a roadmap with no items has no row: all its counts are 0
    keys = ["total", "planned", "in_progress", "done", "overdue", "cancelled"]
    for programme in programmes:
        roadmap = getattr(programme, "roadmap", None)
        programme.progress = (
            by_roadmap.get(roadmap.pk, dict.fromkeys(keys, 0)) if roadmap else None
        )
    return {"programmes": programmes}


def _readable_organisation(
    request: HttpRequest, org_code: str
) -> tuple[Organisation, bool]:
    """The organisation whose programmes the user may read, and whether they
    are its staff (who change them). Its staff find it among the memberships
    the request has read, with no query; an overseer's is looked up."""
    try:
        return get_staff_organisation_for_user(request, org_code), True
    except Http404:
        return get_organisation_for_user(request, org_code), False


@login_required
def programme_list(request: HttpRequest, org_code: str) -> HttpResponse:
    """The organisation's programmes by school year, with roadmap progress."""
    organisation, editable = _readable_organisation(request, org_code)
    today = timezone.localdate()
    shown = {"organisation": organisation, "today": today, "editable": editable}
    ctx = fragments.figures(
        "programme-list", shown, lambda: _programmes_with_progress(organisation, today)
    )
    return render(request, "programmes/programme_list.html", ctx)


@login_required
def programme_add(request: HttpRequest, org_code: str) -> HttpResponse:
    organisation = get_staff_organisation_for_user(request, org_code)
    form = ProgrammeCreateForm(
        request.POST or None,
        instance=Programme(organisation=organisation),
        organisation=organisation,
    )
    if request.method == "POST":
        if form.is_valid():
            programme = form.save(commit=False)
            programme.school_year = form.cleaned_data["school_year"]
            services.programme_create(
                programme=programme,
                forms=form.cleaned_data["forms"],
                template=roadmap_templates.get(form.cleaned_data["template"]),
            )
            messages.success(
                request, _("The programme is created, and its roadmap is ready.")
            )
            return redirect("programmes-roadmap-detail", code=programme.roadmap.code)
        if is_tampered(form):
            return HttpResponseBadRequest()
    ctx = {"organisation": organisation, "form": form}
    return render(request, "programmes/programme_form.html", ctx)


@login_required
def programme_edit(request: HttpRequest, code: str) -> HttpResponse:
    programme = get_programme_for_user(request, code, edit=True)
    organisation = programme.organisation
    form = ProgrammeEditForm(
        request.POST or None, instance=programme, organisation=organisation
    )
    if request.method == "POST":
        if form.is_valid():
            services.programme_update(
                programme=form.save(commit=False), forms=form.cleaned_data["forms"]
            )
            messages.success(request, _("Saved."))
            return redirect("programmes-programme-list", org_code=organisation.code)
        if is_tampered(form):
            return HttpResponseBadRequest()
    ctx = {"organisation": organisation, "programme": programme, "form": form}
    return render(request, "programmes/programme_form.html", ctx)


@login_required
def form_list(request: HttpRequest, org_code: str) -> HttpResponse:
    """The forms of mentorship the organisation may choose, and its own."""
    organisation = get_staff_organisation_for_user(request, org_code)
    form = MentorshipFormForm(request.POST or None, organisation=organisation)
    if request.method == "POST":
        if form.is_valid():
            services.mentorship_form_create(
                organisation=organisation, form=form.save(commit=False)
            )
            messages.success(request, _("The form of mentorship is added."))
            return redirect("programmes-form-list", org_code=organisation.code)
        if is_tampered(form):
            return HttpResponseBadRequest()
    ctx = {
        "organisation": organisation,
        "form": form,
        "federal": MentorshipForm.objects.filter(organisation__isnull=True),
        "own": organisation.mentorship_forms.all(),
    }
    return render(request, "programmes/form_list.html", ctx)


@login_required
@require_POST
def form_toggle(request: HttpRequest, org_code: str) -> HttpResponse:
    """Take an own form out of use (or back): programmes that run it keep it."""
    organisation = get_staff_organisation_for_user(request, org_code)
    form = ToggleForm(request.POST, organisation=organisation)
    if not form.is_valid():
        return HttpResponseBadRequest()
    mentorship_form = form.cleaned_data["form"]
    mentorship_form.is_active = not mentorship_form.is_active
    mentorship_form.save(update_fields=["is_active"])
    return redirect("programmes-form-list", org_code=organisation.code)


# The roadmap


def _roadmap_figures(
    roadmap: Roadmap,
    today: date,
    editable: bool,
    query: tuple[str | None, str | None, bool, tuple[str, ...]],
) -> dict:
    """What the roadmap page shows for the filters and open stages of
    ``query`` ((status, stage, filtered, opened) of the request's GET)."""
    status, stage_code, filtered, opened = query
    # every stage with its counts by status, in one query: the page's progress
    # and its current stage are sums over them
    all_stages = list(roadmap.stages.with_status_counts(today))
    sent = {
        name: value
        for name, value in (("status", status), ("stage", stage_code))
        if value is not None
    }
    form = ItemFilterForm(sent, stages=all_stages)
    data = form.cleaned_data if form.is_valid() else {}
    # the programme is at the first stage that still has open items
    current = next(
        (s for s in all_stages if s.num_planned + s.num_in_progress + s.num_overdue),
        None,
    )
    if filtered:
        # the filter form was sent: every stage it selects, with its items
        shown = [s for s in all_stages if data.get("stage") in ("", None, str(s.code))]
        expanded = shown
    else:
        # the page as opened: the current stage with its items, the others
        # with their counts and a link that opens them (?open=<stage>)
        shown = all_stages
        expanded = [s for s in shown if s == current or str(s.code) in opened]
        _stage_links(shown, set(opened), current)
    items = _filter_items(
        Item.objects.filter(stage__roadmap=roadmap), data.get("status", ""), today
    )
    prefetch_related_objects(
        expanded,
        Prefetch(
            "items",
            queryset=items.select_related("responsible_user")
            .annotate(
                num_comments=Count("comments", distinct=True),
                num_evidence=Count("evidence", distinct=True),
            )
            .order_by("position"),
            to_attr="shown_items",
        ),
    )
    if data.get("status"):
        shown = [stage for stage in shown if stage.shown_items]
    buttons = ("start", "done") if editable else ()
    action_urls = _action_urls(roadmap, staff=editable)
    links = {
        name: url_maker(f"programmes-stage-{name.replace('_', '-')}")
        for name in ("item_add", "edit", "move", "delete")
    }
    for stage in shown:
        stage.urls = {name: link(stage.code) for name, link in links.items()}
    for stage in expanded:
        stage.expanded = True
        _prepare(stage.shown_items, today, action_urls, buttons)
    progress = {
        key: sum(getattr(stage, f"num_{key}") for stage in all_stages)
        for key in STATUS_COUNT_KEYS
    }
    return {
        "all_stages": all_stages,
        "stages": shown,
        "current": current,
        "progress": progress,
        "bar": _bar(progress),
    }


@login_required
def roadmap_detail(request: HttpRequest, code: str) -> HttpResponse:
    roadmap = get_roadmap_for_user(request, code)
    today = timezone.localdate()
    filtered = "status" in request.GET or "stage" in request.GET
    query = (
        request.GET.get("status"),
        request.GET.get("stage"),
        filtered,
        tuple(sorted(set(request.GET.getlist("open")))),
    )
    template = roadmap_templates.TEMPLATES.get(roadmap.template)
    shown = {
        "roadmap": roadmap,
        "today": today,
        "editable": can_edit(request.user, roadmap),
        "filtered": filtered,
        "query": query,
        "approval_word": template.approval_word if template else "УТВЕРЖДАЮ",
        "import_url": _url_or_none("programmes-roadmap-import", roadmap.code),
    }
    ctx = fragments.figures(
        "roadmap-detail",
        shown,
        lambda: _roadmap_figures(roadmap, today, shown["editable"], query),
    )
    # the filters as sent, written inside the cached part (so made only when
    # it is written): their choices are the stages, their values ``query``
    form = SimpleLazyObject(
        lambda: ItemFilterForm(request.GET or None, stages=ctx["all_stages"])
    )
    return render(
        request,
        "programmes/roadmap_detail.html",
        {
            **ctx,
            "programme": roadmap.programme,
            "organisation": roadmap.organisation,
            "owner": roadmap.owner_name,
            "form": form,
            "columns": [c for c in roadmap.columns if c[0] != "stage"],
        },
    )


@login_required
def roadmap_edit(request: HttpRequest, code: str) -> HttpResponse:
    roadmap = get_roadmap_for_user(request, code, edit=True)
    form = RoadmapForm(request.POST or None, instance=roadmap)
    if request.method == "POST":
        if form.is_valid():
            roadmap = form.save(commit=False)
            roadmap.columns = form.columns()
            services.roadmap_update(roadmap)
            messages.success(request, _("Saved."))
            return redirect("programmes-roadmap-detail", code=roadmap.code)
        if is_tampered(form):
            return HttpResponseBadRequest()
    ctx = {"roadmap": roadmap, "owner": roadmap.owner_name, "form": form}
    return render(request, "programmes/roadmap_form.html", ctx)


# Stages


@login_required
def stage_add(request: HttpRequest, code: str) -> HttpResponse:
    roadmap = get_roadmap_for_user(request, code, edit=True)
    form = StageForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            stage = services.stage_add(roadmap=roadmap, stage=form.save(commit=False))
            messages.success(request, _("The stage is added."))
            return redirect(_roadmap_url(stage))
        if is_tampered(form):
            return HttpResponseBadRequest()
    ctx = {"roadmap": roadmap, "form": form}
    return render(request, "programmes/stage_form.html", ctx)


@login_required
def stage_edit(request: HttpRequest, code: str) -> HttpResponse:
    stage = get_stage_for_user(request, code, edit=True)
    form = StageForm(request.POST or None, instance=stage)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Saved."))
            return redirect(_roadmap_url(stage))
        if is_tampered(form):
            return HttpResponseBadRequest()
    ctx = {"roadmap": stage.roadmap, "stage": stage, "form": form}
    return render(request, "programmes/stage_form.html", ctx)


@login_required
@require_POST
def stage_move(request: HttpRequest, code: str) -> HttpResponse:
    stage = get_stage_for_user(request, code, edit=True)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()
    services.stage_move(stage, delta=form.delta)
    return redirect(_roadmap_url(stage))


@login_required
def stage_delete(request: HttpRequest, code: str) -> HttpResponse:
    """Delete a stage; when some of its items are done, only after the curator
    has seen them and ticked the box."""
    stage = get_stage_for_user(request, code, edit=True)
    done = list(stage.items.filter(status=Item.Status.DONE).order_by("position"))
    data = request.POST if request.method == "POST" else None
    form = StageDeleteForm(data) if done else None
    if request.method == "POST" and (form is None or form.is_valid()):
        roadmap = stage.roadmap
        services.stage_remove(stage)
        messages.success(request, _("The stage is deleted."))
        return redirect("programmes-roadmap-detail", code=roadmap.code)
    ctx = {
        "roadmap": stage.roadmap,
        "stage": stage,
        "done": done,
        "num_items": stage.items.count(),
        "form": form,
    }
    return render(request, "programmes/stage_delete.html", ctx)


# Items


def _item_form(request: HttpRequest, roadmap: Roadmap, **kwargs) -> ItemForm:
    return ItemForm(
        request.POST or None,
        roadmap=roadmap,
        responsible=_responsible_users(roadmap),
        **kwargs,
    )


def _warn_unreadable(request: HttpRequest, item: Item) -> None:
    if item.deadline_unreadable:
        messages.warning(
            request,
            _(
                "The deadline is saved as text: «%(text)s». It is not read as a "
                "date, so the item will not show as overdue. Write it like the "
                "examples to get a due date."
            )
            % {"text": item.deadline_text},
        )


@login_required
def item_add(request: HttpRequest, code: str) -> HttpResponse:
    stage = get_stage_for_user(request, code, edit=True)
    roadmap = stage.roadmap
    form = _item_form(request, roadmap, initial={"stage": stage.code})
    if request.method == "POST":
        if form.is_valid():
            item = form.save(commit=False)
            services.item_add(stage=item.stage, item=item)
            services.item_set_status(
                item, user=request.user, status=form.cleaned_data["status"]
            )
            messages.success(request, _("The item is added."))
            _warn_unreadable(request, item)
            return redirect(_roadmap_url(item.stage, item))
        if is_tampered(form):
            return HttpResponseBadRequest()
    ctx = {"roadmap": roadmap, "stage": stage, "form": form}
    return render(request, "programmes/item_form.html", ctx)


@login_required
def item_edit(request: HttpRequest, code: str) -> HttpResponse:
    item = get_item_for_user(request, code, edit=True)
    roadmap = item.stage.roadmap
    form = _item_form(request, roadmap, instance=item)
    if request.method == "POST":
        if form.is_valid():
            services.item_update(
                form.save(commit=False),
                user=request.user,
                status=form.cleaned_data["status"],
                moved="stage" in form.changed_data,
                rescheduled="deadline_text" in form.changed_data,
            )
            messages.success(request, _("Saved."))
            _warn_unreadable(request, item)
            return redirect("programmes-item-detail", code=item.code)
        if is_tampered(form):
            return HttpResponseBadRequest()
    ctx = {"roadmap": roadmap, "item": item, "form": form}
    if request.htmx and request.method == "GET":
        # «Edit» on a roadmap row: the form in place of the row
        ctx["colspan"] = len([c for c in roadmap.columns if c[0] != "stage"]) + 2
        return render(request, "programmes/_item_edit_row.html", ctx)
    return render(request, "programmes/item_form.html", ctx)


@login_required
@require_POST
def item_move(request: HttpRequest, code: str) -> HttpResponse:
    item = get_item_for_user(request, code, edit=True)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()
    services.item_move(item, delta=form.delta)
    return redirect(_roadmap_url(item.stage, item))


@login_required
def item_delete(request: HttpRequest, code: str) -> HttpResponse:
    item = get_item_for_user(request, code, edit=True)
    roadmap = item.stage.roadmap
    if request.method == "POST":
        services.item_delete(item)
        messages.success(request, _("The item is deleted."))
        return redirect(_roadmap_url(item.stage))
    ctx = {
        "roadmap": roadmap,
        "item": item,
        "num_comments": item.comments.count(),
        "num_evidence": item.evidence.count(),
    }
    return render(request, "programmes/item_delete.html", ctx)


@login_required
@require_POST
def item_status(request: HttpRequest, code: str) -> HttpResponse:
    """The status buttons: start, done, cancel, reopen."""
    item = get_item_for_user(request, code, edit=True)
    form = ItemStatusForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()
    action = form.cleaned_data["action"]
    default = _roadmap_url(item.stage, item)
    if not item.can(action):
        # a page opened before someone else changed the item
        messages.info(
            request,
            _("The item is «%(status)s» already: nothing is changed.")
            % {"status": item.get_status_display()},
        )
        return _back(request, default)
    status = Item.TRANSITIONS[action][1]
    due = item.due_on
    services.item_set_status(item, user=request.user, status=status)
    if action == "done" and item.status != Item.Status.DONE:
        messages.success(
            request,
            _("Done for %(due)s. The next deadline is %(next)s.")
            % {
                "due": date_format(due, "SHORT_DATE_FORMAT"),
                "next": date_format(item.due_on, "SHORT_DATE_FORMAT"),
            },
        )
    return _back(request, default)


def _evidence_forms(item: Item, data=None, files=None, kind: str = "") -> dict:
    """The three ways to attach evidence; only the one sent is bound."""
    organisation = item.stage.roadmap.organisation

    def bound(name: str) -> dict:
        return {"data": data, "files": files} if kind == name else {}

    forms = {
        "file": EvidenceFileForm(prefix="file", **bound("file")),
        "link": EvidenceLinkForm(prefix="link", **bound("link")),
    }
    if organisation is not None:
        forms["object"] = EvidenceObjectForm(
            prefix="object", organisation=organisation, **bound("object")
        )
    return forms


def _item_page(
    request: HttpRequest,
    item: Item,
    *,
    comment_form: CommentForm | None = None,
    evidence_forms: dict | None = None,
    status: int = 200,
) -> HttpResponse:
    roadmap = item.stage.roadmap
    editable = can_edit(request.user, roadmap)
    today = timezone.localdate()
    buttons = tuple(STATUS_BUTTONS) if editable else ()
    _prepare([item], today, _action_urls(roadmap, staff=editable), buttons)
    evidence = list(item.evidence.select_related("added_by", "target_type"))
    for piece in evidence:
        piece.page_url = None
        target = piece.target if editable and piece.target_type_id else None
        if target is not None and type(target) in EVIDENCE_PAGES:
            piece.page_url = reverse(EVIDENCE_PAGES[type(target)], args=[target.code])
    ctx = {
        "roadmap": roadmap,
        "item": item,
        "editable": editable,
        "comments": item.comments.select_related("author"),
        "evidence": evidence,
        "comment_form": comment_form or CommentForm(),
        "evidence_forms": evidence_forms or _evidence_forms(item),
        "today": today,
    }
    return render(request, "programmes/item_detail.html", ctx, status=status)


@login_required
def item_detail(request: HttpRequest, code: str) -> HttpResponse:
    item = get_item_for_user(request, code)
    return _item_page(request, item)


@login_required
@require_POST
def item_comment(request: HttpRequest, code: str) -> HttpResponse:
    item = get_item_for_user(request, code, edit=True)
    form = CommentForm(request.POST)
    if not form.is_valid():
        if is_tampered(form):
            return HttpResponseBadRequest()
        return _item_page(request, item, comment_form=form)
    comment = form.save(commit=False)
    comment.item, comment.author = item, request.user
    comment.save()
    messages.success(request, _("The comment is added."))
    return redirect(reverse("programmes-item-detail", args=[item.code]) + "#comments")


def _evidence_title(kind: str, data: dict) -> str:
    if data["title"]:
        return data["title"]
    if kind == "file":
        return PurePath(data["file"].name).name
    if kind == "link":
        return data["url"]
    return str(data["target"])


@login_required
@require_POST
def item_evidence(request: HttpRequest, code: str) -> HttpResponse:
    """Attach an uploaded file, a link or an object of the product."""
    item = get_item_for_user(request, code, edit=True)
    kind = request.POST.get("kind", "")
    forms = _evidence_forms(item, request.POST, request.FILES, kind)
    if kind not in forms:
        return HttpResponseBadRequest()
    form = forms[kind]
    if not form.is_valid():
        if is_tampered(form):
            return HttpResponseBadRequest()
        return _item_page(request, item, evidence_forms=forms)
    data = form.cleaned_data
    services.evidence_add(
        item=item,
        user=request.user,
        title=_evidence_title(kind, data)[:300],
        file=data.get("file"),
        url=data.get("url", ""),
        target=data.get("target"),
    )
    messages.success(request, _("The evidence is attached."))
    return redirect(reverse("programmes-item-detail", args=[item.code]) + "#evidence")


# Evidence


@login_required
def evidence_download(request: HttpRequest, code: str) -> HttpResponse:
    """The file, through the access helper: never a public /media/ address."""
    evidence = get_evidence_for_user(request, code, edit=True)
    if not evidence.file:
        raise Http404
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = PurePath(evidence.file.name).name
    return FileResponse(handle, as_attachment=True, filename=name)


@login_required
@require_POST
def evidence_delete(request: HttpRequest, code: str) -> HttpResponse:
    evidence = get_evidence_for_user(request, code, edit=True)
    item = evidence.item
    services.evidence_delete(evidence)
    messages.success(request, _("The evidence is removed."))
    return redirect(reverse("programmes-item-detail", args=[item.code]) + "#evidence")


@login_required
def roadmap_docx(request: HttpRequest, code: str) -> HttpResponse:
    roadmap = get_roadmap_for_user(request, code)
    return downloads.attachment(
        exporting.roadmap_docx(roadmap),
        name=exporting.file_name(roadmap, "docx", timezone.localdate()),
        content_type=docx.CONTENT_TYPE,
    )


@login_required
def roadmap_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    roadmap = get_roadmap_for_user(request, code)
    return downloads.attachment(
        exporting.roadmap_xlsx(roadmap),
        name=exporting.file_name(roadmap, "xlsx", timezone.localdate()),
        content_type=spreadsheets.CONTENT_TYPE,
    )
