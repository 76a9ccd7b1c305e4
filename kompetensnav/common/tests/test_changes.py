"""A record's change time (`common.changes`): set on every insert, save, save of some
fields, queryset update and bulk write, so the API's `updated_since` misses no change."""

from datetime import UTC, datetime

import pytest
from django.utils import timezone

from kompetensnav.network.enums import OrganisationKind
from kompetensnav.network.models import Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


def _aged(*organisations: Organisation) -> None:
    Organisation.objects.filter(pk__in=[o.pk for o in organisations]).update(updated=LONG_AGO)


def _updated(organisation: Organisation) -> datetime:
    return Organisation.objects.values_list("updated", flat=True).get(pk=organisation.pk)


def test_every_kind_of_write_sets_the_change_time():
    before = timezone.now()
    created = OrganisationFactory()
    assert _updated(created) >= before  # an insert

    kinds = {}
    saved, some_fields, updated, bulk = OrganisationFactory.create_batch(4)
    _aged(saved, some_fields, updated, bulk)
    assert _updated(saved) == LONG_AGO  # an update that names the time keeps it

    saved.name = "Nytt namn"
    saved.save()
    kinds["save"] = _updated(saved)
    some_fields.name = "Annat namn"
    some_fields.save(update_fields=["name"])  # auto_now would leave the time as it was
    kinds["save of some fields"] = _updated(some_fields)
    Organisation.objects.filter(pk=updated.pk).update(name="Uppdaterad")
    kinds["queryset update"] = _updated(updated)
    bulk.name = "I klump"
    Organisation.objects.bulk_update([bulk], ["name"])
    kinds["bulk update"] = _updated(bulk)
    (made,) = Organisation.objects.bulk_create(
        [Organisation(name="Ny i klump", kind=OrganisationKind.LEARNING_CENTRE)]
    )
    kinds["bulk create"] = _updated(made)
    assert {kind: when >= before for kind, when in kinds.items()} == dict.fromkeys(kinds, True)


def test_the_change_time_is_not_a_line_in_the_audit_log():
    from auditlog.models import LogEntry

    from kompetensnav.network.models import Contact

    contact = Contact.objects.create(organisation=OrganisationFactory(), name="Kim")
    contact.role = "Rektor"
    contact.save()
    changes = LogEntry.objects.get_for_object(contact).first().changes_dict
    assert changes == {"role": ["", "Rektor"]}
