"""Reads of the vocabulary. Areas are shared network-wide; where an area is used is counted
from every relation that points at it (needs, courses, members' education areas, and whatever
a later app adds), found through Django's model meta so that this app imports none of them."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import (
    Count,
    Expression,
    F,
    ForeignObjectRel,
    IntegerField,
    ManyToManyRel,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from .models import AreaSynonym, CompetenceArea, area_key


@dataclass(frozen=True)
class Usage:
    """One kind of record that uses areas, e.g. needs, and how many use this area."""

    name: str  # the relation's accessor on the area, e.g. "needs"
    label: str  # the related model's verbose name, plural
    count: int


def area_relations() -> Iterator[ForeignObjectRel]:
    """The relations of other models to CompetenceArea (foreign keys and many-to-many), not
    the vocabulary's own synonyms."""
    for rel in CompetenceArea._meta.related_objects:
        if rel.related_model is AreaSynonym:
            continue
        yield rel


def through_model(rel: ManyToManyRel) -> type[Model]:
    """The table of a many-to-many relation (Django sets it when the models are loaded)."""
    assert rel.through is not None
    return rel.through


def through_columns(*, through: type[Model]) -> tuple[str, str]:
    """(the column to the area, the column to the owner) of a many-to-many table."""
    area_column = owner_column = ""
    for f in through._meta.get_fields():
        if not getattr(f, "many_to_one", False):
            continue
        if f.related_model is CompetenceArea:
            area_column = f.name
        else:
            owner_column = f.name
    return area_column, owner_column


def _count_subquery(rel: ForeignObjectRel) -> Subquery:
    """A subquery counting the rows of one relation that use OuterRef("pk")."""
    if isinstance(rel, ManyToManyRel):
        through = through_model(rel)
        column, _owner = through_columns(through=through)
        rows = through._default_manager.filter(**{column: OuterRef("pk")})
        return Subquery(
            rows.order_by().values(column).annotate(n=Count("*")).values("n"),
            output_field=IntegerField(),
        )
    rows = rel.related_model._base_manager.filter(**{rel.field.name: OuterRef("pk")})
    return Subquery(
        rows.order_by().values(rel.field.name).annotate(n=Count("*")).values("n"),
        output_field=IntegerField(),
    )


def accessor(rel: ForeignObjectRel) -> str:
    """The name of a relation on the area (every relation to areas has one)."""
    name = rel.get_accessor_name()
    assert name is not None
    return name


def usage_names() -> list[tuple[str, str]]:
    """(accessor, plural label) of every relation, in a stable order."""
    return sorted(
        (accessor(rel), str(rel.related_model._meta.verbose_name_plural).capitalize())
        for rel in area_relations()
    )


def area_list(
    *, search: str = "", sort: str = "name", unused: bool = False
) -> QuerySet[CompetenceArea]:
    """Every area with its synonyms and a count per use (`uses_<accessor>`) and in all
    (`uses`). Searches names in every language and synonyms."""
    counts = {
        f"uses_{accessor(rel)}": Coalesce(_count_subquery(rel), 0) for rel in area_relations()
    }
    qs = CompetenceArea.objects.annotate(**counts)
    total: Expression = Value(0, output_field=IntegerField())
    for name in counts:
        total = total + F(name)
    qs = qs.annotate(uses=total).prefetch_related("synonyms")
    if search:
        key = area_key(search)
        qs = qs.filter(
            Q(key__contains=key)
            | Q(name_en__icontains=search)
            | Q(name_da__icontains=search)
            | Q(name_no__icontains=search)
            | Q(pk__in=AreaSynonym.objects.filter(key__contains=key).values("area"))
        )
    if unused:
        qs = qs.filter(uses=0)
    order = {"name": ["key"], "-uses": ["-uses", "key"], "-created": ["-created", "key"]}
    return qs.order_by(*order.get(sort, ["key"]))


def area_usage(*, area: CompetenceArea) -> list[Usage]:
    annotated = area_list().filter(pk=area.pk).first()
    return [
        Usage(name, label, getattr(annotated, f"uses_{name}", 0) or 0)
        for name, label in usage_names()
    ]


def area_detail(*, pk: int) -> CompetenceArea:
    return (
        CompetenceArea.objects.select_related("seqf_level")
        .prefetch_related("synonyms", "occupations", "education_fields", "industries")
        .get(pk=pk)
    )


def area_resolve(*, text: str) -> CompetenceArea | None:
    """The area a text names: by its Swedish name, then a synonym, then a label in another
    language. None when no area has it."""
    key = area_key(text)
    if not key:
        return None
    area = CompetenceArea.objects.filter(key=key).first()
    if area is not None:
        return area
    synonym = AreaSynonym.objects.select_related("area").filter(key=key).first()
    if synonym is not None:
        return synonym.area
    for field in ("name_en", "name_da", "name_no"):
        for candidate in CompetenceArea.objects.filter(**{f"{field}__iexact": text.strip()})[:5]:
            if area_key(getattr(candidate, field)) == key:
                return candidate
    return None


def vocabulary_rows() -> list[tuple[int, tuple[str, ...], tuple[str, ...]]]:
    """(id, labels, synonyms) of every area, in two queries: what the matcher reads."""
    synonyms: dict[int, list[str]] = {}
    for area_id, text in AreaSynonym.objects.values_list("area_id", "text"):
        synonyms.setdefault(area_id, []).append(text)
    return [
        (pk, tuple(n for n in names if n), tuple(synonyms.get(pk, ())))
        for pk, *names in CompetenceArea.objects.values_list(
            "pk", "name", "name_en", "name_da", "name_no"
        )
    ]
