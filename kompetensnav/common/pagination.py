from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(
    request: HttpRequest, queryset: QuerySet[Any] | Sequence[Any], per_page: int = 25
) -> dict[str, Any]:
    """A page of the queryset plus the query string to keep filters across pages."""
    page: Page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return {
        "page_obj": page,
        "object_list": page.object_list,
        "query_without_page": f"{encoded}&" if encoded else "",
    }
