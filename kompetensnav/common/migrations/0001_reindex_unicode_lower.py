"""On SQLite, rebuild the indexes on LOWER(...) with the Unicode-aware LOWER() that
common/sqlite.py now gives every connection: those built before folded only ASCII letters.
Nothing to do on PostgreSQL, whose lower() always folded every letter."""

from django.db import migrations


def reindex(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("REINDEX")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_api_token_expiry_and_session_generation"),
        ("companies", "0001_initial"),
        ("participants", "0005_pending_registration"),
    ]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop, elidable=True)]
