from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from nastavnik.lib import tokens
from nastavnik.lib.dates import age_on
from nastavnik.lib.json import UnicodeJSONEncoder
from nastavnik.lib.validators import validate_inn
from nastavnik.orgs.models import Organisation

# The federal forms of mentorship (Р-145 and letter АЗ-1128/08/657). Programmes
# give them local names and variants; the bases record readiness by these codes.
FEDERAL_FORMS = [
    ("pupil_pupil", _("pupil – pupil")),
    ("teacher_pupil", _("teacher – pupil")),
    ("student_pupil", _("student – pupil")),
    ("employer_pupil", _("employer – pupil")),
    ("employer_student", _("employer – student")),
    ("teacher_teacher", _("teacher – teacher")),
    ("experienced_young", _("experienced teacher – young specialist")),
    ("head_teacher", _("head – teacher")),
]

CLASS_RE = re.compile(r"^(1[01]|[1-9])\s*[-–]?\s*([А-ЯЁA-Z])?$", re.IGNORECASE)


def class_key(name: str) -> tuple:
    """Sort classes as a school does: «1А» before «10Б», then by letter."""
    match = CLASS_RE.match(name.strip())
    return (int(match.group(1)), name) if match else (99, name)


def search_key(*parts: str) -> str:
    """Lower case, «ё» as «е», single spaces: SQLite (and PostgreSQL under the C
    locale) cannot fold Cyrillic case by themselves, so search uses this."""
    text = " ".join(p for p in parts if p).casefold().replace("ё", "е")
    return " ".join(text.split())


_LABELS: dict[tuple, str] = {}


def choice_label(choices: type[models.Choices], value: str) -> str:
    """The label of ``value``, as ``get_FOO_display`` gives it. Django's own
    rebuilds (and translates) the whole list of choices on each call, which
    adds up when a list shows a label per row: the lists' models use this,
    and keep each label once translated into each language."""
    key = (get_language(), choices, value)
    label = _LABELS.get(key)
    if label is None:
        try:
            label = _LABELS[key] = str(choices(value).label)
        except ValueError:
            return value
    return label


class TopicNames:
    """For the profiles: their topics as one line."""

    def topic_names(self) -> str:
        names = getattr(self, "_topic_names", None)
        if names is None:
            names = [topic.name for topic in self.topics.all()]
        return ", ".join(names)

    @classmethod
    def read_topic_names(cls, profiles: Iterable) -> None:
        """Read the topic names of ``profiles`` (of this model; None skipped)
        in one query, for ``topic_names``: a list shows them on every row."""
        profiles = [profile for profile in profiles if profile is not None]
        names = {profile.pk: [] for profile in profiles}
        if not names:
            return
        key = f"{cls._meta.model_name}_id"
        pairs = (
            cls.topics.through.objects.filter(**{f"{key}__in": list(names)})
            .order_by("topic__position", "topic__name")
            .values_list(key, "topic__name")
        )
        for pk, name in pairs:
            names[pk].append(name)
        for profile in profiles:
            profile._topic_names = names[profile.pk]


def _in_base(profile_model) -> Exists:
    """Whether the person has a ``profile_model`` that is in its base now."""
    return Exists(profile_model.objects.in_base().filter(person=OuterRef("pk")))


class PersonQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        for person in objs:
            person.search_text = person.make_search_text()
        return super().bulk_create(objs, *args, **kwargs)

    def search(self, query: str) -> PersonQuerySet:
        """Every word of the query in the name or the class, any case, е or ё."""
        people = self
        for word in search_key(query).split():
            people = people.filter(search_text__contains=word)
        return people

    def for_organisation(self, organisation: Organisation) -> PersonQuerySet:
        return self.filter(organisation=organisation)

    def pupils(self) -> PersonQuerySet:
        return self.filter(category=Person.Category.PUPIL)

    def learners(self) -> PersonQuerySet:
        """«Обучающиеся»: the pupils of a school and the students of a
        college alike."""
        return self.filter(category__in=Person.LEARNERS)

    def teachers(self) -> PersonQuerySet:
        """Teachers, veteran teachers among them."""
        return self.filter(category__in=Person.TEACHERS)

    def present(self) -> PersonQuerySet:
        """People who have not been anonymised."""
        return self.filter(anonymised_at__isnull=True)

    def mentors(self) -> PersonQuerySet:
        """The mentor base: present people whose mentor profile has not left."""
        return self.present().filter(_in_base(MentorProfile))

    def mentees(self) -> PersonQuerySet:
        """The mentee base: present people whose mentee profile has not left."""
        return self.present().filter(_in_base(MenteeProfile))

    def in_no_base(self) -> PersonQuerySet:
        """Present people in neither base (never entered, or left both)."""
        return (
            self.present()
            .exclude(_in_base(MentorProfile))
            .exclude(_in_base(MenteeProfile))
        )

    def with_consent_state(self, on: date | None = None) -> PersonQuerySet:
        """Annotate ``has_consent`` (a processing consent valid ``on``) and
        ``consent_revoked`` (the last processing consent was revoked)."""
        valid = Consent.objects.processing().valid(on).filter(person=OuterRef("pk"))
        revoked = Consent.objects.processing().filter(
            person=OuterRef("pk"), status=Consent.Status.REVOKED
        )
        return self.annotate(has_consent=Exists(valid), consent_revoked=Exists(revoked))

    def in_class_order(self) -> list[Person]:
        """The people by class («1А» before «10Б»), then by surname and name."""
        return sorted(
            self,
            key=lambda p: (class_key(p.class_name), p.last_name, p.first_name, p.pk),
        )

    def consent_counts_by_class(self, on: date | None = None) -> list[dict]:
        """Each class of these pupils with ``total`` and ``consented`` (a valid
        processing consent ``on``), in class order: one grouped query."""
        valid = Consent.objects.processing().valid(on).filter(person=OuterRef("pk"))
        rows = list(
            self.pupils()
            .exclude(class_name="")
            .order_by()
            .values("class_name")
            .annotate(
                total=Count("pk"),
                consented=Count("pk", filter=Q(Exists(valid))),
            )
        )
        for row in rows:
            row["missing"] = row["total"] - row["consented"]
        rows.sort(key=lambda row: class_key(row["class_name"]))
        return rows

    def eligible(self, on: date | None = None) -> PersonQuerySet:
        """People who may be put into a pair or counted per person: present and
        with a valid consent to the processing of their personal data."""
        valid = Consent.objects.processing().valid(on).filter(person=OuterRef("pk"))
        return self.present().filter(Exists(valid))


