"""Results kept until their data changes (common/datacache.py): every way of writing renews
the written app's token once the write is committed, and never before; a transaction that
has written computes afresh and keeps nothing. Transactional tests: the commits are real.
(How a statement is read: test_datacache_statements.py.)"""

import pytest
from django.db import connection, transaction

from kompetensnav.common import datacache
from kompetensnav.common.datacache import remember
from kompetensnav.network.models import Organisation
from tests.factories import OrganisationFactory
from tests.postgres import only_on_postgres

# Real commits need a transactional test, which must be serialized on this suite's
# databases; on SQLite it would meet the browser tests (conftest.py), so these run on
# PostgreSQL. The plain test reports/tests/test_kept_results.py runs on both.
pytestmark = only_on_postgres("commits are tested with the concurrency tests")
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class Counter:
    """compute() for remember(): counts its calls and returns the number of organisations."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> int:
        self.calls += 1
        return Organisation.objects.count()


def _ask(counter: Counter, apps=("network",)) -> int:
    return remember("test", ("key",), counter, apps=apps)


@committed
def test_a_result_is_kept_until_its_app_is_written():
    counter = Counter()
    assert _ask(counter) == 0
    assert _ask(counter) == 0
    assert counter.calls == 1
    OrganisationFactory(name="Lärcentrum Ny")
    assert _ask(counter) == 1
    assert counter.calls == 2
    assert _ask(counter) == 1
    assert counter.calls == 2


@committed
def test_a_write_to_another_app_keeps_it():
    counter = Counter()
    _ask(counter, apps=("visits",))
    OrganisationFactory(name="Lärcentrum Ny")
    assert _ask(counter, apps=("visits",)) == 0  # kept: network is not its source
    assert counter.calls == 1


@committed
@pytest.mark.parametrize(
    "write",
    [
        lambda org: Organisation.objects.filter(pk=org.pk).update(name="Nytt namn"),
        lambda org: Organisation.objects.filter(pk=org.pk).delete(),
        lambda org: Organisation.objects.bulk_create([OrganisationFactory.build(name="Bulk AB")]),
        lambda org: connection.cursor().execute(
            f"update {Organisation._meta.db_table} set name = 'Rått' where id = %s", [org.pk]
        ),
    ],
    ids=["queryset update", "delete", "bulk_create", "raw SQL"],
)
def test_every_way_of_writing_renews_the_token(write):
    org = OrganisationFactory(name="Lärcentrum Före")
    counter = Counter()
    _ask(counter)
    _ask(counter)
    assert counter.calls == 1
    write(org)
    _ask(counter)
    assert counter.calls == 2


@committed
def test_a_transaction_that_wrote_computes_afresh_and_keeps_nothing():
    counter = Counter()
    assert _ask(counter) == 0
    with transaction.atomic():
        OrganisationFactory(name="Lärcentrum Ny")
        # its own write is seen, and what it saw is not kept for others
        assert _ask(counter) == 1
        assert _ask(counter) == 1
        assert counter.calls == 3
        transaction.set_rollback(True)
    # rolled back: nothing changed, the value kept before is still right
    assert _ask(counter) == 0
    assert counter.calls == 3


@committed
def test_a_commit_renews_the_token_once_it_is_committed():
    counter = Counter()
    _ask(counter)
    with transaction.atomic():
        OrganisationFactory(name="Lärcentrum Ny")
    assert _ask(counter) == 1
    assert counter.calls == 2


@committed
def test_a_write_after_a_rolled_back_savepoint_still_renews_the_token():
    counter = Counter()
    _ask(counter)
    with transaction.atomic():
        try:
            with transaction.atomic():
                OrganisationFactory(name="Lärcentrum Borta")
                raise RuntimeError
        except RuntimeError:
            pass
        OrganisationFactory(name="Lärcentrum Kvar")
    assert _ask(counter) == 1
    assert counter.calls == 2


@committed
def test_a_read_only_transaction_uses_what_is_kept():
    counter = Counter()
    _ask(counter)
    with transaction.atomic():
        assert _ask(counter) == 0
    assert counter.calls == 1


@committed
def test_changed_renews_the_token_for_writes_outside_django():
    counter = Counter()
    _ask(counter)
    datacache.changed("network")
    _ask(counter)
    assert counter.calls == 2
