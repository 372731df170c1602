"""The check's walks of content/ (unsaved.files_under, published_files._files) use os.scandir
and sort strings: they must find and order exactly what pathlib's rglob, is_file and
fnmatch found, in every case a folder can hold."""

from __future__ import annotations

import fnmatch
from pathlib import Path

from regional_showcase.data import published_files, unsaved


def tree(root: Path) -> Path:
    """Nested folders whose names sort differently as strings and as parts ("a-b/x" before
    "a/x" as strings, after it as parts), hidden ones, and links of every kind."""
    for name in ("a/x.md", "a-b/x.md", "a/b/c/y.md", ".versteckt/z.md", "a/.punkt", "b.bak"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x", encoding="utf-8")
    outside = root.parent / "draussen"
    outside.mkdir()
    (outside / "fremd.md").write_text("x", encoding="utf-8")
    (root / "a/zur-datei.md").symlink_to(root / "a-b/x.md")  # a file for is_file
    (root / "zum-ordner").symlink_to(outside)  # never entered
    (root / "a/kaputt.md").symlink_to(root / "fehlt.md")  # no file
    return root


def by_parts(paths) -> list[Path]:
    return sorted(paths, key=lambda path: path.parts)


def test_files_under_finds_and_orders_what_rglob_and_is_file_find(tmp_path, monkeypatch):
    root = tree(tmp_path / "content")
    expected = by_parts(p for p in root.rglob("*") if p.is_file())
    assert unsaved.files_under(root) == expected
    assert Path(root / "a/zur-datei.md") in expected and len(expected) == 7
    # A relative folder gives relative paths, as rglob does.
    monkeypatch.chdir(tmp_path)
    assert unsaved.files_under(Path("content")) == by_parts(
        p for p in Path("content").rglob("*") if p.is_file()
    )
    assert unsaved.files_under(tmp_path / "nirgends") == []
    # With the editor's unsaved files: a new one added, a deleted one left out.
    with unsaved.pending({root / "a/neu.md": b"x", root / "a/x.md": None}):
        found = unsaved.files_under(root)
    assert found == by_parts([*(p for p in expected if p != root / "a/x.md"), root / "a/neu.md"])


def test_the_published_files_walk_skips_what_fnmatch_skips(tmp_path):
    root = tree(tmp_path / "content")
    for ignored in ((".*",), ("*.bak", "[ab]"), ()):

        def skipped(path: Path, ignored: tuple = ignored) -> bool:
            parts = path.relative_to(root).parts
            return any(fnmatch.fnmatch(part, pattern) for part in parts for pattern in ignored)

        expected = by_parts(
            p
            for p in root.rglob("*")
            if p.is_file() and not p.is_symlink() and not skipped(p)
            # rglob enters no link to a folder, and neither does the walk
        )
        assert list(published_files._files(root, ignored)) == expected, ignored
