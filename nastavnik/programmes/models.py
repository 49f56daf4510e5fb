"""Programmes and their roadmaps.

A *programme* is an organisation's mentorship programme for a school year: the
forms it runs, its curator, the order that approved it. Its *roadmap* is the
plan of the seeds: stages, and in each stage items with an activity, a
deadline as people write it, the responsible person and an indicator or
expected result. A municipal centre has a roadmap of its own (seed 003) with
no programme behind it.

An item's ``due_on`` is computed from its deadline text (``deadlines.parse``)
and the roadmap's period, and stored, so that «what is late» is one SQL query:
open items with ``due_on`` before today.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from nastavnik.lib.dates import SchoolYear
from nastavnik.orgs.models import Municipality, Organisation
from nastavnik.people.models import FEDERAL_FORMS, Person
from nastavnik.programmes import deadlines


class Track(models.TextChoices):
    STUDENTS = "students", _("pupils and students (Р-145)")
    TEACHERS = "teachers", _("teachers (letter АЗ-1128/08/657)")


class Participant(models.TextChoices):
    """Who stands on either side of a form of mentorship."""

    PUPIL = "pupil", _("pupil")
    STUDENT = "student", _("student")
    TEACHER = "teacher", _("teacher")
    YOUNG_SPECIALIST = "young_specialist", _("young specialist")
    HEAD = "head", _("head")
    EMPLOYER = "employer", _("employer or profession representative")


# Who may stand on each side of a form (``Person.Category`` values), in the
# order a message lists them: «ученик – ученик» takes pupils on both sides,
# «студент – ученик» a student mentor; the teachers' side also takes the
# other pedagogical staff (deputy heads, psychologists: «специалист –
# обучающийся») and veteran teachers; a head is a teacher or staff member;
# an employer or profession representative is an enterprise's employee or
# owner, or a parent or alumnus who brings their enterprise (pairs/rules.py
# asks for it). ``pairs.rules.category_violation`` holds people to it.
PARTICIPANT_CATEGORIES: dict[str, tuple[str, ...]] = {
    Participant.PUPIL: (Person.Category.PUPIL,),
    Participant.STUDENT: (Person.Category.STUDENT,),
    Participant.TEACHER: (
        Person.Category.TEACHER,
        Person.Category.STAFF,
        Person.Category.VETERAN,
    ),
    Participant.YOUNG_SPECIALIST: (Person.Category.TEACHER, Person.Category.STAFF),
    Participant.HEAD: (Person.Category.TEACHER, Person.Category.STAFF),
    Participant.EMPLOYER: (
        Person.Category.EMPLOYEE,
        Person.Category.ENTREPRENEUR,
        Person.Category.PARENT,
        Person.Category.ALUMNUS,
    ),
}


class MentorshipFormQuerySet(models.QuerySet):
    def available_to(self, organisation: Organisation) -> MentorshipFormQuerySet:
        """The federal forms and the organisation's own."""
        return self.filter(
            Q(organisation__isnull=True) | Q(organisation=organisation),
            is_active=True,
        )


