"""A kind of the interchange contract: its columns, how a row is checked and written, and
how its rows are exported. Subclasses live in each app's `interchange.py`."""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, models, transaction
from django.db.models import Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from kompetensnav.accounts.models import User
from kompetensnav.audit.registry import AUDITED
from kompetensnav.common.changes import ChangedAt
from kompetensnav.common.permissions import require_unless_system
from kompetensnav.common.validators import normalise_org_number

from .fields import CellError, Column
from .registry import get_kind
from .tables import unsafe_cell

if TYPE_CHECKING:
    from .plain import Plain  # plain.py builds on this module

BATCH_ROWS = 2000  # rows checked and written together
# a reference a kind resolved to a record by what people know (an org. number, a name):
# "pk:" and the record's primary key, in place of an interchange id (Kind.resolve)
RESOLVED = "pk:"


@dataclass
class ImportContext:
    """What the importer knows while it checks a file: the ids that exist per kind, in the
    database or earlier in the same file, and who is importing."""

    actor: object = None
    pending: dict[str, set[str]] = field(default_factory=dict)
    # ids asked about, per kind, and those of them the database has (look_up): only the ids
    # a file names are ever read, never every id of a table of millions
    _asked: dict[str, set[str]] = field(default_factory=dict)
    _found: dict[str, set[str]] = field(default_factory=dict)
    # while collecting(): the ids knows() was asked about, per kind
    _collecting: dict[str, set[str]] | None = None
    # {model: {external id: pk}} of the records found so far (look_up and pks): a batch's
    # references are read once, for its check and for its write
    _pks: dict[type[models.Model], dict[str, int]] = field(default_factory=dict)
    # {external id: created} of the rows of the kind imported that write_rows wrote (a kind
    # whose write_rows tells it: Kind.tells_outcomes)
    outcomes: dict[str, bool] = field(default_factory=dict)
    # what bulk writes touched, by model: {model: (created pks, updated pks)} (kinds that
    # write in bulk note it here; see record_bulk_writes)
    written: dict[type[models.Model], tuple[list[int], list[int]]] = field(default_factory=dict)
    # what a kind remembers across the batches of one check (e.g. org. numbers seen)
    seen: dict[str, Any] = field(default_factory=dict)
    # what the check tells without refusing: (row number, column, message)
    notices: list[tuple[int, str, str]] = field(default_factory=list)
    # called with a row's number once it is written (the importer's progress)
    written_up_to: Callable[[int], None] = lambda number: None

    def earlier_row(self, name: str, key: object, number: int, row_id: str) -> int | None:
        """The number of an earlier row of the file, with another id, that gives the same
        `key` of what must be unique (`name`: an org. number, a participant and a course…);
        None, and this row noted as the first, when there is none."""
        first = self.seen.setdefault(f"unique:{name}", {})
        if key in first and first[key][1] != row_id:
            return first[key][0]
        first.setdefault(key, (number, row_id))
        return None

    def notice(self, number: int, column: str, message: str) -> None:
        """Tell the user something about a row that is no error (listed in the preview)."""
        self.notices.append((number, column, message))

    def memo(self, name: str, key: object, find: Callable[[], Any]) -> Any:
        """find(), once per key and import (e.g. a municipality code's pk)."""
        known = self.seen.setdefault(f"memo:{name}", {})
        if key not in known:
            known[key] = find()
        return known[key]

    def wrote(self, model: type[models.Model], *, created: list[int], updated: list[int]):
        done = self.written.setdefault(model, ([], []))
        done[0].extend(created)
        done[1].extend(updated)

    def look_up(self, kind_name: str, external_ids: Iterable[str | None]) -> None:
        """Ask the database, in one query, which of these ids its records of the kind have
        (those not asked about before)."""
        asked = self._asked.setdefault(kind_name, set())
        wanted = {i for i in external_ids if i and not i.startswith(RESOLVED)} - asked
        if not wanted:
            return
        model = get_kind(kind_name).model
        found = dict(
            model._default_manager.filter(external_id__any_of=sorted(wanted))
            .order_by()  # a model's default ordering may join other tables
            .values_list("external_id", "pk")
        )
        self._found.setdefault(kind_name, set()).update(found)
        self._pks.setdefault(model, {}).update(found)
        asked |= wanted

    def pks(self, model: type[models.Model], external_ids: Iterable[str | None]) -> dict[str, int]:
        """{external id: pk} of the records of `model` with these ids (a reference resolved by
        Kind.resolve, RESOLVED and a pk, gives that pk): a query for the ids not found before
        in this import (by look_up or pks), none when every one was. Only what was found is
        remembered: an id not found is asked again (an earlier batch may have written it)."""
        wanted = {i for i in external_ids if i}
        resolved = {i: int(i.removeprefix(RESOLVED)) for i in wanted if i.startswith(RESOLVED)}
        known = self._pks.setdefault(model, {})
        missing = wanted - set(resolved) - known.keys()
        if missing:
            known.update(
                model._default_manager.filter(external_id__any_of=sorted(missing))
                .order_by()
                .values_list("external_id", "pk")
            )
        return {i: known[i] for i in wanted - set(resolved) if i in known} | resolved

    def exists(self, kind_name: str, external_id: str) -> bool:
        """Whether a record of the kind in the database has this id."""
        self.look_up(kind_name, [external_id])
        return external_id in self._found.get(kind_name, ())

    def knows(self, kind_name: str, external_id: str) -> bool:
        if external_id.startswith(RESOLVED):
            return True  # found in the database by Kind.resolve
        if self._collecting is not None:
            self._collecting.setdefault(kind_name, set()).add(external_id)
            return True
        return external_id in self.pending.get(kind_name, set()) or self.exists(
            kind_name, external_id
        )

    @contextmanager
    def collecting(self) -> Iterator[None]:
        """Within: knows() notes the ids it is asked about and answers yes; after, they are
        looked up, a query per kind. A batch's checks run once so (on copies of its rows)
        and then for real, so that a batch costs a query per kind it names, not one per id."""
        self._collecting = {}
        try:
            yield
        finally:
            asked, self._collecting = self._collecting, None
        for kind_name, ids in asked.items():
            self.look_up(kind_name, ids)


