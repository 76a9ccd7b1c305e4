"""Make the audit log append-only in the database itself: rows can be added, never changed
or removed. The one exception is what Django does when an actor's account is deleted:
setting actor_id to NULL (the actor's e-mail stays in actor_email)."""

from django.db import migrations

from kompetensnav.common.migration_sql import run_per_vendor

POSTGRES_FORWARD = """
CREATE OR REPLACE FUNCTION auditlog_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.actor_id IS NULL
       AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER auditlog_no_update BEFORE UPDATE OR DELETE ON auditlog_logentry
    FOR EACH ROW EXECUTE FUNCTION auditlog_append_only();
"""
POSTGRES_BACKWARD = """
DROP TRIGGER IF EXISTS auditlog_no_update ON auditlog_logentry;
DROP FUNCTION IF EXISTS auditlog_append_only();
"""
SQLITE_COLUMNS = (
    "content_type_id, object_pk, object_id, object_repr, serialized_data, action, "
    "changes_text, changes, cid, remote_addr, remote_port, timestamp, additional_data, actor_email"
)
SQLITE_FORWARD = [
    f"""CREATE TRIGGER auditlog_no_update BEFORE UPDATE OF {SQLITE_COLUMNS} ON auditlog_logentry
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;""",
    """CREATE TRIGGER auditlog_no_actor_change BEFORE UPDATE OF actor_id ON auditlog_logentry
    WHEN NEW.actor_id IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;""",
    """CREATE TRIGGER auditlog_no_delete BEFORE DELETE ON auditlog_logentry
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS auditlog_no_update;",
    "DROP TRIGGER IF EXISTS auditlog_no_actor_change;",
    "DROP TRIGGER IF EXISTS auditlog_no_delete;",
]


def forward(apps, schema_editor):
    run_per_vendor(schema_editor, {"postgresql": [POSTGRES_FORWARD], "sqlite": SQLITE_FORWARD})


def backward(apps, schema_editor):
    run_per_vendor(schema_editor, {"postgresql": [POSTGRES_BACKWARD], "sqlite": SQLITE_BACKWARD})


class Migration(migrations.Migration):
    dependencies = [("auditlog", "0017_add_actor_email")]
    operations = [migrations.RunPython(forward, backward)]
