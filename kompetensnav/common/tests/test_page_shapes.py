"""The two page shapes the apps' views share (common.views): a form page and a question
before a destructive step."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import RequestFactory

from kompetensnav.common import views
from kompetensnav.common.forms import Form


class NameForm(Form):
    name = forms.CharField()


@pytest.fixture
def rendered(monkeypatch):
    seen = {}

    def render(request, template, context, status=200):
        seen.update(template=template, context=context, status=status)
        return HttpResponse(status=status)

    monkeypatch.setattr(views, "render", render)
    return seen


def _request(method: str, data=None):
    request = getattr(RequestFactory(), method)("/x", data or {})
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # noqa: SLF001
    return request


def test_form_page_get_shows_the_form(rendered):
    form = NameForm(None)
    response = views.form_page(
        _request("get"),
        form=form,
        save=lambda data: pytest.fail("nothing is saved on GET"),
        success="Saved.",
        redirect_to="/done",
        template="t.html",
        context={"extra": 1},
    )
    assert response.status_code == 200 and rendered["template"] == "t.html"
    assert rendered["context"] == {"extra": 1, "form": form}


def test_form_page_valid_post_saves_and_redirects_with_the_message():
    request = _request("post", {"name": "Åsa"})
    saved = []
    response = views.form_page(
        request,
        form=NameForm(request.POST),
        save=lambda data: saved.append(data["name"]) or "/thing/7",
        success="Saved.",
        redirect_to=lambda url: url,
        template="t.html",
    )
    assert saved == ["Åsa"]
    assert response.status_code == 302 and response["Location"] == "/thing/7"
    assert [str(m) for m in get_messages(request)] == ["Saved."]


def test_form_page_refused_by_the_service_shows_why_on_the_form(rendered):
    request = _request("post", {"name": "Åsa"})
    form = NameForm(request.POST)

    def save(data):
        raise ValidationError({"name": "Taken.", "other": "Not a field."})

    response = views.form_page(
        request, form=form, save=save, success="Saved.", redirect_to="/", template="t.html"
    )
    assert response.status_code == 200 and rendered["context"]["form"] is form
    assert form.errors["name"] == ["Taken."] and form.non_field_errors() == ["Not a field."]
    assert not list(get_messages(request))


def test_confirm_page_asks_on_get_and_acts_on_post(rendered):
    done = []
    kwargs = {
        "action": lambda: done.append(True),
        "success": "Deleted.",
        "redirect_to": "/list",
        "template": "confirm.html",
        "context": {"thing": "x"},
    }
    assert views.confirm_page(_request("get"), **kwargs).status_code == 200
    assert not done and rendered["context"] == {"thing": "x", "error": ""}
    request = _request("post")
    response = views.confirm_page(request, **kwargs)
    assert done == [True] and response["Location"] == "/list"
    assert [str(m) for m in get_messages(request)] == ["Deleted."]


def test_confirm_page_shows_the_reason_of_a_refusal(rendered):
    def refuse():
        raise ValidationError("Attendance is recorded.")

    response = views.confirm_page(
        _request("post"),
        action=refuse,
        success="Deleted.",
        redirect_to="/list",
        template="confirm.html",
        refused_status=400,
    )
    assert response.status_code == 400 and rendered["context"]["error"] == "Attendance is recorded."