class Kind:
    """Subclasses set name, model and columns, and implement references(), upsert() and
    export_row(). `id` is always the first column."""

    name: str
    model: type[models.Model]
    columns: list[Column]
    # the URL name of the page listing the kind's records, linked from an import's result
    list_url_name: str | None = None

    @property
    def label(self) -> str:
        """What the kind is called in the UI, e.g. "Kontaktpersoner" (its name in files and
        commands, `contacts`, is shown as code where it matters: the upload page)."""
        return str(self.model._meta.verbose_name_plural).capitalize()

    # columns read on import only, not written on export (beyond the interchange contract)
    import_only: tuple[str, ...] = ()

    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def export_column_names(self) -> list[str]:
        return [c.name for c in self.columns if c.name not in self.import_only]

    def required_names(self) -> set[str]:
        return {c.name for c in self.columns if c.required}

    def parse(self, row: dict[str, str]) -> tuple[dict, dict[str, str]]:
        values: dict = {}
        errors: dict[str, str] = {}
        for column in self.columns:
            raw = unsafe_cell(row.get(column.name, "").strip())
            if raw == "":
                if column.required:
                    errors[column.name] = _("A value is required.")
                values[column.name] = column.default
                continue
            if "\x00" in raw:
                errors[column.name] = _("The cell contains a NUL character: remove it.")
                continue
            try:
                values[column.name] = column.parse(raw)
            except CellError as exc:
                errors[column.name] = str(exc)
        return values, errors

    def resolve(self, values: dict, context: ImportContext) -> dict[str, str]:
        """References given by what people know rather than an interchange id (e.g. an
        organisation's org. number or name) replaced, in `values`, by RESOLVED and the
        record's key; errors for those that match several records: {column: message}."""
        return {}

    def references(self, values: dict, context: ImportContext) -> dict[str, str]:
        """Errors for references to rows that do not exist: {column: message}."""
        return {}

    def reference_error(
        self, kind_name: str, column: str, ids: Iterable[str], context: ImportContext
    ) -> dict[str, str]:
        missing = [i for i in ids if i and not context.knows(kind_name, i)]
        if not missing:
            return {}

        return {
            column: _("Unknown id %(ids)s among %(kind)s: import those rows first or fix the id.")
            % {"kind": get_kind(kind_name).label, "ids": ", ".join(missing)}
        }

    def check_rows(
        self, rows: list[tuple[int, dict]], context: ImportContext
    ) -> dict[int, dict[str, str]]:
        """Errors of a batch of parsed rows ({row number: {column: message}}): references to
        rows that do not exist, clashes with data that exists or with earlier rows. A row at a
        time through references(), after the ids they name are looked up together
        (context.collecting()); kinds that check more in bulk override it (a query per
        batch)."""
        with context.collecting():
            for _number, values in rows:
                self.references(dict(values), context)
        errors = {}
        for number, values in rows:
            if found := self.references(values, context):
                errors[number] = found
        return errors

    def write_rows(
        self, rows: list[tuple[int, dict]], context: ImportContext
    ) -> dict[int, dict[str, list[str]]]:
        """Write a batch of checked rows; errors by row number and column. A row at a time
        through upsert() (a service, audited per record), or in bulk (bulk_write). Each row
        written is noted in context.outcomes (created or updated: the import's result says so
        without asking the database beforehand); a kind that overrides this and cannot tell
        sets tells_outcomes = False."""
        if self.bulk_fields and self.bulk_write(rows, context):
            for number, _values in rows[-1:]:
                context.written_up_to(number)
            return {}
        errors = {}
        for number, values in rows:
            try:
                context.outcomes[values["id"]] = bool(self.upsert(values, context))
            except ValidationError as exc:
                errors[number] = messages_by_column(exc)
            context.written_up_to(number)
        return errors

    # write_rows notes in context.outcomes whether each row it wrote was created (else the
    # importer asks the database which of a batch's ids exist before writing it)
    tells_outcomes = True

    # how a plain file of new records is written by PostgreSQL alone (plain.py), if it can be
    plain: "Plain | None" = None

    # Kinds that write in bulk: the model's fields an import sets (besides external_id), and
    # build() giving the values of a checked row's record ({field's attname: value}, e.g.
    # {"external_id": …, "employer_id": …}; a field left out gets its default). write_rows()
    # then inserts or updates a batch in one statement (INSERT … ON CONFLICT (external_id) DO
    # UPDATE), without a model instance per row where it can (copy_upsert).
    bulk_fields: tuple[str, ...] = ()
    bulk_permission: str = ""

    def build(self, values: dict, context: ImportContext) -> dict[str, Any]:
        raise NotImplementedError

    # What build() needs the pks of: {key in context.seen: (model, column of external ids)}
    bulk_references: dict[str, tuple[type[models.Model], str]] = {}

    def prepare(self, rows: list[tuple[int, dict]], context: ImportContext) -> None:
        """Before build(): look up together what the batch's rows refer to (into
        context.seen: for each of bulk_references, {external id: pk}, a query each), so that
        build() asks the database nothing."""
        for key, (model, column) in self.bulk_references.items():
            context.seen[key] = context.pks(model, (v[column] for _n, v in rows))

    def bulk_write(self, rows: list[tuple[int, dict]], context: ImportContext) -> bool:
        """Write a batch in bulk; False when the database refused it (a clash the check could
        not see, such as a row written meanwhile by someone else): nothing of the batch is
        then written, and the caller writes it a row at a time to name the row."""
        require_unless_system(context.actor, self.bulk_permission)
        model = self.model
        self.prepare(rows, context)
        built = [self.build(values, context) for _number, values in rows]
        # a record updated by the import gets its change time, as any other write gives it
        stamped = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, ChangedAt) or getattr(f, "auto_now", False)
        ]
        update_fields = list(dict.fromkeys([*self.bulk_fields, *stamped]))
        try:
            copied = copy_upsert(model, built, update_fields)
        except IntegrityError:
            return False
        if copied is not None:
            context.wrote(
                model,
                created=[pk for pk, _id, new in copied if new],
                updated=[pk for pk, _id, new in copied if not new],
            )
            context.outcomes.update((external_id, new) for _pk, external_id, new in copied)
            return True
        objects = [model(**values) for values in built]
        ids = [obj.external_id for obj in objects]
        before = set(
            model._default_manager.filter(external_id__any_of=ids)
            .order_by()
            .values_list("external_id", flat=True)
        )
        try:
            with transaction.atomic():
                model._default_manager.bulk_create(
                    objects,
                    update_conflicts=True,
                    unique_fields=["external_id"],
                    update_fields=update_fields,
                )
        except IntegrityError:
            return False
        pks = dict(
            model._default_manager.filter(external_id__any_of=ids)
            .order_by()
            .values_list("external_id", "pk")
        )
        context.wrote(
            model,
            created=[pks[i] for i in ids if i not in before],
            updated=[pks[i] for i in ids if i in before],
        )
        context.outcomes.update((i, i not in before) for i in ids)
        return True

    def upsert(self, values: dict, context: ImportContext) -> bool:
        """Create or update the row with values["id"]; True when created. Raise
        django.core.exceptions.ValidationError ({column: message}) for a bad row."""
        raise NotImplementedError

    def export_queryset(self) -> models.QuerySet:
        return self.model.objects.order_by("pk")

    def export_row(self, obj) -> list:
        raise NotImplementedError

    referenced_kinds: tuple[str, ...] = ()  # kinds whose ids this kind's rows name

    # Kinds with many rows may name the columns of their export as paths of values
    # ("session__external_id"): rows are then read as tuples, without a model instance each.
    export_values: tuple[str, ...] = ()

    def export_rows(self) -> Iterable[list]:
        """Rows for export; records made in the web UI get a stable id the first time."""
        for kind_name in (*self.referenced_kinds, self.name):
            assign_missing_ids(get_kind(kind_name))
        if self.export_values:
            rows = self.model._default_manager.order_by("pk").values_list(*self.export_values)
            for values in rows.iterator(chunk_size=5000):
                yield ["" if v is None else v for v in values]
            return
        for obj in self.export_queryset().iterator(chunk_size=2000):
            yield self.export_row(obj)


