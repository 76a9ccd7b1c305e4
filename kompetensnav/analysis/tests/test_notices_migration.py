"""Migration 0002 moves the notices of needs without an offer into notifications: each
notice keeps its reader, need and read/e-mailed times, and links to the need."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from kompetensnav.notifications.models import Notification
from kompetensnav.visits.tests.factories import NeedFactory
from tests.factories import UserFactory
from tests.postgres import only_on_postgres

BEFORE = [("analysis", "0001_initial")]
AFTER = [("analysis", "0002_notices_to_notifications")]

pytestmark = only_on_postgres("migrations back and forth are tested on PostgreSQL")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_notices_become_notifications():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    try:
        # only analysis went back: the other apps' tables are today's
        need = NeedFactory(area__name="Svetsning", visit__company__name="Verkstad AB")
        user = UserFactory()
        read = timezone.now()
        old.get_model("analysis", "UnmetNeedNotice").objects.create(
            need_id=need.pk, recipient_id=user.pk, read_at=read
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(AFTER)
    (moved,) = Notification.objects.all()
    assert (moved.recipient_id, moved.kind, moved.key) == (user.pk, "unmet_need", f"need:{need.pk}")
    assert moved.read_at == read and moved.emailed_at is None
    assert moved.text == "Svetsning: ett behov hos Verkstad AB saknar kurs i utbudet"
    assert moved.url == f"/analysis/needs/{need.pk}/"
