"""The pages of a pair's personalised programme (ППН): read and edited by
the staff of its organisation and by the pair's current mentor; approved by
the curator. A row opens its edit form on demand (``?edit=<row>``): the page
has no form per row, and one form around the table carries the row buttons."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nastavnik.lib import docx, downloads, ordering
from nastavnik.pairs import exporting, plans
from nastavnik.pairs.access import (
    get_pairing_for_mentor_or_staff,
    get_pairing_for_user,
    is_staff_of_pairing,
)
from nastavnik.pairs.models import Pairing, PersonalPlan, PlanRow
from nastavnik.pairs.services import Refused


class PlanForm(forms.ModelForm):
    class Meta:
        model = PersonalPlan
        fields = ["deficits", "goal", "tasks"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields}


class PlanRowForm(forms.ModelForm):
    class Meta:
        model = PlanRow
        fields = plans.ROW_FIELDS
        widgets = {
            "activity": forms.Textarea(attrs={"rows": 2}),
            "expected_result": forms.Textarea(attrs={"rows": 2}),
        }


class ReflectionForm(forms.ModelForm):
    class Meta:
        model = PersonalPlan
        fields = ["reflection"]
        widgets = {"reflection": forms.Textarea(attrs={"rows": 4})}
        labels = {
            "reflection": gettext_lazy(
                "What was achieved, what was hard, what comes next"
            )
        }


def _plan(pairing: Pairing) -> PersonalPlan | None:
    plan = PersonalPlan.objects.filter(pairing=pairing).first()
    if plan is not None:
        plan.pairing = pairing
    return plan


def _plan_or_404(pairing: Pairing) -> PersonalPlan:
    plan = _plan(pairing)
    if plan is None:
        raise Http404
    return plan


def _back(pairing: Pairing) -> HttpResponse:
    return redirect("pairs-plan-detail", code=pairing.code)


@login_required
def plan_detail(request: HttpRequest, code: str) -> HttpResponse:
    """The programme: its facts, its rows and progress; POST saves the
    deficits, goal and tasks (``part=plan``) or the reflection."""
    pairing = get_pairing_for_mentor_or_staff(request, code)
    plan = _plan(pairing)
    plan_form = PlanForm(instance=plan)
    reflection_form = ReflectionForm(instance=plan)
    if request.method == "POST":
        if plan is None:
            raise Http404
        part = request.POST.get("part")
        if part not in ("plan", "reflection"):
            return HttpResponseBadRequest()
        if part == "plan":
            plan_form = PlanForm(request.POST, instance=plan)
            form = plan_form
        else:
            reflection_form = ReflectionForm(request.POST, instance=plan)
            form = reflection_form
        if form.is_valid():
            data = form.cleaned_data
            try:
                if part == "plan":
                    plans.plan_edit(plan, user=request.user, **data)
                else:
                    plans.plan_reflect(plan, user=request.user, **data)
            except Refused as refused:
                form.add_error(None, refused.messages[0])
            else:
                messages.success(request, _("Saved."))
                return _back(pairing)
    rows = list(plan.rows.order_by("position", "pk")) if plan else []
    editing = request.GET.get("edit", "")
    row_form = None
    if plan is not None and editing:
        row = next((r for r in rows if str(r.pk) == editing), None)
        if row is None and editing != "new":
            raise Http404
        row_form = PlanRowForm(instance=row)
    done, total, percent = plans.progress(rows)
    members = list(pairing.members.filter(until__isnull=True).select_related("person"))
    ctx = {
        "pairing": pairing,
        "organisation": pairing.organisation,
        "plan": plan,
        "rows": rows,
        "done": done,
        "total": total,
        "percent": percent,
        "plan_form": plan_form,
        "reflection_form": reflection_form,
        "row_form": row_form,
        "editing": editing,
        "is_staff": is_staff_of_pairing(request, pairing),
        "mentors": [m.person for m in members if m.role == "mentor"],
        "mentees": [m.person for m in members if m.role == "mentee"],
    }
    return render(request, "pairs/plan_detail.html", ctx)


@login_required
@require_POST
def plan_start(request: HttpRequest, code: str) -> HttpResponse:
    pairing = get_pairing_for_mentor_or_staff(request, code)
    try:
        plans.plan_start(pairing, user=request.user)
    except Refused as refused:
        messages.error(request, refused.messages[0])
    else:
        messages.success(request, _("The programme is started from the template."))
    return _back(pairing)


@login_required
@require_POST
def plan_approve(request: HttpRequest, code: str) -> HttpResponse:
    """The curator approves the programme (the staff only: a mentor gets 404)."""
    pairing = get_pairing_for_user(request, code)
    plan = _plan_or_404(pairing)
    try:
        plans.plan_approve(plan, user=request.user)
    except Refused as refused:
        for message in refused.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The programme is approved."))
    return _back(pairing)


ACTIONS = {"add", "edit", "remove", "up", "down", "done", "undone"}


@login_required
@require_POST
def plan_row(request: HttpRequest, code: str) -> HttpResponse:
    """One change of the rows: ``action`` (add, edit, remove, up, down, done,
    undone), with ``row`` naming the row for all but add."""
    pairing = get_pairing_for_mentor_or_staff(request, code)
    plan = _plan_or_404(pairing)
    action, _sep, row_id = request.POST.get("action", "").partition(":")
    if action not in ACTIONS:
        return HttpResponseBadRequest()
    row = None
    if action != "add":
        row = plan.rows.filter(pk=row_id if row_id.isdigit() else None).first()
        if row is None:
            raise Http404
    try:
        if action in ("add", "edit"):
            form = PlanRowForm(request.POST, instance=row)
            if not form.is_valid():
                ctx = {"pairing": pairing, "plan": plan, "row_form": form, "row": row}
                return render(request, "pairs/plan_row_form.html", ctx, status=400)
            if row is None:
                plans.row_add(plan, fields=form.cleaned_data, user=request.user)
            else:
                plans.row_edit(row, fields=form.cleaned_data, user=request.user)
        elif action == "remove":
            plans.row_remove(row, user=request.user)
        elif action in ("up", "down"):
            delta = ordering.UP if action == "up" else ordering.DOWN
            plans.row_move(row, delta, user=request.user)
        else:
            plans.row_done(row, done=action == "done", user=request.user)
    except Refused as refused:
        messages.error(request, refused.messages[0])
    return _back(pairing)


@login_required
def plan_docx(request: HttpRequest, code: str) -> HttpResponse:
    pairing = get_pairing_for_mentor_or_staff(request, code)
    plan = _plan_or_404(pairing)
    name = exporting.pairing_file_name(
        "Персонализированная программа наставничества", pairing
    )
    return downloads.attachment(
        exporting.plan_docx(plan), name=name, content_type=docx.CONTENT_TYPE
    )
