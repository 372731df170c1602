"""Per-post costs of a warm build (issue 25, X7) with the same keys and output as before:
a source file's hash read without a Path object, Pelican's pattern of links to other files
compiled once and searched once, a written page's place below the output folder by strings.
Each is checked against the way it was done before. No site is built here."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from regional_showcase import build_record
from regional_showcase.build_record import (
    SourceHashes,
    file_digest,
)
from regional_showcase.generator import _below


def test_source_hashes_are_the_digests_of_the_files_the_paths_name(tmp_path, monkeypatch):
    """The same digest as file_digest(Path(…)) (the code before) for the paths a build may
    ask for, and no Path built for them (its cost per post was the point)."""
    folder = tmp_path / "content"
    (folder / "news").mkdir(parents=True)
    (folder / "news" / "eins.md").write_text("Eins.", encoding="utf-8")
    (folder / "zwei.md").write_bytes(b"Zwei.\n")
    monkeypatch.chdir(tmp_path)
    asked = [
        str(folder / "news" / "eins.md"),
        str(folder / "zwei.md"),
        "content/news/eins.md",
        f"{folder}//news/./eins.md",
        f"{folder}/news/../zwei.md",
        str(folder / "fehlt.md"),
        str(folder / "news"),  # a folder: no digest
        folder / "zwei.md",
    ]
    expected = [file_digest(Path(str(path))) for path in asked]
    assert expected[0] == hashlib.sha256(b"Eins.").hexdigest()
    assert expected[-3:-1] == [None, None]

    def no_path(*args):
        raise AssertionError("a Path built for a source file")

    monkeypatch.setattr(build_record, "Path", no_path)
    hashes = SourceHashes()
    assert [hashes.of(path) for path in asked] == expected
    assert [hashes.of(path) for path in asked] == expected  # from what it knows


def _old_below(path: str, output_path: str) -> str:
    return Path(path).relative_to(output_path).as_posix()


@pytest.mark.parametrize(
    ("path", "output_path"),
    [
        ("/site/output.new-1234/news/eins/index.html", "/site/output.new-1234"),
        ("/site/output/index.html", "/site/output"),
        ("/site/output/en/index.html", "/site/output/"),
        ("/site/output/en/index.html", "/site/output/."),
        ("/site/output/en/index.html", "/site//output"),
        ("/site/output/./en/index.html", "/site/output"),
        ("/site/output//en/index.html", "/site/output"),
        ("/site/output/en/./index.html", "/site/output"),
        ("/site/output/en//index.html", "/site/output"),
        ("/site/output/en/.", "/site/output"),
        ("/site/output/en/../index.html", "/site/output"),
        ("/site/output/../output/index.html", "/site/output"),
        ("/site/output/.well-known/index.html", "/site/output"),
        ("/site/output/en/", "/site/output"),
        ("output/news/index.html", "output"),
        ("./output/news/index.html", "output"),
        ("news/index.html", "."),
        ("./news/index.html", "."),
        ("/index.html", "/"),
        ("//index.html", "//"),
        ("/index.html", "//"),
        ("//site/output/index.html", "/site/output"),
        ("/site/output-alt/index.html", "/site/output"),
        ("/site/output", "/site/output"),
        ("/anderswo/index.html", "/site/output"),
    ],
)
def test_a_written_pages_place_below_the_output_folder_is_pathlibs(path, output_path):
    """The same relative path as Path.relative_to for the paths the writers hand over
    (absolute and normalised by sanitised_join) and any other, or the same error."""
    try:
        expected = _old_below(path, output_path)
    except ValueError:
        with pytest.raises(ValueError):
            _below(path, output_path)
    else:
        assert _below(path, output_path) == expected


def test_the_writers_paths_are_below_the_output_folder_by_strings(monkeypatch):
    """The writers' paths (sanitised_join of the output folder and a page's name) take the
    string way, without pathlib."""
    from pelican.utils import sanitised_join

    output = os.path.abspath("output.new-1234")
    names = ["index.html", "news/eins/index.html", "en/regions/allgaeu/index.html"]
    paths = [sanitised_join(output, name) for name in names]
    expected = [_old_below(path, output) for path in paths]
    _below(paths[0], output)  # the folder's own parts, once

    def no_path(*args):
        raise AssertionError("pathlib for a writer's path")

    monkeypatch.setattr("regional_showcase.generator.Path", no_path)
    assert [_below(path, output) for path in paths] == expected == names
