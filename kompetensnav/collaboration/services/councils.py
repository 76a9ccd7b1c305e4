"""Writes of industry councils: the council, its members, meetings, decisions and action
items, and the reminders of action items (`action_reminders_send`, run daily)."""

import dataclasses
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kompetensnav.accounts.acting import acting_user
from kompetensnav.common.actor import Actor as ActingUser
from kompetensnav.common.mail import queue_email
from kompetensnav.common.permissions import require_unless_system
from kompetensnav.reference.models import Municipality, SniCode, Subregion

from ..enums import ActionStatus, CouncilKind
from ..models import ActionItem, Actor, Council, CouncilMember, Decision, Meeting, new_feed_key
from ..rules import user_email

# an action item's owner is reminded this many days before its due date, and once when due
# has passed; each reminder is sent once per due date
REMIND_DAYS_BEFORE = 3


@dataclasses.dataclass(frozen=True)
class CouncilFields:
    name: str
    industry: SniCode
    subregion: Subregion
    started: date
    kind: str = CouncilKind.STANDING
    municipality: Municipality | None = None
    ends: date | None = None
    purpose: str = ""


@dataclasses.dataclass(frozen=True)
class MemberFields:
    actor: Actor
    name: str
    email: str = ""
    title: str = ""
    is_chair: bool = False


@dataclasses.dataclass(frozen=True)
class MeetingFields:
    starts_at: datetime
    ends_at: datetime
    place: str = ""
    agenda: str = ""
    minutes: str = ""
    attendees: Sequence[CouncilMember] = ()


@dataclasses.dataclass(frozen=True)
class ActionFields:
    title: str
    owner: CouncilMember
    due: date
    meeting: Meeting | None = None
    status: str = ActionStatus.OPEN


# --- councils -------------------------------------------------------------------------------


