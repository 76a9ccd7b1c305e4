"""docs/architecture.md describes the house as it is: its layout names every app and package
of kompetensnav, and no other, and every optional module it names per app exists somewhere."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "architecture.md"


def _layout_block() -> str:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r"## Layout.*?```\n(.*?)```", text, re.S)
    assert match, "docs/architecture.md has no layout block under '## Layout'"
    return match.group(1)


def test_layout_names_every_package_of_kompetensnav_and_no_other():
    lines = _layout_block().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("kompetensnav/"))
    named = set()
    for line in lines[start + 1 :]:
        if not line.startswith("  "):
            break
        named.add(line.split()[0].rstrip("/"))
    packages = {
        p.name
        for p in (ROOT / "kompetensnav").iterdir()
        if p.is_dir() and ((p / "__init__.py").exists() or p.name == "templates")
    }
    assert named == packages, (
        f"missing from the layout: {sorted(packages - named)}; "
        f"named but absent: {sorted(named - packages)}"
    )


def test_every_module_the_app_shape_names_exists_in_some_app():
    text = DOC.read_text(encoding="utf-8")
    shape = text.split("Inside an app", 1)[1].split("\n\n", 1)[0]
    modules = set(re.findall(r"`(\w+\.py)`", shape))
    assert modules, "the 'Inside an app' paragraph names no module"
    present = {p.name for p in (ROOT / "kompetensnav").glob("*/*.py")}
    assert modules <= present, f"named but in no app: {sorted(modules - present)}"
