"""The vocabulary's routes in the permission matrix: shared, read by everyone affiliated,
curated by the network's coordinators (403 for the others, 404 for an unknown area)."""

from kompetensnav.accounts.enums import Role
from kompetensnav.competences.models import AreaSynonym, CompetenceArea
from tests.permissions import ALL_ROLES, Route

COORDINATOR = {Role.COORDINATOR.value}


def _area(w):
    return {"pk": w["competences_area"].pk}


ROUTES: dict[str, Route] = {
    "competences:area_list": Route(allowed=ALL_ROLES),
    "competences:area_detail": Route(allowed=ALL_ROLES, kwargs=_area),
    "competences:area_create": Route(allowed=COORDINATOR),
    "competences:area_edit": Route(allowed=COORDINATOR, kwargs=_area),
    "competences:area_merge": Route(allowed=COORDINATOR, kwargs=_area),
    "competences:synonym_add": Route(
        allowed=COORDINATOR, method="post", kwargs=_area, data={"text": "SoMe"}, ok=302
    ),
    "competences:synonym_remove": Route(
        allowed=COORDINATOR,
        method="post",
        kwargs=lambda w: {"pk": w["competences_synonym"].pk},
        ok=302,
    ),
}


def extend_world(world: dict) -> None:
    area = CompetenceArea.objects.create(name="Sociala medier", name_en="Social media")
    world["competences_area"] = area
    world["competences_synonym"] = AreaSynonym.objects.create(area=area, text="Sociala kanaler")