class MentorshipForm(models.Model):
    """A form of mentorship («учитель – ученик»). Federal forms have no
    organisation; an organisation may add its own, mapped onto a federal code
    so that the bases and the reports count it."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("code"), max_length=40)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mentorship_forms",
        verbose_name=_("organisation"),
        help_text=_("Empty for the federal forms."),
    )
    federal_form = models.CharField(
        _("federal form"), max_length=30, choices=FEDERAL_FORMS
    )
    name = models.CharField(_("name"), max_length=200)
    aliases = models.JSONField(
        _("other names"),
        default=list,
        blank=True,
        help_text=_("Names organisations use for this form, one per line."),
    )
    mentor_category = models.CharField(
        _("mentor"), max_length=20, choices=Participant.choices
    )
    mentee_category = models.CharField(
        _("mentee"), max_length=20, choices=Participant.choices
    )
    track = models.CharField(_("track"), max_length=20, choices=Track.choices)
    variants = models.JSONField(
        _("role-model variants"),
        default=list,
        blank=True,
        help_text=_("For example «успевающий – неуспевающий», one per line."),
    )
    is_active = models.BooleanField(_("in use"), default=True)

    objects = MentorshipFormQuerySet.as_manager()

    class Meta:
        verbose_name = _("form of mentorship")
        verbose_name_plural = _("forms of mentorship")
        ordering = ["track", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "slug"], name="mentorship_form_unique_slug"
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(organisation__isnull=True),
                name="mentorship_form_unique_federal_slug",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_federal(self) -> bool:
        return self.organisation_id is None

    def admits(self, role: str, category: str) -> bool:
        """Whether a person of ``category`` (``Person.Category``) may be the
        ``role`` ("mentor" or "mentee") of a pair of this form."""
        side = self.mentor_category if role == "mentor" else self.mentee_category
        return category in PARTICIPANT_CATEGORIES[side]

    def matches(self, name: str) -> bool:
        """Whether ``name`` is this form's name or one of its aliases, ignoring
        case, «ё» and the kind of dash and spacing around it."""
        key = _form_key(name)
        return key in {_form_key(n) for n in [self.name, *self.aliases]}


def _form_key(name: str) -> str:
    text = name.casefold().replace("ё", "е")
    for dash in "–—-":
        text = text.replace(dash, " - ")
    return " ".join(text.replace("«", "").replace("»", "").split())


class ProgrammeQuerySet(models.QuerySet):
    def active(self) -> ProgrammeQuerySet:
        """Programmes past their draft: approved, running or completed."""
        return self.filter(status__in=Programme.ACTIVE)

    def drafts(self) -> ProgrammeQuerySet:
        return self.filter(status=Programme.Status.DRAFT)


# The longest silence a programme may allow before a pair is nudged: half a
# year.
SILENT_WEEKS_MAX = 26


class Programme(models.Model):
    """An organisation's mentorship programme for one school year. A draft
    is still being written: figures outside the organisation (the municipal
    progress) count only the active ones."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", pgettext_lazy("programme", "approved")
        RUNNING = "running", _("running")
        COMPLETED = "completed", _("completed")

    ACTIVE = [Status.APPROVED, Status.RUNNING, Status.COMPLETED]
    # A completed programme keeps its pairs, but new ones are formed in an
    # approved or running programme only.
    TAKING_PAIRS = [Status.APPROVED, Status.RUNNING]

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="programmes",
        verbose_name=_("organisation"),
    )
    school_year = models.PositiveSmallIntegerField(
        _("school year"), help_text=_("The year the school year starts in.")
    )
    title = models.CharField(_("title"), max_length=300)
    forms = models.ManyToManyField(
        MentorshipForm,
        blank=True,
        related_name="programmes",
        verbose_name=_("forms of mentorship"),
    )
    curator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="curated_programmes",
        verbose_name=_("curator"),
    )
    order_number = models.CharField(
        _("approving order number"), max_length=50, blank=True
    )
    order_date = models.DateField(_("approving order date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    silent_weeks = models.PositiveSmallIntegerField(
        _("weeks without a meeting before a reminder"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(SILENT_WEEKS_MAX)],
        help_text=_(
            "A pair fixed by order that holds no meeting for this many weeks is "
            "shown to the curator and its mentor gets an e-mail."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-school_year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "school_year", "title"],
                name="programme_unique_title",
            ),
            models.CheckConstraint(
                condition=Q(silent_weeks__gte=1, silent_weeks__lte=SILENT_WEEKS_MAX),
                name="programme_silent_weeks_range",
                violation_error_message=_(
                    "A pair may stay without meetings from 1 to 26 weeks."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    @property
    def year(self) -> SchoolYear:
        return SchoolYear(self.school_year)


class Roadmap(models.Model):
    """The plan of a programme, or a municipal centre's own plan (seed 003).

    ``columns`` is the layout the roadmap is printed in: the seed's own
    columns, as a list of [key, heading] with keys from ``COLUMN_KEYS``.
    ``stage_rows`` prints stages as heading rows across the table (seed 003)
    instead of in a column of their own.
    """

    COLUMN_KEYS = ["number", "stage", "activity", "deadline", "responsible", "result"]

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.OneToOneField(
        Programme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="roadmap",
        verbose_name=_("programme"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="roadmaps",
        verbose_name=_("municipality"),
    )
    title = models.TextField(_("title"))
    template = models.CharField(
        _("template"), max_length=40, blank=True, help_text=_("Built from.")
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    columns = models.JSONField(_("columns"), default=list)
    stage_rows = models.BooleanField(_("stages as heading rows"), default=False)
    # The approval header of seeds 002 and 004.
    approver_position = models.CharField(
        _("approved by (position)"), max_length=300, blank=True
    )
    approver_name = models.CharField(
        _("approved by (name)"), max_length=200, blank=True
    )
    approval_order_number = models.CharField(
        _("approving order number"), max_length=50, blank=True
    )
    approval_order_date = models.DateField(
        _("approving order date"), null=True, blank=True
    )
    agreed_note = models.CharField(
        _("agreed with"),
        max_length=300,
        blank=True,
        help_text=_(
            "For example «на педагогическом совете 30.08.2023 г. протокол № 5»."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("roadmap")
        verbose_name_plural = _("roadmaps")
        ordering = ["-period_start"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(programme__isnull=False, municipality__isnull=True)
                    | Q(programme__isnull=True, municipality__isnull=False)
                ),
                name="roadmap_of_programme_or_municipality",
                violation_error_message=_(
                    "A roadmap belongs either to a programme or to a municipality."
                ),
            ),
            models.CheckConstraint(
                condition=Q(period_start__lt=F("period_end")),
                name="roadmap_period_ends_after_it_starts",
                violation_error_message=_("The period must end after it starts."),
            ),
            models.UniqueConstraint(
                fields=["municipality", "period_start"],
                condition=Q(municipality__isnull=False),
                name="roadmap_one_municipal_plan_a_year",
                violation_error_message=_(
                    "The municipality already has a plan for this school year."
                ),
            ),
        ]

    def __str__(self) -> str:
        return " ".join(self.title.split())

    @property
    def organisation(self) -> Organisation | None:
        return self.programme.organisation if self.programme_id else None

    @property
    def is_municipal(self) -> bool:
        return self.municipality_id is not None

    @property
    def owner_name(self) -> str:
        """Whose roadmap it is, as its pages and files name it: the
        organisation's short name, or the municipality of a municipal plan."""
        if self.programme_id:
            return str(self.programme.organisation)
        return str(self.municipality) if self.municipality_id else ""

    @property
    def headings(self) -> list[str]:
        return [heading for _key, heading in self.columns]

    @property
    def keys(self) -> list[str]:
        return [key for key, _heading in self.columns]

    @property
    def is_approved(self) -> bool:
        return bool(self.approver_name or self.approval_order_number)

    def deadline_of(self, text: str) -> deadlines.Deadline:
        return deadlines.parse(text)

    def progress(self) -> dict[str, int]:
        """Items by effective status, counted by the database."""
        return Item.objects.filter(stage__roadmap=self).status_counts()


class StageQuerySet(models.QuerySet):
    def with_status_counts(self, today: date | None = None) -> StageQuerySet:
        """Each stage with ``num_<key>`` for every key of ``STATUS_COUNT_KEYS``
        (``num_total``, ``num_done``, ``num_overdue``…), in the same query."""
        counts = status_count_expressions(today, via="items")
        return self.annotate(**{f"num_{key}": count for key, count in counts.items()})


class Stage(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    roadmap = models.ForeignKey(
        Roadmap, on_delete=models.CASCADE, related_name="stages"
    )
    position = models.PositiveSmallIntegerField(pgettext_lazy("order", "position"))
    number = models.CharField(
        _("number"),
        max_length=20,
        blank=True,
        help_text=_("As printed: «1.», «4. 5.»; empty to number automatically."),
    )
    title = models.TextField(_("stage"))

    objects = StageQuerySet.as_manager()

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["roadmap", "position"]

    def __str__(self) -> str:
        return " ".join(self.title.split())

    @property
    def label(self) -> str:
        return self.number or f"{self.position}."


STATUS_COUNT_KEYS = ["total", "planned", "in_progress", "done", "overdue", "cancelled"]


def status_count_expressions(
    today: date | None = None, via: str = ""
) -> dict[str, Count]:
    """The counts of items by effective status (``STATUS_COUNT_KEYS``), to
    aggregate or annotate with; ``via`` is the path from the rows to their
    items («items» for stages). Overdue items are open and due before today,
    and are not counted as planned or in progress."""
    today = today or timezone.localdate()
    prefix = f"{via}__" if via else ""

    def q(**lookups: object) -> Q:
        return Q(**{prefix + key: value for key, value in lookups.items()})

    late = q(status__in=ItemQuerySet.OPEN, due_on__lt=today)
    pk = prefix + "pk"
    return {
        "total": Count(pk),
        "planned": Count(pk, filter=q(status="planned") & ~late),
        "in_progress": Count(pk, filter=q(status="in_progress") & ~late),
        "done": Count(pk, filter=q(status="done")),
        "overdue": Count(pk, filter=late),
        "cancelled": Count(pk, filter=q(status="cancelled")),
    }


class ItemQuerySet(models.QuerySet):
    OPEN = ["planned", "in_progress"]

    def open(self) -> ItemQuerySet:
        return self.filter(status__in=self.OPEN)

    def overdue(self, today: date | None = None) -> ItemQuerySet:
        today = today or timezone.localdate()
        return self.open().filter(due_on__lt=today)

    def due_within(self, days: int, today: date | None = None) -> ItemQuerySet:
        """Open items due from today to ``days`` days ahead."""
        today = today or timezone.localdate()
        return self.open().filter(
            due_on__gte=today, due_on__lte=today + timedelta(days=days)
        )

    def _counts(self, today: date | None) -> dict[str, Count]:
        return status_count_expressions(today)

    def status_counts(self, today: date | None = None) -> dict[str, int]:
        """{"total", "planned", "in_progress", "done", "overdue", "cancelled"}
        in one query; overdue items are not counted as planned or in progress."""
        return self.aggregate(**self._counts(today))

    def status_counts_by(
        self, field: str, today: date | None = None
    ) -> dict[object, dict[str, int]]:
        """The same counts for each value of ``field``, in one query."""
        rows = self.order_by().values(field).annotate(**self._counts(today))
        return {row.pop(field): row for row in rows}


class Item(models.Model):
    """One row of a roadmap: an activity with its deadline and result."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", pgettext_lazy("roadmap item", "done")
        CANCELLED = "cancelled", pgettext_lazy("roadmap item", "cancelled")

    # The effective status adds «overdue»: open and due before today.
    OVERDUE = "overdue"

    class Action(models.TextChoices):
        """Where in the product the work of the item is done."""

        NONE = "", _("nothing in particular")
        PEOPLE = "people", _("the people of the organisation")
        MENTEES = "mentees", _("the mentee base")
        MENTORS = "mentors", _("the mentor base")
        IMPORT = "import", _("importing a class list")
        CONSENTS = "consents", _("consents")
        SURVEYS = "surveys", _("questionnaires")
        MATCHING = "matching", _("matching mentors and mentees")
        PAIRS = "pairs", _("pairs and groups")
        MEETINGS = "meetings", _("meetings")
        MONITORING = "monitoring", _("monitoring")
        REPORTS = "reports", _("reports to the municipal centre")
        DOCUMENTS = "documents", _("documents")
        PRACTICES = "practices", _("best practices")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(pgettext_lazy("order", "position"))
    number = models.CharField(
        _("number"),
        max_length=20,
        blank=True,
        help_text=_("As printed: «1.», «3.4»; empty when the seed has none."),
    )
    activity = models.TextField(_("activity"))
    deadline_text = models.CharField(
        _("deadline"),
        max_length=300,
        blank=True,
        help_text=_(
            "As you would write it: «31.10.2026», «октябрь 2026 г.», "
            "«сентябрь-октябрь», «ежегодно сентябрь», «ежемесячно 25 числа», "
            "«ежеквартально», «весь период»."
        ),
    )
    deadline_kind = models.CharField(max_length=20, editable=False, default="none")
    due_on = models.DateField(_("due"), null=True, blank=True, editable=False)
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="roadmap_items",
        verbose_name=_("responsible user"),
    )
    responsible_text = models.CharField(
        _("responsible"),
        max_length=300,
        blank=True,
        help_text=_("As printed: «Куратор», «Руководители ОО»."),
    )
    result = models.TextField(_("indicator or expected result"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    action = models.CharField(
        _("done in"), max_length=20, choices=Action.choices, blank=True, default=""
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)

    objects = ItemQuerySet.as_manager()

    # What each status button does: the statuses it applies to, the new status.
    TRANSITIONS = {
        "start": ({Status.PLANNED}, Status.IN_PROGRESS),
        "done": ({Status.PLANNED, Status.IN_PROGRESS}, Status.DONE),
        "cancel": ({Status.PLANNED, Status.IN_PROGRESS}, Status.CANCELLED),
        "reopen": ({Status.DONE, Status.CANCELLED}, Status.PLANNED),
    }

    class Meta:
        verbose_name = _("roadmap item")
        verbose_name_plural = _("roadmap items")
        ordering = ["stage__position", "position"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return Truncator(" ".join(self.activity.split())).words(16, truncate="…")

    @classmethod
    def from_template(
        cls,
        template_item,
        *,
        stage: Stage,
        since: date,
        position: int = 0,
        fill=str,
        responsible_user=None,
        responsible_text: str | None = None,
    ) -> Item:
        """An unsaved item of ``stage`` from a template's or an import's item
        (``roadmap_templates.TemplateItem``), its texts passed through
        ``fill`` and its due date computed from ``since``."""
        if responsible_text is None:
            responsible_text = fill(template_item.responsible)
        item = cls(
            stage=stage,
            position=position,
            number=template_item.number,
            activity=fill(template_item.activity),
            deadline_text=fill(template_item.deadline),
            responsible_user=responsible_user,
            responsible_text=responsible_text,
            result=fill(template_item.result),
            action=template_item.action,
        )
        item.schedule(since)
        return item

    @property
    def deadline(self) -> deadlines.Deadline:
        return deadlines.parse(self.deadline_text)

    @property
    def roadmap(self) -> Roadmap:
        return self.stage.roadmap

    def schedule(self, since: date | None = None) -> None:
        """Set ``deadline_kind`` and ``due_on`` from the deadline text: the
        first due date on or after ``since`` (the roadmap's start if not
        given). Call before saving a new or changed deadline."""
        roadmap = self.stage.roadmap
        deadline = self.deadline
        self.deadline_kind = deadline.kind
        after = since if deadline.is_recurring else None
        self.due_on = deadline.next_due(
            roadmap.period_start, roadmap.period_end, after=after
        )

    def can(self, action: str) -> bool:
        """Whether the status button ``action`` applies to the item now."""
        return self.status in self.TRANSITIONS[action][0]

    @property
    def is_recurring(self) -> bool:
        return self.deadline_kind in {k.value for k in deadlines.RECURRING}

    @property
    def deadline_unreadable(self) -> bool:
        return self.deadline_kind == deadlines.Kind.UNKNOWN

    def effective_status(self, today: date | None = None) -> str:
        today = today or timezone.localdate()
        if self.status in ItemQuerySet.OPEN and self.due_on and self.due_on < today:
            return self.OVERDUE
        return self.status

    def is_overdue(self, today: date | None = None) -> bool:
        return self.effective_status(today) == self.OVERDUE

    def mark_done(self, on: date | None = None) -> bool:
        """Record the work as done on ``on``. A recurring item moves on to its
        next due date and stays open; it is done when its last one is.
        Returns True when the item is now done for good. The caller saves."""
        on = on or timezone.localdate()
        self.done_on = on
        roadmap = self.stage.roadmap
        following = None
        if self.is_recurring and self.due_on:
            following = self.deadline.following(
                self.due_on, roadmap.period_start, roadmap.period_end
            )
        if following:
            self.due_on = following
            self.status = self.Status.IN_PROGRESS
            return False
        self.status = self.Status.DONE
        return True


class Comment(models.Model):
    """A note on an item: progress, a problem, what was done."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return Truncator(self.text).words(16, truncate="…")


def evidence_path(evidence: Evidence, filename: str) -> str:
    return f"roadmaps/{evidence.item.code}/{uuid.uuid4().hex}/{filename}"


class Evidence(models.Model):
    """What shows an item was done: an uploaded file, a web link, or an object
    in the product (the import that built the base, the order fixing pairs,
    the report). Objects of any app can be attached: higher apps add theirs."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(
        _("file"), upload_to=evidence_path, max_length=500, blank=True
    )
    url = models.URLField(_("link"), max_length=500, blank=True)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return self.title


class DigestLog(models.Model):
    """A weekly roadmap digest sent to a user: one per user and ISO week, so
    that running ``send_roadmap_digest`` twice in a week sends nothing new."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    week = models.CharField(
        _("week"), max_length=10, help_text=_("The ISO week, such as 2026-W48.")
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("roadmap digest")
        verbose_name_plural = _("roadmap digests")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "week"], name="digest_log_unique_week"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.week}"
