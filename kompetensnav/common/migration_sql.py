"""Database-specific SQL in migrations (triggers): one statement list per vendor, run with
the migration's schema editor; other vendors get nothing. And indexes dropped by name."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.models import Field


def run_per_vendor(
    schema_editor: BaseDatabaseSchemaEditor, statements: dict[str, list[str]]
) -> None:
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def drop_foreign_key_index(
    *, model_name: str, name: str, field: Field, table: str, index: str, also: tuple[str, ...] = ()
) -> migrations.SeparateDatabaseAndState:
    """A foreign key's own index dropped by its name (and `also` its siblings, e.g.
    PostgreSQL's `_like` index of a text key), where a composite index already serves it; the
    field becomes db_index=False in the migration state. AlterField would do the same on
    PostgreSQL but rebuild the whole table on SQLite (tripping over triggers that name it)."""
    column = f"{name}_id"
    return migrations.SeparateDatabaseAndState(
        database_operations=[
            migrations.RunSQL(
                [f"DROP INDEX IF EXISTS {each}" for each in (index, *also)],
                [f"CREATE INDEX IF NOT EXISTS {index} ON {table} ({column})"],
            )
        ],
        state_operations=[migrations.AlterField(model_name=model_name, name=name, field=field)],
    )
