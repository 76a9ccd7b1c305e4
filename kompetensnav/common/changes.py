"""When a record last changed, for those who keep a copy in step (the API's
`updated_since`).

`ChangedAt` is set to the time on every insert (bulk_create too) and save, as `auto_now` is,
but it is nullable and has no default, so a migration adds it in place (ALTER TABLE ADD
COLUMN; on SQLite a column with a default remakes the table, which trips the triggers that
name it). A model with `TracksChanges` also sets it on `save(update_fields=…)` and on every
`QuerySet.update()` (bulk_update too), which `auto_now` leaves as it was. Records last
changed before the field came have the time they were created, or none."""

from typing import Any

from django.db import migrations, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ChangedAt(models.DateTimeField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = timezone.now()
        setattr(model_instance, self.attname, value)
        return value


class ChangeTrackingQuerySet[M: models.Model](models.QuerySet[M]):
    def update(self, **kwargs: Any) -> int:
        kwargs.setdefault("updated", timezone.now())
        return super().update(**kwargs)


class TracksChanges(models.Model):
    updated = ChangedAt(_("changed"))

    objects = ChangeTrackingQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "updated"}
        super().save(*args, **kwargs)


def changed_when_created(app_label: str, model_name: str) -> migrations.RunPython:
    """The step of a migration that adds the change time: until a record changes, its change
    time is when it was created."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        apps.get_model(app_label, model_name).objects.update(updated=models.F("created"))

    return migrations.RunPython(forwards, migrations.RunPython.noop)
