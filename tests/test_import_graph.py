"""The one-way import graph of docs/architecture.md ("The import graph"), checked on the code.

The allowed graph is read from the document's two tables, so the document and the check cannot
drift. App code is every module of kompetensnav/<app> except its tests/ and migrations/ (demo
modules, apps.py and management commands included), and the templates under
kompetensnav/<app>/templates. A failure lists every place as file:line."""

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import get_resolver

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "kompetensnav"
DOC = ROOT / "docs" / "architecture.md"
SKIPPED_DIRS = {"tests", "migrations", "__pycache__"}


@dataclass(frozen=True)
class Graph:
    layer: dict[str, int]
    allowed: dict[str, set[str]]
    type_only: set[tuple[str, str, str]]  # (from, to, file under kompetensnav/)
    relations: dict[str, str]  # "app.Model.field" -> the app it may point at


def _graph_section() -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index("## The import graph")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def read_graph() -> Graph:
    layer: dict[str, int] = {}
    allowed: dict[str, set[str]] = {}
    type_only: set[tuple[str, str, str]] = set()
    relations: dict[str, str] = {}
    for line in _graph_section().splitlines():
        row = re.match(r"^\|\s*(\d+)\s*\|\s*`(\w+)`\s*\|(.*)\|\s*$", line)
        if row:
            number, app, may = row.groups()
            assert app not in layer, f"{app} has two rows in the import graph"
            layer[app] = int(number)
            allowed[app] = set(re.findall(r"`(\w+)`", may))
            continue
        exception = re.match(
            r"^\|\s*`(\w+)`\s*\|\s*`(\w+)`\s*\|\s*(type checking|relation)\s*\|\s*`([^`]+)`\s*\|",
            line,
        )
        if exception:
            source, target, kind, where = exception.groups()
            if kind == "type checking":
                type_only.add((source, target, where))
            else:
                assert where.startswith(f"{source}."), f"{where} is not a field of {source}"
                relations[where] = target
    return Graph(layer, allowed, type_only, relations)


GRAPH = read_graph()


def app_names() -> set[str]:
    return {p.parent.name for p in PACKAGE.glob("*/apps.py")}


def app_modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if len(relative.parts) < 2 or SKIPPED_DIRS & set(relative.parts):
            continue
        yield relative.parts[0], path


