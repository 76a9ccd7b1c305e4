"""Attendance hours never exceed the session's hours, in the database itself: a CHECK cannot
read another table, so triggers on both tables do it (PostgreSQL and SQLite). The services
check first and say what to do; these make a wrong row impossible from anywhere else (the
admin, a shell, a service with a bug). Both raise an integrity error."""

from django.db import migrations

from kompetensnav.common.migration_sql import run_per_vendor

POSTGRES_FORWARD = """
CREATE OR REPLACE FUNCTION participants_attendance_within_session() RETURNS trigger AS $$
BEGIN
    IF NEW.hours > (SELECT hours FROM campus_session WHERE id = NEW.session_id) THEN
        RAISE EXCEPTION 'attendance hours exceed the session''s hours'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER participants_attendance_within_session
    BEFORE INSERT OR UPDATE OF hours, session_id ON participants_attendance
    FOR EACH ROW EXECUTE FUNCTION participants_attendance_within_session();

CREATE OR REPLACE FUNCTION campus_session_not_below_attendance() RETURNS trigger AS $$
BEGIN
    IF NEW.hours < (SELECT MAX(hours) FROM participants_attendance
                    WHERE session_id = NEW.id) THEN
        RAISE EXCEPTION 'the session''s hours are below attendance already recorded'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER campus_session_not_below_attendance
    BEFORE UPDATE OF hours ON campus_session
    FOR EACH ROW WHEN (NEW.hours < OLD.hours)
    EXECUTE FUNCTION campus_session_not_below_attendance();
"""
POSTGRES_BACKWARD = """
DROP TRIGGER IF EXISTS participants_attendance_within_session ON participants_attendance;
DROP FUNCTION IF EXISTS participants_attendance_within_session();
DROP TRIGGER IF EXISTS campus_session_not_below_attendance ON campus_session;
DROP FUNCTION IF EXISTS campus_session_not_below_attendance();
"""
_ATTENDANCE_ABOVE = "NEW.hours > (SELECT hours FROM campus_session WHERE id = NEW.session_id)"
SQLITE_FORWARD = [
    f"""CREATE TRIGGER participants_attendance_within_session_insert
    BEFORE INSERT ON participants_attendance WHEN {_ATTENDANCE_ABOVE}
    BEGIN SELECT RAISE(ABORT, 'attendance hours exceed the session''s hours'); END;""",
    f"""CREATE TRIGGER participants_attendance_within_session_update
    BEFORE UPDATE OF hours, session_id ON participants_attendance WHEN {_ATTENDANCE_ABOVE}
    BEGIN SELECT RAISE(ABORT, 'attendance hours exceed the session''s hours'); END;""",
    """CREATE TRIGGER campus_session_not_below_attendance
    BEFORE UPDATE OF hours ON campus_session
    WHEN NEW.hours < OLD.hours AND NEW.hours <
        (SELECT MAX(hours) FROM participants_attendance WHERE session_id = NEW.id)
    BEGIN SELECT RAISE(ABORT, 'the session''s hours are below attendance already recorded');
    END;""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS participants_attendance_within_session_insert;",
    "DROP TRIGGER IF EXISTS participants_attendance_within_session_update;",
    "DROP TRIGGER IF EXISTS campus_session_not_below_attendance;",
]


def forward(apps, schema_editor):
    run_per_vendor(schema_editor, {"postgresql": [POSTGRES_FORWARD], "sqlite": SQLITE_FORWARD})


def backward(apps, schema_editor):
    run_per_vendor(schema_editor, {"postgresql": [POSTGRES_BACKWARD], "sqlite": SQLITE_BACKWARD})


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0003_course_evaluation_template"),
        ("campus", "0002_history_and_zero_length_sessions"),
    ]
    # schema, not data: the browser tests re-run the data steps after each flush, not this
    operations = [migrations.RunPython(forward, backward, hints={"schema": True})]