# Fields whose value PostgreSQL takes as Python gives it (Django's preparation of them on
# PostgreSQL returns the value unchanged): copy_upsert passes them to COPY as they are.
_AS_GIVEN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.DecimalField,
    models.DateField,  # DateTimeField too
    models.ForeignKey,
)
_NOT_GIVEN = object()


def copy_plan(model: type[models.Model]) -> list[tuple[models.Field, str]] | None:
    """How copy_upsert makes each column's value of a row's values: (field, how), `how` one
    of "now" (the time of the write: auto_now, auto_now_add, ChangedAt), "given" (the value
    as given, or the field's default) or "prepare" (Django's preparation of the value); None
    when a field needs what only a model instance and save() give (its own pre_save)."""
    plan = []
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        if (
            isinstance(f, ChangedAt)
            or getattr(f, "auto_now", False)
            or getattr(f, "auto_now_add", False)
        ):
            plan.append((f, "now"))
        elif type(f).pre_save not in (
            models.Field.pre_save,
            models.DateField.pre_save,
            models.DateTimeField.pre_save,
        ):
            return None
        elif isinstance(f, _AS_GIVEN):
            plan.append((f, "given"))
        else:
            plan.append((f, "prepare"))
    return plan


def copy_upsert(
    model: type[models.Model],
    built: list[dict[str, Any]],
    update_fields: list[str],
) -> list[tuple[int, str, bool]] | None:
    """Insert or update (on external_id) records given as their values (Kind.build), as
    bulk_create(update_conflicts=True) does, on PostgreSQL without a statement of every value
    or a model instance per row: the rows are copied (COPY) into a temporary table and written
    by one INSERT … SELECT … ON CONFLICT, which also says which were created: (pk, external
    id, created) of each record written; None where this does not apply (another database,
    a field with a pre_save of its own, or a value the database computes), and nothing is
    then written. An IntegrityError leaves nothing of the batch written (a savepoint of its
    own)."""
    connection = connections[model._default_manager.db]
    if connection.vendor != "postgresql" or not built:
        return None
    plan = copy_plan(model)
    if plan is None:
        return None
    now = timezone.now()
    # a default the same for every row, computed once (a callable default: for each row)
    defaults = {
        f.attname: f.get_default()
        for f, how in plan
        if how != "now" and not (f.has_default() and callable(f.default))
    }
    rows = []
    for values in built:
        row = []
        for f, how in plan:
            if how == "now":
                row.append(now if isinstance(f, models.DateTimeField) else timezone.localdate(now))
                continue
            value = values.get(f.attname, _NOT_GIVEN)
            if value is _NOT_GIVEN:
                value = defaults[f.attname] if f.attname in defaults else f.get_default()
            if how == "prepare" or hasattr(value, "resolve_expression"):
                value = f.get_db_prep_save(value, connection)
                if hasattr(value, "resolve_expression"):
                    return None  # e.g. a database default: COPY cannot carry it
            row.append(value)
        rows.append(row)
    fields = [f for f, _how in plan]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    stage = quote(f"kn_import_{model._meta.db_table}")
    columns = ", ".join(quote(f.column) for f in fields)
    updates = ", ".join(
        f"{quote(c)} = EXCLUDED.{quote(c)}"
        for c in (model._meta.get_field(name).column for name in update_fields)
    )
    # only names of the model's table and columns, quoted, are written into the statements
    with (
        connection.wrap_database_errors,
        transaction.atomic(using=connection.alias),
        connection.cursor() as cursor,
    ):
        # the staging table lives until the transaction ends (no write of ours: the data
        # cache and the audit log hear of the INSERT below)
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {stage} ON COMMIT DROP AS "  # noqa: S608
            f"SELECT {columns} FROM {table} WITH NO DATA"
        )
        cursor.execute(f"TRUNCATE {stage}")
        with cursor.cursor.copy(f"COPY {stage} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {stage} "  # noqa: S608
            f"ON CONFLICT (external_id) DO UPDATE SET {updates} "
            f"RETURNING {quote(model._meta.pk.column)}, "
            f"{quote(model._meta.get_field('external_id').column)}, (xmax = 0)"
        )
        return cursor.fetchall()


