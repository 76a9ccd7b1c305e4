"""A notification tells one person that something needs them (a course waits for review, a
follow-up is due, a need has no offer in their area). It is written once per person and
event (the unique key), shown in the app until read, and mailed by the person's choice: in
the daily digest (the default), at once, or never."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import kinds
from .enums import Delivery


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=40)
    # what the notification is about, unique per recipient and kind: e.g. "need:12" or
    # "course:7:submit:31" (the course's log entry), so that nothing is told twice
    key = models.CharField(_("key"), max_length=100)
    params = models.JSONField(_("values"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "key"], name="notification_once"),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created"], name="notification_inbox"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(
                fields=["created"],
                condition=models.Q(emailed_at__isnull=True),
                name="notification_unmailed",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return kinds.render(self.kind, self.params)


class Preference(models.Model):
    """A person's choice: how notifications come by e-mail, and the kinds they do not want."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_preference",
        verbose_name=_("user"),
    )
    delivery = models.CharField(
        _("e-mail"), max_length=20, choices=Delivery.choices, default=Delivery.DAILY
    )
    muted = models.JSONField(_("kinds not wanted"), default=list, blank=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(delivery__in=Delivery.values), name="preference_delivery"
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)
