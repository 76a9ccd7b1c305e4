"""Reads of people. Affiliations are private to their organisation (and coordinators)."""

from django.db.models import Q, QuerySet
from django.http import Http404

from kompetensnav.common.actor import Actor
from kompetensnav.common.permissions import require

from .acting import acting_affiliation, acting_user
from .models import Affiliation, ApiToken
from .rules import is_coordinator


def affiliation_list(*, actor: Actor, search: str = "", role: str = "") -> QuerySet[Affiliation]:
    require(actor, "accounts.manage_people")
    qs = Affiliation.objects.select_related("user", "organisation")
    if not is_coordinator(actor):
        affiliation = acting_affiliation(actor)
        assert affiliation is not None  # the permission needs one
        qs = qs.filter(organisation_id=affiliation.organisation_id)
    if search:
        qs = qs.filter(
            Q(user__email__icontains=search)
            | Q(user__full_name__icontains=search)
            | Q(organisation__name__icontains=search)
        )
    if role:
        qs = qs.filter(role=role)
    return qs.order_by("organisation__name", "user__full_name", "user__email")


def affiliation_get(*, actor: Actor, pk: int) -> Affiliation:
    """One affiliation the actor may manage; others' answer 404, not 403."""
    try:
        return affiliation_list(actor=actor).get(pk=pk)
    except Affiliation.DoesNotExist as exc:
        raise Http404 from exc


def api_token_list(*, actor: Actor) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(affiliation__user=acting_user(actor)).select_related(
        "affiliation__organisation"
    )
