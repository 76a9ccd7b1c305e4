"""Visits' part of a company's timeline (companies/timeline.py): each visit with the needs
recorded on it; a visit the viewer may not open in full shows its date and organisation."""

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kompetensnav.common.actor import Actor
from kompetensnav.companies.models import Company
from kompetensnav.companies.timeline import Entry

from .selectors import company_history


def visits(actor: Actor, company: Company) -> Iterable[Entry]:
    history = company_history(actor=actor, company=company)
    areas: dict[int, list[str]] = {}
    for need in history["needs"]:
        areas.setdefault(need.visit_id, []).append(need.area.name)
    for visit in history["visits"]:
        named = areas.get(visit.pk, [])
        text = _("Visit by %(organisation)s") % {"organisation": visit.organisation.name}
        if named:
            text += ": " + _("needs in %(areas)s") % {"areas": ", ".join(named)}
        yield Entry(
            when=visit.date,
            kind=gettext_lazy("Visit"),
            text=text,
            url=reverse("visits:visit_detail", args=[visit.pk]) if visit.readable else "",
        )
