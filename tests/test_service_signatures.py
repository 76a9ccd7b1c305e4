"""Services and selectors are keyword-only and typed (docs/architecture.md, "Typing").

mypy checks the types; this checks what mypy cannot: that a public service or selector of
more than one argument takes them by keyword, and that none takes untyped `**fields`.
"""

import ast
from pathlib import Path

import pytest

APPS = Path(__file__).resolve().parent.parent / "kompetensnav"
MODULES = sorted(
    [
        *APPS.glob("*/services.py"),
        *APPS.glob("*/services/*.py"),
        *APPS.glob("*/selectors.py"),
        *APPS.glob("*/selectors/*.py"),
    ]
)


def _public_functions(path: Path):
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            yield node


def test_the_modules_are_found():
    assert len(MODULES) > 20


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(APPS)))
def test_keyword_only(path):
    positional = [
        f"{fn.name}({', '.join(a.arg for a in fn.args.posonlyargs + fn.args.args)})"
        for fn in _public_functions(path)
        if len(fn.args.posonlyargs + fn.args.args) > 1
    ]
    assert positional == [], "take these arguments by keyword (def f(*, ...))"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(APPS)))
def test_no_untyped_fields(path):
    loose = [
        fn.name
        for fn in _public_functions(path)
        if fn.args.kwarg is not None
        and not (
            isinstance(fn.args.kwarg.annotation, ast.Subscript)
            and ast.unparse(fn.args.kwarg.annotation.value) == "Unpack"
        )
    ]
    assert loose == [], "type **fields as Unpack[SomeFields] (a TypedDict)"
