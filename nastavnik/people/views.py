"""The people bases: lists with filters, the person card, profiles, bulk actions.

Every view reaches people through ``people.access``: the staff (head and
curators) of the person's organisation only. Sensitive categories go to
curators only. Every card read is written to the audit log.
"""

from __future__ import annotations

import dataclasses
import functools
import uuid
from collections import OrderedDict
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.defaultfilters import date
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from nastavnik.accounts.access import get_staff_organisation_for_user
from nastavnik.accounts.models import AuditEvent, User
from nastavnik.lib import downloads, fragments, prepared, spreadsheets
from nastavnik.lib.forms import is_tampered
from nastavnik.lib.http import redirect_next
from nastavnik.orgs.models import Organisation
from nastavnik.people import class_views, personal_data, services
from nastavnik.people.access import (
    can_see_sensitive,
    get_person_card_for_user,
    get_person_for_curator,
    get_person_for_user,
)
from nastavnik.people.forms import (
    AnonymiseForm,
    BulkForm,
    MenteeProfileForm,
    MentorProfileForm,
    PersonFilterForm,
    PersonForm,
    SensitiveInfoForm,
)
from nastavnik.people.models import (
    GuardianLink,
    MenteeProfile,
    MentorProfile,
    Person,
    SensitiveInfo,
    choice_label,
)

PAGE_SIZE = 50


def _filter(people: QuerySet, data: dict, *, sensitive_allowed: bool) -> QuerySet:
    """Apply the list filters of PersonFilterForm's cleaned data."""
    if q := data.get("q"):
        people = people.search(q)
    if category := data.get("category"):
        people = people.filter(category=category)
    if class_name := data.get("class_name"):
        people = people.filter(class_name=class_name.replace(" ", "").upper())
    consent = data.get("consent")
    if consent:  # the list's rows are annotated so again (``_rows``)
        people = people.with_consent_state()
    if consent == "valid":
        people = people.filter(has_consent=True)
    elif consent == "missing":
        people = people.filter(has_consent=False)
    elif consent == "revoked":
        people = people.filter(consent_revoked=True)
    base = data.get("base")
    if base == "mentors":
        people = people.mentors()
    elif base == "mentees":
        people = people.mentees()
    elif base == "none":
        people = people.in_no_base()
    if data.get("sensitive") and sensitive_allowed:
        people = people.filter(
            Q(sensitive__disability=True)
            | Q(sensitive__on_register=True)
            | Q(sensitive__difficult_situation=True)
            | Q(sensitive__behaviour=True)
        )
    return people


def _card_url() -> str:
    """The person card's URL without the code, for the rows to append theirs:
    a reverse() per row would cost more than the rest of the row."""
    code = str(uuid.UUID(int=0))
    return reverse("people-person-detail", args=[code]).removesuffix(f"{code}/")


@dataclasses.dataclass
class ListPage:
    """A page of a list as its fragment shows it: its rows and where it stands
    (a Paginator's page cannot go into a fragment's key)."""

    object_list: list
    number: int
    num_pages: int

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    @property
    def paginator(self) -> ListPage:
        return self

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def has_other_pages(self) -> bool:
        return self.num_pages > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def _people_page(
    request: HttpRequest,
    organisation: Organisation,
    people: Callable[[], QuerySet],
    *,
    name: str,
    template: str,
    extra: Callable[[], dict] | None = None,
    profile: str = "",
    columns: tuple[str, ...] = (),
    shown: dict | None = None,
    statuses: list | None = None,
) -> HttpResponse:
    """A list of people: the whole of it (header, tabs, filters, rows, the
    bulk bar, pages) is written once per set of figures (``people()`` and
    ``extra()`` are read only when the database or what is shown has
    changed); only the bulk form's token and its way back stay live."""
    sensitive_allowed = can_see_sensitive(request, organisation)
    shown = {
        "organisation": organisation,
        # a row's age and consent are of the day
        "today": timezone.localdate(),
        "path": request.path,
        "filters": tuple((k, tuple(v)) for k, v in sorted(request.GET.lists())),
        "sensitive_allowed": sensitive_allowed,
        **(shown or {}),
    }

    # The filter form is built only to compute the figures or to write the
    # fragment anew (a template calls a callable it is given).
    @functools.cache
    def form() -> PersonFilterForm:
        return PersonFilterForm(request.GET or None)

    def compute() -> dict:
        data = form().cleaned_data if form().is_valid() else {}
        found = _filter(people(), data, sensitive_allowed=sensitive_allowed)
        # counted without what the rows show (its joins), then the page's rows
        page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
        start = (page.number - 1) * PAGE_SIZE
        rows = list(_rows(found, profile, columns)[start : start + PAGE_SIZE])
        if profile:  # a base: the topics of its rows' profiles, in one query
            model = Person._meta.get_field(profile).related_model
            model.read_topic_names(getattr(person, profile) for person in rows)
        query = request.GET.copy()
        query.pop("page", None)
        found = {
            "page": ListPage(rows, page.number, page.paginator.num_pages),
            "total": page.paginator.count,
            "card_url": _card_url(),
            "bulk_url": reverse("people-bulk", args=[organisation.code]),
            "query": query.urlencode(),
            **(extra() if extra else {}),
        }
        if profile:  # the bases filter by topic
            choices = form().topic_choices
            found["topic_choices"] = [(str(value), label) for value, label in choices]
        return found

    ctx = {
        **fragments.figures(name, shown, compute),
        "form": form,
        # the bulk bar's selects: BulkForm's choices, without building the form
        "bulk_actions": BulkForm.base_fields["action"].choices,
        "mentee_categories": BulkForm.base_fields["mentee_category"].choices,
        "statuses": statuses,
    }
    return render(request, template, ctx)