def reference_values(context: ImportContext, model: type[models.Model], field: str) -> set[str]:
    """The values of `field` in a small table of reference data (the municipalities, the
    countries, the SNI codes…), read once per import: a row's check asks no query of its
    own (and the checks of a batch run twice, see ImportContext.collecting)."""
    return context.memo(
        f"values:{model._meta.label}.{field}",
        (),
        lambda: {str(v) for v in model._default_manager.values_list(field, flat=True)},
    )


def pks_by_external_id(model: type[models.Model], external_ids: Iterable[str]) -> dict[str, int]:
    """{external id: pk} of the records with these ids, in one query (a reference resolved
    by Kind.resolve, RESOLVED and a pk, gives that pk): ImportContext.pks, remembering
    nothing."""
    return ImportContext().pks(model, external_ids)


def by_reference(model: type[models.Model], value: str) -> Any:
    """The record a reference names: by its interchange id, or resolved (RESOLVED and a pk)."""
    if value.startswith(RESOLVED):
        return model._default_manager.get(pk=int(value.removeprefix(RESOLVED)))
    return model._default_manager.get(external_id=value)


CANDIDATES_SHOWN = 5


@dataclass(frozen=True)
class KnownAs:
    """How a kind's records are found by what people know (Kind.resolve): `find(value)` gives
    (pk, name, org. number) of the matches, at most CANDIDATES_SHOWN + 1; the messages take
    %(value)s (and %(candidates)s)."""

    kind_name: str
    find: Callable[[str], list[tuple[int, str, str]]]
    several: Any  # lazily translated: the language is the importer's, at the time
    none: Any


