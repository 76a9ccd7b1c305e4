import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from kompetensnav.common.permissions import require, require_unless_system


class FakeUser:
    def __init__(self, *granted: tuple[str, object]):
        self.granted = set(granted)

    def has_perm(self, permission: str, obj=None) -> bool:
        return (permission, obj) in self.granted


def test_require_passes_with_the_permission_on_the_object():
    thing = object()
    require(FakeUser(("app.do", thing)), "app.do", thing)


def test_require_refuses_the_permission_on_another_object():
    with pytest.raises(PermissionDenied):
        require(FakeUser(("app.do", object())), "app.do", object())


def test_require_refuses_an_anonymous_user():
    with pytest.raises(PermissionDenied):
        require(AnonymousUser(), "participants.view_participants")


def test_require_refuses_a_missing_user_rather_than_passing():
    with pytest.raises(PermissionDenied):
        require(None, "app.do")


def test_require_unless_system_lets_the_system_act():
    require_unless_system(None, "app.do")


def test_require_unless_system_refuses_a_person_without_the_permission():
    with pytest.raises(PermissionDenied):
        require_unless_system(FakeUser(), "app.do")
