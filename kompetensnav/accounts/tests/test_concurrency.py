"""Simultaneous writes on PostgreSQL: the database, not luck, keeps the data whole."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection

from kompetensnav.accounts import services
from kompetensnav.accounts.enums import Role
from kompetensnav.accounts.models import Affiliation, User
from tests.postgres import only_on_postgres

pytestmark = [
    *only_on_postgres("concurrency is tested on PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_simultaneous_invitations_of_one_person_give_one_account_and_one_role(org_admin, own_org):
    workers = 8
    barrier = threading.Barrier(workers)
    outcomes: list[str] = []
    lock = threading.Lock()

    def invite() -> None:
        close_old_connections()
        try:
            barrier.wait()
            services.person_invite(
                actor=User.objects.get(pk=org_admin.pk),
                organisation=own_org,
                email="samtidig@example.se",
                full_name="Samtidig",
                role=Role.BROKER,
                base_url="http://testserver/",
            )
            result = "created"
        except ValidationError:
            result = "refused"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=invite) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(outcomes) == workers  # no thread crashed with anything unexpected
    assert outcomes.count("created") == 1
    assert User.objects.filter(email="samtidig@example.se").count() == 1
    assert Affiliation.objects.filter(user__email="samtidig@example.se").count() == 1
