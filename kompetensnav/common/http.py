"""HTTP helpers every app's downloads share."""

import re
import unicodedata
from urllib.parse import quote

from .text import single_line

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
