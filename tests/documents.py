"""Reading the documents people get back (PDFs, pages' visible text), and the check that a
Swedish document shows no English codes: the values of the product's choices
(`network_meeting`, `waitlisted`, `course_provider`, …) and the keys of the key figures
(`attendance_hours_mean`) belong in files for machines, never in what a person reads in
Swedish. Every PDF the tests read through pdf_text() and every page the browser suite checks
with axe (tests/browser/support.check_a11y) goes through english_codes()."""

import importlib
import inspect
import io
import re
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from django.apps import apps
from django.db.models import Choices
from django.utils import translation

NBSP = "\u00a0"

# Values of choices that are words of Swedish text too, or names written the same in both.
SWEDISH_TOO = {
    "hybrid", "import", "interreg", "partner", "region", "student", "workshop", "online",
    "video", "matchning", "mottagarkompetens", "utbildning", "erasmus_plus",
}  # fmt: skip


@cache
def codes() -> frozenset[str]:
    """The English codes a Swedish document must not show."""
    found: set[str] = set()
    for config in apps.get_app_configs():
        if not config.name.startswith("kompetensnav."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.enums")
        except ModuleNotFoundError:
            continue
        for choices in vars(module).values():
            if not (inspect.isclass(choices) and issubclass(choices, Choices)):
                continue
            with translation.override("sv"):
                for value, label in choices.choices:
                    if (
                        isinstance(value, str)
                        and re.fullmatch(r"[a-z][a-z_]{3,}", value)
                        and value.casefold() != str(label).casefold()
                        and value not in SWEDISH_TOO
                    ):
                        found.add(value)
    from kompetensnav.figures import registry  # noqa: PLC0415 - its figures register when apps are ready

    found |= set(registry.order())
    return frozenset(found)


def english_codes(text: str) -> list[str]:
    """The codes that stand as words in the text (not inside an e-mail address, an address
    or a longer word, and not quoted as a value to write, “like_this”)."""
    words = set(re.findall(r"(?<![\w@./”“\"'-])[a-z][a-z_]+(?![\w@/”“\"'-]|\.\w)", text))
    return sorted(words & codes())


def assert_swedish_without_codes(text: str, where: str) -> None:
    found = english_codes(text)
    assert not found, f"English codes in the Swedish {where}: {', '.join(found)}"


def pdf_text(content: bytes, *, swedish: bool = True, layout: bool = False) -> str:
    """The text of a PDF as pdftotext reads it (no-break spaces as spaces), or pypdf's when
    poppler is missing; a Swedish one is checked for English codes."""
    if shutil.which("pdftotext"):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "document.pdf"
            path.write_bytes(content)
            command = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
            text = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    else:
        from pypdf import PdfReader  # noqa: PLC0415 - only without poppler

        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    text = text.replace(NBSP, " ")
    if swedish:
        assert_swedish_without_codes(text, "PDF")
    return text
