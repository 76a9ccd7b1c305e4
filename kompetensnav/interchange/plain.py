"""Plain files of new records, written by PostgreSQL alone.

Most large imports are an export of another system: new records, a header of the contract's
column names, cells of plain ids, numbers, dates and addresses. For such a file of a kind
that declares how (Kind.plain), the importer does not read, check and build each row in
Python: the file's lines are copied as they are (COPY) into a temporary table and written by
an INSERT … SELECT per batch of rows (the job's heartbeat and progress between them) that
finds the references by their ids (joins) and keeps only the rows the kind's checks would
pass; what the rows fill in another table (a course's areas, a session's sites) in the same
statement. The database's constraints check the rest (ids new and given once, an e-mail
address or a participant's place at a session given once…).

This path only ever vouches for a file, never refuses one: the file must match, line by
line, the cells' patterns (a cell the general path reads and parses exactly as the database
does: no quotes, no spaces around, no formulas, no blank lines), and every row must be
written. A file that does not, a row the joins or conditions leave out, or a constraint the
database finds broken (the savepoint rolled back) goes the general way (importer.run_import),
which reads it row by row and names each problem. So the result of a file is the same
whichever path writes it (interchange/tests/test_plain.py compares both on generated
files)."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError, IntegrityError, connections, models, transaction
from django.utils import timezone

from kompetensnav.common.permissions import require_unless_system

from . import tables
from .fields import _PLAIN_EMAIL
from .kinds import ImportContext, Kind, copy_plan

# Patterns of plain cells (bytes of one cell, no delimiter, quote, space or control
# character; no formula's first character): what the general path reads as the same value.
ID = rb"[A-Za-z0-9][A-Za-z0-9_.:/-]{0,63}"  # an interchange id: text(64)
HOURS = rb"[0-9]{1,3}(?:\.[0-9]{1,2})?"  # decimal(minimum=0), two decimals
DATE = rb"(?:19|20)[0-9]{2}-[0-9]{2}-[0-9]{2}"  # iso_date (the database refuses 2025-02-30)
# fields.email's plain address (its length is checked by the kind's `where`)
EMAIL = b"(?i:" + _PLAIN_EMAIL.pattern.removesuffix(r"\Z").encode() + b")"
ORG_NUMBER = rb"[0-9]{6}-?[0-9]{4}"  # normalise_org_number's 10 digits (the check digit: luhn)
# the SQL of the number as normalise_org_number writes it (NNNNNN-NNNN; none: '')
PLAIN_ORG_NUMBER = (
    "CASE WHEN s.org_number IS NULL THEN '' ELSE substr(replace(s.org_number, '-', ''), 1, 6) "
    "|| '-' || substr(replace(s.org_number, '-', ''), 7, 4) END"
)

# The printable ASCII characters but the quote, the comma and the semicolon (no delimiter),
# the apostrophe not first (unsafe_cell takes it off before a formula), the space not first
# or last (cells are stripped); and the letters of the Latin-1 range (À…ÿ: å, ä, ö, é, ü…),
# in UTF-8 the lead byte C3 and a continuation byte: in a UTF-8 file these bytes can only be
# such letters (a file that is not UTF-8 the database refuses to copy: the general way). A
# byte per character for the regular expression's speed: a cell's limit counts bytes, so a
# long name with many letters goes the general way.
_LETTERS = rb"\x80-\xbf\xc3"
_FIRST = rb"[\x21\x23-\x26\x28-\x2b\x2d-\x3a\x3c-\x7e" + _LETTERS + rb"]"
_MIDDLE = rb"[\x20\x21\x23-\x2b\x2d-\x3a\x3c-\x7e" + _LETTERS + rb"]"
_LAST = rb"[\x21\x23-\x2b\x2d-\x3a\x3c-\x7e" + _LETTERS + rb"]"


def line_text(max_length: int) -> bytes:
    """fields.text(max_length): one line of at most max_length characters (bytes)."""
    return _FIRST + b"(?:" + _MIDDLE + b"{0,%d}" % (max_length - 2) + _LAST + b")?"


def luhn(digits: str) -> str:
    """SQL true when the 10 digits of the SQL text `digits` pass the Luhn check
    (validators.luhn_ok): from the left, the 1st, 3rd… doubled, the digits of each summed."""
    terms = []
    for position in range(1, 11):
        digit = f"substr({digits}, {position}, 1)::integer"
        terms.append(f"({digit} * 2) %% 10 + {digit} * 2 / 10" if position % 2 else digit)
    return f"({' + '.join(terms)}) %% 10 = 0"  # %%: the statement has parameters


def one_of(*values: str) -> bytes:
    return b"(?:" + b"|".join(re.escape(v.encode()) for v in values) + b")"


def or_empty(pattern: bytes) -> bytes:
    return b"(?:" + pattern + b")?"


@dataclass(frozen=True)
class Also:
    """Rows of another table a kind writes with its records, in the same statement, dry run
    or not (its references are checks too). `sql`: an INSERT … SELECT over `written` (the
    records written: their columns) and the copied rows (the temporary table: `{stage}`),
    with the statement's parameters. `listed`: the column whose `;`-separated values give it
    a row each (fewer written: a reference not found, the general path's to report)."""

    sql: str
    listed: str


@dataclass(frozen=True)
class Plain:
    """How a kind writes a plain file.

    `cells`: each column's pattern (the columns a plain file may have; the kind's required
    ones must be there). `values`: the SQL of each of the model's fields the file sets, over
    the copied row `s` (its cells as text, NULL when empty) and `joins`; the other fields
    get their defaults, and the change times the time of the write (%(now)s). `where`: what
    every row must meet besides the joins (a row that does not is the general path's to
    report). The SQL is a statement's with parameters: a % is written %%."""

    cells: dict[str, bytes]
    values: dict[str, str]
    joins: str = ""
    where: str = "TRUE"
    # what Python finds for the statement (e.g. competence areas by name, found or created;
    # who imports): `params` is given the cells of the columns in `read` and the import's
    # context, and gives parameters
    read: tuple[str, ...] = ()
    params: Callable[[dict[str, list[str]], ImportContext], dict[str, object]] | None = None
    # what the kind does besides, once the records are written (not on a dry run): given a
    # cursor, the temporary table of the file's rows (`s.id`: their ids), the pks written and
    # the import's context
    after: Callable[[Any, str, list[int], ImportContext], None] | None = None
    # what the kind writes besides into another table, in the same statement
    also: Also | None = None
    # the SQL types of the columns in the temporary table, where not text: COPY reads a cell
    # into it (a cell it cannot read, e.g. 2025-02-30: the general path)
    types: dict[str, str] = field(default_factory=dict)
    # columns whose cells list values separated by `;`: a file delimited by `;` that has one
    # goes the general way (its cells would be quoted)
    lists: tuple[str, ...] = ()


def _insert(
    model: type[models.Model], plain: Plain, connection
) -> tuple[list[str], list[str], dict[str, object]] | None:
    """The INSERT's columns, the SQL of each (the plain values, %(now)s or %(today)s for the
    change times, a parameter for every other field's default) and those defaults; None when
    a field needs what only save() gives or a default the database computes."""
    plan = copy_plan(model)
    if plan is None:
        return None
    columns, expressions, defaults = [], [], {}
    for f, how in plan:
        columns.append(connection.ops.quote_name(f.column))
        if f.attname in plain.values:
            expressions.append(plain.values[f.attname])
        elif how == "now":
            expressions.append("%(now)s" if isinstance(f, models.DateTimeField) else "%(today)s")
        else:
            value = f.get_db_prep_save(f.get_default(), connection)
            if hasattr(value, "resolve_expression"):
                return None
            defaults[f"default_{f.attname}"] = value
            expressions.append(f"%(default_{f.attname})s")
    return columns, expressions, defaults


def _body(table, kind: Kind, plain: Plain) -> tuple[list[str], bytes] | None:
    """The file's columns and its lines after the header, when the file is plain."""
    reading = getattr(table, "reading", None)
    data = getattr(table, "data", None)
    delimiter = getattr(table, "delimiter", None)
    if reading is None or data is None or delimiter not in (",", ";", "\t"):
        return None
    if getattr(table, "encoding", None) not in ("utf-8", "utf-8-sig"):
        return None  # the database reads UTF-8 (Windows-1252 files: the general path)
    if reading.problems or reading.renamed or reading.left_out:
        return None
    header = list(table.header)
    if delimiter == ";" and set(plain.lists) & set(header):
        return None
    if not set(header) <= plain.cells.keys() or not kind.required_names() <= set(header):
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    first, _newline, body = data.partition(b"\n")
    if first.removesuffix(b"\r") != delimiter.join(header).encode():
        return None
    if body and not body.endswith(b"\n"):
        body += b"\n"
    rows = body.count(b"\n")
    if not 0 < rows <= tables.MAX_IMPORT_ROWS:  # read now: a test lowers it
        return None
    line = re.escape(delimiter.encode()).join(plain.cells[name] for name in header)
    if re.fullmatch(b"(?:" + line + rb"\r?\n)*", body) is None:
        return None
    return header, body


def _cells(body: bytes, header: list[str], names: tuple[str, ...], delimiter: str) -> dict:
    """{column: its cells, line by line} of the columns named (a plain line has no quotes:
    its cells are what lies between the delimiters)."""
    lines = body.decode().replace("\r\n", "\n").split("\n")[:-1]
    cells: dict[str, list[str]] = {}
    for name in names:  # a column at a time: only the cells asked for are kept
        if name not in header:
            cells[name] = []
            continue
        position = header.index(name)
        cells[name] = [line.split(delimiter, position + 1)[position] for line in lines]
    return cells


def run_plain(
    kind: Kind,
    table,
    context: ImportContext,
    *,
    dry_run: bool,
    result,
    progress: Callable[[int, int], None] | None = None,
    heartbeat: Callable[[int], None] | None = None,
    batch_rows: int = 2000,
) -> bool:
    """Write a plain file of new records of the kind, a statement per `batch_rows` rows (see
    the module; a write's heartbeat and progress after each, a check's heartbeat at its
    end); True when done (`result`, an importer.ImportResult, filled in; the records written
    unless `dry_run`), False when the file is the general path's (nothing written)."""
    plain = kind.plain
    model = kind.model
    connection = connections[model._default_manager.db]
    if plain is None or connection.vendor != "postgresql":
        return False
    found = _body(table, kind, plain)
    if found is None:
        return False
    header, body = found
    insert = _insert(model, plain, connection)
    if insert is None:
        return False
    columns, expressions, defaults = insert
    if not dry_run and kind.bulk_permission:  # else: the kind's params check each record
        require_unless_system(context.actor, kind.bulk_permission)
    quote = connection.ops.quote_name
    stage = quote(f"kn_plain_{model._meta.db_table}")
    staged = ", ".join(f"{quote(name)} {plain.types.get(name, 'text')}" for name in plain.cells)
    now = timezone.now()
    params = {"now": now, "today": timezone.localdate(now), **defaults}
    rows = body.count(b"\n")
    # only the model's and the kind's own names and SQL are written into the statements
    try:
        with (
            connection.wrap_database_errors,
            transaction.atomic(using=connection.alias),
            connection.cursor() as cursor,
        ):
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {stage} "
                f"(n integer GENERATED ALWAYS AS IDENTITY, {staged}) ON COMMIT DROP"
            )
            cursor.execute(f"TRUNCATE {stage} RESTART IDENTITY")
            delimiter = "E'\\t'" if table.delimiter == "\t" else f"'{table.delimiter}'"
            with cursor.cursor.copy(
                f"COPY {stage} ({', '.join(quote(n) for n in header)}) "
                f"FROM STDIN (FORMAT csv, DELIMITER {delimiter})"
            ) as copy:
                copy.write(body)
            # the planner's numbers of the file (a temporary table has none): joins by hash,
            # not a loop over a table per row
            cursor.execute(f"ANALYZE {stage}")
            # a file that updates (an export imported again) is the general path's: told by
            # its first row, before the statement (a file that creates and updates is told by
            # the statement: an id taken)
            cursor.execute(
                f"SELECT EXISTS (SELECT FROM {quote(model._meta.db_table)} "  # noqa: S608
                f"WHERE {quote(model._meta.get_field('external_id').column)} = "
                f"(SELECT s.id FROM {stage} s ORDER BY s.n LIMIT 1))"
            )
            if cursor.fetchone()[0]:
                raise NotPlain
            if plain.params is not None:
                cells = _cells(body, header, plain.read, table.delimiter)
                params.update(plain.params(cells, context))
            pk = quote(model._meta.pk.column)
            chunk = "s.n > %(first)s AND s.n <= %(last)s"
            insert = (
                f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(columns)}) "  # noqa: S608
                f"SELECT {', '.join(expressions)} FROM {stage} s {plain.joins} "
                f"WHERE {chunk} AND CASE WHEN {plain.where} THEN TRUE END"
            )
            written: list[int] = []
            # a batch of rows a statement: the job's heartbeat (a cancelled job stops) and its
            # progress between them
            for first in range(0, rows, batch_rows):
                last = min(first + batch_rows, rows)
                if plain.also is None:
                    cursor.execute(
                        f"{insert} RETURNING {pk}", {**params, "first": first, "last": last}
                    )
                    found = [(written_pk, 0, 0) for (written_pk,) in cursor.fetchall()]
                else:  # the other table's rows in the same statement, and how many they must be
                    cursor.execute(
                        f"WITH written AS ({insert} RETURNING *), "  # noqa: S608
                        f"also AS ({plain.also.sql.replace('{stage}', stage)} RETURNING 1) "
                        f"SELECT written.{pk}, (SELECT count(*) FROM also), "
                        f"(SELECT COALESCE(sum(cardinality(string_to_array("
                        f"s.{quote(plain.also.listed)}, ';'))), 0) FROM {stage} s WHERE {chunk}) "
                        "FROM written",
                        {**params, "first": first, "last": last},
                    )
                    found = cursor.fetchall()
                if len(found) != last - first:
                    raise NotPlain  # a row the kind's checks would not pass
                if found[0][1] != found[0][2]:
                    raise NotPlain  # a row of the other table not written (a reference not found)
                written += [written_pk for written_pk, _also, _wanted in found]
                if not dry_run:  # the write's beats and progress (a connection of their own)
                    if heartbeat is not None:
                        heartbeat(last)
                    if progress is not None:
                        progress(last, rows)
            cursor.execute(f"SELECT s.id FROM {stage} s ORDER BY s.n")  # noqa: S608
            ids = [external_id for (external_id,) in cursor.fetchall()]
            if dry_run:
                raise _Checked
            if plain.after is not None:
                plain.after(cursor, stage, written, context)
    except _Checked:
        # a check beats once its statements are rolled back: a beat among them would be in
        # their transaction (unseen by others, and holding the job's row)
        if heartbeat is not None:
            heartbeat(rows)
    except (NotPlain, IntegrityError, DataError, ValidationError, PermissionDenied):
        # the savepoint rolled back: nothing of it is kept (a course whose sessions the actor
        # may not manage: the general path says which)
        return False
    result.rows = rows
    result.created = ids
    if not dry_run:
        context.wrote(model, created=written, updated=[])
    return True


class NotPlain(Exception):
    """The file is the general path's: raised here, or by a kind's hook (Plain.params…) that
    finds what it cannot vouch for."""


class _Checked(Exception):
    """A dry run's rows all written: rolled back."""
