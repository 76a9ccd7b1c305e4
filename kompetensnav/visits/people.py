"""Visits' part of a person's data (common/people.py): the visit drafts a user keeps (what
they typed, unvalidated). Erasing deletes them. Logged visits are the organisation's
records about companies, not the broker's personal data: they stay."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from kompetensnav.accounts.models import User
from kompetensnav.common.people import Source

from .models import VisitDraft


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