# What a row of a list shows of a person: the lists read nothing more.
ROW_FIELDS = (
    "code",
    "last_name",
    "first_name",
    "patronymic",
    "birth_date",
    "category",
    "class_name",
    "position",
)


def _base_people(organisation: Organisation) -> QuerySet:
    """Everyone a list may show: the present people of the organisation."""
    return Person.objects.for_organisation(organisation).present()


def _rows(people: QuerySet, profile: str = "", columns: tuple = ()) -> QuerySet:
    """The rows of a list, with what their badges need: the consent state and
    the status of each profile (empty without one), and for a base the
    ``columns`` of its ``profile``."""
    people = people.with_consent_state().annotate(
        mentor_status=F("mentor_profile__status"),
        mentee_status=F("mentee_profile__status"),
    )
    if profile:
        people = people.select_related(profile)
    return people.only(*ROW_FIELDS, *(f"{profile}__{column}" for column in columns))


@login_required
def person_list(request: HttpRequest, org_code: str) -> HttpResponse:
    """Everyone the organisation keeps: the pool the bases are drawn from."""
    organisation = get_staff_organisation_for_user(request, org_code)
    class_name = request.GET.get("class_name", "").replace(" ", "").upper()

    def class_row() -> dict:
        # Filtered by a class: the class's «consents: 18 of 25» above the list.
        classes = []
        if class_name:
            people = Person.objects.for_organisation(organisation).present()
            classes = people.filter(class_name=class_name).consent_counts_by_class()
        return {"class_row": classes[0] if classes else None}

    return _people_page(
        request,
        organisation,
        lambda: _base_people(organisation),
        name="people-everyone",
        template="people/person_list.html",
        extra=class_row,
    )


def _base_page(
    request: HttpRequest,
    org_code: str,
    *,
    profile: str,
    model,
    columns: tuple[str, ...],
    template: str,
) -> HttpResponse:
    """A base (mentors or mentees): people whose ``profile`` has not left,
    filtered by the profile's status and topic, then the common filters."""
    organisation = get_staff_organisation_for_user(request, org_code)
    status = request.GET.get("status", "")

    def base() -> QuerySet:
        people = _base_people(organisation)
        people = people.mentors() if model is MentorProfile else people.mentees()
        if status in model.Status.values:
            people = people.filter(**{f"{profile}__status": status})
        if topic := request.GET.get("topic", ""):
            people = people.filter(**{f"{profile}__topics__code": topic})
        if profile == "mentor_profile":
            if form_code := request.GET.get("form", ""):
                people = people.filter(
                    mentor_profile__forms_ready__icontains=f'"{form_code}"'
                )
            training = request.GET.get("training", "")
            if training in ("done", "not_done"):
                people = people.filter(mentor_profile__training_done=training == "done")
        return people

    return _people_page(
        request,
        organisation,
        base,
        name=f"people-{profile}",
        template=template,
        shown={"status": status},
        statuses=model.Status.choices,
        profile=profile,
        columns=columns,
    )


@login_required
def mentor_list(request: HttpRequest, org_code: str) -> HttpResponse:
    return _base_page(
        request,
        org_code,
        profile="mentor_profile",
        model=MentorProfile,
        columns=("status", "paused_until", "training_done"),
        template="people/mentor_list.html",
    )


@login_required
def mentee_list(request: HttpRequest, org_code: str) -> HttpResponse:
    return _base_page(
        request,
        org_code,
        profile="mentee_profile",
        model=MenteeProfile,
        columns=("status", "category", "request"),
        template="people/mentee_list.html",
    )


