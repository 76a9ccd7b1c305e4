"""Visits' part of a person's data (common/people.py): the visit drafts a user keeps (what
they typed, unvalidated), and the visits an import kept with the person's address as their
broker (no account had it). Erasing deletes the drafts and forgets the address; the visits
themselves are the organisation's records about companies: they stay."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from kompetensnav.accounts.models import User
from kompetensnav.common.people import Source

from .models import Visit, VisitDraft


def _find(email: str) -> list[User]:
    return list(User.objects.filter(email__iexact=email, visit_drafts__isnull=False).distinct())


def _drafts(user: User) -> list[VisitDraft]:
    return list(VisitDraft.objects.filter(author=user).order_by("created", "pk"))


def _export(user: User) -> dict[str, Any]:
    return {
        "visit_drafts": [
            {"company": d.title, "updated": d.updated.isoformat(), "form": d.data}
            for d in _drafts(user)
        ]
    }


def _erase(user: User) -> None:
    VisitDraft.objects.filter(author=user).delete()


def _rows(user: User) -> list[tuple[str, str]]:
    return [(d.updated.date().isoformat(), d.title or "–") for d in _drafts(user)]


SOURCE = Source("visit_drafts", _("Visit drafts"), _find, _export, _erase, _rows)


def _find_given(email: str) -> list[Visit]:
    return list(
        Visit.objects.filter(broker_given__iexact=email)
        .select_related("company", "organisation")
        .order_by("date", "pk")
    )


def _export_given(visit: Visit) -> dict[str, Any]:
    return {
        "date": visit.date.isoformat(),
        "company": visit.company.name,
        "organisation": visit.organisation.name,
    }


def _erase_given(visit: Visit) -> None:
    Visit.objects.filter(pk=visit.pk).update(broker_given="")


def _rows_given(visit: Visit) -> list[tuple[str, str]]:
    return [(visit.date.isoformat(), f"{visit.company.name} ({visit.organisation.name})")]


GIVEN_SOURCE = Source(
    "visit_broker_given",
    _("Visits naming the person as broker (imported)"),
    _find_given,
    _export_given,
    _erase_given,
    _rows_given,
)
