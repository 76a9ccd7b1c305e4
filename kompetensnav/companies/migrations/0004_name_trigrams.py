"""Fuzzy company search on PostgreSQL: the pg_trgm extension (its word_similarity, see
common/similarity.py) and two trigram indexes: on the name, for the near matches (`<%`),
and on UPPER(name), for Django's icontains (`UPPER(name) LIKE UPPER('%…%')`); a search
reads both (a BitmapOr). SQLite gets the function from common/similarity.py."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS company_name_trgm ON companies_company "
        "USING gin (name gin_trgm_ops)"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS company_name_upper_trgm ON companies_company "
        "USING gin ((UPPER(name::text)) gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS company_name_trgm")
        schema_editor.execute("DROP INDEX IF EXISTS company_name_upper_trgm")


class Migration(migrations.Migration):
    dependencies = [("companies", "0003_company_contacts")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
