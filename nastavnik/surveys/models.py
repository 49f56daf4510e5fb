"""Questionnaires: versioned templates, campaigns, personal links and answers.

- A *questionnaire* («анкета наставника», «анкета удовлетворённости
  наставляемого») is a family of *versions*. Editing a version that has
  answers makes a new version; old answers keep theirs.
- A version has *sections* and *questions*. A question may be shown only when
  another one has a given answer, may count in the satisfaction score, may
  write into a field of the people bases (``profile_field``) and may be a
  stage-2 parameter measured at entry and exit (``parameter``).
- A *campaign* sends one version to a set of people with a deadline; each gets
  an *invitation*: a personal link whose token is stored only as a hash.
- A *response* holds the *answers*. In an anonymous campaign the response
  has no person and no invitation, and no date finer than the day: nothing
  links it to whoever gave it.
- A ranking question of the preference questionnaire produces *preferences*
  that matching reads.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from nastavnik.lib import tokens
from nastavnik.lib.dates import ShortYear, parse_date
from nastavnik.orgs.models import Organisation
from nastavnik.people.models import Person
from nastavnik.programmes.models import MentorshipForm


class Kind(models.TextChoices):
    """What a questionnaire is for: the product reads answers by kind."""

    MENTOR = "mentor", _("potential mentor's questionnaire")
    MENTEE = "mentee", _("mentee's request")
    PREFERENCE = "preference", _("preferences after the group meeting")
    SATISFACTION_MENTEE = "satisfaction_mentee", _("mentee satisfaction")
    SATISFACTION_MENTOR = "satisfaction_mentor", _("mentor satisfaction")
    ENTRY = "entry", _("entry measurement (stage 2)")
    EXIT = "exit", _("exit measurement (stage 2)")
    SWOT = "swot", _("curator's SWOT analysis")
    CURATOR = "curator", _("curator's questionnaire")
    DIFFICULTIES = "difficulties", _("professional difficulties of a teacher")
    OTHER = "other", _("other questionnaire")


SATISFACTION_KINDS = [Kind.SATISFACTION_MENTEE, Kind.SATISFACTION_MENTOR]


class QuestionnaireQuerySet(models.QuerySet):
    def available_to(self, organisation: Organisation) -> QuestionnaireQuerySet:
        """The shipped questionnaires and the organisation's own."""
        return self.filter(
            Q(organisation__isnull=True) | Q(organisation=organisation),
            is_active=True,
        )


# The values of a yes-or-no answer.
YES, NO = "yes", "no"
# An own answer («other») is at most this long; so is a short text.
OWN_ANSWER_MAX = 300


def _one(raw) -> str:
    """The single value of a raw answer (the first of a list), stripped."""
    if isinstance(raw, list):
        raw = raw[0] if raw else ""
    return "" if raw is None else str(raw).strip()


