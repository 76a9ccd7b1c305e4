"""`field__any_of=values`: what `__in` means, for the long lists of a batch (an import's ids).

On PostgreSQL it is `field = ANY(%s)` with the values as one array parameter: the statement's
text is the same however many values there are, so neither Django nor psycopg spells out and
parses thousands of placeholders, and PostgreSQL plans it as it plans IN. Elsewhere it is
`__in`, unchanged. Registered on every field and foreign key (imported by CommonConfig.ready)."""

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, ForeignObject, Lookup
from django.db.models.lookups import In
from django.db.models.sql.compiler import SQLCompiler


class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False  # the values as given: one array parameter, not a value each

    def get_prep_lookup(self) -> Any:
        values = [v for v in self.rhs if v is not None]
        output = getattr(self.lhs, "output_field", None)
        if output is not None and hasattr(output, "get_prep_value"):
            values = [output.get_prep_value(v) for v in values]
        return values

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, tuple[Any, ...]]:
        if connection.vendor != "postgresql":
            return In(self.lhs, self.rhs).as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, list(self.rhs))


Field.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)  # by the key's values: participant_id__any_of=[pk, …]
