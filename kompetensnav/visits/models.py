"""Visits of competence brokers to companies, the needs found, and each organisation's plan
of visits to make.

A visit belongs to the broker's organisation: its notes and advice are private to that
organisation and to the network's coordinators. The needs recorded on visits are shared
network-wide (they feed the needs dashboard). A need's competence area is an area of the
shared vocabulary (competences), as are courses' areas and members' education areas."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kompetensnav.network.models import external_id_field

from .enums import GapArea, Horizon, PlanStatus


class Visit(models.Model):
    # not a field: whether the reader may open the visit in full (selectors.company_history)
    readable: bool

    external_id = external_id_field()
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.PROTECT,
        related_name="visits",
        verbose_name=_("company"),
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        related_name="visits",
        verbose_name=_("organisation"),
        db_index=False,  # visit_org_date (organisation, date) serves it
        help_text=_("The visiting broker's organisation."),
    )
    date = models.DateField(_("date"))
    visited_by = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="visits",
        verbose_name=_("visited by"),
    )
    # history: a broker an import named by an e-mail address no account has (yet); kept as
    # given, and the visit is linked to the account made with that address (receivers.py)
    broker_given = models.EmailField(
        _("broker as given"),
        blank=True,
        default="",
        db_default="",  # rows written by COPY (bench/) or raw SQL leave it out
        help_text=_("A broker named by an import who has no account here: kept as given."),
    )
    also_present = models.CharField(
        _("also present"),
        max_length=300,
        blank=True,
        help_text=_("Others at the visit, e.g. the company's production manager."),
    )
    notes = models.TextField(_("notes"), blank=True)
    advice = models.TextField(_("advice given"), blank=True)
    follow_up_date = models.DateField(_("follow-up date"), null=True, blank=True)
    follow_up_done = models.BooleanField(_("follow-up done"), default=False)
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("project"),
    )
    response = models.OneToOneField(
        "questionnaires.Response",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visit",
        verbose_name=_("questionnaire answers"),
        help_text=_("The shared visit questionnaire, filled in by the broker."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [
            models.Index(fields=["date"], name="visit_date"),
            models.Index(fields=["organisation", "date"], name="visit_org_date"),
            models.Index(
                fields=["follow_up_date"],
                condition=models.Q(follow_up_done=False, follow_up_date__isnull=False),
                name="visit_follow_up_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company} {self.date:%Y-%m-%d}"


class Need(models.Model):
    external_id = external_id_field()
    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="needs", verbose_name=_("visit")
    )
    area = models.ForeignKey(
        "competences.CompetenceArea",
        on_delete=models.PROTECT,
        related_name="needs",
        verbose_name=_("competence area"),
    )
    description = models.TextField(_("description"), blank=True)
    horizon = models.CharField(_("time horizon"), max_length=5, choices=Horizon.choices, blank=True)
    employees_affected = models.PositiveIntegerField(_("employees affected"), null=True, blank=True)
    seqf_level = models.ForeignKey(
        "reference.SeqfLevel",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("SEQF level"),
    )
    gap_area = models.CharField(_("gap area"), max_length=20, choices=GapArea.choices, blank=True)
    # The visit's date, kept by the database itself (triggers of migrations 0008 and 0009: on
    # a need's insert or change of visit, and on a visit's change of date; whatever a write
    # sets here is replaced, a date given with new needs at the end of the statement), so that
    # the needs of a period are found by their own index, without a scan of every need joined
    # to its visit (the needs analysis at national scale).
    visit_date = models.DateField(_("visit date"), null=True, editable=False)

    class Meta:
        ordering = ["visit", "pk"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        indexes = [models.Index(fields=["visit_date"], name="need_visit_date")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(horizon__in=["", *Horizon.values]), name="need_horizon_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(gap_area__in=["", *GapArea.values]), name="need_gap_area_valid"
            ),
        ]

    def __str__(self) -> str:
        return str(self.area)


class PlanItem(models.Model):
    """A company an organisation means to visit (its visit plan). Private to the organisation."""

    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.CASCADE,
        related_name="visit_plan",
        verbose_name=_("organisation"),
    )
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.CASCADE,
        related_name="plan_items",
        verbose_name=_("company"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.PLANNED
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible"),
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    visit = models.ForeignKey(
        Visit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_items",
        verbose_name=_("visit"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["target_date", "pk"]
        verbose_name = _("visit plan entry")
        verbose_name_plural = _("visit plan")
        indexes = [models.Index(fields=["organisation", "status"], name="plan_org_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=PlanStatus.values), name="plan_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return str(self.company)


class VisitDraft(models.Model):
    """A visit form half filled in, kept by its broker to finish later (on the phone at the
    company, at the desk afterwards): the form's fields as typed, not validated. Only its
    author sees it, in the organisation they acted for; it goes when the visit is saved,
    when discarded, or DRAFT_DAYS after its last change (`manage.py purge_visit_drafts`,
    in `daily`)."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="visit_drafts",
        verbose_name=_("author"),
        db_index=False,  # visit_draft_author (author, updated) serves it
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    # the form's fields as posted: name → list of values
    data = models.JSONField(_("form data"), default=dict)
    title = models.CharField(_("company"), max_length=200, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-updated", "-pk"]
        verbose_name = _("visit draft")
        verbose_name_plural = _("visit drafts")
        indexes = [models.Index(fields=["author", "updated"], name="visit_draft_author")]

    def __str__(self) -> str:
        return self.title or str(_("Visit draft"))
