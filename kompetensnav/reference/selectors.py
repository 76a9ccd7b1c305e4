"""Read helpers for the reference data (municipalities, SNI, SSYK, SUN), for use by other apps."""

from __future__ import annotations

import re

from django.db.models import QuerySet

from .models import Municipality, SniCode, SsykCode, SunField

_SNI_SECTION_RE = re.compile(r"^[A-Z]$")
_SNI_PREFIXED_RE = re.compile(r"^([A-Z])?(\d[\d.\s]*)$")


def municipality_by_code(code: str | int | None) -> Municipality | None:
    """The municipality with this SCB code ("1485"), or None.

    Integers and codes that lost their leading zero (180 for Stockholm, 0180) are accepted.
    """
    if code is None:
        return None
    text = str(code).strip()
    if not text.isdigit() or len(text) > 4:
        return None
    return (
        Municipality.objects.select_related("county", "subregion")
        .filter(code=text.zfill(4))
        .first()
    )


def west_sweden_municipalities() -> QuerySet[Municipality]:
    """The municipalities in a West-Sweden subregion (Fyrbodal, Skaraborg, Sjuhärad,
    Göteborgsregionen, Halland): all of Västra Götalands län and Hallands län, 55 in all."""
    return (
        Municipality.objects.filter(subregion__isnull=False)
        .select_related("county", "subregion")
        .order_by("name")
    )


def sni_lookup(code_or_prefix: str | None) -> SniCode | None:
    """The most specific known SNI 2007 code for a code or code prefix, or None.

    Accepts a section letter ("C"), a division ("25"), or a longer SNI code or prefix
    ("25.1", "25.11", "25110", "C25"); the longest known prefix wins, so "25.1" gives
    division 25. A letter in front of digits must be the division's own section.
    """
    if code_or_prefix is None:
        return None
    text = str(code_or_prefix).strip().upper()
    if not text:
        return None
    if _SNI_SECTION_RE.match(text):
        return SniCode.objects.filter(code=text, level=SniCode.Level.SECTION).first()
    match = _SNI_PREFIXED_RE.match(text)
    if not match:
        return None
    section, digits = match.group(1), re.sub(r"[.\s]", "", match.group(2))
    if len(digits) < 2:
        return None
    candidates = [digits[:length] for length in range(len(digits), 1, -1)]
    found = {
        c.code: c
        for c in SniCode.objects.select_related("parent").filter(
            code__in=candidates, level=SniCode.Level.DIVISION
        )
    }
    for candidate in candidates:
        hit = found.get(candidate)
        if hit is not None:
            if section and hit.parent_id != section:
                return None
            return hit
    return None


def _digits(code: str | int | None) -> str:
    return re.sub(r"[\s.]", "", str(code)) if code is not None else ""


def ssyk_lookup(code: str | int | None) -> SsykCode | None:
    """The SSYK 2012 code ("2512", "251", "25", "2"), or None. Spaces and dots are ignored;
    "0110" keeps its leading zero, so pass armed-forces codes as text."""
    text = _digits(code)
    if not text.isdigit() or len(text) > 4:
        return None
    return SsykCode.objects.select_related("parent").filter(code=text).first()


def ssyk_unit_groups() -> QuerySet[SsykCode]:
    """The 429 four-digit SSYK 2012 unit groups, by code, with their minor group."""
    return SsykCode.objects.filter(level=SsykCode.Level.UNIT_GROUP).select_related("parent")


def sun_field_lookup(code: str | int | None) -> SunField | None:
    """The SUN 2020 field of education for a code, or the most specific known field for a
    longer one: "48" and "481" (a detailed field, not loaded) both give narrow field 48."""
    text = _digits(code)
    if not text or not text[0].isdigit():
        return None
    candidates = [text[:length] for length in range(min(len(text), 2), 0, -1)]
    found = {f.code: f for f in SunField.objects.filter(code__in=candidates)}
    return next((found[c] for c in candidates if c in found), None)
