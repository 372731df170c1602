"""published_file_problems walks content/ once per check and hands the walk to each rule
(data/published_files.py), with the same problems as each rule's own walk."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image
from test_published_files import HTML_PAGE, PDF, SVG_WITH_SCRIPT

from regional_showcase.data import published_files, unsaved
from regional_showcase.data.published_files import (
    _texts,
    attachment_problems,
    link_problems,
    linked_file_problems,
    page_folder_problems,
    picture_folder_problems,
    published_file_problems,
)


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A content/ with something for every rule: links, hidden files and folders, pages,
    pictures, PDFs linked and not."""
    monkeypatch.chdir(tmp_path)
    content = tmp_path / "content"
    for folder in ("news/2026", "images/.alt", "pages/en", "extra", ".git", "theme", "data"):
        (content / folder).mkdir(parents=True, exist_ok=True)
    (tmp_path / "theme").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "data/regions.yaml").write_text("regions: []\n")
    (content / "news/2026/a.md").write_text("[Plan]({static}/images/plan.pdf) {attach}../x.svg\n")
    (content / "news/x.svg").write_text(SVG_WITH_SCRIPT)
    (content / "news/b.md").write_text("Kein Link.\n")
    (content / "images/plan.pdf").write_text("kein PDF\n")
    (content / "extra/alt.pdf").write_bytes(PDF)
    (content / "images/.env").write_text("TOKEN=1\n")
    (content / "images/.alt/bild.jpg").write_text("kein Bild\n")
    Image.new("RGB", (4, 4)).save(content / "images/echt.png")
    (content / "images/seite.html").write_text(HTML_PAGE)
    (content / "pages/en/boese.html").write_text(HTML_PAGE)
    (content / "pages/.entwurf.html").write_text(HTML_PAGE)
    (content / ".git/config").write_text("[core]\n")
    os.symlink("/etc/hostname", content / "news/link.md")
    os.symlink(content / "images", content / "extra/bilder")
    return tmp_path


def _check(project: Path, ignored: tuple[str, ...]) -> list[str]:
    content = project / "content"
    return [
        str(problem)
        for problem in published_file_problems(
            content=content,
            data_file=project / "data/regions.yaml",
            theme=project / "theme",
            static_paths=["extra"],
            page_dirs=[content / "pages", content / "extra/bilder"],
            ignored=ignored,
        )
    ]


def _each_walking(project: Path, ignored: tuple[str, ...]) -> list[str]:
    """The rules as the check ran them before, each walking content/ itself."""
    content = project / "content"
    texts = _texts(content)
    problems = link_problems([content, project / "theme", project / "data"])
    problems += page_folder_problems([content / "pages", content / "extra/bilder"], ignored)
    problems += picture_folder_problems(content, {"images", "extra"}, ignored)
    problems += linked_file_problems(content, texts, {"images", "extra"})
    problems += attachment_problems(content, texts, ignored)
    return [str(problem) for problem in problems]


@pytest.mark.parametrize("ignored", [(".*",), ("**/.*",), ()])
def test_one_walk_gives_each_rule_what_its_own_walk_found(project, ignored):
    expected = _each_walking(project, ignored)
    assert len(expected) > 5  # every rule has something to say
    assert _check(project, ignored) == expected
    saved = {
        project / "content/images/neu.svg": SVG_WITH_SCRIPT.encode(),
        project / "content/news/b.md": None,
    }
    with unsaved.pending(saved):
        expected = _each_walking(project, ignored)
        assert any("neu.svg" in problem for problem in expected)
        assert _check(project, ignored) == expected


def test_content_is_walked_and_listed_once_per_check(project, monkeypatch):
    walked: list[Path] = []
    listed: list[Path] = []
    entries, with_pending_paths = published_files._entries, unsaved.with_pending_paths

    def counted(root, *args, **kwargs):
        walked.append(root)
        return entries(root, *args, **kwargs)

    def counted_listing(found, root, *args, **kwargs):
        listed.append(root)
        return with_pending_paths(found, root, *args, **kwargs)

    monkeypatch.setattr(published_files, "_entries", counted)
    monkeypatch.setattr(unsaved, "with_pending_paths", counted_listing)
    _check(project, (".*",))
    content = project / "content"
    # extra/bilder is a link: walked by its rule itself (nothing found), as before.
    assert [root for root in walked if root.is_relative_to(content)] == [
        content,
        content / "extra/bilder",
    ]
    # content/ whole, for the texts and the PDFs, listed once with the same patterns.
    assert listed.count(content) == 1
