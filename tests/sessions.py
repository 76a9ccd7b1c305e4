"""A test client signed in as a user, for tests that sign in thousands of times."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
from django.test import Client


def signed_in(user, client: Client | None = None) -> Client:
    """`client` (or a new one) with a session of `user`, holding what django.contrib.auth's
    login() puts in a session (the user's id, the backend, the session hash), so that every
    middleware and view sees a signed-in user as after a real login.

    Unlike Client.force_login, it skips login()'s side effects, which tests of login cover
    (kompetensnav/accounts/tests): the session key is not cycled, and the user's last_login
    is not saved (a save that the audit log records). The permission matrix signs in some
    7,000 times a run; this takes a third of force_login's time."""
    engine = import_module(settings.SESSION_ENGINE)
    session = engine.SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = next(  # as Client.force_login chooses it
        path for path in settings.AUTHENTICATION_BACKENDS if hasattr(load_backend(path), "get_user")
    )
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    client = client or Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client
