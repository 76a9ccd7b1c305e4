"""Writes of the vocabulary: find-or-create from free text (forms and imports), curation by the
network's coordinators (labels, synonyms, links, merging two areas)."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ManyToManyRel
from django.utils.translation import gettext as _

from kompetensnav.common.actor import Actor
from kompetensnav.common.permissions import require_unless_system
from kompetensnav.reference.models import SeqfLevel, SniCode, SsykCode, SunField

from .models import AreaSynonym, CompetenceArea, area_key
from .selectors import accessor, area_relations, area_resolve, through_columns, through_model
from .signals import vocabulary_changed

NAME_MAX = CompetenceArea._meta.get_field("name").max_length


def _changed(*areas: CompetenceArea) -> None:
    ids = [a.pk for a in areas]
    transaction.on_commit(lambda: vocabulary_changed.send(sender=CompetenceArea, area_ids=ids))


def area_find_or_create(*, name: str) -> CompetenceArea:
    """The area a free text names (name, synonym or label, any letter case), or a new area with
    that name. Safe when two saves create the same new area at the same moment."""
    name = " ".join((name or "").split())[:NAME_MAX]
    if not area_key(name):
        raise ValidationError(_("Give the competence area a name."))
    found = area_resolve(text=name)
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return CompetenceArea.objects.create(name=name)
    except IntegrityError:
        return CompetenceArea.objects.get(key=area_key(name))


def areas_find_or_create(*, names: Iterable[str]) -> list[CompetenceArea]:
    """The areas of a list of free texts, each once, in the order given; empty texts skipped."""
    found: dict[int, CompetenceArea] = {}
    for name in names:
        if area_key(name):
            area = area_find_or_create(name=name)
            found.setdefault(area.pk, area)
    return list(found.values())


def _name_is_free(key: str, *, area: CompetenceArea | None = None) -> None:
    others = CompetenceArea.objects.filter(key=key)
    if area is not None and area.pk is not None:
        others = others.exclude(pk=area.pk)
    other = others.first()
    if other is not None:
        raise ValidationError(
            {
                "name": _("The area “%(area)s” already has this name. Merge the two areas instead.")
                % {"area": other.name}
            }
        )
    synonym = (
        AreaSynonym.objects.select_related("area")
        .filter(key=key)
        .exclude(area=area if area is not None and area.pk else None)
        .first()
    )
    if synonym is not None:
        raise ValidationError(
            {
                "name": _("“%(text)s” is a synonym of the area “%(area)s”.")
                % {"text": synonym.text, "area": synonym.area.name}
            }
        )


@dataclass(frozen=True)
class AreaFields:
    """What a coordinator edits on an area."""

    name: str
    name_en: str = ""
    name_da: str = ""
    name_no: str = ""
    description: str = ""
    seqf_level: SeqfLevel | None = None
    # None leaves the links as they are
    occupations: Iterable[SsykCode] | None = None
    education_fields: Iterable[SunField] | None = None
    industries: Iterable[SniCode] | None = None


@transaction.atomic
def area_save(*, actor: Actor, area: CompetenceArea | None, fields: AreaFields) -> CompetenceArea:
    """Create (area None) or change an area. A name that another area, or another area's
    synonym, already has is refused with a message saying which."""
    require_unless_system(actor, "competences.curate_areas")
    key = area_key(fields.name)
    if not key:
        raise ValidationError({"name": _("Give the competence area a name.")})
    _name_is_free(key, area=area)
    area = area or CompetenceArea()
    renamed = area.pk is None or area.key != key
    for name in ("name", "name_en", "name_da", "name_no", "description"):
        setattr(area, name, getattr(fields, name).strip())
    area.seqf_level = fields.seqf_level
    area.save()
    if area.synonyms.filter(key=key).exists():  # its own synonym became its name
        area.synonyms.filter(key=key).delete()
    for name in ("occupations", "education_fields", "industries"):
        if getattr(fields, name) is not None:
            getattr(area, name).set(getattr(fields, name))
    if renamed:
        _changed(area)
    return area


@transaction.atomic
def synonym_add(*, actor: Actor, area: CompetenceArea, text: str) -> AreaSynonym:
    require_unless_system(actor, "competences.curate_areas")
    text = " ".join((text or "").split())
    key = area_key(text)
    if not key:
        raise ValidationError({"text": _("Write the synonym or abbreviation.")})
    if key == area.key:
        raise ValidationError({"text": _("This is the area's own name.")})
    owner = CompetenceArea.objects.filter(key=key).first()
    if owner is not None:
        raise ValidationError(
            {
                "text": _(
                    "“%(text)s” is the name of another area, “%(area)s”. Merge the two areas instead."
                )
                % {"text": text, "area": owner.name}
            }
        )
    existing = AreaSynonym.objects.select_related("area").filter(key=key).first()
    if existing is not None:
        raise ValidationError(
            {
                "text": _("“%(text)s” is already a synonym of “%(area)s”.")
                % {"text": existing.text, "area": existing.area.name}
            }
        )
    synonym = AreaSynonym.objects.create(area=area, text=text)
    _changed(area)
    return synonym


@transaction.atomic
def synonym_remove(*, actor: Actor, synonym: AreaSynonym) -> None:
    require_unless_system(actor, "competences.curate_areas")
    area = synonym.area
    synonym.delete()
    _changed(area)


@dataclass
class MergeResult:
    target: CompetenceArea
    moved: dict[str, int]  # accessor → rows moved to the target


@transaction.atomic
def area_merge(*, actor: Actor, source: CompetenceArea, target: CompetenceArea) -> MergeResult:
    """Merge `source` into `target`: everything that used the source (needs, courses, members'
    education areas, ...) uses the target, the source's name and synonyms become synonyms of
    the target, its labels and links fill what the target lacks, and the source is deleted.
    Nothing that used either area loses its area."""
    require_unless_system(actor, "competences.curate_areas")
    if source.pk == target.pk:
        raise ValidationError({"target": _("Choose another area to merge into.")})
    source = CompetenceArea.objects.select_for_update().get(pk=source.pk)
    target = CompetenceArea.objects.select_for_update().get(pk=target.pk)
    moved: dict[str, int] = {}
    for rel in area_relations():
        if isinstance(rel, ManyToManyRel):
            through = through_model(rel)
            area_column, owner_column = through_columns(through=through)
            has_target = through._default_manager.filter(**{area_column: target}).values(
                owner_column
            )
            through._default_manager.filter(
                **{area_column: source, f"{owner_column}__in": has_target}
            ).delete()
            count = through._default_manager.filter(**{area_column: source}).update(
                **{area_column: target}
            )
        else:
            count = rel.related_model._base_manager.filter(**{rel.field.name: source}).update(
                **{rel.field.name: target}
            )
        moved[accessor(rel)] = count
    for name in ("name_en", "name_da", "name_no", "description"):
        if not getattr(target, name) and getattr(source, name):
            setattr(target, name, getattr(source, name))
    target.seqf_level = target.seqf_level or source.seqf_level
    target.save()
    for name in ("occupations", "education_fields", "industries"):
        getattr(target, name).add(*getattr(source, name).all())
    texts = [source.name, *source.synonyms.values_list("text", flat=True)]
    source.synonyms.all().delete()
    source.delete()
    for text in texts:
        key = area_key(text)
        if key != target.key and not AreaSynonym.objects.filter(key=key).exists():
            AreaSynonym.objects.create(area=target, text=text)
    _changed(target)
    return MergeResult(target, moved)
