"""A need's visit date (0008) given by the write is checked once per statement on PostgreSQL
instead of looked up once per row: a plain import writes its needs with their visits' dates
(joined), and the trigger of every row cost more than the rest of the write (about 20 ms for
5,000 needs). A row without the date (a save, a bulk insert) still gets it from its row
trigger; a date given wrong is put right at the end of the statement, from the statement's
new rows (its transition table) joined to their visits. SQLite keeps its triggers."""

from django.db import migrations

from kompetensnav.common.migration_sql import run_per_vendor

FORWARD = [
    "DROP TRIGGER IF EXISTS visits_need_visit_date ON visits_need;",
    """CREATE TRIGGER visits_need_visit_date
    BEFORE UPDATE OF visit_id, visit_date ON visits_need
    FOR EACH ROW EXECUTE FUNCTION visits_need_visit_date();""",
    """CREATE TRIGGER visits_need_visit_date_missing
    BEFORE INSERT ON visits_need
    FOR EACH ROW WHEN (NEW.visit_date IS NULL) EXECUTE FUNCTION visits_need_visit_date();""",
    """CREATE OR REPLACE FUNCTION visits_need_visit_dates_given() RETURNS trigger AS $$
BEGIN
    -- each row's visit by its key (a join could read every visit to hash them)
    UPDATE visits_need need
       SET visit_date = (SELECT visit.date FROM visits_visit visit WHERE visit.id = need.visit_id)
     WHERE need.id IN (
        SELECT given.id FROM new_needs given
         WHERE given.visit_date IS NOT NULL AND given.visit_date IS DISTINCT FROM
               (SELECT visit.date FROM visits_visit visit WHERE visit.id = given.visit_id));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER visits_need_visit_dates_given
    AFTER INSERT ON visits_need REFERENCING NEW TABLE AS new_needs
    FOR EACH STATEMENT EXECUTE FUNCTION visits_need_visit_dates_given();""",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS visits_need_visit_dates_given ON visits_need;",
    "DROP FUNCTION IF EXISTS visits_need_visit_dates_given();",
    "DROP TRIGGER IF EXISTS visits_need_visit_date_missing ON visits_need;",
    "DROP TRIGGER IF EXISTS visits_need_visit_date ON visits_need;",
    """CREATE TRIGGER visits_need_visit_date
    BEFORE INSERT OR UPDATE OF visit_id, visit_date ON visits_need
    FOR EACH ROW EXECUTE FUNCTION visits_need_visit_date();""",
]


def forward(apps, schema_editor):
    run_per_vendor(schema_editor, {"postgresql": FORWARD})


def backward(apps, schema_editor):
    run_per_vendor(schema_editor, {"postgresql": BACKWARD})


class Migration(migrations.Migration):
    dependencies = [("visits", "0008_need_visit_date")]

    # schema, not data: the browser tests re-run the data steps after each flush, not this
    operations = [migrations.RunPython(forward, backward, hints={"schema": True})]
