"""The e-mail column accepts exactly what Django's validate_email accepts: its fast path for
plain addresses (fields._PLAIN_EMAIL) only skips the validator for addresses it accepts."""

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from hypothesis import given
from hypothesis import strategies as st

from kompetensnav.interchange.fields import _EMAIL_MAX, _PLAIN_EMAIL, CellError, email


def _django_accepts(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def _column_accepts(value: str) -> bool:
    try:
        email(value)
    except CellError:
        return False
    return True


@given(st.from_regex(_PLAIN_EMAIL, fullmatch=True))
def test_every_address_of_the_fast_path_is_one_django_accepts(value):
    if len(value) <= _EMAIL_MAX:
        assert _django_accepts(value), value
        assert email(value) == value.lower()


ADDRESS_CHARACTERS = st.sampled_from(
    list("abcAZ09.-_+@'\"!#~åéK\u212a") + ["..", "@@", " ", "\n", "\x00", "xn--", "[1.2.3.4]"]
)


@given(
    st.one_of(
        st.emails(),
        st.lists(ADDRESS_CHARACTERS, max_size=30).map("".join),
        st.builds(
            lambda user, host, tld: f"{user}@{host}.{tld}",
            st.text(max_size=12),
            st.text(max_size=12),
            st.text(max_size=5),
        ),
    )
)
def test_the_column_accepts_what_django_accepts_and_nothing_else(value):
    assert _column_accepts(value) == _django_accepts(value.strip()), value


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        ("Anna.Svensson@Example.se", True),
        ("anna@xn--grns-loa.se", True),  # punycode: validate_email decides
        ("anna@åre.se", True),  # a Unicode host name: validate_email decides
        ("anna@[192.168.0.1]", True),
        ("anna@localhost", True),
        ("anna..svensson@example.se", False),
        ("anna@-example.se", False),
        ("anna@example.s", False),
        ("anna@example", False),
        ("anna@exam\u212aple.se", True),  # the Kelvin sign is no ASCII k: validate_email decides
        ("a" * 310 + "@example.se", False),  # longer than 320 characters
    ],
)
def test_addresses_as_django_judges_them(value, accepted):
    assert _column_accepts(value) is accepted
    assert _django_accepts(value) is accepted
