"""Reference data (the same for everyone, shipped with the code). Long lists are paginated."""

from typing import Annotated

from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from kompetensnav.reference.models import (
    Country,
    County,
    Municipality,
    SeqfLevel,
    SniCode,
    Subregion,
)

from ..pagination import ApiPagination
from ..params import SLUG_PATTERN
from ..responses import with_errors
from ..schemas import (
    CountryOut,
    CountyOut,
    MunicipalityOut,
    SeqfLevelOut,
    SniCodeOut,
    SubregionOut,
)

router = Router(tags=["reference"])


@router.get(
    "/municipalities",
    response=with_errors(list[MunicipalityOut]),
    operation_id="municipality_list",
    summary="Swedish municipalities",
    description="Sorted by name.",
)
@paginate(ApiPagination)
def municipality_list(
    request: HttpRequest,
    county: Annotated[
        str | None,
        Query(pattern=r"^[0-9]{2}$", description="Only municipalities in this county (its code)."),
    ] = None,
    subregion: Annotated[
        str | None,
        Query(
            max_length=40,
            pattern=SLUG_PATTERN,
            description="Only municipalities in this subregion (its identifier).",
        ),
    ] = None,
):
    qs = Municipality.objects.order_by("name", "code")
    if county:
        qs = qs.filter(county_id=county)
    if subregion:
        qs = qs.filter(subregion_id=subregion)
    return qs


@router.get(
    "/counties",
    response=with_errors(list[CountyOut]),
    operation_id="county_list",
    summary="Swedish counties",
    description="All of them (21), sorted by code.",
)
def county_list(request: HttpRequest):
    return County.objects.order_by("code")


@router.get(
    "/subregions",
    response=with_errors(list[SubregionOut]),
    operation_id="subregion_list",
    summary="Subregions",
    description="All of them, sorted by name.",
)
def subregion_list(request: HttpRequest):
    return Subregion.objects.order_by("name")


@router.get(
    "/sni",
    response=with_errors(list[SniCodeOut]),
    operation_id="sni_list",
    summary="SNI 2007 industry codes (sections and divisions)",
    description="Sorted by code.",
)
@paginate(ApiPagination)
def sni_list(
    request: HttpRequest,
    level: Annotated[
        SniCode.Level | None, Query(description="Only sections, or only divisions.")
    ] = None,
):
    qs = SniCode.objects.order_by("code")
    if level:
        qs = qs.filter(level=level)
    return qs


@router.get(
    "/seqf-levels",
    response=with_errors(list[SeqfLevelOut]),
    operation_id="seqf_level_list",
    summary="Levels of the Swedish qualifications framework (SEQF)",
    description="All eight, in order.",
)
def seqf_level_list(request: HttpRequest):
    return SeqfLevel.objects.order_by("level")


@router.get(
    "/countries",
    response=with_errors(list[CountryOut]),
    operation_id="country_list",
    summary="Countries (ISO 3166-1)",
    description="Sorted by code.",
)
@paginate(ApiPagination)
def country_list(request: HttpRequest):
    return Country.objects.order_by("code")
