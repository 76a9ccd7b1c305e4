import pytest

from kompetensnav.accounts.enums import Role


@pytest.fixture
def provider(make_user, own_org):
    return make_user(Role.COURSE_PROVIDER, own_org)


@pytest.fixture
def board(make_user, foreign_org):
    return make_user(Role.BOARD, foreign_org)


@pytest.fixture(autouse=True)
def _english_messages():
    """Service messages in the source language, so the tests read them as written; pages
    fetched through the test client still get the language the request asks for."""
    from django.utils import translation

    with translation.override("en"):
        yield
