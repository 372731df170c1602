"""A process that builds again (the build server, make serve) holds the kept texts' slots
(build_record.KeptTexts) from one build to the next with the file's bytes, and writes a
changed slot after the build (deferred_saves.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from regional_showcase import build_record
from regional_showcase.build_record import KeptTexts
from regional_showcase.deferred_saves import deferring, run
from regional_showcase.preview.kept_content import KeptContent


@pytest.fixture
def building_again():
    """A build of a process that builds again (kept_content.keeping()), with no slots held
    from another test."""
    build_record._HELD.clear()
    store = KeptContent()
    store.begin()
    try:
        yield
    finally:
        store.end(True)
        build_record._HELD.clear()


def _parses(monkeypatch) -> list[int]:
    parsed: list[int] = []
    real = json.loads
    monkeypatch.setattr(
        build_record.json, "loads", lambda data, *a, **k: parsed.append(1) or real(data, *a, **k)
    )
    return parsed


def test_held_slots_are_parsed_once_while_the_file_holds_their_bytes(
    tmp_path: Path, monkeypatch, building_again
):
    file = tmp_path / "kept-texts.json"
    with deferring() as saves:
        assert KeptTexts(file, "site", held=True).get("admin", "a", lambda: {"x": "1"}) == {
            "x": "1"
        }
        # Not written before the build's answer; a second object of the build holds it.
        assert not file.exists()
        assert KeptTexts(file, "site", held=True).get("admin", "a", lambda: {"x": "anders"}) == {
            "x": "1"
        }
    run(saves)
    assert json.loads(file.read_text(encoding="utf-8"))["admin"]["texts"] == {"x": "1"}
    parsed = _parses(monkeypatch)
    assert KeptTexts(file, "site", held=True).get("admin", "a", lambda: {"x": "anders"}) == {
        "x": "1"
    }
    assert parsed == []


def test_a_file_with_other_bytes_is_parsed_again(tmp_path: Path, monkeypatch, building_again):
    """The file's bytes are the held slots' key: another process's build (a `make publish`
    beside the server, another plugin version) may have written other slots there."""
    file = tmp_path / "kept-texts.json"
    with deferring() as saves:
        KeptTexts(file, "site", held=True).get("admin", "a", lambda: {"x": "1"})
    run(saves)
    # Another writer: a slot made from another key, same size or not.
    other = KeptTexts(file, "other site", held=True)
    other._held = False  # as a process that builds once writes it
    other.get("admin", "a", lambda: {"x": "2"})
    parsed = _parses(monkeypatch)
    assert KeptTexts(file, "other site", held=True).get("admin", "a", lambda: {"x": "neu"}) == {
        "x": "2"
    }
    assert parsed == [1]
    assert KeptTexts(file, "site", held=True).get("admin", "a", lambda: {"x": "3"}) == {"x": "3"}


def test_a_dropped_save_leaves_the_file_and_keyed_slots(tmp_path: Path, building_again):
    """A failed build drops its held saves: the file stays as it was, and what the process
    holds is still each slot under its own key."""
    file = tmp_path / "kept-texts.json"
    with deferring() as saves:
        KeptTexts(file, "site", held=True).get("admin", "a", lambda: {"x": "1"})
    run(saves)
    before = file.read_bytes()
    with deferring():
        KeptTexts(file, "site", held=True).get("admin", "b", lambda: {"x": "2"})
    assert file.read_bytes() == before
    assert KeptTexts(file, "site", held=True).get("admin", "b", lambda: {"x": "neu"}) == {"x": "2"}
    assert KeptTexts(file, "site", held=True).get("admin", "a", lambda: {"x": "neu"}) == {
        "x": "neu"
    }


def test_one_save_per_build_with_every_slot(tmp_path: Path, building_again):
    file = tmp_path / "kept-texts.json"
    with deferring() as saves:
        KeptTexts(file, "site", held=True).get("admin", "a", lambda: {"x": "1"})
        KeptTexts(file, "site", held=True).get("open-data", "", lambda: {"y": "2"})
    assert len(saves) == 1
    run(saves)
    saved = json.loads(file.read_text(encoding="utf-8"))
    assert saved["admin"]["texts"] == {"x": "1"} and saved["open-data"]["texts"] == {"y": "2"}
