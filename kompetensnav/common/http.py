"""HTTP helpers every app's downloads share: every file the site hands out goes through
`download` (a table through `interchange.tables.table_download`, which makes its cells
formula-safe first)."""

import re
import unicodedata
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase

from .text import single_line

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"
CONTENT_TYPES = {
    ".csv": "text/csv; charset=utf-8",
    ".xlsx": XLSX_TYPE,
    ".pdf": PDF_TYPE,
    ".json": "application/json",
    ".ics": "text/calendar; charset=utf-8",
}

# What an old client reads safely inside filename="...": printable ASCII without the
# quote, the backslash and the characters that separate parameters or paths.
_UNSAFE_IN_FALLBACK = re.compile(r"[^A-Za-z0-9!#$&+.^_`{}~()\[\] -]")


def ascii_filename(filename: str, default: str = "download") -> str:
    """An ASCII name for old clients: letters lose their accents (å → a), anything else
    unsafe becomes "_", and the name is never empty or a dot-name."""
    name = single_line(filename).replace("/", "_").replace("\\", "_")
    decomposed = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    safe = _UNSAFE_IN_FALLBACK.sub("_", decomposed).strip(" .")
    return safe or default


def content_disposition(filename: str, *, attachment: bool = True) -> str:
    """The Content-Disposition value for a download (RFC 6266): `filename` as an ASCII
    fallback, and `filename*` (RFC 5987, UTF-8) with the real name when it differs. A name
    built from user text (a title, an organisation) cannot break the header: control
    characters are put on one line first, quotes and separators never reach the fallback."""
    kind = "attachment" if attachment else "inline"
    name = single_line(filename).replace("/", "_").replace("\\", "_").strip(" .")
    fallback = ascii_filename(name)
    value = f'{kind}; filename="{fallback}"'
    if name and name != fallback:
        value += f"; filename*=UTF-8''{quote(name, safe='')}"
    return value


def download(
    body: Any,
    filename: str,
    *,
    content_type: str | None = None,
    attachment: bool = True,
    cache_control: str | None = None,
    streaming: bool = False,
) -> HttpResponseBase:
    """A file to save (or, with `attachment` False, to open, e.g. a calendar feed). Its type
    follows the filename's extension (CONTENT_TYPES) unless given; its name goes out through
    `content_disposition`. `streaming`: the body is an iterator of bytes or a file, sent as it
    is read (a StreamingHttpResponse, or a FileResponse for a file)."""
    if content_type is None:
        suffix = PurePath(filename).suffix.lower()
        if suffix not in CONTENT_TYPES:
            raise ValueError(f"no content type for {filename!r}: give one")
        content_type = CONTENT_TYPES[suffix]
    response: HttpResponseBase
    if streaming and hasattr(body, "read"):
        response = FileResponse(body, content_type=content_type)
    elif streaming:
        response = StreamingHttpResponse(body, content_type=content_type)
    else:
        response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, attachment=attachment)
    if cache_control:
        response["Cache-Control"] = cache_control
    return response
