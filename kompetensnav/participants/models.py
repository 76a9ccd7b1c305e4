"""Participants of courses, their registrations (with the waitlist) and their attendance.

Seats: an active registration at a receiving site occupies a seat in every session of the
course that the site receives (campus.SessionSite.seats_taken), a remote one a remote place
in every session that can be followed remotely (campus.Session.remote_taken). The counters
are kept by services/seats.py with guarded UPDATEs; campus's CHECK constraints make an overbooking
impossible even if a service were wrong.

Attendance hours never exceed the session's hours. A CHECK constraint cannot read another
table, so triggers do it (migration 0004, on both tables); the services and the importer
(services.attendance_save / attendance_upsert, campus.services.session_save) check first with
a clear message, and attendance_save locks the session row as session_save does. Hours ≥ 0
and "absent means 0 hours" are CHECK constraints."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kompetensnav.common.changes import ChangeTrackingQuerySet, TracksChanges
from kompetensnav.network.models import external_id_field

from .enums import Gender, RegistrationStatus


class Participant(models.Model):
    external_id = external_id_field()
    full_name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    gender = models.CharField(
        _("gender"), max_length=1, choices=Gender.choices, blank=True, default=""
    )
    employer = models.ForeignKey(
        "companies.Company",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name=_("employer"),
        db_index=False,  # the index participant_employer serves it
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_participants",
        verbose_name=_("member organisation"),
        help_text=_("For staff of a member organisation."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    # set when the retention period ended: name and e-mail erased (participants/retention.py)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["full_name", "email", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = pgettext_lazy("people", "participants")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(gender__in=Gender.values), name="participant_gender_valid"
            ),
            # One person, one participant: a registration with a known e-mail finds them.
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="participant_email_ci_unique",
                violation_error_message=_("Another participant has this e-mail address."),
            ),
        ]
        indexes = [models.Index(fields=["employer"], name="participant_employer")]

    def __str__(self) -> str:
        return self.full_name or self.email or self.external_id or f"#{self.pk}"

    def save(self, *args, **kwargs) -> None:
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)


class RegistrationQuerySet(ChangeTrackingQuerySet["Registration"]):
    def active(self) -> "RegistrationQuerySet":
        return self.exclude(status=RegistrationStatus.CANCELLED)

    def at_place(self, *, site_id: int | None, remote: bool) -> "RegistrationQuerySet":
        if remote:
            return self.filter(remote=True)
        return self.filter(site_id=site_id, remote=False)


class Registration(TracksChanges):
    """A participant's registration for a course, at a receiving site or remotely.

    The waitlist of a place (course + site, or course + remote) is ordered by `created`.
    Imported registrations (history) may have no place: the contract has no such column."""

    external_id = external_id_field()
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("participant"),
    )
    course = models.ForeignKey(
        "campus.Course",
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("course"),
        db_index=False,  # registration_waitlist (course, status, created) serves it
    )
    site = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="site_registrations",
        verbose_name=_("receiving site"),
    )
    remote = models.BooleanField(_("remote"), default=False)
    registered = models.DateField(_("registered"), default=timezone.localdate)
    created = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
    )
    promoted_at = models.DateTimeField(_("moved up from the waitlist"), null=True, blank=True)
    # a place offered from the waitlist, held until then: accepted (cleared) or it lapses
    # (cancelled, the place goes to the next in line); see services/changes.py
    offer_expires = models.DateTimeField(_("place offered until"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="sv"
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=RegistrationStatus.values),
                name="registration_status_valid",
            ),
            # at a site or remote, never both (imported history may have neither)
            models.CheckConstraint(
                condition=~models.Q(site__isnull=False, remote=True),
                name="registration_one_place",
            ),
            # an offer is a place given from the waitlist
            models.CheckConstraint(
                condition=models.Q(offer_expires__isnull=True)
                | models.Q(promoted_at__isnull=False, status__in=["registered", "cancelled"]),
                name="registration_offer_promoted",
            ),
            models.UniqueConstraint(
                fields=["participant", "course"],
                condition=~models.Q(status=RegistrationStatus.CANCELLED),
                name="registration_one_active_per_course",
                violation_error_message=_("This person is already registered for the course."),
            ),
        ]
        indexes = [
            models.Index(fields=["course", "status", "created"], name="registration_waitlist"),
            models.Index(fields=["registered"], name="registration_registered"),
            models.Index(
                fields=["offer_expires"],
                name="registration_open_offer",
                condition=models.Q(offer_expires__isnull=False, status="registered"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} – {self.course}"

    @property
    def has_place(self) -> bool:
        return self.remote or self.site_id is not None

    @property
    def is_active(self) -> bool:
        return self.status != RegistrationStatus.CANCELLED

    @property
    def offer_open(self) -> bool:
        """A place offered from the waitlist, not yet accepted (it may have run out)."""
        return self.offer_expires is not None and self.status == RegistrationStatus.REGISTERED

    @property
    def offer_run_out(self) -> bool:
        """An open offer whose time to accept has passed (the expiry job has not run yet)."""
        return (
            self.offer_open
            and self.offer_expires is not None
            and (self.offer_expires <= timezone.now())
        )

    @property
    def offer_lapsed(self) -> bool:
        return self.offer_expires is not None and self.status == RegistrationStatus.CANCELLED


class PendingRegistration(models.Model):
    """A public registration given with the e-mail address of a participant we already know.

    Anyone can type anyone's address into the public form, so nothing stored about that
    person changes, and none of their registrations is shown, until the link sent to the
    address is opened: that proves the registration comes from the address's owner. What was
    typed waits here; `services.registration_confirm` then registers (and updates the name,
    gender and employer). Unconfirmed requests expire after `services.CONFIRM_MAX_AGE` and
    are deleted by the next request."""

    course = models.ForeignKey(
        "campus.Course",
        on_delete=models.CASCADE,
        related_name="pending_registrations",
        verbose_name=_("course"),
    )
    site = models.ForeignKey(
        "network.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("receiving site"),
    )
    remote = models.BooleanField(_("remote"), default=False)
    email = models.EmailField(_("e-mail address"))
    full_name = models.CharField(_("name"), max_length=150)
    gender = models.CharField(
        _("gender"), max_length=1, choices=Gender.choices, blank=True, default=""
    )
    employer_org_number = models.CharField(
        _("employer's organisation number"), max_length=13, blank=True
    )
    employer_name = models.CharField(_("employer's name"), max_length=200, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="sv"
    )
    created = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    registration = models.ForeignKey(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registration"),
        help_text=_("Set when the link was opened and the registration made."),
    )

    class Meta:
        verbose_name = _("registration to confirm")
        verbose_name_plural = _("registrations to confirm")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(site__isnull=False, remote=True),
                name="pending_registration_one_place",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} – {self.course}"


class Attendance(models.Model):
    """A participant's attendance at one session: present or not, and the hours counted
    (part of the session allowed, never more than the session's hours)."""

    external_id = external_id_field()
    session = models.ForeignKey(
        "campus.Session",
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("session"),
        db_index=False,  # attendance_one_per_session (session, participant) serves it
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("participant"),
        db_index=False,  # attendance_person (participant, session) serves it
    )
    present = models.BooleanField(_("present"), default=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2)
    site = models.ForeignKey(
        "network.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("receiving site"),
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked by"),
    )
    marked_at = models.DateTimeField(_("marked"), default=timezone.now)

    class Meta:
        ordering = ["session__start", "participant__full_name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"], name="attendance_one_per_session"
            ),
            models.CheckConstraint(
                condition=models.Q(hours__gte=0), name="attendance_hours_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(present=True) | models.Q(hours=0),
                name="attendance_absent_has_no_hours",
            ),
        ]
        indexes = [models.Index(fields=["participant", "session"], name="attendance_person")]

    def __str__(self) -> str:
        return f"{self.participant} – {self.session}: {self.hours}"


class CourseEvaluation(models.Model):
    """The evaluation questionnaire sent to a course's attendees (see evaluation.py)."""

    course = models.OneToOneField(
        "campus.Course",
        on_delete=models.CASCADE,
        related_name="evaluation",
        verbose_name=_("course"),
    )
    version = models.ForeignKey(
        "questionnaires.QuestionnaireVersion",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("questionnaire version"),
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    invited = models.PositiveIntegerField(_("invited"), default=0)

    class Meta:
        verbose_name = _("course evaluation")
        verbose_name_plural = _("course evaluations")

    def __str__(self) -> str:
        return f"{self.course}: {self.sent_at:%Y-%m-%d}"
