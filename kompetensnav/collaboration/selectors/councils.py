"""Reads of industry councils: a council is private to its members, coordinators and the
strategic level; anyone else does not find it (404)."""

from django.db.models import QuerySet

from kompetensnav.common.actor import Actor as ActingUser
from kompetensnav.common.permissions import require

from ..models import Council
from ..rules import member_condition


def council_list(*, actor: ActingUser) -> QuerySet[Council]:
    """The councils `actor` may see."""
    require(actor, "collaboration.view")
    councils = Council.objects.all()
    if not actor.has_perm("collaboration.see_all_councils"):
        councils = councils.filter(pk__in=Council.objects.filter(member_condition(actor)))
    return councils