@login_required
def person_add(request: HttpRequest, org_code: str) -> HttpResponse:
    organisation = get_staff_organisation_for_user(request, org_code)
    form = PersonForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            person = form.save(commit=False)
            person.organisation = organisation
            person.save()
            services.person_audit_change(
                person=person, user=request.user, fields=[_("created")]
            )
            messages.success(request, _("The person is added."))
            return redirect("people-person-detail", code=person.code)
        if is_tampered(form):
            return HttpResponseBadRequest()
    ctx = {"organisation": organisation, "form": form}
    return render(request, "people/person_form.html", ctx)


# What the card's history shows: the time, who (Фамилия И. О.), what.
HISTORY_SHOWN = 50


def _history_query(code: uuid.UUID, after: int) -> QuerySet:
    # Newest first by id, the order the events were written in: the index on
    # object_code then yields the 50 rows without sorting all of the person's
    # events by time (every view of the card adds one).
    return (
        AuditEvent.objects.filter(object_code=code, id__gt=after)
        .order_by("-id")
        .values_list(
            "id",
            "created",
            "action",
            "summary",
            "user__username",
            "user__last_name",
            "user__first_name",
            "user__patronymic",
        )[:HISTORY_SHOWN]
    )


# A row of the history as written, by all it is written from: each visit of
# the card reads 50 rows, 49 of which the visit before it showed too.
_history_rows: OrderedDict[tuple, str] = OrderedDict()
HISTORY_ROWS_KEPT = 2000
# The history each card showed last in this process, by person: (the state of
# the database it was read in, the newest event's id, its rows).
_histories: OrderedDict[int, tuple[tuple, int, list[str]]] = OrderedDict()
HISTORIES_KEPT = 256


def _history(person: Person) -> list[str]:
    """The rows of the card's last 50 events, newest first: SQL compiled once,
    each row written once per process (in the language and time zone of the
    page).

    On SQLite, the card's history as this process showed it last is kept
    while the data stays the same (``fragments.database_state``: a user
    renamed, a person or an organisation removed change it; the audit log
    does not), and only the events written since are read. The log is only
    ever appended to, and SQLite writes one transaction at a time, so its ids
    become visible in their order: the events after the newest one shown are
    all that is new."""
    language = translation.get_language()
    zone = timezone.get_current_timezone_name()
    state = fragments.database_state()
    if state is not None:
        state = (*state, language, zone)
    kept = _histories.get(person.pk)
    newest, before = 0, []
    if state is not None and kept is not None and kept[0] == state:
        _state, newest, before = kept
    rows = []
    for event in prepared.rows(_history_query, code=person.code, after=newest):
        kept_as = (*event, language, zone)
        row = _history_rows.get(kept_as)
        if row is None:
            row = _history_rows[kept_as] = _write_history_row(*event)
            if len(_history_rows) > HISTORY_ROWS_KEPT:
                _history_rows.popitem(last=False)
        newest = max(newest, event[0])
        rows.append(row)
    rows = [*rows, *before][:HISTORY_SHOWN]
    if state is not None:
        _histories[person.pk] = (state, newest, rows)
        _histories.move_to_end(person.pk)
        if len(_histories) > HISTORIES_KEPT:
            _histories.popitem(last=False)
    return rows


def _write_history_row(
    _id, created, action, summary, username, last_name, first_name, patronymic
) -> str:
    if username is None:
        who = format_html('<span class="muted">{}</span>', _("by personal link"))
    else:
        user = User(
            username=username,
            last_name=last_name,
            first_name=first_name,
            patronymic=patronymic,
        )
        who = user.get_short_name()
    return format_html(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        date(template_localtime(created), "SHORT_DATETIME_FORMAT"),
        who,
        capfirst(choice_label(AuditEvent.Action, action)),
        summary,
    )


# What the card shows of a parent (name, phone) and of a child (name, class).
FAMILY_FIELDS = (
    "relation",
    "is_legal_representative",
    *(f"{side}__{name}" for side in ("child", "guardian") for name in ROW_FIELDS),
    "guardian__phone",
)


