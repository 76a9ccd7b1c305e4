"""Read and fill the Swedish catalogue; called by scripts/translations (which holds the lock)."""

import json
import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "locale" / "sv" / "LC_MESSAGES" / "django.po"
CONTEXT_SEPARATOR = "\u0004"


def _key(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}{CONTEXT_SEPARATOR}{entry.msgid}" if entry.msgctxt else entry.msgid


def missing(prefix: str) -> None:
    catalogue = polib.pofile(str(PO))
    found = {}
    for entry in catalogue:
        if entry.obsolete:
            continue
        if prefix and not any(path.startswith(prefix) for path, _ in entry.occurrences):
            continue
        untranslated = (
            not all(entry.msgstr_plural.values()) if entry.msgid_plural else not entry.msgstr
        )
        if untranslated or "fuzzy" in entry.flags:
            found[_key(entry)] = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else ""
    json.dump(found, sys.stdout, ensure_ascii=False, indent=1)
    print()


def fill(path: str) -> None:
    wanted = json.loads(Path(path).read_text(encoding="utf-8"))
    catalogue = polib.pofile(str(PO), wrapwidth=79)
    by_key = {_key(entry): entry for entry in catalogue if not entry.obsolete}
    unknown = []
    for key, value in wanted.items():
        entry = by_key.get(key)
        if entry is None:
            unknown.append(key)
            continue
        if entry.msgid_plural:
            forms = value if isinstance(value, list) else [value, value]
            entry.msgstr_plural = dict(enumerate(forms))
        else:
            entry.msgstr = value if isinstance(value, str) else value[0]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = None
        entry.previous_msgid_plural = None
        entry.previous_msgctxt = None
    catalogue.save(str(PO))
    if unknown:
        print("not in the catalogue (run `scripts/translations update` first):", file=sys.stderr)
        for key in unknown:
            print(f"  {key!r}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    {
        "missing": lambda: missing(sys.argv[2] if len(sys.argv) > 2 else ""),
        "fill": lambda: fill(sys.argv[2]),
    }[sys.argv[1]]()
