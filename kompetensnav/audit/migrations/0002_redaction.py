"""The one change the append-only audit log allows besides a deleted actor: redaction, when a
person's data is erased at the end of its retention period (participants/retention.py). An
entry keeps what was done, to which record, by whom and when; only what it said of the
person goes: object_repr becomes "—", changes, changes_text and serialized_data empty. Any
other change, or a redaction that touches anything else, is refused as before."""

from django.db import migrations

from kompetensnav.common.migration_sql import run_per_vendor

REDACTED = "—"  # participants.retention.ERASED
ERASED_COLUMNS = "ARRAY['object_repr', 'changes', 'changes_text', 'serialized_data']"

POSTGRES_FORWARD = f"""
CREATE OR REPLACE FUNCTION auditlog_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.actor_id IS NULL
       AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.object_repr = '{REDACTED}' AND NEW.changes IS NULL
       AND NEW.changes_text = '' AND NEW.serialized_data IS NULL
       AND (to_jsonb(NEW) - {ERASED_COLUMNS}) = (to_jsonb(OLD) - {ERASED_COLUMNS}) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$ LANGUAGE plpgsql;
"""
POSTGRES_BACKWARD = """
CREATE OR REPLACE FUNCTION auditlog_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.actor_id IS NULL
       AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$ LANGUAGE plpgsql;
"""
SQLITE_COLUMNS = (
    "content_type_id, object_pk, object_id, object_repr, serialized_data, action, "
    "changes_text, changes, cid, remote_addr, remote_port, timestamp, additional_data, actor_email"
)
KEPT = [
    "content_type_id", "object_pk", "object_id", "action", "cid", "remote_addr", "remote_port",
    "timestamp", "additional_data", "actor_email", "actor_id",
]  # fmt: skip
REDACTION = (
    f"NEW.object_repr = '{REDACTED}' AND NEW.changes IS NULL AND NEW.changes_text = '' "
    "AND NEW.serialized_data IS NULL AND "
    + " AND ".join(f"NEW.{column} IS OLD.{column}" for column in KEPT)
)
SQLITE_FORWARD = [
    "DROP TRIGGER IF EXISTS auditlog_no_update;",
    f"""CREATE TRIGGER auditlog_no_update BEFORE UPDATE OF {SQLITE_COLUMNS} ON auditlog_logentry
    WHEN NOT ({REDACTION})
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS auditlog_no_update;",
    f"""CREATE TRIGGER auditlog_no_update BEFORE UPDATE OF {SQLITE_COLUMNS} ON auditlog_logentry
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;""",
]


def forward(apps, schema_editor):
    run_per_vendor(schema_editor, {"postgresql": [POSTGRES_FORWARD], "sqlite": SQLITE_FORWARD})


def backward(apps, schema_editor):
    run_per_vendor(schema_editor, {"postgresql": [POSTGRES_BACKWARD], "sqlite": SQLITE_BACKWARD})


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_append_only")]
    operations = [migrations.RunPython(forward, backward)]
