"""An upload through the web import: the file, its check (a dry run, in the worker), its
preview and its outcome.

The web process only looks at the head of an upload (its type and header row); the worker
checks every row (uploaded → checking → valid/invalid), streaming the file. Until the check the
content is the file as uploaded; the check replaces a workbook by the CSV text of its cells, so
the preview and the import never unpack a workbook again (see `content_format`).

While the worker checks or imports, the job holds a lease (common.jobs): a job whose worker
was killed goes back to the queue, at most MAX_ATTEMPTS times, or fails with a clear message.

The uploaded file may hold personal data (contact names, e-mail addresses), so its content
is kept only while it is needed: it is cleared when the import is done, fails or is
cancelled, and at the latest after `CONTENT_KEPT_FOR` (see services.import_job_purge_stale).
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kompetensnav.common.jobs import NOT_STARTED, WORKER_LOST, LeasedJob

from .registry import KINDS

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
BACKGROUND_THRESHOLD_ROWS = 500  # larger files are imported by the task worker
CONTENT_KEPT_FOR = timedelta(days=1)


class ImportJob(LeasedJob):
    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Waiting to be checked")
        CHECKING = "checking", _("Being checked")
        VALID = "valid", _("Checked: ready to import")
        INVALID = "invalid", _("Checked: has errors")
        QUEUED = "queued", _("Waiting to run")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    TASKS = {
        Status.UPLOADED: "kompetensnav.interchange.tasks.check_import_job",
        Status.QUEUED: "kompetensnav.interchange.tasks.run_import_job",
    }
    WORKING = {Status.CHECKING: Status.UPLOADED, Status.RUNNING: Status.QUEUED}
    FAILED_STATUS = Status.FAILED

    kind = models.CharField(_("kind"), max_length=40)
    # Shown to the user only; never used to build a path.
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"), default=b"", editable=False)
    file_format = models.CharField(_("format"), max_length=4, default="csv")  # csv or xlsx
    # True once the check has stored a workbook's cells as CSV text (see content_format)
    content_is_csv = models.BooleanField(default=False, editable=False)
    # Where the file comes from, as the uploader names it ("Questback", "Kontaktlistan"): the
    # columns chosen by hand for a source are used again for its next file.
    source = models.CharField(_("source"), max_length=100, blank=True, default="")
    # The columns chosen by hand in the preview: {header key: column code, or "" to leave
    # the column out} (headers.read_header).
    columns = models.JSONField(_("columns chosen"), default=dict, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="import_jobs",
        verbose_name=_("uploaded by"),
    )
    # Whom the worker acts for: the uploader's affiliation, then the confirmer's (checked
    # again when the worker starts).
    acting_affiliation = models.ForeignKey(
        "accounts.Affiliation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acting for"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UPLOADED
    )
    rows = models.PositiveIntegerField(_("rows"), default=0)
    progress_done = models.PositiveIntegerField(_("rows imported"), default=0)
    progress_total = models.PositiveIntegerField(_("rows to import"), default=0)
    # The dry run's outcome while previewing, then the import's: created/updated ids, errors.
    result = models.JSONField(_("result"), default=dict, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind}: {self.filename}"

    @property
    def kind_label(self) -> str:
        kind = KINDS.get(self.kind)
        return kind.label if kind else self.kind

    @property
    def is_preview(self) -> bool:
        return self.status in (self.Status.VALID, self.Status.INVALID)

    @property
    def is_checking(self) -> bool:
        return self.status in (self.Status.UPLOADED, self.Status.CHECKING)

    @property
    def is_in_progress(self) -> bool:
        return self.status in self.unfinished_statuses()

    @property
    def content_format(self) -> str:
        """How `content` is stored: the upload's format until it is checked, then CSV (also
        when it is checked again after columns were chosen)."""
        return self.file_format if self.is_checking and not self.content_is_csv else "csv"

    @property
    def message(self) -> str:
        """Why the whole file failed or was refused (not a row's problem), in the reader's
        language where it is a known reason."""
        reason = self.result.get("reason", "")
        if reason in (WORKER_LOST, NOT_STARTED):
            return self.reason_text(reason)
        return self.result.get("file_error") or self.result.get("message", "")

    def give_up_fields(self, reason: str) -> dict:
        return {"content": b"", "result": {"reason": reason}, "finished_at": timezone.now()}

    def retry_fields(self) -> dict:
        return {"progress_done": 0}

    @property
    def errors(self) -> list[dict]:
        return self.result.get("errors", [])

    @property
    def created_ids(self) -> list[str]:
        return self.result.get("created", [])

    @property
    def updated_ids(self) -> list[str]:
        return self.result.get("updated", [])

    @property
    def created_count(self) -> int:
        return self.result.get("created_count", len(self.created_ids))

    @property
    def updated_count(self) -> int:
        return self.result.get("updated_count", len(self.updated_ids))


class ColumnMapping(models.Model):
    """How the files of one source name their columns, as a coordinator chose them in an
    import's preview: used again for the next file of the same kind from that source."""

    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=40)
    source = models.CharField(_("source"), max_length=100)
    # {header key: column code, or "" for a column left out}
    columns = models.JSONField(_("columns"), default=dict)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "source"], name="interchange_mapping_per_source"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.source}"
