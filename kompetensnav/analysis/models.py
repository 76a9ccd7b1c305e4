"""What the matching of needs to courses keeps: one embedding per course and per need (made in
the background when they are saved, so that a page never waits for the model), the adequate
courses found for each need with why, the draft courses proposed from unmet needs, the notices
about needs without an offer, and the tips a broker sent a company about a course.

A need with a NeedVector whose `matched_at` is set and no NeedMatch has no adequate offer."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CourseVector(models.Model):
    course = models.OneToOneField(
        "campus.Course",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="match_vector",
        verbose_name=_("course"),
    )
    vector = models.BinaryField(_("embedding"))
    text_hash = models.CharField(max_length=64)
    updated = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("course embedding")
        verbose_name_plural = _("course embeddings")

    def __str__(self) -> str:
        return f"{self.course_id}: {self.text_hash[:8]}"


class NeedVector(models.Model):
    need = models.OneToOneField(
        "visits.Need",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="match_vector",
        verbose_name=_("need"),
    )
    vector = models.BinaryField(_("embedding"))
    text_hash = models.CharField(max_length=64)
    updated = models.DateTimeField(auto_now=True)
    matched_at = models.DateTimeField(_("matched"), null=True, blank=True)

    class Meta:
        verbose_name = _("need embedding")
        verbose_name_plural = _("need embeddings")
        indexes = [models.Index(fields=["matched_at"], name="needvector_matched")]

    def __str__(self) -> str:
        return f"{self.need_id}: {self.text_hash[:8]}"


class NeedMatch(models.Model):
    """A published course that can meet a need, ranked, with the evidence shown as "why"."""

    need = models.ForeignKey(
        "visits.Need",
        on_delete=models.CASCADE,
        related_name="course_matches",
        verbose_name=_("need"),
    )
    course = models.ForeignKey(
        "campus.Course",
        on_delete=models.CASCADE,
        related_name="need_matches",
        verbose_name=_("course"),
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    score = models.FloatField(_("score"))
    terms = models.JSONField(_("matched words"), default=list, blank=True)
    areas = models.JSONField(_("shared competence areas"), default=list, blank=True)

    class Meta:
        ordering = ["need", "rank"]
        verbose_name = _("course suggestion")
        verbose_name_plural = _("course suggestions")
        constraints = [
            models.UniqueConstraint(fields=["need", "course"], name="needmatch_unique"),
            models.CheckConstraint(
                condition=models.Q(score__gte=0) & models.Q(score__lte=1),
                name="needmatch_score_0_1",
            ),
        ]
        indexes = [models.Index(fields=["course", "-score"], name="needmatch_course_score")]

    def __str__(self) -> str:
        return f"{self.need_id} → {self.course_id} ({self.score:.2f})"


class CourseProposal(models.Model):
    """A draft course made from unmet needs ("Föreslå en utbildning"): the needs it is made
    for, so that the board sees why it exists."""

    course = models.OneToOneField(
        "campus.Course",
        on_delete=models.CASCADE,
        related_name="proposal",
        verbose_name=_("course"),
    )
    needs = models.ManyToManyField("visits.Need", related_name="proposals", verbose_name=_("needs"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("course proposal")
        verbose_name_plural = _("course proposals")

    def __str__(self) -> str:
        return str(self.course)


class CourseTip(models.Model):
    """A broker told a company about a course that answers one of its needs: logged on the
    visit, with the e-mail as sent."""

    visit = models.ForeignKey(
        "visits.Visit",
        on_delete=models.CASCADE,
        related_name="course_tips",
        verbose_name=_("visit"),
    )
    need = models.ForeignKey(
        "visits.Need",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("need"),
    )
    course = models.ForeignKey(
        "campus.Course",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("course"),
    )
    sent_to = models.EmailField(_("sent to"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("course tip")
        verbose_name_plural = _("course tips")

    def __str__(self) -> str:
        return f"{self.course} → {self.sent_to}"
