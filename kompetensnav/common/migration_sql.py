"""Database-specific SQL in migrations (triggers): one statement list per vendor, run with
the migration's schema editor; other vendors get nothing."""

from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def run_per_vendor(
    schema_editor: BaseDatabaseSchemaEditor, statements: dict[str, list[str]]
) -> None:
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)
