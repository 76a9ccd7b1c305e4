"""The collaboration model: actors at the strategic and operative level, industry councils
with their meetings and action items, strategic priorities and the initiatives that carry
them out.

An actor is an organisation of the network's directory (member or not) or a company; the
rest of the chain (needs, courses, projects, events) is linked, never copied."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kompetensnav.network.models import external_id_field

from .enums import (
    ActionStatus,
    CouncilKind,
    Function,
    InitiativeKind,
    InitiativeStatus,
    Level,
    Origin,
)


def new_feed_key() -> str:
    """The secret part of a council's calendar feed address."""
    return secrets.token_urlsafe(24)


class Actor(models.Model):
    external_id = external_id_field()
    organisation = models.OneToOneField(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actor",
        verbose_name=_("organisation"),
    )
    company = models.OneToOneField(
        "companies.Company",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actor",
        verbose_name=_("company"),
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    mandate = models.CharField(
        _("mandate"),
        max_length=300,
        blank=True,
        help_text=_("What the actor does in the collaboration, in a sentence."),
    )
    industries = models.ManyToManyField(
        "reference.SniCode", blank=True, related_name="+", verbose_name=_("industries")
    )
    subregions = models.ManyToManyField(
        "reference.Subregion", blank=True, related_name="+", verbose_name=_("subregions")
    )
    contacts = models.ManyToManyField(
        "network.Contact", blank=True, related_name="+", verbose_name=_("contact people")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    # set by selectors that annotate it: the actor's name, for sorting in the database
    sort_name: str

    class Meta:
        ordering = ["pk"]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, company__isnull=True)
                | Q(organisation__isnull=True, company__isnull=False),
                name="actor_organisation_or_company",
            ),
            models.CheckConstraint(condition=Q(level__in=Level.values), name="actor_level_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        holder = self.organisation if self.organisation_id else self.company
        return holder.name if holder is not None else ""

    @property
    def is_strategic(self) -> bool:
        return self.level in (Level.STRATEGIC, Level.BOTH)


class ActorFunction(models.Model):
    """One function an actor has (a table, so that actors can be filtered by it in SQL)."""

    actor = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="functions", verbose_name=_("actor")
    )
    function = models.CharField(_("function"), max_length=30, choices=Function.choices)

    class Meta:
        ordering = ["actor", "function"]
        verbose_name = _("function")
        verbose_name_plural = _("functions")
        constraints = [
            models.UniqueConstraint(fields=["actor", "function"], name="actorfunction_unique"),
            models.CheckConstraint(
                condition=Q(function__in=Function.values), name="actorfunction_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.get_function_display()


class Council(models.Model):
    """An industry council (branschråd): an industry in a region, standing or temporary."""

    external_id = external_id_field()
    name = models.CharField(_("name"), max_length=200)
    industry = models.ForeignKey(
        "reference.SniCode",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("industry (SNI)"),
    )
    subregion = models.ForeignKey(
        "reference.Subregion",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("subregion"),
    )
    municipality = models.ForeignKey(
        "reference.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
        help_text=_("Where the council meets, if it belongs to one municipality."),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=CouncilKind.choices, default=CouncilKind.STANDING
    )
    purpose = models.TextField(_("purpose"), blank=True)
    started = models.DateField(_("started"))
    ends = models.DateField(
        _("ends"), null=True, blank=True, help_text=_("Required for a temporary council.")
    )
    # the calendar feed's address holds this key (calendar programs send no login); a
    # manager can replace it, which stops every copy of the old address
    feed_key = models.CharField(
        _("calendar key"), max_length=40, unique=True, default=new_feed_key, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("industry council")
        verbose_name_plural = _("industry councils")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CouncilKind.values), name="council_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(kind=CouncilKind.TEMPORARY) | Q(ends__isnull=False),
                name="council_temporary_has_end",
            ),
            models.CheckConstraint(
                condition=Q(ends__isnull=True) | Q(ends__gte=models.F("started")),
                name="council_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("collaboration:council_detail", args=[self.pk])


class CouncilMember(models.Model):
    """A person on a council, for an actor. Reminders of action items go to `email`; a user
    whose account has this e-mail address sees the council and, as its chair, manages it."""

    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="members", verbose_name=_("council")
    )
    actor = models.ForeignKey(
        Actor, on_delete=models.PROTECT, related_name="council_seats", verbose_name=_("actor")
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"), blank=True)
    title = models.CharField(_("role"), max_length=100, blank=True)
    is_chair = models.BooleanField(_("chair"), default=False)

    class Meta:
        ordering = ["-is_chair", "name", "pk"]
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        constraints = [
            models.UniqueConstraint(
                fields=["council"], condition=Q(is_chair=True), name="council_one_chair"
            ),
            models.UniqueConstraint(
                "council",
                Lower("email"),
                condition=~Q(email=""),
                name="councilmember_email_unique",
            ),
        ]
        indexes = [models.Index(Lower("email"), name="councilmember_email_idx")]

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("council")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    attendees = models.ManyToManyField(
        CouncilMember, blank=True, related_name="meetings_attended", verbose_name=_("present")
    )

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["council", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.council} {self.starts_at:%Y-%m-%d}"


class Decision(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("meeting")
    )
    text = models.TextField(_("decision"))

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text[:80]


class ActionItem(models.Model):
    """Something a council member has promised to do by a date. The daily reminders record
    the due date they were sent for, so a moved date is reminded again and nothing twice."""

    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="actions", verbose_name=_("council")
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("decided at"),
    )
    title = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        CouncilMember, on_delete=models.PROTECT, related_name="actions", verbose_name=_("owner")
    )
    due = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    reminded_for = models.DateField(_("reminded before"), null=True, blank=True, editable=False)
    overdue_reminded_for = models.DateField(
        _("reminded when overdue"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ActionStatus.values), name="actionitem_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["status", "due"])]

    def __str__(self) -> str:
        return self.title


class Priority(models.Model):
    """A strategic priority for a year and a region (the whole network when no subregion),
    decided by the strategic level from the year's competence analysis."""

    external_id = external_id_field()
    year = models.PositiveSmallIntegerField(_("year"))
    subregion = models.ForeignKey(
        "reference.Subregion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("subregion"),
        help_text=_("Empty for the whole network."),
    )
    rank = models.PositiveSmallIntegerField(_("rank"), default=1)
    title = models.CharField(_("priority"), max_length=200)
    rationale = models.TextField(_("why"), blank=True)
    area = models.ForeignKey(
        "competences.CompetenceArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("competence area"),
    )
    analysis = models.ForeignKey(
        "reports.CompetenceReport",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("competence analysis"),
    )
    decided_by = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="priorities",
        verbose_name=_("decided by"),
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "rank", "pk"]
        verbose_name = _("strategic priority")
        verbose_name_plural = _("strategic priorities")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=1900, year__lte=2999), name="priority_year_valid"
            ),
        ]
        indexes = [models.Index(fields=["year", "subregion"])]

    def __str__(self) -> str:
        return self.title