def _many(raw) -> list[str]:
    """The non-empty values of a raw answer, stripped."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raw = [raw]
    return [str(v).strip() for v in raw if str(v).strip()]


def _too_long(limit: int) -> ValueError:
    return ValueError(
        gettext("The answer is too long: at most %(n)s characters.") % {"n": limit}
    )


class Questionnaire(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="questionnaires",
        verbose_name=_("organisation"),
        help_text=_("Empty for the questionnaires shipped with Nastavnik."),
    )
    slug = models.SlugField(_("code"), max_length=60)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    form = models.ForeignKey(
        MentorshipForm,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questionnaires",
        verbose_name=_("form of mentorship"),
        help_text=_("Empty when the questionnaire fits every form."),
    )
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("copied from"),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["kind", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "slug"], name="questionnaire_unique_slug"
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(organisation__isnull=True),
                name="questionnaire_unique_shipped_slug",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_shipped(self) -> bool:
        return self.organisation_id is None

    def current_version(self) -> Version | None:
        return self.versions.order_by("-number").first()


class Version(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    instruction = models.TextField(_("instruction"), blank=True)
    anonymous = models.BooleanField(
        _("anonymous by default"),
        default=False,
        help_text=_("Campaigns of this questionnaire start as anonymous."),
    )
    satisfied_from = models.DecimalField(
        _("satisfied from"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("7"),
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_(
            "A respondent is satisfied when the mean of the scored 1–10 items "
            "is at least this."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")
        ordering = ["questionnaire", "number"]
        constraints = [
            # The current version is the one with the highest number: one
            # number per questionnaire gives one current version.
            models.UniqueConstraint(
                fields=["questionnaire", "number"],
                name="version_unique_number",
                violation_error_message=_(
                    "This questionnaire already has a version with this number."
                ),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="version_number_from_one"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} · {self.number}"

    def has_responses(self) -> bool:
        return self.responses.exists()


class Section(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.ForeignKey(
        Version, on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=300, blank=True)
    instruction = models.TextField(_("instruction"), blank=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "position"],
                name="section_unique_position",
                violation_error_message=_(
                    "Another section of the version has this place."
                ),
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1), name="section_position_from_one"
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.position}"


class Question(models.Model):
    class Type(models.TextChoices):
        SINGLE = "single", _("one choice")
        MULTIPLE = "multiple", _("several choices")
        SCALE = "scale", _("scale from 1 to 10")
        YES_NO = "yes_no", _("yes or no")
        NUMBER = "number", _("number")
        DATE = "date", _("date")
        SHORT_TEXT = "short_text", _("short text")
        LONG_TEXT = "long_text", _("long text")
        RANKING = "ranking", _("ranking of people")
        TOPICS = "topics", _("topics from the people bases")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    key = models.SlugField(
        _("key"),
        max_length=60,
        help_text=_("Stays the same across versions, so answers can be compared."),
    )
    text = models.TextField(_("question"))
    help_text = models.TextField(_("hint"), blank=True)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    required = models.BooleanField(_("required"), default=False)
    choices = models.JSONField(
        _("choices"),
        default=list,
        blank=True,
        help_text=_("A list of [value, label]; the value is what the product reads."),
    )
    allow_other = models.BooleanField(_("own answer allowed"), default=False)
    scale_min = models.PositiveSmallIntegerField(default=1)
    scale_max = models.PositiveSmallIntegerField(default=10)
    max_length = models.PositiveIntegerField(_("at most characters"), default=2000)
    show_if = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dependants",
        verbose_name=_("shown only if"),
    )
    show_if_value = models.CharField(_("has the answer"), max_length=200, blank=True)
    scored = models.BooleanField(
        _("counts in satisfaction"),
        default=False,
        help_text=_("A 1–10 item that counts in the mean of satisfaction."),
    )
    parameter = models.SlugField(
        _("stage-2 parameter"),
        max_length=60,
        blank=True,
        help_text=_("The same parameter at entry and exit gives the change."),
    )
    profile_field = models.CharField(
        _("fills the profile field"), max_length=60, blank=True
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["section__position", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "position"],
                name="question_unique_position",
                violation_error_message=_(
                    "Another question of the section has this place."
                ),
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1), name="question_position_from_one"
            ),
            models.CheckConstraint(
                condition=Q(scale_min__lt=F("scale_max"), scale_max__lte=100),
                name="question_scale_goes_up",
                violation_error_message=_(
                    "The scale goes from a smaller number to a larger one, 0–100."
                ),
            ),
            models.CheckConstraint(
                condition=Q(max_length__gte=1), name="question_max_length_positive"
            ),
            # Only a 1–10 scale counts in the mean of satisfaction.
            models.CheckConstraint(
                condition=Q(scored=False) | Q(type="scale", scale_min=1, scale_max=10),
                name="question_scored_is_a_1_10_scale",
                violation_error_message=_(
                    "Only a scale from 1 to 10 counts in satisfaction."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.text[:100]

    @property
    def labels(self) -> dict[str, str]:
        return {str(value): label for value, label in self.choices}

    # Answers. ``clean_answer`` gives the value to store (None when the
    # question is left unanswered) or raises ValueError with the message in
    # Russian; each type checks its answer in ``_clean_<type>``.

    def clean_answer(
        self,
        raw,
        other: str = "",
        *,
        candidates: dict[str, Person] | None = None,
        topics: set[str] | frozenset[str] = frozenset(),
    ) -> object:
        """``raw`` is what the form sent (a string or a list), ``other`` the
        own answer typed next to «other»; ``candidates`` are the people a
        ranking offers by code, ``topics`` the codes of the topics offered to
        the respondent."""
        clean = getattr(self, f"_clean_{self.type}", None)
        if clean is None:
            raise ValueError(gettext("Unknown question type."))
        return clean(raw, other=other, candidates=candidates or {}, topics=topics)

    def _clean_short_text(self, raw, **context) -> str | None:
        text = _one(raw)
        limit = min(self.max_length, OWN_ANSWER_MAX)
        if len(text) > limit:
            raise _too_long(limit)
        return text or None

    def _clean_long_text(self, raw, **context) -> str | None:
        text = _one(raw)
        if len(text) > self.max_length:
            raise _too_long(self.max_length)
        return text or None

    def _clean_scale(self, raw, **context) -> int | None:
        text = _one(raw)
        if not text:
            return None
        # isdecimal, not isdigit: «²» is a digit that int() refuses
        if not text.isdecimal() or not (self.scale_min <= int(text) <= self.scale_max):
            raise ValueError(
                gettext("Choose a number from %(low)s to %(high)s.")
                % {"low": self.scale_min, "high": self.scale_max}
            )
        return int(text)

    def _clean_yes_no(self, raw, **context) -> str | None:
        text = _one(raw)
        if not text:
            return None
        if text not in (YES, NO):
            raise ValueError(gettext("Answer «yes» or «no»."))
        return text

    def _clean_number(self, raw, **context) -> int | float | None:
        text = _one(raw).replace(",", ".")
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            raise ValueError(gettext("Enter a number.")) from None
        # «nan» parses as a float, and no database stores it as JSON
        if number != number:
            raise ValueError(gettext("Enter a number."))
        if abs(number) > 1_000_000:
            raise ValueError(gettext("The number is too large."))
        # the experience of the people base: whole years, 0 to 70
        if self.profile_field == "person.experience_years" and not (
            number.is_integer() and 0 <= number <= 70
        ):
            raise ValueError(
                gettext("Enter the experience in whole years, from 0 to 70.")
            )
        return int(number) if number.is_integer() else number

    def _clean_date(self, raw, **context) -> str | None:
        text = _one(raw)
        if not text:
            return None
        try:
            return parse_date(text).isoformat()
        except ShortYear as e:
            raise ValueError(str(e)) from None
        except ValueError:
            raise ValueError(gettext("Enter a date as dd.mm.yyyy.")) from None

    def _own_answer(self, other: str) -> str:
        own = other.strip()
        if len(own) > OWN_ANSWER_MAX:
            raise _too_long(OWN_ANSWER_MAX)
        return f"other:{own}"

    def _clean_single(self, raw, *, other: str, **context) -> str | None:
        text = _one(raw)
        if not text:
            return None
        if text in self.labels:
            return text
        if text == "other" and self.allow_other:
            if not other.strip():
                raise ValueError(gettext("Write your own answer."))
            return self._own_answer(other)
        raise ValueError(gettext("Choose one of the answers offered."))

    def _clean_multiple(self, raw, *, other: str, **context) -> list[str] | None:
        chosen = []
        for value in _many(raw):
            if value in self.labels:
                chosen.append(value)
            elif value == "other" and self.allow_other and other.strip():
                chosen.append(self._own_answer(other))
            else:
                raise ValueError(gettext("Choose among the answers offered."))
        return list(dict.fromkeys(chosen)) or None

    def _clean_topics(self, raw, *, topics, **context) -> list[str] | None:
        values = _many(raw)
        if set(values) - set(topics):
            raise ValueError(gettext("Choose among the topics offered."))
        return list(dict.fromkeys(values)) or None

    def _clean_ranking(self, raw, *, candidates, **context) -> list[str] | None:
        values = _many(raw)
        if len(set(values)) != len(values):
            raise ValueError(gettext("Each person can be ranked once."))
        if set(values) - set(candidates):
            raise ValueError(gettext("Rank only the people offered."))
        return values or None


class Campaign(models.Model):
    """One questionnaire sent to a set of people with a deadline."""

    class Status(models.TextChoices):
        OPEN = "open", _("collecting answers")
        CLOSED = "closed", _("closed")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="campaigns",
        verbose_name=_("organisation"),
    )
    version = models.ForeignKey(
        Version,
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name=_("questionnaire"),
    )
    title = models.CharField(_("title"), max_length=300)
    audience = models.CharField(
        _("sent to"),
        max_length=300,
        blank=True,
        help_text=_("For example «наставляемые 7Б» or «все наставники»."),
    )
    deadline = models.DateField(_("answer by"))
    anonymous = models.BooleanField(_("anonymous"), default=False)
    editable = models.BooleanField(
        _("answers can be changed until the deadline"), default=False
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    candidates = models.ManyToManyField(
        Person,
        blank=True,
        related_name="+",
        verbose_name=_("people to rank"),
        help_text=_("Whom the ranking questions offer: the group meeting's mentors."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["open", "closed"]),
                name="campaign_status_known",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def kind(self) -> str:
        return self.version.questionnaire.kind

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status == self.Status.OPEN and today <= self.deadline

    def is_overdue(self, today=None) -> bool:
        """Past its deadline but not closed yet: answers are no longer taken
        until the curator extends it."""
        today = today or timezone.localdate()
        return self.status == self.Status.OPEN and today > self.deadline


class InvitationQuerySet(models.QuerySet):
    def waiting_for(self, person: Person) -> InvitationQuerySet:
        """The person's unanswered invitations to campaigns not closed yet,
        the nearest deadline first, with their campaign and questionnaire
        (one query for a list)."""
        return (
            self.filter(
                person=person,
                person__anonymised_at__isnull=True,
                answered=False,
                campaign__status=Campaign.Status.OPEN,
            )
            .select_related("campaign__version__questionnaire")
            .order_by("campaign__deadline", "campaign__title", "pk")
        )


class Invitation(models.Model):
    """A person's personal link to a campaign. Only the token's hash is kept.

    In an anonymous campaign the invitation knows whether the person answered
    (for reminders and the progress bar) but not what, nor when."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="invitations"
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("person"),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    answered = models.BooleanField(_("answered"), default=False)
    draft = models.JSONField(default=dict, blank=True, editable=False)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "person"], name="invitation_unique_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.person}"

    hash = staticmethod(tokens.digest)


