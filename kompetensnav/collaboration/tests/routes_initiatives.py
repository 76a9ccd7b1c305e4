"""The strategic cycle's routes in the permission matrix: priorities, initiatives and the
year's report.

Priorities and initiatives are open to the whole network. The own organisation is an
operative actor (routes_councils), so only the coordinators manage priorities; an
initiative owned by the own organisation is managed by its organisation admin and the
coordinators. That the own organisation admin cannot manage the foreign organisation's
initiative (403: it sees it) is tested in test_initiatives.py."""

from datetime import date

from django.utils import timezone

from kompetensnav.accounts.enums import Role
from kompetensnav.collaboration.enums import InitiativeKind, Level
from kompetensnav.collaboration.models import Actor, Initiative, Priority
from kompetensnav.network.models import Event
from tests.permissions import ALL_ROLES, Route

COORDINATOR = {Role.COORDINATOR.value}
MANAGERS = {Role.COORDINATOR.value, Role.ORG_ADMIN.value}


def _pk(key: str):
    return lambda w: {"pk": w[key].pk}


ROUTES: dict[str, Route] = {
    "collaboration:priority_list": Route(allowed=ALL_ROLES),
    "collaboration:priority_create": Route(allowed=COORDINATOR),
    "collaboration:priority_edit": Route(allowed=COORDINATOR, kwargs=_pk("own_priority")),
    "collaboration:priority_delete": Route(allowed=COORDINATOR, kwargs=_pk("own_priority")),
    "collaboration:initiative_list": Route(allowed=ALL_ROLES),
    "collaboration:initiative_create": Route(allowed=MANAGERS),
    "collaboration:initiative_detail": Route(
        allowed=ALL_ROLES,
        kwargs=_pk("own_initiative"),
        foreign_kwargs=_pk("foreign_initiative"),
        foreign_allowed=ALL_ROLES,
    ),
    "collaboration:initiative_edit": Route(allowed=MANAGERS, kwargs=_pk("own_initiative")),
    "collaboration:initiative_delete": Route(allowed=MANAGERS, kwargs=_pk("own_initiative")),
    "collaboration:initiative_links": Route(allowed=MANAGERS, kwargs=_pk("own_initiative")),
    "collaboration:initiative_unlink": Route(
        allowed=MANAGERS,
        kwargs=_pk("own_initiative"),
        method="post",
        ok=302,
        data=lambda w: {"kind": "event", "target": w["own_initiative_event"].pk},
    ),
    "collaboration:cycle": Route(allowed=ALL_ROLES),
    "collaboration:cycle_pdf": Route(allowed=ALL_ROLES),
}


def extend_world(world: dict) -> None:
    own_actor, _ = Actor.objects.get_or_create(
        organisation=world["own_org"], defaults={"level": Level.OPERATIVE}
    )
    foreign_actor, _ = Actor.objects.get_or_create(
        organisation=world["foreign_org"], defaults={"level": Level.OPERATIVE}
    )
    year = timezone.localdate().year
    world["own_priority"] = Priority.objects.create(year=year, title="Egen prioritering")
    event = Event.objects.create(
        kind="network_meeting", date=date(year, 3, 1), title="Uppstartsmöte"
    )
    world["own_initiative_event"] = event
    for prefix, actor in (("own", own_actor), ("foreign", foreign_actor)):
        initiative = Initiative.objects.create(
            title=f"{prefix} insats",
            kind=InitiativeKind.COURSE,
            owner=actor,
            priority=world["own_priority"],
            start=date(year, 1, 1),
        )
        world[f"{prefix}_initiative"] = initiative
    world["own_initiative"].events.add(event)
