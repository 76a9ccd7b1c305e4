"""Everything the product holds about one person, found by their e-mail address (GDPR: a
register extract, and erasure on request). Each app that keeps people registers a source in
its AppConfig.ready(): participants (registrations and hours), companies (contact people),
network (organisations' contacts), accounts (user accounts and roles), notifications; so
common imports none of them and `manage.py person_data` reaches them all.

A source finds the person's records by e-mail, exports each as plain JSON values, and erases
each, keeping what the figures count (hours, gender, visits) and recording the act in the
audit log."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext


@dataclass(frozen=True)
class Source:
    key: str  # the export's key: "participant", "company_contact", …
    label: str | Promise
    find: Callable[[str], list[Any]]  # records of this e-mail address (any letter case)
    export: Callable[[Any], dict[str, Any]]
    erase: Callable[[Any], None]  # by the system, on the person's request
    # the record as people read it in the register extract (PDF): (label, value) lines in the
    # active language
    rows: Callable[[Any], list[tuple[str, str]]]


_sources: dict[str, Source] = {}


def register(source: Source) -> None:
    _sources[source.key] = source


def sources() -> list[Source]:
    return list(_sources.values())


def holds(email: str) -> bool:
    """Whether any source holds a record of the address (nothing exported, no access logged)."""
    email = email.strip()
    return bool(email) and any(source.find(email) for source in sources())


def person_data(email: str) -> dict[str, list[dict[str, Any]]]:
    """{source key: [exported record, …]} of every source that holds the address."""
    email = email.strip()
    found = {}
    for source in sources():
        records = source.find(email) if email else []
        if records:
            found[source.key] = [source.export(record) for record in records]
    return found


def person_document(email: str) -> list[tuple[str, list[list[tuple[str, str]]]]]:
    """[(source label, [rows of each record])] for the register extract."""
    email = email.strip()
    parts = []
    for source in sources():
        records = source.find(email) if email else []
        if records:
            parts.append((str(source.label), [source.rows(record) for record in records]))
    return parts


def yes_no(value: object) -> str:
    return gettext("Yes") if value else gettext("No")


def person_erase(email: str) -> dict[str, int]:
    """Erases every record of the address; {source key: records erased}."""
    email = email.strip()
    # every record is found before any is erased: erasing an account changes its address
    found = [(source, source.find(email) if email else []) for source in sources()]
    erased = {}
    for source, records in found:
        for record in records:
            source.erase(record)
        if records:
            erased[source.key] = len(records)
    return erased


# --- the audit log of an erased person ------------------------------------------------------

ERASED = "—"  # the audit log allows this redaction only (audit migration 0002)


def redact_audit_log(model: type[models.Model], pks: list[int]) -> None:
    """The audit entries about these rows keep what happened and when, without what they said
    of the person (names, addresses, the values changed). Who acted stays, for accountability."""
    if not pks:
        return
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_pk__in=[str(pk) for pk in pks],
    ).update(object_repr=ERASED, changes=None, changes_text="", serialized_data=None)


def record_erasure(model: type[models.Model], pk: int) -> None:
    """One audit entry that the person's record was erased on their request."""
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_pk=str(pk),
        object_repr=ERASED,
        action=LogEntry.Action.UPDATE,
        changes={},
        additional_data={"erased_on_request": model._meta.label},
    )