def _module_name(path: Path) -> list[str]:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def _absolute(node: ast.ImportFrom, path: Path) -> str:
    if not node.level:
        return node.module or ""
    package = _module_name(path)
    if path.name != "__init__.py":
        package = package[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _type_checking_nodes(tree: ast.Module) -> set[ast.AST]:
    inside: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for statement in node.body:
                inside.update(ast.walk(statement))
    return inside


def _app_of(dotted: str) -> str | None:
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "kompetensnav" else None


def _url_namespaces() -> dict[str, str]:
    """URL namespace -> the app whose urls module defines it (catalogue -> campus, …)."""
    found = {}
    for namespace, (_prefix, resolver) in get_resolver().namespace_dict.items():
        app = _app_of(getattr(resolver.urlconf_module, "__name__", ""))
        if app is not None:
            found[namespace] = app
    return found


def python_references(
    app: str, path: Path, namespaces: dict[str, str], source: str | None = None
) -> Iterator[tuple]:
    """(line, other app, how, type checking only) for each reference to another app."""
    if source is None:
        source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path))
    typing_only = _type_checking_nodes(tree)
    for node in ast.walk(tree):
        targets: list[str] = []
        how = "imports"
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, path)
            targets = [base]
            if base == "kompetensnav":
                targets = [f"kompetensnav.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Call) and node.args:
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                if name == "import_module":
                    targets, how = [first.value], "imports"
                elif name == "get_model":
                    label = first.value.split(".")[0]
                    targets, how = [f"kompetensnav.{label}"], "looks up a model of"
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            url = re.fullmatch(r"(\w+):[\w-]+", node.value)
            if url and url.group(1) in namespaces:
                targets, how = [f"kompetensnav.{namespaces[url.group(1)]}"], "names a URL of"
        for target in targets:
            other = _app_of(target)
            if other is not None and other != app:
                yield node.lineno, other, how, node in typing_only


def template_references(app: str, path: Path, namespaces: dict[str, str]) -> Iterator[tuple]:
    text = path.read_text(encoding="utf-8")
    pattern = r"""\{%\s*(?:url\s+['"](\w+):|(?:include|extends)\s+['"](\w+)/)"""
    for match in re.finditer(pattern, text):
        namespace, directory = match.groups()
        other = namespaces.get(namespace) if namespace else directory
        if other in GRAPH.layer and other != app:
            line = text.count("\n", 0, match.start()) + 1
            how = "names a URL of" if namespace else "includes a template of"
            yield line, other, how


def _related_apps(app: str) -> set[str]:
    return {target for field, target in GRAPH.relations.items() if field.startswith(f"{app}.")}


def _where(path: Path, line: int) -> str:
    return f"{path.relative_to(ROOT)}:{line}"


def test_the_graph_names_every_app_once_and_points_only_down():
    assert set(GRAPH.layer) == app_names(), "every app has one row in the import graph"
    for app, others in GRAPH.allowed.items():
        for other in others:
            assert other in GRAPH.layer, f"{app} may import {other}, which is no app"
            assert GRAPH.layer[other] < GRAPH.layer[app], (
                f"{app} (layer {GRAPH.layer[app]}) may import only lower layers, "
                f"not {other} (layer {GRAPH.layer[other]})"
            )
    for source, target, where in GRAPH.type_only:
        assert (PACKAGE / where).is_file() and where.startswith(f"{source}/"), where
        assert target in GRAPH.layer
    for field, target in GRAPH.relations.items():
        app_label, model, name = field.split(".")
        related = apps.get_model(app_label, model)._meta.get_field(name).related_model
        assert related._meta.app_label == target, f"{field} does not point at {target}"


def test_app_code_imports_only_what_the_graph_allows():
    namespaces = _url_namespaces()
    breaks = []
    for app, path in app_modules():
        relative = str(path.relative_to(PACKAGE))
        for line, other, how, typing_only in python_references(app, path, namespaces):
            if other in GRAPH.allowed[app]:
                continue
            if typing_only and (app, other, relative) in GRAPH.type_only:
                continue
            if typing_only and other in _related_apps(app):
                continue  # the type of a documented relation's value
            kind = " (for type checking)" if typing_only else ""
            breaks.append(f"{_where(path, line)}: {app} {how} {other}{kind}")
    for app in GRAPH.layer:
        for path in sorted((PACKAGE / app / "templates").rglob("*.html")):
            for line, other, how in template_references(app, path, namespaces):
                if other not in GRAPH.allowed[app]:
                    breaks.append(f"{_where(path, line)}: {app} {how} {other}")
    assert not breaks, "Against the import graph of docs/architecture.md:\n" + "\n".join(breaks)


def test_models_relate_only_to_what_the_graph_allows():
    breaks = []
    for model in apps.get_models():
        app = model._meta.app_label
        if app not in GRAPH.layer or model._meta.auto_created:
            continue
        for field in model._meta.get_fields(include_parents=False):
            if not field.is_relation or field.auto_created or field.related_model is None:
                continue
            if field.model is not model:
                continue
            other = field.related_model._meta.app_label
            name = f"{app}.{model.__name__}.{field.name}"
            if other == app or other not in GRAPH.layer or other in GRAPH.allowed[app]:
                continue
            if GRAPH.relations.get(name) == other:
                continue
            breaks.append(f"{name} points at {other}")
    assert not breaks, "Relations against the import graph of docs/architecture.md:\n" + "\n".join(
        breaks
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from kompetensnav.projects.models import Project\n", ["projects"]),
        ("from kompetensnav import projects\n", ["projects"]),
        ("import kompetensnav.projects.models\n", ["projects"]),
        ("def f():\n    from kompetensnav.projects import services\n", ["projects"]),
        (
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import kompetensnav.projects\n",
            ["projects (t)"],
        ),
        ("from django.apps import apps\napps.get_model('projects', 'Project')\n", ["projects"]),
        ("from django.apps import apps\napps.get_model('projects.Project')\n", ["projects"]),
        ("reverse('projects:project_list')\n", ["projects"]),
        ("from .models import Course\nfrom ..campus import signals\n", []),
        ("from kompetensnav.campus.models import Course\n", []),
    ],
)
def test_the_check_sees_every_kind_of_reference(source, expected):
    """A module of campus, parsed as the check parses app code."""
    path = PACKAGE / "campus" / "probe.py"
    found = [
        f"{other}{' (t)' if typing_only else ''}"
        for _line, other, _how, typing_only in python_references(
            "campus", path, {"projects": "projects"}, source
        )
    ]
    assert found == expected


def test_every_function_level_import_says_why():
    """ruff's PLC0415 keeps imports at the top; a `# noqa: PLC0415` must give its reason."""
    silent = []
    for path in [ROOT / "manage.py", *(path for _app, path in app_modules())]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if "noqa: PLC0415" in line and not re.search(r"noqa: PLC0415 - \w", line):
                silent.append(_where(path, number))
    assert not silent, "A function-level import without a reason:\n" + "\n".join(silent)
