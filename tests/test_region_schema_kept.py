"""make serve checks regions.yaml against its schema after every save: a region found valid
before in the process is not checked again (data/loader.py), and the problems are the ones a
check of the whole file gives, in the same order, with each region's own index."""

from __future__ import annotations

import functools

import pytest

from regional_showcase.data import loader
from regional_showcase.data.yaml_source import parse_located

from sitebuild import ROOT

TEXT = (ROOT / "data" / "regions.yaml").read_text(encoding="utf-8")


def wrong(text: str) -> str:
    """The fourth region's role a number, the sixth's an unknown word."""
    lines = text.splitlines(keepends=True)
    roles = [i for i, line in enumerate(lines) if line.startswith("    role: ")]
    lines[roles[3]] = "    role: 17\n"
    lines[roles[5]] = "    role: x\n"
    return "".join(lines)


@functools.cache
def parsed(text: str):
    return parse_located(text, "regions.yaml")  # the check reads it, changes nothing


def problems(text: str) -> list[str]:
    return [str(p) for p in loader.schema_problems(parsed(text), "x")]


def whole(text: str) -> list[str]:
    """As a fresh process checks it: every region."""
    loader._VALID_REGIONS.clear()
    loader._VALID_REST.clear()
    return problems(text)


@pytest.fixture
def checked(monkeypatch) -> list[int]:
    """How many regions each check of regions.yaml hands to the schema."""
    counts: list[int] = []
    validator = loader._validator()
    original = type(validator).iter_errors

    def iter_errors(self, instance, *rest):
        if isinstance(instance, dict) and "regions" in instance:
            counts.append(len(instance["regions"]))
        return original(self, instance, *rest)

    monkeypatch.setattr(type(validator), "iter_errors", iter_errors)
    return counts


def test_a_region_found_valid_is_not_checked_again(checked):
    assert whole(TEXT) == []
    edited = TEXT.replace("claim: Mehr Freiraum.", "claim: Noch mehr Freiraum.", 1)
    assert edited != TEXT
    assert problems(edited) == []
    assert checked == [7, 1]  # the Allgäu's claim: that region alone
    assert problems(TEXT) == [] and checked == [7, 1]  # each known, and the rest: not checked


def test_the_problems_are_those_of_the_whole_file_with_each_regions_index(checked):
    expected = whole(wrong(TEXT))
    assert len(expected) >= 2 and "regions[3].role" in expected[0]
    assert "regions[5].role" in expected[-1]
    problems(TEXT)  # every region of the shipped file known valid
    assert problems(wrong(TEXT)) == expected
    assert checked[-1] == 2  # the two wrong regions alone


def test_a_file_of_known_regions_is_checked_again_when_anything_else_changes(checked):
    assert whole(TEXT) == []
    broken = TEXT.replace("  short_name: StaR\n", "  short_name: [StaR]\n", 1)
    assert broken != TEXT
    problems(TEXT)
    assert checked == [7]  # known: the regions and the rest
    found = problems(broken)
    assert checked == [7, 1] and len(found) == 1 and "project.short_name" in found[0]
    assert found == whole(broken)