class Response(models.Model):
    class Source(models.TextChoices):
        LINK = "link", _("personal link")
        PAPER = "paper", _("paper form entered by hand")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="responses"
    )
    version = models.ForeignKey(
        Version, on_delete=models.PROTECT, related_name="responses"
    )
    # Both empty in an anonymous campaign.
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responses",
        verbose_name=_("person"),
    )
    invitation = models.OneToOneField(
        Invitation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="response",
    )
    submitted_on = models.DateField(_("submitted"), default=timezone.localdate)
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.LINK
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    # The mean of the scored items, kept for SQL aggregates (satisfied share).
    score = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.CheckConstraint(
                condition=Q(source__in=["link", "paper"]),
                name="response_source_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.submitted_on:%d.%m.%Y}"


class Answer(models.Model):
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers"
    )
    # The answer as the form gave it: a string, a number, a list of values,
    # an ISO date or a list of person codes in ranked order.
    value = models.JSONField()
    # Numbers (scale, number, yes = 1 / no = 0) for SQL means and counts.
    number = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="answer_unique_question"
            ),
        ]

    def __str__(self) -> str:
        return str(self.value)[:100]


class Preference(models.Model):
    """Whom a person would like to work with, in ranked order (1 is first):
    the preference questionnaire after the group meeting writes these and
    matching reads them."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="preferences"
    )
    candidate = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="preferred_by"
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="preferences"
    )

    class Meta:
        verbose_name = _("preference")
        verbose_name_plural = _("preferences")
        ordering = ["person", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "person", "candidate"],
                name="preference_unique_candidate",
            ),
            models.UniqueConstraint(
                fields=["campaign", "person", "rank"],
                name="preference_unique_rank",
            ),
            models.CheckConstraint(
                condition=Q(rank__gte=1), name="preference_rank_from_one"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.candidate} ({self.rank})"
