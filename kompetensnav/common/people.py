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
from auditlog.registry import auditlog
from auditlog.signals import accessed
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext

from .actor import Actor
from .permissions import require_unless_system


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
    # the source's export records the access in the audit log itself (participants do)
    logs_access: bool = False


_sources: dict[str, Source] = {}


def register(source: Source) -> None:
    _sources[source.key] = source


def sources() -> list[Source]:
    return list(_sources.values())


PERMISSION = "accounts.person_data"  # accounts/rules.py: the network's coordinators


def holds(email: str) -> bool:
    """Whether any source holds a record of the address (nothing exported, no access logged)."""
    email = email.strip()
    return bool(email) and any(source.find(email) for source in sources())


def _found(email: str) -> list[tuple[Source, list[Any]]]:
    email = email.strip()
    if not email:
        return []
    return [(source, records) for source in sources() if (records := source.find(email))]


def _accessed(source: Source, records: list[Any]) -> None:
    """The export of these records, in the audit log as accesses (auditlog's "accessed")."""
    if source.logs_access:
        return
    for record in records:
        if isinstance(record, models.Model) and auditlog.contains(type(record)):
            accessed.send(sender=type(record), instance=record)


def person_summary(email: str, *, actor: Actor = None) -> list[tuple[str, int]]:
    """[(source label, number of records)] of what is held about the address: what a page
    shows before anything is exported (no access logged)."""
    require_unless_system(actor, PERMISSION)
    return [(str(source.label), len(records)) for source, records in _found(email)]


def person_data(email: str, *, actor: Actor = None) -> dict[str, list[dict[str, Any]]]:
    """{source key: [exported record, …]} of every source that holds the address; each
    record's export is logged as an access."""
    require_unless_system(actor, PERMISSION)
    found = {}
    for source, records in _found(email):
        found[source.key] = [source.export(record) for record in records]
        _accessed(source, records)
    return found


def person_document(
    email: str, *, actor: Actor = None
) -> list[tuple[str, list[list[tuple[str, str]]]]]:
    """[(source label, [rows of each record])] for the register extract."""
    require_unless_system(actor, PERMISSION)
    parts = []
    for source, records in _found(email):
        parts.append((str(source.label), [source.rows(record) for record in records]))
        _accessed(source, records)
    return parts


def person_pdf(email: str, *, actor: Actor = None) -> bytes:
    """The register extract (registerutdrag) as a PDF in the active language."""
    from weasyprint import HTML  # type: ignore[import-untyped]  # noqa: PLC0415 - WeasyPrint takes 1.6 s to import: loaded with the first PDF

    html = render_to_string(
        "common/person_data.html",
        {
            "email": email.strip(),
            "exported": timezone.localtime(),
            "parts": person_document(email, actor=actor),
        },
    )
    return HTML(string=html).write_pdf()


def yes_no(value: object) -> str:
    return gettext("Yes") if value else gettext("No")


@transaction.atomic
def person_erase(email: str, *, actor: Actor = None) -> dict[str, int]:
    """Erases every record of the address, all or nothing; {source key: records erased}."""
    require_unless_system(actor, PERMISSION)
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
