"""The figures package is the floor: the apps import it, it imports none of them (Django,
common and reference at most), so that reports, which reads every app's figures, can stand
on top without the apps standing on reports."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
ALLOWED = ("kompetensnav.figures", "kompetensnav.common", "kompetensnav.reference")


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def test_figures_imports_no_app_above_it():
    modules = [p for p in PACKAGE.rglob("*.py") if "tests" not in p.relative_to(PACKAGE).parts]
    assert modules
    wrong = {
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in modules
        for name in _imports(path)
        if name.startswith("kompetensnav.") and not name.startswith(ALLOWED)
    }
    assert not wrong