def _card(person: Person, *, sensitive_allowed: bool) -> dict:
    """What the card shows of the person besides their history."""
    # The parents of the person and the children they are a parent of: one read.
    links = (
        GuardianLink.objects.filter(Q(child=person) | Q(guardian=person))
        .select_related("child", "guardian")
        .only(*FAMILY_FIELDS)
        .order_by("pk")
    )
    # the profiles and the special categories: one read
    held = Person.objects.select_related(
        "mentor_profile", "mentee_profile", "sensitive"
    ).get(pk=person.pk)
    mentor = getattr(held, "mentor_profile", None)
    mentee = getattr(held, "mentee_profile", None)
    MentorProfile.read_topic_names([mentor])
    MenteeProfile.read_topic_names([mentee])
    return {
        "has_consent": person.has_valid_consent(),
        "is_minor": person.is_minor(),
        "consents": list(person.consents.order_by("-created")),
        "guardians": [link for link in links if link.child_id == person.pk],
        "wards": [link for link in links if link.guardian_id == person.pk],
        "mentor": mentor,
        "mentee": mentee,
        "sensitive": getattr(held, "sensitive", None) if sensitive_allowed else None,
        "consent_request_url": reverse("people-consent-request", args=[person.code]),
    }


@login_required
def person_detail(request: HttpRequest, code: str) -> HttpResponse:
    """The person's card: written once per set of figures, its history live.
    Every visit writes its line of the audit log before the page is made."""
    person = get_person_card_for_user(request, code)
    sensitive_allowed = can_see_sensitive(request, person.organisation)
    shown = {
        "person": person,
        "organisation": person.organisation,
        "sensitive_allowed": sensitive_allowed,
        "today": timezone.localdate(),  # the age, whether a consent is valid
    }
    parts = (person.pk, sensitive_allowed, shown["today"])

    def compute() -> dict:
        found = _card(person, sensitive_allowed=sensitive_allowed)
        return {**found, "fragment_key": fragments.key(shown, found)}

    services.person_audit_view(person=person, user=request.user)
    # The line just written leaves the remembered figures as they are: the
    # audit log is no part of them (lib/fragments.py, UNWATCHED).
    found = fragments.remembered("person-card", parts, compute)
    history = _history(person)
    ctx = {
        **shown,
        **found,
        "history": history,
        "history_rows": mark_safe("".join(history)),  # noqa: S308
    }
    return render(request, "people/person_detail.html", ctx)


def _edit(
    request: HttpRequest,
    person: Person,
    form,
    *,
    what: str,
    template: str = "people/profile_form.html",
) -> HttpResponse:
    """The shared shape of the card's edit pages: validate, save, log, go back."""
    if request.method == "POST":
        if form.is_valid():
            form.save()
            services.person_audit_change(
                person=person,
                user=request.user,
                fields=[str(form.fields[f].label) for f in form.changed_data],
                what=what,
            )
            messages.success(request, _("Saved."))
            return redirect("people-person-detail", code=person.code)
        if is_tampered(form):
            return HttpResponseBadRequest()
    ctx = {"person": person, "organisation": person.organisation, "form": form}
    ctx["title"] = what
    return render(request, template, ctx)


@login_required
def person_export(request: HttpRequest, code: str) -> HttpResponse:
    """Everything the system holds about the person, as one XLSX to hand
    over on their request (152-ФЗ, ст. 14): the curator's, like the special
    categories it contains."""
    person = get_person_for_curator(request, code)
    name, content = personal_data.person_export(person=person, user=request.user)
    return downloads.attachment(
        content, name=name, content_type=spreadsheets.CONTENT_TYPE
    )


