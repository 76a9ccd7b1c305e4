"""Control characters in user text: what counts as one, and how output is made safe from
them, also for text that was stored before the inputs refused them (old rows, imports).

A control character is a C0 control (U+0000–U+001F, tab and line breaks included), DEL
(U+007F), a C1 control (U+0080–U+009F, e.g. NEL U+0085) or the Unicode line and paragraph
separators (U+2028, U+2029). Python's e-mail headers, iCalendar content lines and
Content-Disposition headers all break on some of them (str.splitlines() splits on most).
"""

import re

CONTROL_CHARACTERS = "\x00-\x1f\x7f-\x9f\u2028\u2029"
# The same class as a regular expression that JSON Schema, Python and pydantic's Rust engine
# read alike (for patterns written into an OpenAPI schema).
CONTROL_CHARACTERS_PATTERN = r"\x00-\x1f\x7f-\x9f\u2028\u2029"
# What a multi-line text may hold besides printable characters.
MULTI_LINE_ALLOWED = "\t\n\r"

_CONTROL = re.compile(f"[{CONTROL_CHARACTERS}]")
_CONTROL_RUN = re.compile(f"\\s*[{CONTROL_CHARACTERS}][{CONTROL_CHARACTERS}\\s]*")
_MULTI_LINE_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


def has_control_characters(value: object) -> bool:
    """True when a string holds any control character (tab and line breaks included)."""
    return isinstance(value, str) and _CONTROL.search(value) is not None


def has_control_characters_beyond_lines(value: object) -> bool:
    """True when a string holds a control character other than tab, CR and LF."""
    return isinstance(value, str) and _MULTI_LINE_FORBIDDEN.search(value) is not None


def single_line(value: object) -> str:
    """The text on one line: every run of control characters (and the spaces around it)
    becomes one space, and the ends are trimmed. For subjects, headers, file names,
    iCalendar properties."""
    return _CONTROL_RUN.sub(" ", str(value)).strip()


def without_stray_controls(value: object) -> str:
    """The text with tab, CR and LF as they are and every other control character replaced
    by a space. For spreadsheet cells (XML, and so XLSX, cannot hold most C0 controls)."""
    return _MULTI_LINE_FORBIDDEN.sub(" ", str(value))


def multi_line(value: object) -> str:
    """The text with its lines kept (CRLF and CR become LF, tabs stay) and every other
    control character replaced by a space. For descriptions."""
    return without_stray_controls(str(value).replace("\r\n", "\n").replace("\r", "\n"))


# Swedish alphabetical order: å, ä and ö after z (Python's order puts ä before å); the Danish
# and Norwegian æ and ø sort with ä and ö, as Swedish dictionaries place them.
_SWEDISH_LAST = str.maketrans(
    {"å": "\U0010fff1", "ä": "\U0010fff2", "æ": "\U0010fff2", "ö": "\U0010fff3", "ø": "\U0010fff3"}
)


def swedish_sort_key(value: str) -> str:
    """A key that sorts names as a Swedish reader expects (case-insensitive; Å, Ä, Ö last)."""
    return value.casefold().translate(_SWEDISH_LAST)
