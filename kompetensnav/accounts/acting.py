"""Who acts, and which affiliation (organisation + role) a user acts for in this request."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from kompetensnav.common.actor import Actor

from .models import Affiliation, User

SESSION_KEY = "acting_affiliation_id"


def acting_user(actor: Actor) -> User | None:
    """The user behind the actor, for the fields that record who did something: None for the
    system and a visitor."""
    return actor if isinstance(actor, User) else None


def acting_person(actor: Actor) -> User:
    """The user acting, for what only a person does (their profile, their tokens, their own
    role): PermissionDenied for the system and a visitor."""
    if not isinstance(actor, User):
        raise PermissionDenied
    return actor


def affiliations_of(user: Actor) -> list[Affiliation]:
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_affiliations", None)
    if cached is None:
        cached = list(
            Affiliation.objects.active()
            .filter(user=user)
            .select_related("organisation")
            .order_by("organisation__name")
        )
        user._affiliations = cached
    return cached


def resolve_affiliation(user: Actor, wanted_id: int | None) -> Affiliation | None:
    """The affiliation asked for if the user has it, else the first one, else None."""
    options = affiliations_of(user)
    for affiliation in options:
        if affiliation.pk == wanted_id:
            return affiliation
    return options[0] if options else None


def set_acting(request: HttpRequest, affiliation: Affiliation) -> None:
    request.session[SESSION_KEY] = affiliation.pk
    request.user.affiliation = affiliation


def acting_affiliation(user: Actor) -> Affiliation | None:
    """The affiliation the user acts for: set per request by the middleware or the API token;
    outside a request (command line, tasks, tests) the user's first active affiliation."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "affiliation"):
        user.affiliation = resolve_affiliation(user, None)
    return user.affiliation


def acting_role(user: Actor) -> str | None:
    """The role the user acts in (their acting affiliation's), or None: what their start page
    shows is chosen by it."""
    affiliation = acting_affiliation(user)
    return affiliation.role if affiliation is not None else None
