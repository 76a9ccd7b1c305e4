"""The industry councils' routes in the permission matrix.

The own council has a seat for the own organisation (an operative actor), so every role of
the own organisation sees it; its chair is the organisation admin (by the e-mail address of
the account), who manages it with the coordinators. The foreign council has only the
foreign organisation's seat: the coordinators see it, everyone else gets 404."""

from datetime import date, timedelta

from django.utils import timezone

from kompetensnav.accounts.enums import Role
from kompetensnav.collaboration.enums import Level
from kompetensnav.collaboration.models import (
    ActionItem,
    Actor,
    Council,
    CouncilMember,
    Decision,
    Meeting,
)
from tests.permissions import ALL_ROLES, Route

MANAGERS = {Role.COORDINATOR.value, Role.ORG_ADMIN.value}
COORDINATOR = {Role.COORDINATOR.value}


def _own(key: str):
    return lambda w: {"pk": w[key].pk}


def _managed(key: str, foreign_key: str, **extra) -> Route:
    """A route of the council's managers. The matrix expects roles outside `allowed` to get
    403 on a foreign object too, while a council they cannot see answers 404 to them (its
    chair may be anyone), so the foreign case of these routes is tested in
    test_councils.py (test_managing_routes_of_an_unseen_council_answer_404)."""
    return Route(allowed=MANAGERS, kwargs=_own(key), **extra)


ROUTES: dict[str, Route] = {
    "collaboration:council_list": Route(allowed=ALL_ROLES),
    "collaboration:council_create": Route(allowed=COORDINATOR),
    "collaboration:council_detail": Route(
        allowed=ALL_ROLES,
        kwargs=_own("own_council"),
        foreign_kwargs=_own("foreign_council"),
        foreign_allowed=COORDINATOR,
    ),
    "collaboration:council_edit": _managed("own_council", "foreign_council"),
    "collaboration:council_delete": _managed("own_council", "foreign_council"),
    "collaboration:council_feed_renew": _managed(
        "own_council", "foreign_council", method="post", ok=302
    ),
    "collaboration:council_feed": Route(
        allowed=ALL_ROLES, anonymous=200, kwargs=lambda w: {"key": w["own_council"].feed_key}
    ),
    "collaboration:member_add": _managed("own_council", "foreign_council"),
    "collaboration:member_edit": _managed("own_member", "foreign_member"),
    "collaboration:member_remove": _managed("own_member", "foreign_member"),
    "collaboration:meeting_create": _managed("own_council", "foreign_council"),
    "collaboration:meeting_detail": Route(
        allowed=ALL_ROLES,
        kwargs=_own("own_meeting"),
        foreign_kwargs=_own("foreign_meeting"),
        foreign_allowed=COORDINATOR,
    ),
    "collaboration:meeting_edit": _managed("own_meeting", "foreign_meeting"),
    "collaboration:meeting_delete": _managed("own_meeting", "foreign_meeting"),
    "collaboration:decision_add": _managed("own_meeting", "foreign_meeting"),
    "collaboration:decision_delete": _managed("own_decision", "foreign_decision"),
    "collaboration:action_create": _managed("own_council", "foreign_council"),
    "collaboration:action_edit": _managed("own_action", "foreign_action"),
    "collaboration:action_delete": _managed("own_action", "foreign_action"),
    # the owner of the action (the chair here) may also mark it done
    "collaboration:action_status": _managed(
        "own_action", "foreign_action", method="post", ok=302, data={"status": "done"}
    ),
}


def _council(name: str, actor: Actor, chair_email: str) -> dict:
    council = Council.objects.create(
        name=name, industry_id="31", subregion_id="skaraborg", started=date(2026, 1, 1)
    )
    chair = CouncilMember.objects.create(
        council=council, actor=actor, name=f"{name} ordförande", email=chair_email, is_chair=True
    )
    member = CouncilMember.objects.create(council=council, actor=actor, name=f"{name} ledamot")
    start = timezone.now() - timedelta(days=7)
    meeting = Meeting.objects.create(
        council=council, starts_at=start, ends_at=start + timedelta(hours=2)
    )
    decision = Decision.objects.create(meeting=meeting, text=f"{name} beslut")
    action = ActionItem.objects.create(
        council=council, title=f"{name} åtgärd", owner=chair, due=date(2026, 12, 31)
    )
    return {
        "council": council,
        "member": member,
        "meeting": meeting,
        "decision": decision,
        "action": action,
    }


def extend_world(world: dict) -> None:
    own_actor, _ = Actor.objects.get_or_create(
        organisation=world["own_org"], defaults={"level": Level.OPERATIVE}
    )
    foreign_actor, _ = Actor.objects.get_or_create(
        organisation=world["foreign_org"], defaults={"level": Level.OPERATIVE}
    )
    chair_email = world["users"][Role.ORG_ADMIN.value].email
    for prefix, name, actor, email in (
        ("own", "Eget råd", own_actor, chair_email),
        ("foreign", "Annat råd", foreign_actor, "annan.ordforande@example.se"),
    ):
        for key, value in _council(name, actor, email).items():
            world[f"{prefix}_{key}"] = value
