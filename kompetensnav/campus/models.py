"""The shared course catalogue: courses and their quality assurance, sessions sent live from
one site and followed at receiving sites or remotely.

Seats: a receiving site of a session has `capacity` and `seats_taken`, the session has
`remote_capacity` and `remote_taken`. The participants app keeps the counters with guarded
UPDATEs, and CHECK constraints make an overbooking impossible in the database itself."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kompetensnav.common.changes import TracksChanges
from kompetensnav.network.models import external_id_field

from .enums import CourseAction, CourseFormat, CourseStatus, ReviewDecision, RevisionStatus


def _current_language() -> str:
    return "en" if (get_language() or "sv").startswith("en") else "sv"


class Course(models.Model):
    # not a field: set by services.course_update when a change waits for the board
    revision_pending: bool

    external_id = external_id_field()
    provider = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        related_name="courses",
        verbose_name=_("provider"),
    )
    title_sv = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    areas = models.ManyToManyField(
        "competences.CompetenceArea",
        blank=True,
        related_name="courses",
        verbose_name=_("competence areas"),
    )
    seqf_level = models.ForeignKey(
        "reference.SeqfLevel",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("level (SEQF)"),
    )
    format = models.CharField(
        _("format"), max_length=20, choices=CourseFormat.choices, default=CourseFormat.LIVE_STREAM
    )
    target_group = models.CharField(_("target group"), max_length=200, blank=True)
    pilot = models.BooleanField(_("pilot course"), default=False)
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="courses",
        verbose_name=_("project"),
    )
    contact = models.ForeignKey(
        "network.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="courses",
        verbose_name=_("contact"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CourseStatus.choices, default=CourseStatus.DRAFT
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["title_sv"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        indexes = [models.Index(fields=["status", "provider"], name="course_status_provider")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=CourseStatus.values), name="course_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(format__in=CourseFormat.values), name="course_format_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title_sv

    def title(self, language: str = "sv") -> str:
        return self.title_en if language == "en" and self.title_en else self.title_sv

    def description(self, language: str = "sv") -> str:
        return (
            self.description_en if language == "en" and self.description_en else self.description_sv
        )

    @property
    def local_title(self) -> str:
        """The title in the language of the page (English when there is one, else Swedish)."""
        return self.title(_current_language())

    @property
    def local_description(self) -> str:
        return self.description(_current_language())


class CourseReview(models.Model):
    """A board member's decision on a submitted course, with a comment."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("course")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    decision = models.CharField(_("decision"), max_length=20, choices=ReviewDecision.choices)
    comment = models.TextField(_("comment"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("course review")
        verbose_name_plural = _("course reviews")

    def __str__(self) -> str:
        return f"{self.course}: {self.get_decision_display()}"


class CourseRevision(models.Model):
    """A change to the reviewed content of an approved or published course, proposed by its
    provider: the published text stays until the board approves the change (then it is
    applied) or sends it back. `changes` holds the new values by field name (`seqf_level` as
    its id) and, when the areas change, `areas` as a list of area ids. One pending change per
    course: a later edit adds to it."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("course")
    )
    changes = models.JSONField(_("changes"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=RevisionStatus.choices, default=RevisionStatus.PENDING
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("proposed course change")
        verbose_name_plural = _("proposed course changes")
        constraints = [
            models.UniqueConstraint(
                fields=["course"],
                condition=models.Q(status="pending"),
                name="courserevision_one_pending",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=RevisionStatus.values),
                name="courserevision_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course}: {self.get_status_display()}"


class CourseLogEntry(models.Model):
    """One step in a course's history: created, edited, submitted, reviewed, published,
    archived. Edits after submission name the fields that changed, so the board can see what
    was changed in a course it has already approved."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="log", verbose_name=_("course")
    )
    action = models.CharField(_("action"), max_length=20, choices=CourseAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    comment = models.TextField(_("comment"), blank=True)
    created = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("course history entry")
        verbose_name_plural = _("course history")

    def __str__(self) -> str:
        return f"{self.course}: {self.get_action_display()}"


class Session(TracksChanges):
    # not a field: the places left with more people than places by the last save (services)
    overfull: list[str]

    external_id = external_id_field()
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("course")
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=2,
        blank=True,
        help_text=_("Counted hours; empty means end − start."),
    )
    sending_site = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sent_sessions",
        verbose_name=_("sending site"),
    )
    remote_capacity = models.PositiveIntegerField(
        _("remote places"),
        default=0,
        help_text=_("0 when the session cannot be followed remotely."),
    )
    remote_taken = models.PositiveIntegerField(_("remote places taken"), default=0, editable=False)
    stream_link = models.URLField(_("stream link"), blank=True)
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("teacher"),
    )
    # history: a teacher an import named who has no account (a name, or an e-mail address no
    # account has yet): kept as given; an account made later with the address becomes the
    # teacher (receivers.py)
    teacher_given = models.CharField(
        _("teacher as given"), max_length=200, blank=True, default="", db_default=""
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["start"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["start"], name="session_start")]
        constraints = [
            # The interchange contract allows end = start (a zero-length record); the form
            # asks for an end after the start.
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="session_end_not_before_start",
                violation_error_message=_("The session cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(hours__gte=0), name="session_hours_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(remote_taken__lte=models.F("remote_capacity")),
                name="session_remote_not_overbooked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course} {self.start:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs) -> None:
        if self.hours is None and self.start and self.end:
            self.hours = self.default_hours(self.start, self.end)
        super().save(*args, **kwargs)

    @property
    def teacher_name(self) -> str:
        """The teacher's name, or as an import gave them (a name or an e-mail address)."""
        if self.teacher is not None:
            return self.teacher.full_name or self.teacher.email
        return self.teacher_given

    @property
    def remote_free(self) -> int:
        return max(self.remote_capacity - self.remote_taken, 0)

    @staticmethod
    def default_hours(start, end) -> Decimal:
        seconds = (end - start) / timedelta(seconds=1)
        return (Decimal(seconds) / Decimal(3600)).quantize(Decimal("0.01"))


class SessionSite(models.Model):
    """A receiving site of a session: a member's room with its own capacity."""

    # a session's sites are found by session_site_unique (session, organisation): no index
    # of its own (every import writes it)
    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="sites",
        verbose_name=_("session"),
        db_index=False,
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        related_name="received_sessions",
        verbose_name=_("receiving site"),
    )
    room = models.CharField(_("room"), max_length=120, blank=True)
    capacity = models.PositiveIntegerField(_("places"))
    seats_taken = models.PositiveIntegerField(_("places taken"), default=0, editable=False)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("receiving site")
        verbose_name_plural = _("receiving sites")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "organisation"],
                name="session_site_unique",
                violation_error_message=_("This site already receives the session."),
            ),
            models.CheckConstraint(
                condition=models.Q(seats_taken__lte=models.F("capacity")),
                name="session_site_not_overbooked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.session})"

    @property
    def free(self) -> int:
        return max(self.capacity - self.seats_taken, 0)
