"""What the apps' migrations share when they point their tags at the vocabulary: the area
(by key) of an old tag's name, as competences 0002 created it."""

from kompetensnav.competences.models import area_key

NAME_MAX = 120
UNNAMED = "Utan namn"


def area_ids_by_key(apps) -> dict[str, int]:
    Area = apps.get_model("competences", "CompetenceArea")
    return dict(Area.objects.values_list("key", "pk"))


def key_of(name: str) -> str:
    return area_key(" ".join((name or "").split())[:NAME_MAX] or UNNAMED)
