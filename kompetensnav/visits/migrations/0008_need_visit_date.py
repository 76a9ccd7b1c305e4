"""A need keeps its visit's date (Need.visit_date), kept by the database itself: triggers on
both tables (PostgreSQL and SQLite) set it when a need is inserted or moved to another visit
(and whenever a write names the column) and follow a visit's change of date. The needs of a
period are then found by their own index, without a scan of every need joined to its
visit. Existing needs get their visits' dates."""

from django.db import migrations, models

from kompetensnav.common.migration_sql import run_per_vendor

POSTGRES_FORWARD = """
CREATE OR REPLACE FUNCTION visits_need_visit_date() RETURNS trigger AS $$
BEGIN
    NEW.visit_date := (SELECT date FROM visits_visit WHERE id = NEW.visit_id);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER visits_need_visit_date
    BEFORE INSERT OR UPDATE OF visit_id, visit_date ON visits_need
    FOR EACH ROW EXECUTE FUNCTION visits_need_visit_date();

CREATE OR REPLACE FUNCTION visits_visit_date_to_needs() RETURNS trigger AS $$
BEGIN
    UPDATE visits_need SET visit_date = NEW.date WHERE visit_id = NEW.id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER visits_visit_date_to_needs
    AFTER UPDATE OF date ON visits_visit
    FOR EACH ROW WHEN (NEW.date IS DISTINCT FROM OLD.date)
    EXECUTE FUNCTION visits_visit_date_to_needs();
"""
POSTGRES_BACKWARD = """
DROP TRIGGER IF EXISTS visits_need_visit_date ON visits_need;
DROP FUNCTION IF EXISTS visits_need_visit_date();
DROP TRIGGER IF EXISTS visits_visit_date_to_needs ON visits_visit;
DROP FUNCTION IF EXISTS visits_visit_date_to_needs();
"""
# SQLite's triggers cannot change the row being written: they write it again after (recursive
# triggers are off, and the WHEN clauses stop at the second write anyway)
_DATE_OF_VISIT = "(SELECT date FROM visits_visit WHERE id = NEW.visit_id)"
SQLITE_FORWARD = [
    f"""CREATE TRIGGER visits_need_visit_date_insert
    AFTER INSERT ON visits_need
    BEGIN UPDATE visits_need SET visit_date = {_DATE_OF_VISIT} WHERE id = NEW.id; END;""",
    f"""CREATE TRIGGER visits_need_visit_date_update
    AFTER UPDATE OF visit_id, visit_date ON visits_need
    WHEN NEW.visit_date IS NOT {_DATE_OF_VISIT}
    BEGIN UPDATE visits_need SET visit_date = {_DATE_OF_VISIT} WHERE id = NEW.id; END;""",
    """CREATE TRIGGER visits_visit_date_to_needs
    AFTER UPDATE OF date ON visits_visit
    WHEN NEW.date IS NOT OLD.date
    BEGIN UPDATE visits_need SET visit_date = NEW.date WHERE visit_id = NEW.id; END;""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS visits_need_visit_date_insert;",
    "DROP TRIGGER IF EXISTS visits_need_visit_date_update;",
    "DROP TRIGGER IF EXISTS visits_visit_date_to_needs;",
]


def forward(apps, schema_editor):
    run_per_vendor(schema_editor, {"postgresql": [POSTGRES_FORWARD], "sqlite": SQLITE_FORWARD})


def backward(apps, schema_editor):
    run_per_vendor(schema_editor, {"postgresql": [POSTGRES_BACKWARD], "sqlite": SQLITE_BACKWARD})


class Migration(migrations.Migration):
    dependencies = [
        ("competences", "0002_vocabulary_from_tags"),
        ("reference", "0004_load_ssyk_sun"),
        ("visits", "0007_visit_broker_given"),
    ]

    operations = [
        migrations.AddField(
            model_name="need",
            name="visit_date",
            field=models.DateField(editable=False, null=True, verbose_name="visit date"),
        ),
        migrations.AddIndex(
            model_name="need",
            index=models.Index(fields=["visit_date"], name="need_visit_date"),
        ),
        migrations.RunSQL(
            "UPDATE visits_need SET visit_date = "
            "(SELECT date FROM visits_visit WHERE visits_visit.id = visits_need.visit_id)",
            migrations.RunSQL.noop,
        ),
        # schema, not data: the browser tests re-run the data steps after each flush, not this
        migrations.RunPython(forward, backward, hints={"schema": True}),
    ]
