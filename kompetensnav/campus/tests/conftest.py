import pytest

from kompetensnav.accounts.enums import Role


@pytest.fixture
def provider(make_user, own_org):
    return make_user(Role.COURSE_PROVIDER, own_org)


@pytest.fixture
def board(make_user, foreign_org):
    return make_user(Role.BOARD, foreign_org)
