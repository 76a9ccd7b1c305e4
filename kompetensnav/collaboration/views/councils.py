"""Industry council pages: the list, a council with its open actions first, members,
meetings with decisions and action items, and the council's calendar feed."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kompetensnav.common.filters import id_or_none
from kompetensnav.common.http import download
from kompetensnav.common.links import site_url
from kompetensnav.common.pagination import paginate
from kompetensnav.common.permissions import require

from ..enums import ActionStatus
from ..forms.councils import (
    ActionForm,
    ActionStatusForm,
    CouncilFilterForm,
    CouncilForm,
    DecisionForm,
    MeetingForm,
    MemberForm,
)
from ..ical import council_calendar
from ..models import ActionItem, Council, CouncilMember, Decision, Meeting
from ..selectors import councils as selectors
from ..services import councils as services
from .common import collaboration_confirm, collaboration_form, found_or_404


def _council(request: HttpRequest, pk: int) -> Council:
    return found_or_404(selectors.council_detail, request, pk)


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    return found_or_404(selectors.meeting_detail, request, pk)


def _member(request: HttpRequest, pk: int) -> CouncilMember:
    return found_or_404(selectors.member_get, request, pk)


def _action(request: HttpRequest, pk: int) -> ActionItem:
    return found_or_404(selectors.action_get, request, pk)


def _decision(request: HttpRequest, pk: int) -> Decision:
    return found_or_404(selectors.decision_get, request, pk)


def _back(council: Council) -> tuple[str, str]:
    return council.get_absolute_url(), council.name


# --- councils -------------------------------------------------------------------------------


@login_required
def council_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "collaboration.view")
    filters = CouncilFilterForm(request.GET or None)
    councils = selectors.council_overview(actor=request.user, **filters.filters())
    return render(
        request,
        "collaboration/council_list.html",
        {
            "filters": filters,
            "can_create": request.user.has_perm("collaboration.create_council"),
            "sees_all": request.user.has_perm("collaboration.see_all_councils"),
            "my_actions": selectors.my_open_actions(actor=request.user)[:20],
            "today": timezone.localdate(),
            **paginate(request, councils),
        },
    )


@login_required
def council_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "collaboration.create_council")
    form = CouncilForm(request.POST or None, initial={"started": timezone.localdate()})
    return collaboration_form(
        request,
        form=form,
        title=_("New industry council"),
        save=lambda data: services.council_create(actor=request.user, fields=form.council_fields()),
        success=_("The council is created. Add its members next."),
        redirect_to=lambda council: council.get_absolute_url(),
        cancel_url=reverse("collaboration:council_list"),
        back=(reverse("collaboration:council_list"), _("Industry councils")),
    )


@login_required
def council_detail(request: HttpRequest, pk: int) -> HttpResponse:
    council = _council(request, pk)
    require(request.user, "collaboration.view_council", council)
    now = timezone.now()
    meetings = list(selectors.council_meetings(council=council))
    can_manage = request.user.has_perm("collaboration.manage_council", council)
    actions = list(selectors.council_actions(council=council))
    return render(
        request,
        "collaboration/council_detail.html",
        {
            "council": council,
            "can_manage": can_manage,
            "open_actions": [a for a in actions if a.status == ActionStatus.OPEN],
            "closed_actions": [a for a in actions if a.status != ActionStatus.OPEN],
            "status_allowed": {
                a.pk for a in actions if services.may_set_status(actor=request.user, action=a)
            },
            "members": selectors.council_members(council=council),
            "upcoming": sorted(
                (m for m in meetings if m.starts_at >= now), key=lambda m: m.starts_at
            ),
            "past": [m for m in meetings if m.starts_at < now],
            "today": timezone.localdate(),
            "feed_url": site_url(reverse("collaboration:council_feed", args=[council.feed_key])),
            "status_form": ActionStatusForm(),
        },
    )


@login_required
def council_edit(request: HttpRequest, pk: int) -> HttpResponse:
    council = _council(request, pk)
    require(request.user, "collaboration.manage_council", council)
    form = CouncilForm(request.POST or None, council=council)
    return collaboration_form(
        request,
        form=form,
        title=_("Edit %(council)s") % {"council": council.name},
        save=lambda data: services.council_update(
            actor=request.user, council=council, fields=form.council_fields()
        ),
        success=_("The council is saved."),
        redirect_to=council.get_absolute_url(),
        cancel_url=council.get_absolute_url(),
        back=_back(council),
    )


@login_required
def council_delete(request: HttpRequest, pk: int) -> HttpResponse:
    council = _council(request, pk)
    require(request.user, "collaboration.manage_council", council)
    return collaboration_confirm(
        request,
        title=_("Delete %(council)s") % {"council": council.name},
        question=_(
            "The council is deleted with its members, meetings, minutes, decisions and action "
            "items. This cannot be undone. A council that has ended can instead keep its "
            "history with an end date."
        ),
        action=lambda: services.council_delete(actor=request.user, council=council),
        success=_("The council is deleted."),
        redirect_to=reverse("collaboration:council_list"),
        cancel_url=council.get_absolute_url(),
        confirm_label=_("Yes, delete"),
    )


@login_required
@require_POST
def council_feed_renew(request: HttpRequest, pk: int) -> HttpResponse:
    council = _council(request, pk)
    require(request.user, "collaboration.manage_council", council)
    services.council_feed_renew(actor=request.user, council=council)
    messages.success(
        request,
        _("The calendar has a new address. Calendars that used the old one get no more updates."),
    )
    return redirect(council.get_absolute_url())


def council_feed(request: HttpRequest, key: str) -> HttpResponse:
    """The meetings of the last year and every coming one. No login: calendar programs send
    none; the secret address is the key, and a manager can renew it."""
    try:
        council = selectors.council_by_feed_key(key)
    except Council.DoesNotExist:
        raise Http404 from None
    since = timezone.now() - timedelta(days=365)
    meetings = council.meetings.filter(starts_at__gte=since).order_by("starts_at")
    content = council_calendar(council, meetings, base_url=settings.SITE_URL)
    return download(content, f"council-{council.pk}.ics", attachment=False)


# --- members --------------------------------------------------------------------------------


@login_required
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    council = _council(request, pk)
    require(request.user, "collaboration.manage_council", council)
    form = MemberForm(request.POST or None)
    return collaboration_form(
        request,
        form=form,
        title=_("Add a member to %(council)s") % {"council": council.name},
        save=lambda data: services.member_add(
            actor=request.user, council=council, fields=form.member_fields()
        ),
        success=_("The member is added."),
        redirect_to=council.get_absolute_url() + "#members",
        cancel_url=council.get_absolute_url(),
        back=_back(council),
    )


@login_required
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request, pk)
    council = member.council
    require(request.user, "collaboration.manage_council", council)
    form = MemberForm(request.POST or None, member=member)
    return collaboration_form(
        request,
        form=form,
        title=_("Edit %(name)s") % {"name": member.name},
        save=lambda data: services.member_update(
            actor=request.user, member=member, fields=form.member_fields()
        ),
        success=_("The member is saved."),
        redirect_to=council.get_absolute_url() + "#members",
        cancel_url=council.get_absolute_url(),
        back=_back(council),
    )


@login_required
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request, pk)
    council = member.council
    require(request.user, "collaboration.manage_council", council)
    return collaboration_confirm(
        request,
        title=_("Remove %(name)s") % {"name": member.name},
        question=_("%(name)s is removed from %(council)s.")
        % {"name": member.name, "council": council.name},
        action=lambda: services.member_remove(actor=request.user, member=member),
        success=_("The member is removed."),
        redirect_to=council.get_absolute_url() + "#members",
        cancel_url=council.get_absolute_url(),
    )


# --- meetings and decisions ------------------------------------------------------------------


@login_required
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    council = _council(request, pk)
    require(request.user, "collaboration.manage_council", council)
    form = MeetingForm(request.POST or None, council=council)
    return collaboration_form(
        request,
        form=form,
        title=_("New meeting of %(council)s") % {"council": council.name},
        save=lambda data: services.meeting_create(
            actor=request.user, council=council, fields=form.meeting_fields()
        ),
        success=_("The meeting is saved."),
        redirect_to=lambda meeting: reverse("collaboration:meeting_detail", args=[meeting.pk]),
        cancel_url=council.get_absolute_url(),
        back=_back(council),
    )


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    council = meeting.council
    require(request.user, "collaboration.view_council", council)
    return render(
        request,
        "collaboration/meeting_detail.html",
        {
            "meeting": meeting,
            "council": council,
            "can_manage": request.user.has_perm("collaboration.manage_council", council),
            "can_start": request.user.has_perm("collaboration.create_initiative"),
            "decision_form": DecisionForm(),
        },
    )


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    council = meeting.council
    require(request.user, "collaboration.manage_council", council)
    form = MeetingForm(request.POST or None, council=council, meeting=meeting)
    url = reverse("collaboration:meeting_detail", args=[meeting.pk])
    return collaboration_form(
        request,
        form=form,
        title=_("Edit the meeting"),
        save=lambda data: services.meeting_update(
            actor=request.user, meeting=meeting, fields=form.meeting_fields()
        ),
        success=_("The meeting is saved."),
        redirect_to=url,
        cancel_url=url,
        back=_back(council),
    )


@login_required
def meeting_delete(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    council = meeting.council
    require(request.user, "collaboration.manage_council", council)
    return collaboration_confirm(
        request,
        title=_("Delete the meeting"),
        question=_(
            "The meeting is deleted with its minutes and decisions. Its action items stay on "
            "the council's list. This cannot be undone."
        ),
        action=lambda: services.meeting_delete(actor=request.user, meeting=meeting),
        success=_("The meeting is deleted."),
        redirect_to=council.get_absolute_url(),
        cancel_url=reverse("collaboration:meeting_detail", args=[meeting.pk]),
        confirm_label=_("Yes, delete"),
    )


@login_required
def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    council = meeting.council
    require(request.user, "collaboration.manage_council", council)
    form = DecisionForm(request.POST or None)
    url = reverse("collaboration:meeting_detail", args=[meeting.pk])
    return collaboration_form(
        request,
        form=form,
        title=_("Add a decision"),
        save=lambda data: services.decision_add(
            actor=request.user, meeting=meeting, text=data["text"]
        ),
        success=_("The decision is added."),
        redirect_to=url + "#decisions",
        cancel_url=url,
        back=(url, _("The meeting")),
    )


@login_required
def decision_delete(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    meeting = decision.meeting
    require(request.user, "collaboration.manage_council", meeting.council)
    url = reverse("collaboration:meeting_detail", args=[meeting.pk])
    return collaboration_confirm(
        request,
        title=_("Remove the decision"),
        question=decision.text,
        action=lambda: services.decision_delete(actor=request.user, decision=decision),
        success=_("The decision is removed."),
        redirect_to=url + "#decisions",
        cancel_url=url,
    )


# --- action items ----------------------------------------------------------------------------


@login_required
def action_create(request: HttpRequest, pk: int) -> HttpResponse:
    council = _council(request, pk)
    require(request.user, "collaboration.manage_council", council)
    initial: dict = {"due": timezone.localdate() + timedelta(days=30)}
    meeting_id = id_or_none(request.GET.get("meeting"))
    if meeting_id and council.meetings.filter(pk=meeting_id).exists():
        initial["meeting"] = meeting_id
    form = ActionForm(request.POST or None, council=council, initial=initial)
    if not council.members.exists():
        messages.info(request, _("Add the council's members first: an action needs an owner."))
        return redirect(reverse("collaboration:member_add", args=[council.pk]))
    return collaboration_form(
        request,
        form=form,
        title=_("New action item"),
        save=lambda data: services.action_create(
            actor=request.user, council=council, fields=form.action_fields()
        ),
        success=_("The action item is saved. Its owner is reminded before it is due."),
        redirect_to=council.get_absolute_url() + "#actions",
        cancel_url=council.get_absolute_url(),
        back=_back(council),
    )


@login_required
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action(request, pk)
    council = action.council
    require(request.user, "collaboration.manage_council", council)
    form = ActionForm(request.POST or None, council=council, action=action)
    return collaboration_form(
        request,
        form=form,
        title=_("Edit the action item"),
        save=lambda data: services.action_update(
            actor=request.user, action=action, fields=form.action_fields()
        ),
        success=_("The action item is saved."),
        redirect_to=council.get_absolute_url() + "#actions",
        cancel_url=council.get_absolute_url(),
        back=_back(council),
    )


@login_required
@require_POST
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action(request, pk)
    require(request.user, "collaboration.view_council", action.council)
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose open, done or dropped."))
    else:
        if not services.may_set_status(actor=request.user, action=action):
            require(request.user, "collaboration.manage_council", action.council)
        try:
            services.action_set_status(
                actor=request.user, action=action, status=form.cleaned_data["status"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("“%(title)s” is now %(status)s.")
                % {"title": action.title, "status": action.get_status_display().lower()},
            )
    return redirect(action.council.get_absolute_url() + "#actions")


@login_required
def action_delete(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action(request, pk)
    council = action.council
    require(request.user, "collaboration.manage_council", council)
    return collaboration_confirm(
        request,
        title=_("Delete the action item"),
        question=action.title,
        action=lambda: services.action_delete(actor=request.user, action=action),
        success=_("The action item is deleted."),
        redirect_to=council.get_absolute_url() + "#actions",
        cancel_url=council.get_absolute_url(),
        confirm_label=_("Yes, delete"),
    )
