"""The content-type registry: a type that leaves out a declaration is refused by name, and
every registered type declares each part the loops over the registry read."""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path

import pytest
from pelican.generators import Generator

from regional_showcase.content_types.registry import (
    UNDECLARED,
    ContentType,
    IncompleteContentType,
    content_type,
    content_types,
    missing_declarations,
    register,
    watched,
)
from regional_showcase.settings import OVERVIEWS, apply_defaults

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def settings():
    return apply_defaults(
        {
            "PATH": str(ROOT / "content"),
            "ARTICLE_PATHS": ["news"],
            "PAGE_PATHS": ["pages"],
            "SHOWCASE_DATA": str(ROOT / "data/regions.yaml"),
            "SHOWCASE_REGION_TEXTS": str(ROOT / "content/regionen"),
        }
    )


def test_a_type_without_declarations_is_refused_naming_each_one():
    half = ContentType(name="presse", label="Presse", folder=lambda s: None, load=None)
    with pytest.raises(IncompleteContentType) as refused:
        register(half)
    assert str(refused.value) == (
        "Inhaltstyp 'presse' erklärt nicht:\n"
        "  files: welche Dateien im Ordner Einträge sind\n"
        "  cms: die Sammlung im Web-Editor (None: keine)\n"
        "  generator: was Seiten, Feeds und Kalender schreibt "
        "(None: Pelican und der Hauptgenerator)\n"
        "  overview: der Schlüssel der Übersichtsseite in OVERVIEWS (None: keine)\n"
        "  watch: was die Vorschau beobachtet\n"
        '  published: wie er in published-set zählt ("dated", "undated" oder None)\n'
        "Lösung: jedes Feld in ContentType(...) angeben; None sagt „hat keins“."
    )
    assert "presse" not in [kind.name for kind in content_types()]


def test_a_registered_type_that_forgets_one_declaration_is_named(settings):
    # Taking one declaration back from a real type is caught the same way.
    for kind in content_types():
        for name in [f.name for f in fields(ContentType) if f.name != "name"]:
            with pytest.raises(IncompleteContentType, match=f"\n  {name}: "):
                register(replace(kind, **{name: UNDECLARED}))


def test_an_unknown_published_rule_is_refused():
    events = content_type("events")
    with pytest.raises(IncompleteContentType) as refused:
        register(replace(events, name="termine2", published="sometimes"))
    assert str(refused.value) == (
        "Inhaltstyp 'termine2': published='sometimes' ist unbekannt. "
        'Lösung: "dated", "undated" oder None.'
    )


def test_a_second_type_under_a_taken_name_is_refused():
    with pytest.raises(IncompleteContentType) as refused:
        register(replace(content_type("posts"), label="Nachrichten"))
    assert str(refused.value) == (
        "Inhaltstyp 'posts' ist schon registriert. Lösung: einen anderen Namen wählen."
    )


def test_every_registered_type_declares_everything(settings):
    assert [kind.name for kind in content_types()][:3] == ["posts", "events", "region_texts"]
    for kind in content_types():
        assert missing_declarations(kind) == [], kind.name
        assert kind.overview is None or kind.overview in OVERVIEWS, kind.name
        folder = kind.folder(settings)
        # What the preview watches holds the type's folder; its files lie in that folder.
        assert folder is None or folder in kind.watch(settings), kind.name
        assert all(path.is_relative_to(folder) for path in kind.files(settings)), kind.name
        if kind.generator is not None:
            assert issubclass(kind.generator(), Generator), kind.name


def test_the_shipped_types_find_their_files(settings):
    assert content_type("posts").files(settings), "no posts found in content/news/"
    assert content_type("events").files(settings), "no events found in content/termine/"
    assert content_type("region_texts").files(settings), "no texts in content/regionen/"
    assert {settings.news_dir, settings.events_path, settings.region_texts} <= set(
        watched(settings)
    )


def test_the_preview_watches_a_content_folder_outside_the_project(tmp_path):
    from regional_showcase.staff.serve import watched_paths

    project, content = tmp_path / "projekt", tmp_path / "ablage/content"
    for folder in (project / "theme", content / "news", content / "termine"):
        folder.mkdir(parents=True)
    (project / "pelicanconf.py").write_text(
        f"PATH = {str(content)!r}\nARTICLE_PATHS = ['news']\n"
        f"SHOWCASE_DATA = {str(ROOT / 'data/regions.yaml')!r}\n",
        encoding="utf-8",
    )
    paths = watched_paths(project, str(project / "pelicanconf.py"))
    assert paths == [
        project / "theme",
        project / "pelicanconf.py",
        content / "news",
        content / "termine",
    ]
