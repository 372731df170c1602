"""What the input check reads once per check (text_files.reading_once, unsaved.listing_once,
front_matter.parsing_once) and the fast look for refused characters: the same answers as
reading, listing and parsing every time, through the web editor's unsaved files."""

from __future__ import annotations

import os
import re
from pathlib import Path

from regional_showcase.data import characters, unsaved
from regional_showcase.data.front_matter import parsing_once, split_header
from regional_showcase.data.paths_shown import display_path
from regional_showcase.data.text_files import read_text, reading_once


def test_a_file_is_read_once_per_check_and_anew_in_the_next(tmp_path):
    post = tmp_path / "post.md"
    post.write_text("Title: Eins\n", encoding="utf-8")
    with reading_once():
        first = read_text(post, "post.md")
        post.write_text("Title: Zwei\n", encoding="utf-8")
        assert read_text(post, "post.md") == first == "Title: Eins\n"
    assert read_text(post, "post.md") == "Title: Zwei\n"


def test_the_editors_unsaved_file_is_read_in_place_of_the_kept_one(tmp_path):
    post = tmp_path / "post.md"
    post.write_text("Title: Platte\n", encoding="utf-8")
    with reading_once():
        assert read_text(post, "post.md") == "Title: Platte\n"
        with unsaved.pending({post.absolute(): b"Title: Editor\n"}):
            assert read_text(post, "post.md") == "Title: Editor\n"
        assert read_text(post, "post.md") == "Title: Platte\n"


def test_a_folder_is_listed_once_per_check_and_with_the_unsaved_files(tmp_path):
    (tmp_path / "a.md").write_text("a", encoding="utf-8")
    with unsaved.listing_once():
        assert [p.name for p in unsaved.files_under(tmp_path)] == ["a.md"]
        (tmp_path / "b.md").write_text("b", encoding="utf-8")
        assert [p.name for p in unsaved.files_under(tmp_path)] == ["a.md"]
        with unsaved.pending({(tmp_path / "c.md").absolute(): b"c"}):
            assert [p.name for p in unsaved.files_under(tmp_path)] == ["a.md", "b.md", "c.md"]
    assert [p.name for p in unsaved.files_under(tmp_path)] == ["a.md", "b.md"]


def test_a_header_is_parsed_once_per_check():
    text = "Title: Eins\nDate: 2024-03-01\n\nText.\n"
    with parsing_once():
        assert split_header(text, "a.md") is split_header(text, "a.md")
        assert split_header(text, "b.md") is not split_header(text, "a.md")
    assert split_header(text, "a.md") is not split_header(text, "a.md")


def test_the_fast_look_finds_every_refused_character_the_full_rule_finds(monkeypatch):
    refused = re.compile(characters._REFUSED.pattern)
    samples = [
        "Grüße aus dem Allgäu – „Fachkräfte“ … 😀",
        "Text\x07mit Steuerzeichen",
        "Zeile\u2028Trenner",
        "C1\x85Zeichen",
        "😀 und dann \U0001fffe",
        "\ufdd0",
        "\U0010ffff am Ende",
        "Tab\tund\r\nZeilen",
    ]
    fast = {text: characters.character_problems(text, "x.md") for text in samples}
    # The fast look says "none" only where there is none (beyond the BMP it cannot say).
    assert not characters.may_hold_refused("Grüße aus dem Allgäu – „Fachkräfte“ …")
    for text in samples:
        if refused.search(text):
            assert characters.may_hold_refused(text), text
    monkeypatch.setattr(characters, "may_hold_refused", lambda text: True)
    assert {text: characters.character_problems(text, "x.md") for text in samples} == fast


def test_paths_are_shown_as_relpath_shows_them(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").mkdir()
    for path in (
        Path("content/news/a.md"),
        tmp_path / "content/x.md",
        Path("/elsewhere/y.md"),
        Path("./content/../content/z.md"),
        Path("..hidden/a.md"),
        Path(str(tmp_path) + "x/b.md"),
    ):
        relative = os.path.relpath(path.absolute(), Path.cwd())
        assert display_path(path) == (str(path) if relative.startswith("..") else relative)
