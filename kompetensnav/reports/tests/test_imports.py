"""reports is the roof of the chain: it reads every app's figures (through kompetensnav.figures)
and only the apps above it in the import graph (docs/architecture.md) stand on it: the
collaboration model, whose priorities start from a competence analysis, and the API. No other
app imports it or includes its templates."""

import ast
from pathlib import Path

APPS = Path(__file__).resolve().parents[2]
MAY_IMPORT_REPORTS = {"reports", "collaboration", "api"}


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def test_no_app_below_reports_imports_it():
    wrong = set()
    for path in APPS.rglob("*.py"):
        parts = path.relative_to(APPS).parts
        if parts[0] in MAY_IMPORT_REPORTS or "tests" in parts:
            continue
        wrong |= {
            f"{'/'.join(parts)}: {name}"
            for name in _imports(path)
            if name == "kompetensnav.reports" or name.startswith("kompetensnav.reports.")
        }
    assert not wrong


def _names_a_template_of_reports(path: Path) -> bool:
    text = path.read_text(encoding="utf-8")
    return '"reports/' in text or "'reports/" in text


def test_no_other_app_includes_the_templates_of_reports():
    wrong = {
        str(path.relative_to(APPS))
        for path in APPS.rglob("*.html")
        if path.relative_to(APPS).parts[0] not in MAY_IMPORT_REPORTS
        and _names_a_template_of_reports(path)
    }
    assert not wrong
