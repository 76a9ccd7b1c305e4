from datetime import date

from auditlog.models import LogEntry
from django.db.models import Q, QuerySet

from kompetensnav.common.actor import Actor
from kompetensnav.common.permissions import require


def log_entries(
    *,
    actor: Actor,
    search: str = "",
    model: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[LogEntry]:
    require(actor, "audit.view_log")
    qs = LogEntry.objects.select_related("content_type", "actor")
    if search:
        qs = qs.filter(
            Q(actor_email__icontains=search)
            | Q(actor__email__icontains=search)
            | Q(object_repr__icontains=search)
        )
    if model:
        app_label, _, model_name = model.partition(".")
        qs = qs.filter(content_type__app_label=app_label, content_type__model=model_name)
    if date_from:
        qs = qs.filter(timestamp__date__gte=date_from)
    if date_to:
        qs = qs.filter(timestamp__date__lte=date_to)
    return qs.order_by("-timestamp", "-pk")
