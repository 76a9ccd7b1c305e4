"""Who acts: the one type of every `actor` and `user` parameter of the services, selectors and
permission checks."""

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser

if TYPE_CHECKING:  # common imports no app at run time; the alias is evaluated only by mypy
    from kompetensnav.accounts.models import User

type Actor = User | AnonymousUser | None
"""A user, acting for the affiliation in `user.affiliation` (accounts.acting); an
AnonymousUser, a visitor of a public page or the worker acting for an import whose affiliation
has gone, who passes no permission check; or None, the system (the command line, the importer,
the demo, tasks, the public registration form, a service that has checked its own permission),
which the services let do anything (`common.permissions.require_unless_system`)."""
