"""Imports point one way: data/ is the floor, and no module imports itself round a circle.

data/ reads and types the inputs; the renderer, settings, URLs, feeds, events and the
site-wide rules sit above it and hand down what it needs (a render function, folders). A
module that imports nothing from the package (german.py, data/paths_shown.py) sits below
every layer, so data/ may use it. Every import counts, also one inside a function or under
`if TYPE_CHECKING:`: a name data/ needs from above is a dependency all the same.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "plugins/regional_showcase"
NAME = "regional_showcase"


def module_name(path: Path, package: Path = PACKAGE) -> str:
    """'data/loader.py' -> 'data.loader'; a package's __init__.py is the package itself."""
    parts = list(path.relative_to(package).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, modules: set[str], package: Path = PACKAGE) -> set[str]:
    """The package's modules this file imports (a name from a module counts as the module)."""
    own = module_name(path, package).split(".") if module_name(path, package) else []
    here = own if path.name == "__init__.py" else own[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            parts = node.module.split(".") if node.module else []
            if node.level:
                target = here[: len(here) - node.level + 1] + parts
            elif parts[0] == NAME:
                target = parts[1:]
            else:
                continue
            for alias in node.names:
                candidate = ".".join([*target, alias.name])
                found.add(candidate if candidate in modules else ".".join(target))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == NAME:
                    found.add(".".join(alias.name.split(".")[1:]))
    return {m for m in found if m in modules} - {module_name(path, package)}


def import_map(package: Path = PACKAGE) -> dict[str, set[str]]:
    """Every module of the package and the package's modules it imports."""
    paths = {module_name(p, package): p for p in sorted(package.rglob("*.py"))}
    return {name: imported_modules(path, set(paths), package) for name, path in paths.items()}


def upward_imports(imports: dict[str, set[str]]) -> list[str]:
    """'data.x -> y' for every import from data/ of a module outside it that imports from
    the package itself (a leaf that imports nothing from the package may be used by all)."""
    leaves = {name for name, targets in imports.items() if not targets}
    return sorted(
        f"{name} -> {target}"
        for name, targets in imports.items()
        if name.startswith("data.")
        for target in targets
        if not target.startswith("data.") and target not in leaves | {"data"}
    )


def circles(imports: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import each other round a circle (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(name: str) -> None:
        index[name] = low[name] = len(index)
        stack.append(name)
        for target in sorted(imports.get(name, ())):
            if target not in index:
                visit(target)
                low[name] = min(low[name], low[target])
            elif target in stack:
                low[name] = min(low[name], index[target])
        if low[name] == index[name]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == name:
                    break
            if len(group) > 1 or name in imports.get(name, ()):
                found.append(sorted(group))

    for name in sorted(imports):
        if name not in index:
            visit(name)
    return sorted(found)


@cache
def package_imports() -> dict[str, set[str]]:
    """The package's import map, read once for both tests."""
    return import_map()


def test_nothing_in_data_imports_a_module_above_it():
    assert upward_imports(package_imports()) == [], (
        "data/ is the floor: hand the function or value in from the caller (as the loader "
        "takes `render=`), or move the module out of data/ (as sitewide/ did)"
    )


def test_no_modules_import_each_other_round_a_circle():
    assert circles(package_imports()) == [], (
        "modules that import each other: move what both need into a module of its own "
        "(as data/sections.py did for schema and localize)"
    )


def test_the_rules_see_an_upward_import_and_a_circle_written_any_way(tmp_path):
    package = tmp_path / NAME
    files = {
        "__init__.py": "",
        "german.py": "import re\n",
        "settings.py": "from .data.problems import Problem\n",
        "data/__init__.py": "",
        "data/problems.py": "from .. import german\n",
        "data/loader.py": "def load():\n    from ..markup import render\n",
        "data/model.py": (
            "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from regional_showcase.settings import ShowcaseSettings\n"
        ),
        "markup.py": "from regional_showcase.data import loader\n",
    }
    for name, text in files.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(text, encoding="utf-8")
    imports = import_map(package)
    assert upward_imports(imports) == ["data.loader -> markup", "data.model -> settings"]
    assert circles(imports) == [["data.loader", "markup"]]
