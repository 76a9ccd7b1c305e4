"""Reads of industry councils: a council is private to its members, coordinators and the
strategic level; anyone else does not find it (404)."""

from datetime import date

from django.db.models import Case, Count, IntegerField, Min, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from kompetensnav.common.actor import Actor as ActingUser
from kompetensnav.common.permissions import require

from ..enums import ActionStatus
from ..models import ActionItem, Council, CouncilMember, Decision, Meeting
from ..rules import member_condition


def council_list(*, actor: ActingUser) -> QuerySet[Council]:
    """The councils `actor` may see."""
    require(actor, "collaboration.view")
    councils = Council.objects.all()
    if actor is None or not actor.has_perm("collaboration.see_all_councils"):
        councils = councils.filter(pk__in=Council.objects.filter(member_condition(actor)))
    return councils


def council_overview(
    *,
    actor: ActingUser,
    q: str = "",
    industry: str | None = None,
    subregion: str | None = None,
    current_only: bool = False,
    today: date | None = None,
) -> QuerySet[Council]:
    """The council list page: each council with its open and overdue actions, its members
    and next meeting, counted in the database."""
    today = today or timezone.localdate()
    councils = council_list(actor=actor).select_related("industry", "subregion", "municipality")
    if q:
        councils = councils.filter(name__icontains=q)
    if industry:
        councils = councils.filter(Q(industry_id=industry) | Q(industry__parent_id=industry))
    if subregion:
        councils = councils.filter(subregion_id=subregion)
    if current_only:
        councils = councils.filter(Q(ends__isnull=True) | Q(ends__gte=today))
    open_actions = Q(actions__status=ActionStatus.OPEN)
    return councils.annotate(
        open_actions=Count("actions", filter=open_actions, distinct=True),
        overdue_actions=Count(
            "actions", filter=open_actions & Q(actions__due__lt=today), distinct=True
        ),
        member_count=Count("members", distinct=True),
        next_meeting=Min("meetings__starts_at", filter=Q(meetings__starts_at__gte=timezone.now())),
    ).order_by("name", "pk")


def council_detail(*, actor: ActingUser, pk: int) -> Council:
    """Raises Council.DoesNotExist for a council `actor` may not see."""
    return (
        council_list(actor=actor).select_related("industry", "subregion", "municipality").get(pk=pk)
    )


def council_members(*, council: Council) -> QuerySet[CouncilMember]:
    return council.members.select_related("actor__organisation", "actor__company").annotate(
        open_actions=Count("actions", filter=Q(actions__status=ActionStatus.OPEN))
    )


def council_actions(*, council: Council) -> QuerySet[ActionItem]:
    """Open actions first, the earliest due first; then the closed ones, newest first."""
    return (
        council.actions.select_related("owner", "meeting")
        .annotate(
            closed=Case(
                When(status=ActionStatus.OPEN, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("closed", Case(When(status=ActionStatus.OPEN, then="due")), "-done_on", "-pk")
    )


def council_meetings(*, council: Council) -> QuerySet[Meeting]:
    return council.meetings.annotate(
        present=Count("attendees", distinct=True),
        decision_count=Count("decisions", distinct=True),
    ).order_by("-starts_at", "-pk")


def meeting_detail(*, actor: ActingUser, pk: int) -> Meeting:
    """Raises Meeting.DoesNotExist for a meeting of a council `actor` may not see."""
    return (
        Meeting.objects.filter(council__in=council_list(actor=actor))
        .select_related("council")
        .prefetch_related(
            Prefetch("attendees", queryset=CouncilMember.objects.order_by("name")),
            Prefetch(
                "decisions",
                queryset=Decision.objects.order_by("pk").prefetch_related("initiatives"),
            ),
            Prefetch("actions", queryset=ActionItem.objects.select_related("owner")),
        )
        .get(pk=pk)
    )


def member_get(*, actor: ActingUser, pk: int) -> CouncilMember:
    return CouncilMember.objects.select_related("council", "actor").get(
        pk=pk, council__in=council_list(actor=actor)
    )


def action_get(*, actor: ActingUser, pk: int) -> ActionItem:
    return ActionItem.objects.select_related("council", "owner", "meeting").get(
        pk=pk, council__in=council_list(actor=actor)
    )


def decision_get(*, actor: ActingUser, pk: int) -> Decision:
    return Decision.objects.select_related("meeting__council").get(
        pk=pk, meeting__council__in=council_list(actor=actor)
    )


def my_open_actions(*, actor: ActingUser) -> QuerySet[ActionItem]:
    """The open actions owned by the person `actor` is (by the e-mail of their account), in
    councils they may still see."""
    email = (getattr(actor, "email", "") or "").strip()
    if not email:
        return ActionItem.objects.none()
    return (
        ActionItem.objects.filter(
            status=ActionStatus.OPEN,
            owner__email__iexact=email,
            council__in=council_list(actor=actor),
        )
        .select_related("council")
        .order_by("due", "pk")
    )


def council_by_feed_key(key: str) -> Council:
    """The council whose calendar address holds `key` (Council.DoesNotExist otherwise)."""
    return Council.objects.get(feed_key=key)
