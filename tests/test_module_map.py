"""The module map in docs/architektur.md lists exactly the plugin's modules, each where it lives."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "plugins/regional_showcase"
ARCHITECTURE = ROOT / "docs/architektur.md"


def mapped_modules(document: str) -> set[str]:
    """Paths in the ```-block under "How the plugin works" that starts with the package."""
    section = document[document.index("## How the plugin works") :]
    block = section[section.index("plugins/regional_showcase/\n") :]
    block = block[: block.index("```")]
    paths, folders = set(), {}
    for line in block.splitlines()[1:]:
        match = re.match(r"( +)(\S+)", line)
        if not match:
            continue
        depth, name = len(match.group(1)) // 2, match.group(2)
        folders = {d: f for d, f in folders.items() if d < depth}
        if name.endswith("/"):
            folders[depth] = name
        else:
            paths.add("".join(folders[d] for d in sorted(folders)) + name)
    return paths


def test_the_architecture_module_map_matches_the_package():
    on_disk = {
        p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*.py")
        if p.name != "__init__.py" or p.parent == PACKAGE
    }
    mapped = mapped_modules(ARCHITECTURE.read_text(encoding="utf-8"))
    assert (sorted(on_disk - mapped), sorted(mapped - on_disk)) == ([], []), (
        "docs/architektur.md, „How the plugin works“: add the first list to the module map "
        "(one line each: what the module holds), remove the second"
    )