class Initiative(models.Model):
    """An initiative (insats) turns a finding into action, and links what it produced."""

    external_id = external_id_field()
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=15, choices=InitiativeKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=InitiativeStatus.choices, default=InitiativeStatus.IDEA
    )
    origin = models.CharField(
        _("starts from"), max_length=10, choices=Origin.choices, default=Origin.NEEDS
    )
    owner = models.ForeignKey(
        Actor, on_delete=models.PROTECT, related_name="initiatives_owned", verbose_name=_("owner")
    )
    actors = models.ManyToManyField(
        Actor, blank=True, related_name="initiatives", verbose_name=_("actors involved")
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    priority = models.ForeignKey(
        Priority,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("strategic priority"),
    )
    decision = models.ForeignKey(
        Decision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("council decision"),
    )
    needs = models.ManyToManyField(
        "visits.Need", blank=True, related_name="+", verbose_name=_("needs")
    )
    courses = models.ManyToManyField(
        "campus.Course", blank=True, related_name="+", verbose_name=_("courses")
    )
    projects = models.ManyToManyField(
        "projects.Project", blank=True, related_name="+", verbose_name=_("projects")
    )
    events = models.ManyToManyField(
        "network.Event", blank=True, related_name="+", verbose_name=_("events")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=InitiativeKind.values), name="initiative_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=InitiativeStatus.values), name="initiative_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(start__isnull=True)
                | Q(end__isnull=True)
                | Q(end__gte=models.F("start")),
                name="initiative_period_in_order",
            ),
        ]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["start"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("collaboration:initiative_detail", args=[self.pk])
