"""The annual report rendered in the background: a ReportJob keeps the choices (year, language,
filters), the progress the worker reports, and the finished PDF and XLSX.

The files hold aggregated figures only, never personal data, so they are kept in the database
with the job (small: some hundred kB) until the job is deleted or pushed out by newer ones
(services.KEEP_JOBS). They are stored only when both are complete, in the job's last write.

A job holds a lease while it waits and while the worker renders it (common.jobs): a job whose
worker was killed is retried, or failed after MAX_ATTEMPTS, and never shown as running."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kompetensnav.common.jobs import NOT_STARTED, WORKER_LOST, LeasedJob


class ReportJob(LeasedJob):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Being generated")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    TASKS = {Status.QUEUED: "kompetensnav.reports.tasks.run_report_job"}
    WORKING = {Status.RUNNING: Status.QUEUED}
    FAILED_STATUS = Status.FAILED

    class Step(models.TextChoices):
        WAITING = "waiting", _("Waiting for the worker to start")
        FIGURES = "figures", _("Computing the figures of the year and the year before")
        SERIES = "series", _("Computing the figures month by month")
        CHARTS = "charts", _("Drawing the charts")
        PDF = "pdf", _("Writing the PDF")
        XLSX = "xlsx", _("Writing the Excel workbook")
        FINISHED = "finished", _("Finished")

    # Why a job failed, when it is known: a key of MESSAGES, shown in the reader's language.
    FILTER_DELETED = "filter_deleted"
    MESSAGES = {
        FILTER_DELETED: _("The project or organisation chosen as a filter no longer exists."),
    }

    year = models.PositiveSmallIntegerField(_("year"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("project"),
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    # The filters' names when the report was made, shown even if the project is deleted later.
    project_name = models.CharField(_("project"), max_length=200, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=10, choices=Step.choices, default=Step.WAITING)
    message = models.CharField(_("message"), max_length=40, blank=True)
    pdf = models.BinaryField(_("PDF"), default=b"", editable=False)
    xlsx = models.BinaryField(_("Excel workbook"), default=b"", editable=False)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="reportjob_progress_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} ({self.language})"

    @property
    def is_in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def message_text(self) -> str:
        if self.message in (WORKER_LOST, NOT_STARTED):
            return self.reason_text(self.message)
        return str(self.MESSAGES.get(self.message, ""))

    def give_up_fields(self, reason: str) -> dict:
        return {"message": reason, "finished_at": timezone.now()}

    def retry_fields(self) -> dict:
        return {"step": self.Step.WAITING, "progress": 0}

    @property
    def filters_text(self) -> str:
        return ", ".join(name for name in (self.project_name, self.organisation_name) if name)


# --- the competence analysis -----------------------------------------------------------------


class CompetenceReport(models.Model):
    """A competence analysis being written: its period, region and language, and the
    coordinator's introduction and conclusions. Its figures are read when a version is made
    (CompetenceVersion): a preview to read through, or a published version that is kept."""

    class RegionKind(models.TextChoices):
        NETWORK = "network", _("The whole network")
        SUBREGION = "subregion", _("Subregion")
        MUNICIPALITY = "municipality", _("Municipality")

    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("to"))
    region_kind = models.CharField(
        _("kind of region"), max_length=12, choices=RegionKind.choices, default=RegionKind.NETWORK
    )
    # a subregion's identifier or a municipality's SCB code; empty for the whole network
    region_key = models.CharField(_("region"), max_length=40, blank=True)
    # the region's name when the report was made, shown even if it is renamed later
    region_name = models.CharField(_("region"), max_length=100)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    introduction = models.TextField(_("introduction"), blank=True)
    conclusions = models.TextField(_("conclusions"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        ordering = ["-date_to", "-pk"]
        verbose_name = _("competence analysis")
        verbose_name_plural = _("competence analyses")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date_to__gte=models.F("date_from")),
                name="competencereport_period_in_order",
            ),
        ]
        indexes = [models.Index(fields=["region_kind", "region_key"])]

    def __str__(self) -> str:
        return f"{self.region_name} {self.date_from}–{self.date_to}"


class CompetenceVersion(LeasedJob):
    """One rendering of a competence analysis, made by the worker: a preview (replaced by the
    next) or a published version, kept with its files and its key figures as they were, so a
    later analysis can be compared with it. The texts are copied in when it is requested."""

    class Kind(models.TextChoices):
        PREVIEW = "preview", pgettext_lazy("a kind of version", "Preview")
        PUBLISHED = "published", _("Published version")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Being generated")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    TASKS = {Status.QUEUED: "kompetensnav.reports.tasks.run_competence_version"}
    WORKING = {Status.RUNNING: Status.QUEUED}
    FAILED_STATUS = Status.FAILED

    class Step(models.TextChoices):
        WAITING = "waiting", _("Waiting for the worker to start")
        FIGURES = "figures", _("Reading the needs, courses and participants of the period")
        CHARTS = "charts", _("Drawing the charts")
        PDF = "pdf", _("Writing the PDF")
        XLSX = "xlsx", _("Writing the Excel workbook")
        FINISHED = "finished", _("Finished")

    report = models.ForeignKey(
        CompetenceReport,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("competence analysis"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    introduction = models.TextField(_("introduction"), blank=True)
    conclusions = models.TextField(_("conclusions"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=10, choices=Step.choices, default=Step.WAITING)
    message = models.CharField(_("message"), max_length=40, blank=True)
    pdf = models.BinaryField(_("PDF"), default=b"", editable=False)
    xlsx = models.BinaryField(_("Excel workbook"), default=b"", editable=False)
    # the key figures as published (reports.competence.snapshot), for comparisons
    figures = models.JSONField(_("key figures"), default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # a published version's number among its analysis' (1 for the first), set by the selectors
    number: int | None = None

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("version of a competence analysis")
        verbose_name_plural = _("versions of competence analyses")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="competenceversion_progress_at_most_100"
            ),
        ]
        indexes = [models.Index(fields=["kind", "status", "finished_at"])]

    def __str__(self) -> str:
        return f"{self.report} ({self.get_kind_display()})"

    @property
    def is_in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def is_published(self) -> bool:
        return self.kind == self.Kind.PUBLISHED and self.is_done

    @property
    def message_text(self) -> str:
        return self.reason_text(self.message)

    def give_up_fields(self, reason: str) -> dict:
        return {"message": reason, "finished_at": timezone.now()}

    def retry_fields(self) -> dict:
        return {"step": self.Step.WAITING, "progress": 0}
