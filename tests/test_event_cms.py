"""The web editor's Termine collection and the event rules accept the same files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from eventfiles import SITE, TODAY

from regional_showcase.cms.editor import editor_config
from regional_showcase.events.cms import FIELD_ORDER, WHEN_PATTERN
from regional_showcase.events.rules import OPTIONAL, REQUIRED, check_event
from regional_showcase.settings import apply_defaults

from expectations import ROOT

# What Decap writes for a filled-in form: regions as a list, dates as typed.
WRITTEN = {
    "title": "Rückkehrertag",
    "start": "28.12.2026 10:00",
    "end": "28.12.2026 16:00",
    "timezone": "Europe/Berlin",
    "location": {"name": "Stadthalle", "address": "Markt 1", "city": "57072 Siegen"},
    "regions": ["suedwestfalen", "allgaeu"],
    "category": "Fachkräfte",
    "summary": "Arbeitgeber treffen Rückkehrer.",
    "status": "draft",
    "date": "2026-11-30 09:00",
    "slug": "rueckkehrertag-2026",
}


@pytest.fixture(scope="module")
def fields() -> dict[str, dict]:
    settings = apply_defaults(
        {
            "PATH": str(ROOT / "content"),
            "ARTICLE_PATHS": ["news"],
            "PAGE_PATHS": ["pages"],
            "SHOWCASE_DATA": str(ROOT / "data/regions.yaml"),
        }
    )
    config = editor_config(settings, SITE)
    (events,) = [c for c in config["collections"] if c["name"] == "events"]
    assert events["folder"] == "content/termine"
    return {f["name"]: f for f in events["fields"]}


def check(tmp_path: Path, data: dict) -> list[str]:
    path = tmp_path / "2026-12-28-rueckkehrertag-2026.md"
    front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_text(f"---\n{front}---\nText.\n", encoding="utf-8")
    return [str(p) for p in check_event(path, "x.md", SITE, TODAY, {}).problems]


def test_every_field_the_rules_accept_is_in_the_editor_and_required_alike(fields):
    assert [*fields] == [*FIELD_ORDER, "body"]
    assert set(FIELD_ORDER) == set(REQUIRED + OPTIONAL)
    assert {name for name, f in fields.items() if f["required"]} == set(REQUIRED)


def test_what_the_editor_writes_passes_the_check(tmp_path):
    assert check(tmp_path, WRITTEN) == []
    online = {k: v for k, v in WRITTEN.items() if k != "location"}
    assert check(tmp_path, {**online, "online": "https://www.example.org/raum"}) == []


def test_options_are_the_data_and_the_rules(fields):
    regions = [o["value"] for o in fields["regions"]["options"]]
    assert regions == ["alle", *(r.slug for r in SITE.regions)]
    assert [o["value"] for o in fields["category"]["options"]] == [t.name for t in SITE.topics]
    assert [o["value"] for o in fields["status"]["options"]] == ["published", "draft", "cancelled"]


@pytest.mark.parametrize(
    ("value", "editor", "check_accepts"),
    [
        ("28.12.2026", True, True),
        ("28.12.2026 10:00", True, True),
        ("2026-12-28 10:00", True, True),
        ("12/28/2026", False, False),
        ("28.12.26", False, False),
    ],
)
def test_the_editor_date_pattern_agrees_with_the_check(tmp_path, value, editor, check_accepts):
    assert bool(re.match(WHEN_PATTERN, value)) == editor
    data = {**WRITTEN, "start": value, "end": None}
    data = {k: v for k, v in data.items() if v is not None}
    problems = check(tmp_path, data)
    assert (not any(": start: " in p for p in problems)) == check_accepts, problems
