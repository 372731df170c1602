"""The /daten/ page's counts of sources and key figures (opendata/page.open_data_counts) are
kept in cache/ with the open data's texts in a build into a fresh folder (generator._kept_counts):
by the kept texts' key, which holds the region data; a damaged slot is counted again."""

from __future__ import annotations

import json
from pathlib import Path

from regional_showcase import generator
from regional_showcase.build_record import KeptTexts
from regional_showcase.data.loader import load_site_data
from regional_showcase.markup import render_markdown
from regional_showcase.opendata.page import open_data_counts

from sitebuild import ROOT

SITE = load_site_data(ROOT / "data" / "regions.yaml", render=render_markdown)


def _counted(monkeypatch) -> list[int]:
    counted: list[int] = []
    monkeypatch.setattr(
        generator, "open_data_counts", lambda site: counted.append(1) or open_data_counts(site)
    )
    return counted


def test_the_counts_are_kept_by_the_kept_texts_key(tmp_path: Path, monkeypatch):
    counted = _counted(monkeypatch)
    file = tmp_path / "kept-texts.json"
    fresh = open_data_counts(SITE)
    assert fresh["source_count"] > 0 and fresh["figure_count"] > 0
    assert generator._kept_counts(KeptTexts(file, "site"), SITE) == fresh
    assert generator._kept_counts(KeptTexts(file, "site"), SITE) == fresh
    assert counted == [1]
    # Other region data is another key (test_kept_open_data: the data is in it).
    assert generator._kept_counts(KeptTexts(file, "other data"), SITE) == fresh
    assert counted == [1, 1]


def test_a_damaged_slot_is_counted_again(tmp_path: Path, monkeypatch):
    file = tmp_path / "kept-texts.json"
    generator._kept_counts(KeptTexts(file, "site"), SITE)
    saved = json.loads(file.read_text(encoding="utf-8"))
    saved["open-data-counts"]["texts"] = {"source_count": "12", "figure_count": 3}
    file.write_text(json.dumps(saved), encoding="utf-8")
    counted = _counted(monkeypatch)
    assert generator._kept_counts(KeptTexts(file, "site"), SITE) == open_data_counts(SITE)
    assert counted == [1]
