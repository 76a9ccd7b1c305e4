from collections import defaultdict
from datetime import date
from typing import Any

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

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


def readable_changes(entries: list[LogEntry]) -> dict[int, list[tuple[str, str, str]]]:
    """{entry id: [(field, before, after)]} in words a coordinator reads: the field's name as
    the forms call it, a choice's label instead of its code, a related record's name instead
    of its id, yes and no, and a dash for nothing. The related records of all the entries
    are read together: a query per kind of record, not per entry."""
    parsed: dict[int, list[tuple[str, object, str, str]]] = {}
    wanted: dict[Any, set[str]] = defaultdict(set)
    for entry in entries:
        model = entry.content_type.model_class()
        rows = []
        for name, values in (entry.changes_dict or {}).items():
            if not isinstance(values, list | tuple) or len(values) != 2:
                continue
            try:
                field = model._meta.get_field(name) if model is not None else None
            except FieldDoesNotExist:
                field = None
            label = str(getattr(field, "verbose_name", name)).capitalize()
            before, after = (str(v) for v in values)
            related = getattr(field, "related_model", None) if field is not None else None
            if related is not None and getattr(field, "many_to_one", False):
                wanted[related] |= {v for v in (before, after) if v.isdigit()}
            rows.append((label, field, before, after))
        parsed[entry.pk] = rows
    names = {
        model: {str(pk): str(obj) for pk, obj in model._default_manager.in_bulk(list(pks)).items()}
        for model, pks in wanted.items()
    }

    def word(field: Any, value: str) -> str:
        if value in ("None", "", "[]"):
            return "–"
        if value == "True":
            return str(_("yes"))
        if value == "False":
            return str(_("no"))
        choices = dict(getattr(field, "choices", None) or [])
        if value in choices:
            return str(choices[value])
        related = getattr(field, "related_model", None)
        if related in names:
            return names[related].get(value, value)
        return value

    return {
        pk: [
            (label, word(field, before), word(field, after)) for label, field, before, after in rows
        ]
        for pk, rows in parsed.items()
    }
