"""The README's module map lists exactly the plugin's modules, each where it lives."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "plugins/regional_showcase"


def mapped_modules(readme: str) -> set[str]:
    """Paths in the ```-block under "How the plugin works" that starts with the package."""
    section = readme[readme.index("## How the plugin works") :]
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


def test_readme_module_map_matches_the_package():
    on_disk = {
        p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*.py")
        if p.name != "__init__.py" or p.parent == PACKAGE
    }
    assert mapped_modules((ROOT / "README.md").read_text(encoding="utf-8")) == on_disk