@login_required
def person_anonymise(request: HttpRequest, code: str) -> HttpResponse:
    """Say what anonymising removes and that it cannot be undone; anonymise on
    POST. The curator's alone, as the special categories are."""
    person = get_person_for_curator(request, code)
    if person.is_anonymised:
        messages.info(request, _("The person's data is anonymised already."))
        return redirect("people-person-detail", code=person.code)
    form = AnonymiseForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            services.person_anonymise(
                person=person, user=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(
                request,
                _("The person's personal data is anonymised; the totals stay."),
            )
            return redirect("people-person-detail", code=person.code)
        if is_tampered(form):
            return HttpResponseBadRequest()
    ctx = {"person": person, "organisation": person.organisation, "form": form}
    return render(request, "people/person_anonymise.html", ctx)


@login_required
def person_edit(request: HttpRequest, code: str) -> HttpResponse:
    person = get_person_for_user(request, code)
    if person.is_anonymised:
        raise Http404  # nothing of the person is left to edit
    form = PersonForm(request.POST or None, instance=person)
    return _edit(
        request,
        person,
        form,
        what=_("Personal data"),
        template="people/person_form.html",
    )


def _profile_or_refuse(request: HttpRequest, person: Person, model):
    """The existing profile, or None when the person may enter the base."""
    profile = model.objects.filter(person=person).first()
    if profile is None and not person.has_valid_consent():
        messages.error(
            request,
            _(
                "There is no valid consent to the processing of personal data: "
                "the person cannot enter the base until it is given."
            ),
        )
        return False
    return profile


@login_required
def mentor_edit(request: HttpRequest, code: str) -> HttpResponse:
    person = get_person_for_user(request, code)
    profile = _profile_or_refuse(request, person, MentorProfile)
    if profile is False:
        return redirect("people-person-detail", code=person.code)
    if profile is None:
        source = services.MENTOR_SOURCE_OF_CATEGORY[person.category]
        profile = MentorProfile(person=person, source=source)
    form = MentorProfileForm(request.POST or None, instance=profile)
    return _edit(request, person, form, what=_("Mentor profile"))


@login_required
def mentee_edit(request: HttpRequest, code: str) -> HttpResponse:
    person = get_person_for_user(request, code)
    profile = _profile_or_refuse(request, person, MenteeProfile)
    if profile is False:
        return redirect("people-person-detail", code=person.code)
    if profile is None:
        category = services.MENTEE_CATEGORY_OF_CATEGORY.get(
            person.category, MenteeProfile.Category.OTHER
        )
        profile = MenteeProfile(person=person, category=category)
    form = MenteeProfileForm(request.POST or None, instance=profile)
    return _edit(request, person, form, what=_("Mentee profile"))


@login_required
def sensitive_edit(request: HttpRequest, code: str) -> HttpResponse:
    """Special categories: the curator's alone (not the head's, not a mentor's)."""
    person = get_person_for_curator(request, code)
    info = SensitiveInfo.objects.filter(person=person).first()
    form = SensitiveInfoForm(
        request.POST or None, instance=info or SensitiveInfo(person=person)
    )
    return _edit(request, person, form, what=_("Special categories"))


def _back(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """Back to the list the form was sent from, never off the people pages."""
    return redirect_next(
        request, "people-person-list", within="/people/", org_code=organisation.code
    )


@login_required
@require_POST
def bulk(request: HttpRequest, org_code: str) -> HttpResponse:
    """Apply one action to the people ticked in a list."""
    organisation = get_staff_organisation_for_user(request, org_code)
    people = Person.objects.for_organisation(organisation).present()
    form = BulkForm(request.POST, people=people)
    if not form.is_valid():
        if "people" in form.errors and not form.data.getlist("people"):
            messages.error(request, _("Tick at least one person in the list."))
            return _back(request, organisation)
        return HttpResponseBadRequest()
    chosen = list(form.cleaned_data["people"])
    action = form.cleaned_data["action"]
    if action == "request_consents":
        return class_views.request_consents(request, organisation, chosen)
    if action in ("add_mentees", "add_mentors"):
        added, refused = 0, 0
        for person in chosen:
            try:
                if action == "add_mentees":
                    services.mentee_add(
                        person=person,
                        user=request.user,
                        category=form.cleaned_data["mentee_category"],
                    )
                else:
                    services.mentor_add(person=person, user=request.user)
                added += 1
            except services.NoConsent:
                refused += 1
        messages.success(
            request,
            ngettext("%(n)s person added.", "%(n)s people added.", added)
            % {"n": added},
        )
        if refused:
            messages.warning(
                request,
                ngettext(
                    "%(n)s person was not added: no consent to processing.",
                    "%(n)s people were not added: no consent to processing.",
                    refused,
                )
                % {"n": refused},
            )
    elif action == "mark_trained":
        n = services.mentors_mark_trained(people=chosen, user=request.user)
        messages.success(request, _("Training marked done: %(n)s.") % {"n": n})
    elif action == "approve_mentors":
        n = services.mentors_approve(people=chosen, user=request.user)
        messages.success(request, _("Mentors approved: %(n)s.") % {"n": n})
    return _back(request, organisation)


@login_required
def audit_list(request: HttpRequest, org_code: str) -> HttpResponse:
    """The organisation's audit log, for its head and curators."""
    organisation = get_staff_organisation_for_user(request, org_code)
    events = AuditEvent.objects.for_organisation(organisation)
    action = request.GET.get("action", "")
    if action in AuditEvent.Action.values:
        events = events.filter(action=action)
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    codes = {e.object_code for e in page if e.object_code}
    people = {
        p.code: p
        for p in Person.objects.filter(code__in=codes, organisation=organisation)
    }
    for event in page:
        event.person = people.get(event.object_code)
    ctx = {
        "organisation": organisation,
        "page": page,
        "actions": AuditEvent.Action.choices,
        "action": action,
    }
    return render(request, "people/audit_list.html", ctx)
