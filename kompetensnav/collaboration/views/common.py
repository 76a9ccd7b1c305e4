"""The form and confirmation pages every part of the collaboration model uses."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse

from kompetensnav.common.views import confirm_page, form_page


def found_or_404[T](select: Callable[..., T], request: HttpRequest, pk: int) -> T:
    """What a selector finds for the user by id, or 404 (also for what they may not see)."""
    try:
        return select(actor=request.user, pk=pk)
    except ObjectDoesNotExist:
        raise Http404 from None


def collaboration_form(
    request: HttpRequest,
    *,
    form: forms.BaseForm,
    title: str,
    save: Callable[[dict[str, Any]], Any],
    success: str,
    redirect_to: str | Callable[[Any], str],
    cancel_url: str,
    back: tuple[str, str] | None = None,
    intro: str = "",
    submit_label: str = "",
) -> HttpResponse:
    """collaboration/form.html: `back` is (url, label) of the page above, if any."""
    context = {"title": title, "cancel_url": cancel_url, "intro": intro}
    if back:
        context.update(back_url=back[0], back_label=back[1])
    if submit_label:
        context["submit_label"] = submit_label
    return form_page(
        request,
        form=form,
        save=save,
        success=success,
        redirect_to=redirect_to,
        template="collaboration/form.html",
        context=context,
    )


def collaboration_confirm(
    request: HttpRequest,
    *,
    title: str,
    question: str,
    action: Callable[[], Any],
    success: str,
    redirect_to: str,
    cancel_url: str,
    confirm_label: str = "",
) -> HttpResponse:
    context = {"title": title, "question": question, "cancel_url": cancel_url}
    if confirm_label:
        context["confirm_label"] = confirm_label
    return confirm_page(
        request,
        action=action,
        success=success,
        redirect_to=redirect_to,
        template="collaboration/confirm_delete.html",
        context=context,
    )
