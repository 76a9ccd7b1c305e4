import pytest

from .factories import make_questionnaire


@pytest.fixture
def questionnaire(db):
    return make_questionnaire()


@pytest.fixture
def version(questionnaire):
    return questionnaire.versions.get()