def _check_council(fields: CouncilFields) -> None:
    errors: dict[str, str] = {}
    if fields.kind == CouncilKind.TEMPORARY and fields.ends is None:
        errors["ends"] = _("A temporary council needs an end date.")
    if fields.ends is not None and fields.ends < fields.started:
        errors["ends"] = _("The end date cannot be before the start.")
    if fields.municipality is not None and fields.municipality.subregion_id != fields.subregion.pk:
        errors["municipality"] = _("%(municipality)s is not in %(subregion)s.") % {
            "municipality": fields.municipality.name,
            "subregion": fields.subregion.name,
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def council_create(*, actor: ActingUser, fields: CouncilFields) -> Council:
    require_unless_system(actor, "collaboration.create_council")
    _check_council(fields)
    council = Council(created_by=acting_user(actor), **dataclasses.asdict(fields))
    council.full_clean()
    council.save()
    return council


@transaction.atomic
def council_update(*, actor: ActingUser, council: Council, fields: CouncilFields) -> Council:
    require_unless_system(actor, "collaboration.manage_council", council)
    _check_council(fields)
    for name, value in dataclasses.asdict(fields).items():
        setattr(council, name, value)
    council.full_clean()
    council.save()
    return council


@transaction.atomic
def council_delete(*, actor: ActingUser, council: Council) -> None:
    require_unless_system(actor, "collaboration.manage_council", council)
    if council.meetings.filter(decisions__initiatives__isnull=False).exists():
        raise ValidationError(
            _(
                "Initiatives start from this council's decisions. Remove those links first, "
                "or end the council by giving it an end date."
            )
        )
    # action items protect their owners, so they go before the members
    council.actions.all().delete()
    council.delete()


@transaction.atomic
def council_feed_renew(*, actor: ActingUser, council: Council) -> Council:
    """A new calendar address: every copy of the old one stops working."""
    require_unless_system(actor, "collaboration.manage_council", council)
    council.feed_key = new_feed_key()
    council.save(update_fields=["feed_key"])
    return council


# --- members ----------------------------------------------------------------------------------


def _save_member(member: CouncilMember, fields: MemberFields) -> CouncilMember:
    email = fields.email.strip()
    others = CouncilMember.objects.filter(council=member.council).exclude(pk=member.pk)
    if email and others.filter(email__iexact=email).exists():
        raise ValidationError(
            {"email": _("Someone on this council already has this e-mail address.")}
        )
    if fields.is_chair:
        # one chair at a time: the new chair takes over
        others.filter(is_chair=True).update(is_chair=False)
    for name, value in dataclasses.asdict(fields).items():
        setattr(member, name, value)
    member.email = email
    member.full_clean(exclude=["council"])
    member.save()
    return member


@transaction.atomic
def member_add(*, actor: ActingUser, council: Council, fields: MemberFields) -> CouncilMember:
    require_unless_system(actor, "collaboration.manage_council", council)
    return _save_member(CouncilMember(council=council), fields)


@transaction.atomic
def member_update(
    *, actor: ActingUser, member: CouncilMember, fields: MemberFields
) -> CouncilMember:
    require_unless_system(actor, "collaboration.manage_council", member.council)
    return _save_member(member, fields)


@transaction.atomic
def member_remove(*, actor: ActingUser, member: CouncilMember) -> None:
    require_unless_system(actor, "collaboration.manage_council", member.council)
    open_actions = member.actions.filter(status=ActionStatus.OPEN).count()
    if open_actions:
        raise ValidationError(
            _(
                "%(name)s owns %(count)s open action(s). Give them to someone else, or mark "
                "them done or dropped, before removing %(name)s."
            )
            % {"name": member.name, "count": open_actions}
        )
    if member.actions.exists():
        raise ValidationError(
            _(
                "%(name)s owned action items that are kept in the council's history, so "
                "%(name)s stays on the list of members."
            )
            % {"name": member.name}
        )
    member.delete()


# --- meetings and decisions ------------------------------------------------------------------


def _save_meeting(meeting: Meeting, fields: MeetingFields) -> Meeting:
    if fields.ends_at <= fields.starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
    strangers = [m for m in fields.attendees if m.council_id != meeting.council_id]
    if strangers:
        raise ValidationError({"attendees": _("Only the council's members can be present.")})
    values = dataclasses.asdict(fields)
    values.pop("attendees")
    for name, value in values.items():
        setattr(meeting, name, value)
    meeting.full_clean(exclude=["council"])
    meeting.save()
    meeting.attendees.set(fields.attendees)
    return meeting


@transaction.atomic
def meeting_create(*, actor: ActingUser, council: Council, fields: MeetingFields) -> Meeting:
    require_unless_system(actor, "collaboration.manage_council", council)
    return _save_meeting(Meeting(council=council), fields)


@transaction.atomic
def meeting_update(*, actor: ActingUser, meeting: Meeting, fields: MeetingFields) -> Meeting:
    require_unless_system(actor, "collaboration.manage_council", meeting.council)
    return _save_meeting(meeting, fields)


@transaction.atomic
def meeting_delete(*, actor: ActingUser, meeting: Meeting) -> None:
    require_unless_system(actor, "collaboration.manage_council", meeting.council)
    if meeting.decisions.filter(initiatives__isnull=False).exists():
        raise ValidationError(
            _("Initiatives start from this meeting's decisions. Remove those links first.")
        )
    meeting.delete()


@transaction.atomic
def decision_add(*, actor: ActingUser, meeting: Meeting, text: str) -> Decision:
    require_unless_system(actor, "collaboration.manage_council", meeting.council)
    decision = Decision(meeting=meeting, text=text.strip())
    decision.full_clean()
    decision.save()
    return decision


@transaction.atomic
def decision_delete(*, actor: ActingUser, decision: Decision) -> None:
    require_unless_system(actor, "collaboration.manage_council", decision.meeting.council)
    if decision.initiatives.exists():
        raise ValidationError(_("An initiative starts from this decision. Remove that link first."))
    decision.delete()


# --- action items ----------------------------------------------------------------------------


def _save_action(action: ActionItem, fields: ActionFields) -> ActionItem:
    errors: dict[str, str] = {}
    if fields.owner.council_id != action.council_id:
        errors["owner"] = _("The owner must be a member of the council.")
    if fields.meeting is not None and fields.meeting.council_id != action.council_id:
        errors["meeting"] = _("Choose one of this council's meetings.")
    if errors:
        raise ValidationError(errors)
    was_open = action.pk is None or action.status == ActionStatus.OPEN
    for name, value in dataclasses.asdict(fields).items():
        setattr(action, name, value)
    if action.status == ActionStatus.OPEN:
        action.done_on = None
    elif was_open or action.done_on is None:
        action.done_on = timezone.localdate()
    action.full_clean(exclude=["council"])
    action.save()
    return action


@transaction.atomic
def action_create(*, actor: ActingUser, council: Council, fields: ActionFields) -> ActionItem:
    require_unless_system(actor, "collaboration.manage_council", council)
    return _save_action(ActionItem(council=council), fields)


@transaction.atomic
def action_update(*, actor: ActingUser, action: ActionItem, fields: ActionFields) -> ActionItem:
    require_unless_system(actor, "collaboration.manage_council", action.council)
    return _save_action(action, fields)


def may_set_status(*, actor: ActingUser, action: ActionItem) -> bool:
    """The council's managers, and the action's owner (by the e-mail of their account)."""
    if actor is None or actor.has_perm("collaboration.manage_council", action.council):
        return True
    email = user_email(actor)
    return (
        bool(email)
        and action.owner.email.lower() == email.lower()
        and actor.has_perm("collaboration.view_council", action.council)
    )


@transaction.atomic
def action_set_status(*, actor: ActingUser, action: ActionItem, status: str) -> ActionItem:
    if not may_set_status(actor=actor, action=action):
        require_unless_system(actor, "collaboration.manage_council", action.council)
    if status not in ActionStatus.values:
        raise ValidationError(_("Choose open, done or dropped."))
    fields = ActionFields(
        title=action.title,
        owner=action.owner,
        due=action.due,
        meeting=action.meeting,
        status=status,
    )
    return _save_action(action, fields)


@transaction.atomic
def action_delete(*, actor: ActingUser, action: ActionItem) -> None:
    require_unless_system(actor, "collaboration.manage_council", action.council)
    action.delete()


# --- reminders -------------------------------------------------------------------------------


def _reminder(action: ActionItem, *, overdue: bool, base_url: str) -> None:
    url = base_url.rstrip("/") + reverse("collaboration:council_detail", args=[action.council_id])
    values = {
        "title": action.title,
        "council": action.council.name,
        "due": action.due.isoformat(),
        "name": action.owner.name,
        "url": url,
    }
    with translation.override(settings.LANGUAGE_CODE):
        if overdue:
            subject = _("Overdue: %(title)s") % values
            body = (
                _(
                    'Hello %(name)s,\n\nThe action "%(title)s" of %(council)s was due on '
                    "%(due)s and is still open. Please do it, or tell the chair what is in the "
                    "way.\n\nThe council's page: %(url)s\n"
                )
                % values
            )
        else:
            subject = _("Due on %(due)s: %(title)s") % values
            body = (
                _(
                    'Hello %(name)s,\n\nA reminder: the action "%(title)s" of %(council)s is '
                    "due on %(due)s.\n\nThe council's page: %(url)s\n"
                )
                % values
            )
    queue_email(subject=subject, body=body, to=[action.owner.email])


@transaction.atomic
def action_reminders_send(*, base_url: str, today: date | None = None) -> tuple[int, int]:
    """E-mail the owners of open action items due within REMIND_DAYS_BEFORE days, and of
    those overdue; each once per due date (a moved due date is reminded again). Returns
    (reminders before the due date, reminders of overdue actions)."""
    today = today or timezone.localdate()
    open_actions = (
        ActionItem.objects.filter(status=ActionStatus.OPEN)
        .exclude(owner__email="")
        .filter(Q(council__ends__isnull=True) | Q(council__ends__gte=today))
        .select_related("owner", "council")
        .select_for_update(of=("self",))
    )
    soon = list(
        open_actions.filter(due__gte=today, due__lte=today + timedelta(days=REMIND_DAYS_BEFORE))
        .exclude(reminded_for=F("due"))
        .order_by("pk")
    )
    overdue = list(
        open_actions.filter(due__lt=today).exclude(overdue_reminded_for=F("due")).order_by("pk")
    )
    for action in soon:
        _reminder(action, overdue=False, base_url=base_url)
        action.reminded_for = action.due
        action.save(update_fields=["reminded_for"])
    for action in overdue:
        _reminder(action, overdue=True, base_url=base_url)
        action.overdue_reminded_for = action.due
        action.save(update_fields=["overdue_reminded_for"])
    return len(soon), len(overdue)
