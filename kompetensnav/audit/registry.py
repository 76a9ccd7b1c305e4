"""Which models hold personal data and are therefore audited.

Each app calls `audit(Model, exclude=[...])` in its AppConfig.ready(); the test
`test_every_model_with_personal_data_is_audited` fails when a model with personal
fields is missing here.
"""

from auditlog.registry import auditlog

from kompetensnav.common.changes import ChangedAt

AUDITED: set[str] = set()


def audit(model, *, exclude: list[str] | None = None, mask: list[str] | None = None) -> None:
    if model._meta.label in AUDITED:
        return
    exclude = list(exclude or [])
    # the change time itself is not a change worth a line in the log
    exclude += [f.name for f in model._meta.concrete_fields if isinstance(f, ChangedAt)]
    auditlog.register(model, exclude_fields=exclude, mask_fields=mask or [])
    AUDITED.add(model._meta.label)
