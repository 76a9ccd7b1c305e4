"""Reads of companies. Companies are shared across the network: every affiliated user sees
them (the permission checks live in the views and in rules.py), so these selectors narrow by
filters, not by organisation."""

import re

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When

from kompetensnav.common.actor import Actor
from kompetensnav.common.similarity import WordSimilar, WordSimilarity

from .models import Company, CompanyContact, SizeClass

SORTS = {
    "name": ("name", "pk"),
    "-name": ("-name", "-pk"),
    "municipality": ("municipality__name", "name", "pk"),
    "employees": ("employees", "name", "pk"),
    "-employees": ("-employees", "name", "pk"),
    "-updated": ("-updated", "pk"),
}


def _org_number_prefix(query: str) -> str | None:
    """The org. number prefix a query spells (digits, spaces and a hyphen only), or None."""
    digits = re.sub(r"\D", "", query)
    if len(digits) < 4 or len(digits) != len(re.sub(r"[\s-]", "", query)):
        return None
    if len(digits) == 12 and digits.startswith("16"):
        digits = digits[2:]
    if len(digits) > 6:
        digits = f"{digits[:6]}-{digits[6:]}"
    return digits


FUZZY_MIN_LENGTH = 3  # shorter queries have too few trigrams to judge


def _search(query: str) -> tuple[Q, Case, WordSimilarity | None]:
    """The condition a company search matches by, its ranking and the name's similarity
    to the query. A company matches when its name contains the query, or its org. number
    begins with the digits typed, or its name resembles the query (fuzzy, from three
    characters: a typo still finds it). Best first: the name itself, names that begin
    with the query or org. numbers that begin with its digits, names with a word that
    begins with it, names that contain it, then near matches by how near."""
    condition = Q(name__icontains=query)
    first = Q(name__istartswith=query)
    prefix = _org_number_prefix(query)
    if prefix:
        condition |= Q(org_number__startswith=prefix)
        first |= Q(org_number__startswith=prefix)
    similarity = None
    if len(query) >= FUZZY_MIN_LENGTH and not prefix:
        similarity = WordSimilarity(Value(query), "name")
        condition |= Q(WordSimilar(Value(query), "name"))
    rank = Case(
        When(name__iexact=query, then=Value(0)),
        When(first, then=Value(1)),
        When(name__icontains=f" {query}", then=Value(2)),
        When(name__icontains=query, then=Value(3)),
        default=Value(4),
        output_field=IntegerField(),
    )
    return condition, rank, similarity


def _searched(qs: QuerySet[Company], query: str) -> tuple[QuerySet[Company], list]:
    """The companies of `qs` that match the query, and the ordering that ranks them."""
    condition, rank, similarity = _search(query)
    if similarity is None:
        return qs.filter(condition), [rank]
    qs = qs.annotate(name_similarity=similarity).filter(condition)
    return qs, [rank, F("name_similarity").desc()]


def company_search(*, query: str, limit: int | None = None) -> QuerySet[Company]:
    """Companies matching the query, best first (see _search), then by name; the first
    `limit` of them, or all (to count them, or to page through them)."""
    query = (query or "").strip()
    if not query:
        return Company.objects.none()
    matches, ranking = _searched(Company.objects.select_related("municipality", "sni"), query)
    matches = matches.order_by(*ranking, "name", "pk")
    return matches[:limit] if limit is not None else matches


def company_matches(*, query: str, limit: int) -> tuple[list[Company], int]:
    """The `limit` best matches of a search as you type, and how many there are in all."""
    matches = company_search(query=query)
    best = list(matches[:limit])
    return best, (len(best) if len(best) < limit else matches.count())


def sni_condition(*, code: str, field: str = "sni") -> Q:
    """Companies in an SNI section (a letter: the section itself or any of its divisions) or
    in a division (two digits)."""
    if code.isalpha():
        return Q(**{f"{field}_id": code}) | Q(**{f"{field}__parent_id": code})
    return Q(**{f"{field}_id": code})


def size_condition(*, size: str, field: str = "employees") -> Q:
    low, high = SizeClass.bounds(size)
    condition = Q(**{f"{field}__gte": low})
    if high is not None:
        condition &= Q(**{f"{field}__lte": high})
    return condition


def company_list(
    *,
    actor: Actor,
    search: str = "",
    subregion: str = "",
    municipality: str = "",
    sni: str = "",
    size: str = "",
    country: str = "",
    sort: str = "name",
) -> QuerySet[Company]:
    qs = Company.objects.select_related("municipality__subregion", "sni", "country")
    search = (search or "").strip()
    ranking = None
    if search:
        qs, ranking = _searched(qs, search)
    if subregion:
        qs = qs.filter(municipality__subregion_id=subregion)
    if municipality:
        qs = qs.filter(municipality_id=municipality)
    if sni:
        qs = qs.filter(sni_condition(code=sni))
    if size:
        qs = qs.filter(size_condition(size=size))
    if country:
        qs = qs.filter(country_id=country)
    if ranking is not None and (sort == "name" or sort not in SORTS):
        return qs.order_by(*ranking, *SORTS["name"])  # a search's best matches first
    return qs.order_by(*SORTS.get(sort, SORTS["name"]))


def company_detail(*, actor: Actor, pk: int) -> Company:
    """Raises Company.DoesNotExist."""
    return Company.objects.select_related(
        "municipality__subregion", "municipality__county", "sni__parent", "country"
    ).get(pk=pk)


def company_contacts(*, company: Company) -> list[CompanyContact]:
    """The company's contact people, by name (the view decides who may see them)."""
    return list(company.contacts.order_by("name", "pk"))