class Person(models.Model):
    """A pupil, teacher or other person in an organisation's bases."""

    class Category(models.TextChoices):
        PUPIL = "pupil", _("pupil")
        STUDENT = "student", _("student")
        TEACHER = "teacher", _("teacher")
        STAFF = "staff", _("other staff")
        PARENT = "parent", _("parent")
        ALUMNUS = "alumnus", _("alumnus")
        EMPLOYEE = "employee", _("enterprise employee")
        ENTREPRENEUR = "entrepreneur", _("entrepreneur")
        VETERAN = "veteran", _("veteran teacher")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        models.PROTECT,
        related_name="people",
        verbose_name=_("organisation"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("user account"),
    )
    last_name = models.CharField(_("last name"), max_length=100)
    first_name = models.CharField(_("first name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    class_name = models.CharField(
        _("class"), max_length=10, blank=True, help_text=_("For example, 7Б.")
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    experience_years = models.PositiveSmallIntegerField(
        _("teaching experience, years"), null=True, blank=True
    )
    employer_name = models.CharField(_("employer"), max_length=300, blank=True)
    employer_inn = models.CharField(
        _("employer's INN"), max_length=12, blank=True, validators=[validate_inn]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    snils = models.CharField(_("SNILS"), max_length=14, blank=True)
    search_text = models.CharField(max_length=400, blank=True, editable=False)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    # The categories each head count takes in (PersonQuerySet.learners, .teachers).
    LEARNERS = (Category.PUPIL, Category.STUDENT)
    TEACHERS = (Category.TEACHER, Category.VETERAN)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name", "patronymic"]
        indexes = [models.Index(fields=["organisation", "category"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(experience_years__lte=70),
                name="person_experience_plausible",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        # a derived column, like a slug: kept in step with the name on every save
        self.search_text = self.make_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    # What the search looks in; the import writes search_text from the same list.
    SEARCHED_FIELDS = ("last_name", "first_name", "patronymic", "class_name")

    def make_search_text(self) -> str:
        return search_key(*(getattr(self, name) for name in self.SEARCHED_FIELDS))

    def get_category_display(self) -> str:
        return choice_label(self.Category, self.category)

    @property
    def full_name(self) -> str:
        return " ".join(
            p for p in (self.last_name, self.first_name, self.patronymic) if p
        )

    @property
    def short_name(self) -> str:
        initials = "".join(f"{p[0]}." for p in (self.first_name, self.patronymic) if p)
        return f"{self.last_name} {initials}".strip()

    def age(self, on: date | None = None) -> int | None:
        """Full years at ``on`` (today by default), or None without a birth date."""
        if self.birth_date is None:
            return None
        return age_on(self.birth_date, on or timezone.localdate())

    def is_minor(self, on: date | None = None) -> bool:
        """Under 18, so a legal representative signs for them (152-ФЗ, ст. 9).

        Without a birth date a pupil counts as a minor: the safe side.
        """
        age = self.age(on)
        if age is None:
            return self.category == self.Category.PUPIL
        return age < 18

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    def has_valid_consent(self, on: date | None = None) -> bool:
        """A valid consent to processing: the condition for any per-person use."""
        if self.is_anonymised:
            return False
        return self.consents.processing().valid(on).exists()

    def legal_representatives(self) -> PersonQuerySet:
        return Person.objects.filter(
            ward_links__child=self, ward_links__is_legal_representative=True
        )

    @property
    def grade(self) -> int | None:
        """The class number of «7Б» (7), or None for non-pupils and odd values."""
        match = CLASS_RE.match(self.class_name.strip())
        return int(match.group(1)) if match else None


class Topic(models.Model):
    """A coded topic of a request or of a mentor's competence, shared with surveys."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class SensitiveInfo(models.Model):
    """Special categories: visible to the organisation's curator only.

    ОВЗ is health data (152-ФЗ, ст. 10); «на учёте» and a difficult life
    situation are just as harmful if they leak. They never leave the
    organisation: not to mentors, not to the municipal centre, not in exports.
    """

    person = models.OneToOneField(
        Person, models.CASCADE, related_name="sensitive", verbose_name=_("person")
    )
    disability = models.BooleanField(_("disabilities (ОВЗ)"), default=False)
    on_register = models.BooleanField(_("on a prevention register"), default=False)
    difficult_situation = models.BooleanField(
        _("difficult life situation"), default=False
    )
    behaviour = models.BooleanField(_("behaviour problems"), default=False)
    note = models.TextField(_("curator's note"), blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("sensitive information")
        verbose_name_plural = _("sensitive information")

    def __str__(self) -> str:
        return str(self.person)

    def labels(self) -> list[str]:
        flags = ["disability", "on_register", "difficult_situation", "behaviour"]
        return [
            str(self._meta.get_field(flag).verbose_name)
            for flag in flags
            if getattr(self, flag)
        ]


class GuardianLink(models.Model):
    """A parent or guardian of a minor, who signs consents for them."""

    class Relation(models.TextChoices):
        MOTHER = "mother", _("mother")
        FATHER = "father", _("father")
        GUARDIAN = "guardian", _("guardian")
        TRUSTEE = "trustee", _("trustee")
        OTHER = "other", _("other relative")

    child = models.ForeignKey(
        Person, models.CASCADE, related_name="guardian_links", verbose_name=_("child")
    )
    guardian = models.ForeignKey(
        Person,
        models.CASCADE,
        related_name="ward_links",
        verbose_name=_("parent or guardian"),
    )
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    is_legal_representative = models.BooleanField(
        _("legal representative"), default=True
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("parent or guardian")
        verbose_name_plural = _("parents and guardians")
        constraints = [
            models.UniqueConstraint(
                fields=["child", "guardian"], name="guardian_link_unique"
            ),
            models.CheckConstraint(
                condition=~Q(child=models.F("guardian")),
                name="guardian_link_not_self",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.guardian} ({self.get_relation_display()}) — {self.child}"


class ProfileQuerySet(models.QuerySet):
    def in_base(self):
        """Profiles that are in the base now (not «left»)."""
        return self.exclude(status=LEFT_BASE)


# The status of a mentor or mentee profile that has left its base.
LEFT_BASE = "left"


def status_in_base(status: str | None) -> bool:
    """Whether a profile with ``status`` (None: no profile) is in its base:
    the rule of ``ProfileQuerySet.in_base`` for rows read with ``values()``."""
    return status is not None and status != LEFT_BASE


class MentorProfile(TopicNames, models.Model):
    """A person in the mentor base («база наставников»)."""

    class Source(models.TextChoices):
        STUDENT = "student", _("pupil or student aged 15–19")
        TEACHER = "teacher", _("teacher")
        PARENT = "parent", _("parent")
        ALUMNUS = "alumnus", _("alumnus")
        EMPLOYEE = "employee", _("employee of an enterprise")
        ENTREPRENEUR = "entrepreneur", _("entrepreneur")
        VETERAN = "veteran", _("veteran teacher")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")
        MIXED = "mixed", _("in person and online")

    class Status(models.TextChoices):
        CANDIDATE = "candidate", _("candidate")
        APPROVED = "approved", _("approved")
        ACTIVE = "active", _("mentoring")
        PAUSED = "paused", _("paused")
        LEFT = "left", _("left the base")

    person = models.OneToOneField(
        Person, models.CASCADE, related_name="mentor_profile", verbose_name=_("person")
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    competences = models.TextField(_("competences"), blank=True)
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="mentors", verbose_name=_("topics")
    )
    forms_ready = models.JSONField(
        _("forms ready for"),
        default=list,
        blank=True,
        help_text=_("Codes of the mentorship forms the mentor is ready for."),
    )
    capacity = models.PositiveSmallIntegerField(
        _("mentees at most"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    availability = models.CharField(
        _("availability"),
        max_length=300,
        blank=True,
        help_text=_("Days and hours, for example: вт, чт после 15:00."),
    )
    format = models.CharField(
        _("format"), max_length=20, choices=Format.choices, default=Format.IN_PERSON
    )
    motivation = models.TextField(_("motivation"), blank=True)
    interview_date = models.DateField(_("interview date"), null=True, blank=True)
    interview_notes = models.TextField(_("interview notes"), blank=True)
    interviewed_with_psychologist = models.BooleanField(
        _("a psychologist took part in the interview"), default=False
    )
    training_done = models.BooleanField(_("training done"), default=False)
    training_date = models.DateField(_("training date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CANDIDATE
    )
    paused_until = models.DateField(_("paused until"), null=True, blank=True)
    long_term = models.BooleanField(
        _("long-term base"),
        default=False,
        help_text=_("Stays in the base after the school year ends."),
    )
    former_mentee = models.BooleanField(_("former mentee"), default=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentor profile")
        verbose_name_plural = _("mentor base")
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1), name="mentor_capacity_positive"
            ),
            models.CheckConstraint(
                condition=Q(status="paused") | Q(paused_until__isnull=True),
                name="mentor_paused_until_only_when_paused",
            ),
        ]

    def __str__(self) -> str:
        return str(self.person)

    def get_status_display(self) -> str:
        return choice_label(self.Status, self.status)

    def forms_ready_labels(self) -> list[str]:
        labels = dict(FEDERAL_FORMS)
        return [str(labels.get(code, code)) for code in self.forms_ready]

    def leave(self) -> None:
        """Out of the base; kept for the history and the aggregates."""
        self.status = self.Status.LEFT
        self.paused_until = None

    @property
    def is_available(self) -> bool:
        """May be offered new mentees: approved or mentoring, trained, not paused."""
        ready = self.status in (self.Status.APPROVED, self.Status.ACTIVE)
        return ready and self.training_done

    def pause(self, until: date | None = None) -> None:
        """Stop offering this mentor new mentees, until a day or until resumed."""
        if self.status == self.Status.LEFT:
            raise ValueError("a mentor who left cannot pause")
        self.status = self.Status.PAUSED
        self.paused_until = until

    def resume(self) -> None:
        """Back from a pause: approved again (pairs decide whether «mentoring»)."""
        if self.status != self.Status.PAUSED:
            raise ValueError("only a paused mentor can resume")
        self.status = self.Status.APPROVED
        self.paused_until = None

    def approve(self) -> None:
        if self.status not in (self.Status.CANDIDATE, self.Status.LEFT):
            raise ValueError("only a candidate can be approved")
        self.status = self.Status.APPROVED

    def mark_trained(self, day: date) -> None:
        self.training_done = True
        self.training_date = self.training_date or day


class MenteeProfile(TopicNames, models.Model):
    """A person in the mentee base («база наставляемых») and their request."""

    class Category(models.TextChoices):
        GIFTED = "gifted", _("gifted, high motivation")
        LOW_RESULTS = "low_results", _("low educational results")
        DETACHED = "detached", _("detached, low motivation")
        ADAPTATION = "adaptation", _("needs help to adapt")
        YOUNG_SPECIALIST = "young_specialist", _("young specialist (0–3 years)")
        BURNOUT = "burnout", _("teacher at risk of burnout")
        NEW_HIRE = "new_hire", _("new employee")
        DIGITAL_SKILLS = "digital_skills", _("wants digital skills")
        OTHER = "other", _("other")

    class StatedBy(models.TextChoices):
        SELF = "self", _("the mentee")
        CLASS_TEACHER = "class_teacher", _("class teacher")
        PSYCHOLOGIST = "psychologist", _("psychologist")
        SOCIAL_WORKER = "social_worker", _("social worker")
        PARENTS = "parents", _("parents")
        ADMINISTRATION = "administration", _("administration")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        CANDIDATE = "candidate", _("in the base")
        WAITING = "waiting", _("waiting for a mentor")
        IN_PAIR = "in_pair", _("in a pair")
        COMPLETED = "completed", _("completed the programme")
        LEFT = "left", _("left the base")

    person = models.OneToOneField(
        Person, models.CASCADE, related_name="mentee_profile", verbose_name=_("person")
    )
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    request = models.TextField(_("request"), blank=True)
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="mentees", verbose_name=_("topics")
    )
    stated_by = models.CharField(
        _("request stated by"),
        max_length=20,
        choices=StatedBy.choices,
        default=StatedBy.SELF,
    )
    baseline = models.TextField(
        _("baseline assessment"),
        blank=True,
        help_text=_(
            "Where the mentee stands at entry: grades, activity, difficulties."
        ),
    )
    support_while_waiting = models.TextField(
        _("support while waiting"),
        blank=True,
        help_text=_("Psychological and pedagogical support until a mentor is found."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CANDIDATE
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentee profile")
        verbose_name_plural = _("mentee base")

    def __str__(self) -> str:
        return str(self.person)

    def get_status_display(self) -> str:
        return choice_label(self.Status, self.status)

    def get_category_display(self) -> str:
        return choice_label(self.Category, self.category)


class ConsentQuerySet(models.QuerySet):
    def processing(self) -> ConsentQuerySet:
        return self.filter(kind=Consent.Kind.PROCESSING)

    def dissemination(self) -> ConsentQuerySet:
        return self.filter(kind=Consent.Kind.DISSEMINATION)

    def valid(self, on: date | None = None) -> ConsentQuerySet:
        """Signed, not revoked, and in force on ``on`` (today by default)."""
        day = on or timezone.localdate()
        return self.filter(status=Consent.Status.SIGNED).filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
        )


class Consent(models.Model):
    """A consent under 152-ФЗ: to processing, or separately to dissemination.

    Adults sign their own; a legal representative signs for a minor. The
    purpose and the data list are copied in when the consent is asked for, so
    the record says what exactly was agreed to.
    """

    class Kind(models.TextChoices):
        PROCESSING = "processing", _("processing of personal data")
        DISSEMINATION = "dissemination", _("dissemination (publication)")

    class Basis(models.TextChoices):
        SELF = "self", _("the person themself")
        REPRESENTATIVE = "representative", _("legal representative")

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting signature")
        SIGNED = "signed", _("signed")
        DECLINED = "declined", _("declined")
        REVOKED = "revoked", _("revoked")

    class Channel(models.TextChoices):
        PAPER = "paper", _("signed on paper")
        LINK = "link", _("by personal link")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        Person, models.CASCADE, related_name="consents", verbose_name=_("subject")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    basis = models.CharField(_("signed by"), max_length=20, choices=Basis.choices)
    signer = models.ForeignKey(
        Person,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="signed_consents",
        verbose_name=_("legal representative"),
    )
    signer_name = models.CharField(_("signer's full name"), max_length=300, blank=True)
    purpose = models.TextField(_("purpose"))
    data_items = models.TextField(_("personal data processed"))
    transfer_municipal = models.BooleanField(
        _("transfer to the municipal mentorship centre"), default=False
    )
    transfer_regional = models.BooleanField(
        _("transfer to the regional mentorship centre"), default=False
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("Empty: until revoked."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    channel = models.CharField(
        _("how it was given"), max_length=20, choices=Channel.choices, blank=True
    )
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="signed") | Q(signed_at__isnull=False),
                name="consent_signed_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="revoked") | Q(revoked_at__isnull=False),
                name="consent_revoked_has_time",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_from__lte=models.F("valid_until")),
                name="consent_term_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.person} ({self.get_status_display()})"

    def is_valid(self, on: date | None = None) -> bool:
        day = on or timezone.localdate()
        return (
            self.status == self.Status.SIGNED
            and (self.valid_from is None or self.valid_from <= day)
            and (self.valid_until is None or day <= self.valid_until)
        )

    @property
    def is_expired(self) -> bool:
        return (
            self.status == self.Status.SIGNED
            and self.valid_until is not None
            and self.valid_until < timezone.localdate()
        )

    def paper_date_error(self, day: date) -> str:
        """Why the paper form cannot have been signed on ``day``, or ""."""
        if day > timezone.localdate():
            return str(_("The date cannot be in the future."))
        asked = timezone.localdate(self.created)
        if day < asked:
            return _(
                "The consent was asked for on %(day)s: the form cannot have been "
                "signed before that."
            ) % {"day": asked.strftime("%d.%m.%Y")}
        if self.valid_until is not None and day > self.valid_until:
            return _(
                "The consent was asked for until %(day)s: it cannot start later."
            ) % {"day": self.valid_until.strftime("%d.%m.%Y")}
        return ""


class ConsentLink(models.Model):
    """A personal link by which a parent gives or revokes a consent, no account.

    Only a hash of the token is stored: a stolen database does not give anyone
    the power to sign for a family. The link works until ``expires_at``.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    consent = models.ForeignKey(
        Consent, models.CASCADE, related_name="links", verbose_name=_("consent")
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    sent_to = models.CharField(_("sent to"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("consent link")
        verbose_name_plural = _("consent links")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.consent} — {self.expires_at:%d.%m.%Y}"

    hash = staticmethod(tokens.digest)

    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at


class ImportBatch(models.Model):
    """One spreadsheet import: the upload, the column mapping, the dry run, the commit.

    The checked rows live in ImportRow between the dry run and the commit,
    and are deleted (with the file) once committed: personal data is not
    kept twice.
    """

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("uploaded")
        CHECKED = "checked", _("checked")
        COMMITTED = "committed", pgettext_lazy("import status", "imported")
        CANCELLED = "cancelled", _("cancelled")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        models.CASCADE,
        related_name="import_batches",
        verbose_name=_("organisation"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    file = models.FileField(_("file"), upload_to="imports/", blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    category = models.CharField(
        _("category"), max_length=20, choices=Person.Category.choices, blank=True
    )
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    report = models.JSONField(
        _("report"), default=dict, blank=True, encoder=UnicodeJSONEncoder
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UPLOADED
    )
    valid_only = models.BooleanField(_("valid rows only"), default=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    committed_at = models.DateTimeField(_("imported"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def rows(self) -> list[list]:
        """The checked rows in the file's order: [row number, outcome, the
        value of each of report["fields"] or None]."""
        fields = self.report.get("fields", [])
        stored = self.checked_rows.order_by("pk").values_list(
            "number", "outcome", *fields
        )
        return [
            [*row[:2], *(v.isoformat() if isinstance(v, date) else v for v in row[2:])]
            for row in stored
        ]


class ImportRow(models.Model):
    """A valid row of a checked import, between the dry run and the commit.

    A column holds None when the row has no value for it. The new person's
    code and search text are made by the dry run, so that the first import
    into an empty base copies the rows into Person with one INSERT … SELECT.
    """

    batch = models.ForeignKey(ImportBatch, models.CASCADE, related_name="checked_rows")
    number = models.PositiveIntegerField()
    outcome = models.CharField(max_length=10)
    code = models.UUIDField()
    search_text = models.CharField(max_length=400)
    last_name = models.CharField(max_length=100, null=True)
    first_name = models.CharField(max_length=100, null=True)
    patronymic = models.CharField(max_length=100, null=True)
    birth_date = models.DateField(null=True)
    category = models.CharField(max_length=20, null=True)
    class_name = models.CharField(max_length=10, null=True)
    position = models.CharField(max_length=200, null=True)
    experience_years = models.PositiveSmallIntegerField(null=True)
    employer_name = models.CharField(max_length=300, null=True)
    employer_inn = models.CharField(max_length=12, null=True)
    email = models.CharField(max_length=254, null=True)
    phone = models.CharField(max_length=50, null=True)
    snils = models.CharField(max_length=14, null=True)
    parent1_name = models.TextField(null=True)
    parent1_phone = models.CharField(max_length=50, null=True)
    parent1_email = models.CharField(max_length=254, null=True)
    parent2_name = models.TextField(null=True)
    parent2_phone = models.CharField(max_length=50, null=True)
    parent2_email = models.CharField(max_length=254, null=True)

    def __str__(self) -> str:
        return f"{self.batch_id}: {self.number}"