def resolve_known_as(
    values: dict, columns: Iterable[str], known_as: KnownAs, context: ImportContext
) -> dict[str, str]:
    """A reference given as people know it: a value that is no id of the database or the
    file is looked up by `known_as`; one match is taken (RESOLVED and its pk), several are a
    row error listing them, none a row error that says what may be given."""
    errors = {}
    for column in columns:
        value = values.get(column) or ""
        if not value or context.knows(known_as.kind_name, value):
            continue
        matches = context.memo(
            f"known-as:{known_as.kind_name}", value.casefold(), lambda v=value: known_as.find(v)
        )
        if not matches:
            errors[column] = known_as.none % {"value": value}
        elif len(matches) == 1:
            values[column] = f"{RESOLVED}{matches[0][0]}"
        else:
            shown = "; ".join(
                f"{name} ({number})" if number else name
                for _pk, name, number in matches[:CANDIDATES_SHOWN]
            )
            if len(matches) > CANDIDATES_SHOWN:
                shown += "; …"
            errors[column] = known_as.several % {"value": value, "candidates": shown}
    return errors


def named_by_number_or_name(
    model: type[models.Model], number_field: str = "org_number"
) -> Callable[[str], list[tuple[int, str, str]]]:
    """find() for KnownAs: the records with this org. number, else with this name (without
    case, spaces collapsed)."""

    def find(value: str) -> list[tuple[int, str, str]]:
        fields = ("pk", "name", number_field)
        manager = model._default_manager
        try:
            number = normalise_org_number(value)
        except ValidationError:
            number = ""
        if number:
            by_number = list(
                manager.filter(**{number_field: number})
                .order_by("name", "pk")
                .values_list(*fields)[: CANDIDATES_SHOWN + 1]
            )
            if by_number:
                return by_number
        return list(
            manager.filter(name__iexact=" ".join(value.split()))
            .order_by("name", "pk")
            .values_list(*fields)[: CANDIDATES_SHOWN + 1]
        )

    return find


