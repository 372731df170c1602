"""Links between the project's documents lead somewhere: the file exists, and a `#section`
names a heading that the file has (as GitHub and GitLab make the anchor)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = [
    ROOT / "README.md",
    *sorted((ROOT / "docs").glob("*.md")),
    ROOT / "bench/README.md",
    ROOT / "bench/results/current.md",
]
LINK = re.compile(r"\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
CODE = re.compile(r"`[^`]*`")  # Markdown shown as an example, not a link


def anchors(markdown: str) -> set[str]:
    """The anchors of a document's headings: lower case, punctuation gone, spaces as '-'."""
    found: set[str] = set()
    for heading in re.findall(r"^#{1,6} (.+)$", FENCE.sub("", markdown), re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        anchor, number = slug, 0
        while anchor in found:
            number += 1
            anchor = f"{slug}-{number}"
        found.add(anchor)
    return found


def broken_links(document: Path) -> list[str]:
    """Every relative link of the document whose file or heading does not exist."""
    text = document.read_text(encoding="utf-8")
    broken = []
    for target in LINK.findall(CODE.sub("", FENCE.sub("", text))):
        if re.match(r"[a-z]+:", target):
            continue  # https:, mailto: … lead elsewhere
        path, _, anchor = target.partition("#")
        linked = (document.parent / path).resolve() if path else document
        if not linked.exists():
            broken.append(f"{target}: no such file")
        elif (
            anchor
            and linked.suffix == ".md"
            and anchor not in anchors(linked.read_text(encoding="utf-8"))
        ):
            broken.append(f"{target}: no heading with this anchor")
    return broken


def test_anchors_are_made_as_the_git_hosts_make_them():
    assert anchors(
        "# Web editor (`/admin/`): how it is built\n## Events (Termine)\n## Tests\n"
    ) == {
        "web-editor-admin-how-it-is-built",
        "events-termine",
        "tests",
    }
    assert anchors("## Im Web-Editor (`/admin/`)\n## Übersicht\n## Übersicht\n") == {
        "im-web-editor-admin",
        "übersicht",
        "übersicht-1",
    }


def test_every_link_between_the_documents_leads_somewhere():
    assert {
        document.relative_to(ROOT).as_posix(): broken_links(document)
        for document in DOCUMENTS
        if broken_links(document)
    } == {}
