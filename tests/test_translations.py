"""The Swedish catalogue (locale/sv/LC_MESSAGES/django.po) is complete, current and sound.

To update it after changing user-facing strings:

    .venv/bin/python manage.py makemessages -l sv --ignore=.venv --ignore=node_modules \
        --ignore=tests --ignore=staticfiles --no-obsolete
    # translate every empty or "#, fuzzy" entry, then
    make messages   # compiles the .mo files (they are not in git)
"""

import ast
import gettext
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "locale" / "sv" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# The same ignores as the documented makemessages command above.
IGNORE = [".venv", "node_modules", "tests", "staticfiles"]
UPDATE_HINT = (
    "Run the makemessages command in tests/test_translations.py's docstring and translate "
    "the new entries in locale/sv/LC_MESSAGES/django.po."
)


# --- a small .po reader (no third-party dependency) -------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # 0 for a singular entry
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    def __str__(self) -> str:
        ctx = f"[{self.msgctxt}] " if self.msgctxt else ""
        return f"line {self.line}: {ctx}{self.msgid!r}"


_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(".*")\s*$')


def _unquote(literal: str) -> str:
    # PO strings use C escapes (\n, \t, \", \\), which Python string literals read the same way.
    return ast.literal_eval(literal)


def parse_po(path: Path) -> tuple[Entry, list[Entry]]:
    """Return (header, entries); obsolete (#~) entries are skipped."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] | None = None
    last_kw = None

    def finish() -> None:
        nonlocal entry
        if entry is not None:
            entries.append(entry)
        entry = None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            target = last_kw = None
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#"):
            if last_kw is not None:  # a comment after the strings starts a new entry
                finish()
                target = last_kw = None
            if entry is None:
                entry = Entry(line=number)
            if line.startswith("#,"):
                entry.flags.update(f.strip() for f in line[2:].split(",") if f.strip())
            continue
        match = _KEYWORD.match(line)
        if match:
            kw, index, literal = match.groups()
            if entry is None or (kw in ("msgctxt", "msgid") and last_kw == "msgstr"):
                finish()
                entry = Entry(line=number)
            value = _unquote(literal)
            if kw == "msgstr":
                target = ("msgstr", int(index or 0))
                entry.msgstr[target[1]] = value
            else:
                target = (kw, 0)
                setattr(entry, kw, value)
            last_kw = kw
            continue
        if line.startswith('"') and entry is not None and target is not None:
            value = _unquote(line)
            if target[0] == "msgstr":
                entry.msgstr[target[1]] += value
            else:
                setattr(entry, target[0], getattr(entry, target[0]) + value)
            continue
        raise ValueError(f"{path}:{number}: cannot read {raw!r}")
    finish()

    header = next((e for e in entries if e.msgid == "" and e.msgctxt is None), None)
    assert header is not None, f"{path} has no header entry"
    return header, [e for e in entries if e is not header]


@pytest.fixture(scope="module")
def catalogue() -> tuple[Entry, list[Entry]]:
    assert PO.exists(), f"{PO} is missing. {UPDATE_HINT}"
    return parse_po(PO)


# --- (a) complete: nothing untranslated, nothing fuzzy ----------------------------------


def test_header_is_swedish(catalogue):
    header, _ = catalogue
    fields = dict(line.split(": ", 1) for line in header.msgstr[0].splitlines() if ": " in line)
    assert fields.get("Language") == "sv"
    assert fields.get("Content-Type") == "text/plain; charset=UTF-8"
    assert fields.get("Plural-Forms") == "nplurals=2; plural=(n != 1);"
    assert "fuzzy" not in header.flags, "the header is marked fuzzy"


def test_every_entry_is_translated_and_none_is_fuzzy(catalogue):
    _, entries = catalogue
    assert entries, "the catalogue is empty"
    fuzzy = [str(e) for e in entries if "fuzzy" in e.flags]
    untranslated = [
        str(e)
        for e in entries
        if not e.msgstr
        or not all(e.msgstr.values())
        or (e.msgid_plural is not None and sorted(e.msgstr) != [0, 1])
    ]
    assert not fuzzy, "Fuzzy entries (check them, then remove '#, fuzzy'):\n" + "\n".join(fuzzy)
    assert not untranslated, "Untranslated entries:\n" + "\n".join(untranslated)


def test_entries_are_unique(catalogue):
    _, entries = catalogue
    duplicates = [key for key, n in Counter(e.key[:2] for e in entries).items() if n > 1]
    assert not duplicates, duplicates


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="msgfmt (gettext) is not installed")
def test_msgfmt_check_passes():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(PO)],
        capture_output=True,
        text=True,
        check=False,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin:/usr/local/bin"},
    )
    assert result.returncode == 0, result.stderr
    stats = result.stderr.strip().splitlines()[-1]
    assert re.fullmatch(r"\d+ translated messages?\.", stats), stats


def test_compiled_catalogue_matches_po(catalogue):
    """The .mo Django loads holds exactly what the .po says (else: run `make messages`)."""
    _, entries = catalogue
    assert MO.exists(), f"{MO} is missing: run `make messages`."
    with MO.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)._catalog  # noqa: SLF001
    stale = []
    for e in entries:
        key = f"{e.msgctxt}\x04{e.msgid}" if e.msgctxt is not None else e.msgid
        if e.msgid_plural is None:
            if compiled.get(key) != e.msgstr[0]:
                stale.append(str(e))
        elif any(compiled.get((key, i)) != s for i, s in e.msgstr.items()):
            stale.append(str(e))
    assert not stale, "The .mo is out of date with the .po: run `make messages`.\n" + "\n".join(
        stale
    )


# --- (b) current: the catalogue holds exactly the strings the code marks -----------------


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="xgettext (gettext) is not installed")
def test_catalogue_is_up_to_date_with_the_code(catalogue, tmp_path, monkeypatch):
    """Run makemessages on a copy of the sources and compare the set of msgids.

    Locations (file:line) are not compared: they move with every edit and do not matter.
    """
    _, entries = catalogue
    copy = tmp_path / "src"

    def ignored(directory: str, names: list[str]) -> set[str]:
        skip = set()
        for name in names:
            path = Path(directory) / name
            if path.is_dir():
                if name.startswith(".") or name in IGNORE or name == "__pycache__":
                    skip.add(name)
            elif path.suffix not in {".py", ".html", ".txt", ".po"}:
                skip.add(name)
        return skip

    shutil.copytree(ROOT, copy, ignore=ignored)
    monkeypatch.chdir(copy)
    with override_settings(LOCALE_PATHS=[copy / "locale"]):
        call_command(
            "makemessages",
            locale=["sv"],
            ignore_patterns=IGNORE,
            no_obsolete=True,
            verbosity=0,
        )
    _, fresh = parse_po(copy / "locale" / "sv" / "LC_MESSAGES" / "django.po")

    ours = {e.key for e in entries}
    code = {e.key for e in fresh}
    new = sorted(code - ours, key=str)
    gone = sorted(ours - code, key=str)
    lines = [f"  new in the code: {_describe(k)}" for k in new]
    lines += [f"  no longer in the code: {_describe(k)}" for k in gone]
    assert not lines, f"The catalogue is out of date. {UPDATE_HINT}\n" + "\n".join(lines)


def _describe(key: tuple[str | None, str, str | None]) -> str:
    context, msgid, _ = key
    return f"{msgid!r}" + (f" (context {context!r})" if context else "")


# --- (c) sound: every translation keeps the placeholders and markup ----------------------

_PY_FORMAT = re.compile(
    r"%(?:\([^)]*\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]"
)
_TEMPLATE_VAR = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_BRACE_FIELD = re.compile(r"(?<!\{)\{[A-Za-z_][\w.]*(?:![rsa])?(?::[^{}]*)?\}(?!\})")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>|&[A-Za-z]+;|&#\d+;")


def _tokens(text: str, entry: Entry) -> Counter:
    found: list[str] = _PY_FORMAT.findall(text) if "python-format" in entry.flags else []
    found += _TEMPLATE_VAR.findall(text)
    found += _BRACE_FIELD.findall(text)
    found += _HTML_TAG.findall(text)
    return Counter(found)


def test_translations_keep_placeholders_and_markup(catalogue):
    _, entries = catalogue
    problems = []
    for e in entries:
        for index, translated in e.msgstr.items():
            source = e.msgid if index == 0 or e.msgid_plural is None else e.msgid_plural
            want, got = _tokens(source, e), _tokens(translated, e)
            if want != got:
                missing = sorted((want - got).elements())
                extra = sorted((got - want).elements())
                problems.append(f"{e} msgstr[{index}]: missing {missing}, extra {extra}")
    assert not problems, "\n".join(problems)


def test_python_format_entries_are_valid_format_strings(catalogue):
    """Formatting each translation with its msgid's names must not raise."""
    _, entries = catalogue
    problems = []
    for e in entries:
        if "python-format" not in e.flags:
            continue
        names = set(re.findall(r"%\((\w+)\)", e.msgid + (e.msgid_plural or "")))
        for index, translated in e.msgstr.items():
            try:
                _ = translated % dict.fromkeys(names, 1) if names else translated % ()
            except (KeyError, TypeError, ValueError) as exc:
                problems.append(f"{e} msgstr[{index}]: {exc!r}")
    assert not problems, "\n".join(problems)


# --- the catalogue in use ---------------------------------------------------------------


@pytest.mark.django_db
def test_pages_are_swedish_by_default_and_english_on_request():
    client = Client()
    page = client.get("/").content.decode()
    assert '<html lang="sv">' in page
    assert "Logga in" in page
    assert "Hoppa till innehållet" in page
    assert "Tillgänglighetsredogörelse" in page

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page
    assert "Log in" in page
    assert "Logga in" not in page


@pytest.mark.django_db
def test_logged_in_pages_show_swedish_roles_and_kinds(coordinator, client_for):
    page = client_for(coordinator).get("/").content.decode()
    assert '<html lang="sv">' in page
    assert "Logga ut" in page
    assert "Nätverkskoordinator" in page
