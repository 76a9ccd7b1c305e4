"""Merging two records of one company (entered twice, by two brokers or an import): whatever
points at the one that goes (visits, plan items, questionnaire responses, employees, contact
people, an actor of the collaboration model) is moved to the one that stays, which keeps its
own values and takes the other's where it has none; then the other is deleted. The apps
above are found through the model's relations, so companies imports none of them; the
preview shows what will move before anything does."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kompetensnav.common.actor import Actor
from kompetensnav.common.permissions import require_unless_system

from .models import Company

# the fields the company that stays takes from the other when it has no value of its own
FILLED = ("org_number", "municipality", "sni", "employees")


@dataclass(frozen=True)
class Moving:
    label: str
    count: int


def _relations() -> list:
    return [rel for rel in Company._meta.related_objects if not rel.many_to_many]


def _check(keep: Company, drop: Company) -> None:
    if keep.pk == drop.pk:
        raise ValidationError(_("Choose another company than this one."))
    for rel in _relations():
        if (
            rel.one_to_one
            and rel.related_model._default_manager.filter(**{rel.field.name: keep}).exists()
            and rel.related_model._default_manager.filter(**{rel.field.name: drop}).exists()
        ):
            raise ValidationError(
                _("Both companies are %(what)s: remove one of them first, then merge.")
                % {"what": rel.related_model._meta.verbose_name_plural}
            )


def merge_preview(*, actor: Actor, keep: Company, drop: Company) -> dict[str, object]:
    """What merging `drop` into `keep` would move, and the values `keep` would take. Raises
    ValidationError when the two cannot be merged."""
    require_unless_system(actor, "companies.merge", keep)
    _check(keep, drop)
    moving = []
    for rel in _relations():
        count = rel.related_model._default_manager.filter(**{rel.field.name: drop}).count()
        if count:
            moving.append(Moving(str(rel.related_model._meta.verbose_name_plural), count))
    filled = [
        (str(Company._meta.get_field(name).verbose_name), getattr(drop, name))
        for name in FILLED
        if _empty(getattr(keep, name)) and not _empty(getattr(drop, name))
    ]
    return {"moving": moving, "filled": filled}


def _empty(value: object) -> bool:
    return value is None or value == ""


@transaction.atomic
def company_merge(*, actor: Actor, keep: Company, drop: Company) -> Company:
    """Moves everything of `drop` to `keep`, fills `keep`'s empty values from `drop`, and
    deletes `drop` (both audited). Raises ValidationError when they cannot be merged."""
    require_unless_system(actor, "companies.merge", keep)
    keep = Company.objects.select_for_update().get(pk=keep.pk)
    drop = Company.objects.select_for_update().get(pk=drop.pk)
    _check(keep, drop)
    for rel in _relations():
        rel.related_model._default_manager.filter(**{rel.field.name: drop}).update(
            **{rel.field.name: keep}
        )
    taken = {
        name: getattr(drop, name)
        for name in FILLED
        if _empty(getattr(keep, name)) and not _empty(getattr(drop, name))
    }
    drop.delete()  # first: its organisation number may move to the one that stays
    for name, value in taken.items():
        setattr(keep, name, value)
    if taken:
        keep.save()
    return keep