def messages_by_column(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {("id" if k == "__all__" else k): v for k, v in exc.message_dict.items()}
    return {"id": exc.messages}


def pk_ranges(pks: list[int]) -> list[list[int]]:
    """[[first, last], …] of the sorted pks: a bulk write's new rows are mostly consecutive,
    so the audit entry of an import of millions stays small."""
    ranges: list[list[int]] = []
    for pk in sorted(pks):
        if ranges and pk == ranges[-1][1] + 1:
            ranges[-1][1] = pk
        else:
            ranges.append([pk, pk])
    return ranges


def record_bulk_writes(context: ImportContext, *, kind: Kind, job=None) -> None:
    """One audit entry per audited model (personal data: audit.registry) a bulk import wrote
    (bulk writes send no signals, so the audit log would otherwise not hear of them): who
    imported, which kind and job, how many records were created and updated, and which
    (their ids as ranges). Other models' records are not in the log however written (a row
    at a time, in bulk or by the plain path); the import job is."""
    actor = context.actor if isinstance(context.actor, User) else None
    for model, (created, updated) in context.written.items():
        if (not created and not updated) or model._meta.label not in AUDITED:
            continue
        LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(model),
            object_pk="",
            object_repr=_("Import of %(kind)s: %(created)s created, %(updated)s updated")
            % {"kind": kind.label.lower(), "created": len(created), "updated": len(updated)},
            action=LogEntry.Action.CREATE if created else LogEntry.Action.UPDATE,
            changes={},
            actor=actor,
            actor_email=getattr(actor, "email", None),
            additional_data={
                "import": kind.name,
                "job": getattr(job, "pk", None),
                "created": pk_ranges(created),
                "updated": pk_ranges(updated),
            },
        )


def assign_missing_ids(kind: Kind) -> None:
    """Give every record without an external id the stable id `kn-<kind>-<pk>`."""
    kind.model._default_manager.filter(external_id=None).update(
        external_id=Concat(Value(f"kn-{kind.name}-"), Cast("pk", models.CharField()))
    )  # one statement, however many records
