"""The open data's texts (/daten/: regions.json, the slices, the CSV, the schema) are kept in
cache/ between builds into a fresh folder (generator._write_open_data, build_record.KeptTexts),
by the key of the web editor's kept texts; so are the comparison's downloads and the events'
calendars. They follow from the region data, the comparison, the events and the settings
alone (and the plugin's code, libraries and day, in every site key): each must change the
key; a post edited must not (the open data is taken over then)."""

from __future__ import annotations

import pytest
from pelican.settings import read_settings

from regional_showcase.settings import apply_defaults
from regional_showcase.writer import ShowcaseWriter

from sitebuild import copy_project


def kept_key(project) -> str:
    settings = read_settings(str(project / "pelicanconf.py"))
    apply_defaults(settings)
    kept = ShowcaseWriter(str(project / "site.new-1"), settings).kept_texts()
    assert kept is not None
    return kept.base


def replace(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def photo(path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"jpeg")


EVENT = "content/termine/2019-06-28-eroeffnung-welcome-center-stettiner-haff-2019.md"
INPUTS = {
    "a region's data": lambda p: replace(
        p / "data/regions.yaml", "short_name: StaR", "short_name: SR"
    ),
    "the site's address": lambda p: (
        (p / "pelicanconf.py").open("a").write('\nSITEURL = "https://anders.example"\n')
    ),
    "a region photo's file": lambda p: photo(p / "content/images/regionen/neu.jpg"),
    # The events' calendars (events/generator.py) are kept by this key too: what they show.
    "an event's file": lambda p: (p / EVENT).open("a").write("\nNachtrag.\n"),
    # The comparison's downloads (vergleich.csv, vergleich.json) are kept by this key too.
    "the comparison's data": lambda p: replace(
        p / "data/comparison.yaml",
        "Die Bundeswahlleiterin; Rohdaten",
        "Die Bundeswahlleiterin, Rohdaten",
    ),
}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("kept-open-data"))


@pytest.mark.parametrize("change", sorted(INPUTS))
def test_what_the_open_data_reads_changes_its_key(project, change, monkeypatch):
    monkeypatch.chdir(project)
    before = kept_key(project)
    saved = {
        path: path.read_bytes()
        for path in (
            project / "data/regions.yaml",
            project / "data/comparison.yaml",
            project / EVENT,
            project / "pelicanconf.py",
        )
    }
    try:
        INPUTS[change](project)
        assert kept_key(project) != before
    finally:  # the project as it was, for the next change
        for path, data in saved.items():
            path.write_bytes(data)
        (project / "content/images/regionen/neu.jpg").unlink(missing_ok=True)
    assert kept_key(project) == before


def test_an_edited_post_keeps_the_key(project, monkeypatch):
    monkeypatch.chdir(project)
    before = kept_key(project)
    post = sorted((project / "content/news").glob("*.md"))[0]
    post.write_text(post.read_text(encoding="utf-8") + "\nNachtrag.\n", encoding="utf-8")
    assert kept_key(project) == before
