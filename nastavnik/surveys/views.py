"""The questionnaire builder: an organisation's questionnaires, their
versions, sections and questions.

Every row comes through ``surveys.access``. The staff of an organisation (head
and curators) read the shipped questionnaires and their own, and change their
own: a shipped one is copied first. A version that has been sent (it has
campaigns) never changes: the edit lands in a new version made by
``builder.version_for_edit``, and the answers keep the version they were
given to. Only the current version is edited; older ones are history.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max, Prefetch, Q
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nastavnik.accounts.access import (
    get_staff_organisation_for_user,
    staff_organisations,
)
from nastavnik.lib import fragments
from nastavnik.lib.forms import is_tampered
from nastavnik.orgs.models import Organisation
from nastavnik.surveys import answers, builder, profiles, services
from nastavnik.surveys.access import (
    get_question_for_user,
    get_questionnaire_for_user,
    get_section_for_user,
    get_version_for_user,
)
from nastavnik.surveys.forms import (
    CopyForm,
    MoveForm,
    QuestionForm,
    QuestionnaireForm,
    SectionForm,
    VersionForm,
)
from nastavnik.surveys.models import (
    SATISFACTION_KINDS,
    Kind,
    Question,
    Questionnaire,
    Section,
    Version,
)


def _organisation_for(
    request: HttpRequest, questionnaire: Questionnaire
) -> Organisation | None:
    """The organisation the page is shown for: the owner, or for a shipped
    questionnaire the organisation the user acts for now."""
    if questionnaire.organisation_id:
        return questionnaire.organisation
    mine = staff_organisations(request.user)
    membership = getattr(request, "membership", None)
    if membership is not None and membership.organisation_id:
        current = mine.filter(pk=membership.organisation_id).first()
        if current is not None:
            return current
    return mine.order_by("short_name").first()


def _detail_url(questionnaire: Questionnaire, anchor: str = "") -> str:
    url = reverse("surveys-questionnaire-detail", args=[questionnaire.code])
    return f"{url}#{anchor}" if anchor else url


def _stale(request: HttpRequest, version: Version) -> HttpResponse | None:
    """A redirect with a word of explanation when ``version`` is not the
    current one (a page opened before somebody else's edit made a new one)."""
    current = version.questionnaire.current_version()
    if current is None or current.pk == version.pk:
        return None
    messages.warning(
        request,
        _(
            "Version %(old)s is not the current one: the questionnaire has "
            "version %(new)s now. Make the change there."
        )
        % {"old": version.number, "new": current.number},
    )
    return redirect(_detail_url(version.questionnaire))


def _tell_new_version(request: HttpRequest, edit: builder.Edit) -> None:
    if edit.new_version:
        messages.info(
            request,
            _("Version %(new)s is created: the answers to version %(old)s are kept.")
            % {"new": edit.version.number, "old": edit.old.number},
        )


def _move_refused() -> str:
    return _(
        "It cannot go there: a question would come before the question whose "
        "answer shows it. Change that condition first."
    )


def _describe(questions: list[Question]) -> None:
    """Give each question its number in the version and, for a conditional
    one, the answer it waits for in words."""
    numbers = {q.pk: n for n, q in enumerate(questions, start=1)}
    targets = dict(profiles.choices())
    yes_no = {"yes": _("yes"), "no": _("no")}
    for question in questions:
        question.number = numbers[question.pk]
        question.profile_label = targets.get(question.profile_field, "")
        question.bounds = ""
        if question.type == Question.Type.SCALE and (
            question.scale_min,
            question.scale_max,
        ) != (1, 10):
            question.bounds = f"{question.scale_min}–{question.scale_max}"
        condition = question.show_if
        if condition is None:
            continue
        question.condition_number = numbers.get(condition.pk)
        value = question.show_if_value
        if condition.type == Question.Type.YES_NO:
            value = yes_no.get(value, value)
        question.condition_answer = condition.labels.get(value, value)


def _sections_of(version: Version) -> list[Section]:
    questions = Question.objects.select_related("show_if").order_by("position")
    sections = list(
        version.sections.order_by("position").prefetch_related(
            Prefetch("questions", queryset=questions, to_attr="ordered")
        )
    )
    _describe([q for section in sections for q in section.ordered])
    return sections


# Questionnaires


def _url_of(name: str) -> Callable[[uuid.UUID], str]:
    """The URL of the page ``name`` for any object's code, reversed once for
    a whole list rather than once per row."""
    placeholder = str(uuid.UUID(int=0))
    url = reverse(name, args=[placeholder])
    return lambda code: url.replace(placeholder, str(code))


def _questionnaires_by_kind(organisation: Organisation) -> dict:
    questionnaires = (
        Questionnaire.objects.filter(
            Q(organisation__isnull=True) | Q(organisation=organisation)
        )
        .select_related("form", "based_on")
        .annotate(latest=Max("versions__number"))
        .order_by("organisation", "title")
    )
    by_kind: dict[str, dict] = {
        kind: {"label": label, "shipped": [], "own": []} for kind, label in Kind.choices
    }
    detail_url = _url_of("surveys-questionnaire-detail")
    edit_url = _url_of("surveys-questionnaire-edit")
    copy_url = _url_of("surveys-questionnaire-copy")
    for questionnaire in questionnaires:
        questionnaire.detail_url = detail_url(questionnaire.code)
        if questionnaire.is_shipped:
            questionnaire.copy_url = copy_url(questionnaire.code)
        else:
            questionnaire.edit_url = edit_url(questionnaire.code)
        group = by_kind[questionnaire.kind]
        group["shipped" if questionnaire.is_shipped else "own"].append(questionnaire)
    return {"kinds": [g for g in by_kind.values() if g["shipped"] or g["own"]]}


@login_required
def questionnaire_list(request: HttpRequest, org_code: str) -> HttpResponse:
    """The shipped questionnaires and the organisation's own, by kind."""
    organisation = get_staff_organisation_for_user(request, org_code)
    ctx = fragments.figures(
        "questionnaire-list",
        {"organisation": organisation},
        lambda: _questionnaires_by_kind(organisation),
    )
    return render(request, "surveys/questionnaire_list.html", ctx)


@login_required
def questionnaire_add(request: HttpRequest, org_code: str) -> HttpResponse:
    """An empty questionnaire of the organisation."""
    organisation = get_staff_organisation_for_user(request, org_code)
    form = QuestionnaireForm(request.POST or None, organisation=organisation)
    if request.method == "POST":
        if form.is_valid():
            questionnaire = builder.questionnaire_create(
                organisation=organisation,
                questionnaire=form.save(commit=False),
                user=request.user,
            )
            messages.success(
                request, _("The questionnaire is created: add its questions.")
            )
            return redirect(_detail_url(questionnaire))
        if is_tampered(form):
            return HttpResponseBadRequest()
    ctx = {"organisation": organisation, "form": form}
    return render(request, "surveys/questionnaire_form.html", ctx)


@login_required
def questionnaire_detail(request: HttpRequest, code: str) -> HttpResponse:
    """The current version's sections and questions, and the version history."""
    questionnaire = get_questionnaire_for_user(request, code)
    organisation = _organisation_for(request, questionnaire)
    version = questionnaire.current_version()
    mine = Q(campaigns__organisation=organisation)
    versions = questionnaire.versions.select_related("created_by").annotate(
        num_campaigns=Count("campaigns", filter=mine, distinct=True),
        num_responses=Count("campaigns__responses", filter=mine, distinct=True),
    )
    editable = not questionnaire.is_shipped
    ctx = {
        "questionnaire": questionnaire,
        "organisation": organisation,
        "version": version,
        "sections": _sections_of(version) if version else [],
        "versions": versions.order_by("-number"),
        "editable": editable,
        "sent": editable and version is not None and version.campaigns.exists(),
        "is_satisfaction": questionnaire.kind in SATISFACTION_KINDS,
    }
    return render(request, "surveys/questionnaire_detail.html", ctx)


@login_required
def questionnaire_edit(request: HttpRequest, code: str) -> HttpResponse:
    """Title, description, kind and form: the same for every version."""
    questionnaire = get_questionnaire_for_user(request, code, edit=True)
    form = QuestionnaireForm(
        request.POST or None,
        instance=questionnaire,
        organisation=questionnaire.organisation,
    )
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Saved."))
            return redirect(_detail_url(questionnaire))
        if is_tampered(form):
            return HttpResponseBadRequest()
    ctx = {
        "organisation": questionnaire.organisation,
        "questionnaire": questionnaire,
        "form": form,
    }
    return render(request, "surveys/questionnaire_form.html", ctx)


@login_required
@require_POST
def questionnaire_copy(request: HttpRequest, code: str) -> HttpResponse:
    """«Создать на основе»: the organisation's own copy to edit."""
    questionnaire = get_questionnaire_for_user(request, code)
    form = CopyForm(request.POST, organisations=staff_organisations(request.user))
    if not form.is_valid():
        return HttpResponseBadRequest()
    organisation: Organisation = form.cleaned_data["organisation"]
    copy = builder.questionnaire_copy(questionnaire, organisation, request.user)
    messages.success(
        request,
        _("The questionnaire is copied into %(organisation)s: change it as you need.")
        % {"organisation": organisation.short_name},
    )
    return redirect(_detail_url(copy))


# Versions


@login_required
def version_preview(request: HttpRequest, code: str) -> HttpResponse:
    """The form as the respondent sees it; it sends nothing."""
    version = get_version_for_user(request, code)
    ctx = {
        "questionnaire": version.questionnaire,
        "version": version,
        "answer_form": answers.render_context(version),
    }
    return render(request, "surveys/version_preview.html", ctx)


def _changes(form) -> dict:
    """The form's cleaned model fields: the object edited may be the copy in
    a new version, not the form's instance."""
    return {name: form.cleaned_data[name] for name in form._meta.fields}


def _conflict() -> str:
    return _(
        "Somebody else changed this questionnaire at the same moment. Look at "
        "its current version and make your change again."
    )


def _form_page(request, template: str, form, conflict: bool = False, **ctx):
    """A builder form, again with the user's input after an edit conflict."""
    if conflict:
        form.add_error(None, _conflict())
    ctx |= {"form": form, "sent": ctx["version"].campaigns.exists()}
    return render(request, template, ctx)


@login_required
def version_edit(request: HttpRequest, code: str) -> HttpResponse:
    """The version's instruction, anonymity and satisfaction threshold."""
    version = get_version_for_user(request, code, edit=True)
    if stale := _stale(request, version):
        return stale
    form = VersionForm(request.POST or None, instance=version)
    conflict = False
    if request.method == "POST":
        if form.is_valid():
            try:
                edit = builder.edit_version(version, _changes(form), request.user)
            except builder.EditConflict:
                conflict = True
            else:
                _tell_new_version(request, edit)
                messages.success(request, _("Saved."))
                return redirect(_detail_url(version.questionnaire))
        elif is_tampered(form):
            return HttpResponseBadRequest()
    return _form_page(
        request,
        "surveys/version_form.html",
        form,
        conflict,
        questionnaire=version.questionnaire,
        version=version,
    )


# Sections


@login_required
def section_add(request: HttpRequest, code: str) -> HttpResponse:
    version = get_version_for_user(request, code, edit=True)
    if stale := _stale(request, version):
        return stale
    form = SectionForm(request.POST or None)
    conflict = False
    if request.method == "POST":
        if form.is_valid():
            try:
                edit = builder.edit_section_add(
                    version, form.save(commit=False), request.user
                )
            except builder.EditConflict:
                conflict = True
            else:
                _tell_new_version(request, edit)
                messages.success(request, _("The section is added."))
                return redirect(
                    _detail_url(version.questionnaire, f"section-{edit.obj.code}")
                )
        elif is_tampered(form):
            return HttpResponseBadRequest()
    return _form_page(
        request,
        "surveys/section_form.html",
        form,
        conflict,
        questionnaire=version.questionnaire,
        version=version,
    )


@login_required
def section_edit(request: HttpRequest, code: str) -> HttpResponse:
    section = get_section_for_user(request, code, edit=True)
    version = section.version
    if stale := _stale(request, version):
        return stale
    form = SectionForm(request.POST or None, instance=section)
    conflict = False
    if request.method == "POST":
        if form.is_valid():
            try:
                edit = builder.edit_section(section, _changes(form), request.user)
            except builder.EditConflict:
                conflict = True
            else:
                _tell_new_version(request, edit)
                messages.success(request, _("Saved."))
                return redirect(
                    _detail_url(version.questionnaire, f"section-{edit.obj.code}")
                )
        elif is_tampered(form):
            return HttpResponseBadRequest()
    return _form_page(
        request,
        "surveys/section_form.html",
        form,
        conflict,
        questionnaire=version.questionnaire,
        version=version,
        section=section,
    )


def _move(request, version: Version, obj, anchor: str, move) -> HttpResponse:
    """Move a section or a question up or down, in a new version if the
    current one was sent."""
    form = MoveForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()
    if stale := _stale(request, version):
        return stale
    here = _detail_url(version.questionnaire, f"{anchor}-{obj.code}")
    try:
        edit = move(obj, form.delta, request.user)
    except builder.ConditionOrder:
        messages.error(request, _move_refused())
        return redirect(here)
    except builder.EditConflict:
        messages.error(request, _conflict())
        return redirect(here)
    _tell_new_version(request, edit)
    return redirect(_detail_url(version.questionnaire, f"{anchor}-{edit.obj.code}"))


@login_required
@require_POST
def section_move(request: HttpRequest, code: str) -> HttpResponse:
    section = get_section_for_user(request, code, edit=True)
    return _move(
        request, section.version, section, "section", builder.edit_section_move
    )


def _delete(request, version: Version, delete, obj, done: str) -> HttpResponse:
    try:
        edit = delete(obj, request.user)
    except builder.EditConflict:
        messages.error(request, _conflict())
        return redirect(_detail_url(version.questionnaire))
    _tell_new_version(request, edit)
    messages.success(request, done)
    return redirect(_detail_url(version.questionnaire))


@login_required
def section_delete(request: HttpRequest, code: str) -> HttpResponse:
    section = get_section_for_user(request, code, edit=True)
    version = section.version
    if stale := _stale(request, version):
        return stale
    if request.method == "POST":
        return _delete(
            request,
            version,
            builder.edit_section_delete,
            section,
            _("The section is deleted."),
        )
    ctx = {
        "questionnaire": version.questionnaire,
        "version": version,
        "section": section,
        "num_questions": section.questions.count(),
        "sent": version.campaigns.exists(),
    }
    return render(request, "surveys/section_delete.html", ctx)


# Questions


@login_required
def question_add(request: HttpRequest, code: str) -> HttpResponse:
    """A new question at the end of the section."""
    section = get_section_for_user(request, code, edit=True)
    version = section.version
    if stale := _stale(request, version):
        return stale
    earlier = [
        q
        for q in services.questions_of(version)
        if q.section.position <= section.position
    ]
    form = QuestionForm(
        request.POST or None, earlier=earlier, initial={"type": Question.Type.SCALE}
    )
    conflict = False
    if request.method == "POST":
        if form.is_valid():
            try:
                edit = builder.edit_question_add(
                    section,
                    form.save(commit=False),
                    request.user,
                    condition=form.cleaned_data["condition"],
                    show_if_value=form.cleaned_data["show_if_value"],
                )
            except builder.EditConflict:
                conflict = True
            else:
                _tell_new_version(request, edit)
                messages.success(request, _("The question is added."))
                return redirect(
                    _detail_url(version.questionnaire, f"question-{edit.obj.code}")
                )
        elif is_tampered(form):
            return HttpResponseBadRequest()
    return _form_page(
        request,
        "surveys/question_form.html",
        form,
        conflict,
        questionnaire=version.questionnaire,
        version=version,
        section=section,
    )


@login_required
def question_edit(request: HttpRequest, code: str) -> HttpResponse:
    question = get_question_for_user(request, code, edit=True)
    version = question.section.version
    if stale := _stale(request, version):
        return stale
    questions = services.questions_of(version)
    earlier = questions[: [q.pk for q in questions].index(question.pk)]
    form = QuestionForm(request.POST or None, instance=question, earlier=earlier)
    conflict = False
    if request.method == "POST":
        if form.is_valid():
            try:
                edit = builder.edit_question(
                    question,
                    _changes(form),
                    request.user,
                    condition=form.cleaned_data["condition"],
                    show_if_value=form.cleaned_data["show_if_value"],
                )
            except builder.EditConflict:
                conflict = True
            else:
                _tell_new_version(request, edit)
                messages.success(request, _("Saved."))
                return redirect(
                    _detail_url(version.questionnaire, f"question-{edit.obj.code}")
                )
        elif is_tampered(form):
            return HttpResponseBadRequest()
    return _form_page(
        request,
        "surveys/question_form.html",
        form,
        conflict,
        questionnaire=version.questionnaire,
        version=version,
        section=question.section,
        question=question,
    )


@login_required
@require_POST
def question_move(request: HttpRequest, code: str) -> HttpResponse:
    question = get_question_for_user(request, code, edit=True)
    return _move(
        request,
        question.section.version,
        question,
        "question",
        builder.edit_question_move,
    )


@login_required
def question_delete(request: HttpRequest, code: str) -> HttpResponse:
    question = get_question_for_user(request, code, edit=True)
    version = question.section.version
    if stale := _stale(request, version):
        return stale
    if request.method == "POST":
        return _delete(
            request,
            version,
            builder.edit_question_delete,
            question,
            _("The question is deleted."),
        )
    ctx = {
        "questionnaire": version.questionnaire,
        "version": version,
        "question": question,
        "dependants": list(question.dependants.order_by("position")),
        "sent": version.campaigns.exists(),
    }
    return render(request, "surveys/question_delete.html", ctx)
