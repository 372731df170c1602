"""What a process keeps of its own work (T9b): the Markdown of a region-data text, a data
file's parse and the plugin's code digest. Each is kept by everything it is made of, and a
caller can change what it gets without changing what the next one gets."""

from __future__ import annotations

from datetime import date

import pytest
from markupsafe import Markup

from regional_showcase import check_cache
from regional_showcase.data import loader
from regional_showcase.data.loader import read_located
from regional_showcase.data.paths_shown import display_path
from regional_showcase.data.problems import ValidationFailed
from regional_showcase.data.yaml_source import parse_located
from regional_showcase.markup import render_markdown


def test_a_rendered_text_is_kept_by_the_text_and_its_type():
    first = render_markdown("Kept *eins* T9b")
    assert first == Markup("<p>Kept <em>eins</em> T9b</p>")
    assert render_markdown("Kept *eins* T9b") is first
    assert render_markdown("Kept *zwei* T9b") == Markup("<p>Kept <em>zwei</em> T9b</p>")
    assert render_markdown("Kept *eins* T9b") is first
    # A Markup text equal to a kept str is rendered on its own (typed=True).
    misses = render_markdown.cache_info().misses
    render_markdown(Markup("Kept *eins* T9b"))
    assert render_markdown.cache_info().misses == misses + 1


def test_a_parsed_data_file_is_kept_by_its_text_and_name_and_handed_out_as_a_copy(tmp_path):
    data = tmp_path / "kept.yaml"
    data.write_text("name: eins\nlist: [1, 2]\ncode: 01234\nmore: [{day: 2024-03-01}]\n")
    _, first = read_located(data, "'name'")
    expected = {"name": "eins", "list": [1, 2], "code": 668, "more": [{"day": date(2024, 3, 1)}]}
    assert first.data == expected

    # What one caller changes in its copy, the next does not get.
    first.data["list"].append(3)
    first.data["more"][0]["day"] = None
    first.lines.clear()
    first.raw.clear()
    first.problems.append("changed")
    first.trap_paths.add(("name",))
    _, again = read_located(data, "'name'")
    assert again.data == expected
    assert again.lines[("list",)] == 2
    assert again.raw == {
        ("list", 0): "1",
        ("list", 1): "2",
        ("code",): "01234",
        ("more", 0, "day"): "2024-03-01",
    }
    assert (again.problems, again.trap_paths) == ([], set())

    # Other bytes: parsed anew.
    data.write_text("name: zwei\nlist: [1, 2]\ncode: yes\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        read_located(data, "'name'")
    assert [(problem.file, problem.field) for problem in failed.value.problems] == [
        (display_path(data), "code")
    ]
    # The same bytes under another name: its problems name that file.
    other = tmp_path / "other.yaml"
    other.write_bytes(data.read_bytes())
    with pytest.raises(ValidationFailed) as failed:
        read_located(other, "'name'")
    fresh = parse_located(other.read_text(encoding="utf-8"), display_path(other))
    assert failed.value.problems == fresh.problems
    assert [problem.file for problem in fresh.problems] == [display_path(other)]
    assert len(loader._PARSED) <= loader._PARSED_KEPT


def test_the_scope_takes_the_code_digest_and_versions_once_per_process(monkeypatch):
    code, versions = check_cache.process_code()
    assert code == check_cache.code_digest()
    assert versions == check_cache._library_versions()
    # Not taken again: a check's scope is the process's code and libraries.
    monkeypatch.setattr(check_cache, "code_digest", lambda *_: "other code")
    monkeypatch.setattr(check_cache, "_library_versions", lambda: "other versions")
    assert check_cache.scope_of("settings") == check_cache.scope_of("settings", code, versions)
    assert check_cache.scope_of("settings", "other code") != check_cache.scope_of("settings")
