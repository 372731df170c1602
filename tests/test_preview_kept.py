"""`make serve` keeps Pelican's post and page objects between builds
(preview/kept_content.py): what a build gets from kept objects is what it gets from objects
read anew, after each kind of edit that changes what an object's construction read.

Pelican's article and page generators run here as in a preview build (the plugin's reader and
reader cache, its content_object_init receivers, frozen URLs), on a few files: 0.1–0.25 s a
test where a site build takes seconds (marked `build`, so out of `make test-fast`).
A "clean" read is the same with nothing kept."""

from __future__ import annotations

import datetime as dt
import os
import re
import types
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.log import LimitFilter
from pelican.settings import read_settings
from PIL import Image

from regional_showcase import register
from regional_showcase.frozen_urls import freeze_urls
from regional_showcase.parallel import reading
from regional_showcase.preview import kept_content
from regional_showcase.preview.kept_content import KeptContent
from regional_showcase.settings import apply_defaults

from sitebuild import ROOT, TEST_OPERATOR

ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def post(title: str, slug: str, body: str, date: str = "2026-11-02", extra: str = "") -> str:
    return (
        f"---\ntitle: {title}\ndate: {date}\nregions:\n  - allgaeu\ncategory: Fachkräfte\n"
        f"summary: Kurz.\nslug: {slug}\n{extra}---\n\n{body}\n"
    )


def picture(path: Path, width: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (width, 40), (90, 140, 60)).save(path)


@pytest.fixture
def site(tmp_path) -> Path:
    """Three posts (one links another by {filename} in its body and its summary, one shows a
    picture) and a page with an operator fact."""
    news, pages = tmp_path / "content/news", tmp_path / "content/pages"
    news.mkdir(parents=True)
    pages.mkdir(parents=True)
    link = "[die Zwei]({filename}2026-11-02-zwei.md)"
    (news / "2026-11-01-eins.md").write_text(
        post("Eins", "eins", f"Siehe {link}.").replace("Kurz.", f"Kurz, mit {link}."), "utf-8"
    )
    (news / "2026-11-02-zwei.md").write_text(post("Zwei", "zwei", "Text."), "utf-8")
    picture(tmp_path / "content/images/bild.png", 60)
    (news / "2026-11-03-drei.md").write_text(
        post("Drei", "drei", "![Ein grünes Feld](images/bild.png)"), "utf-8"
    )
    (pages / "impressum.md").write_text(
        "---\ntitle: Impressum\nslug: impressum\n---\n\n{betreiber:name}\n", "utf-8"
    )
    return tmp_path


def settings_of(site: Path, cache: str = "cache", **more) -> dict:
    overrides = {
        "PATH": str(site / "content"),
        "CACHE_PATH": str(site / cache),
        "OUTPUT_PATH": str(site / "out"),
        "SHOWCASE_PREVIEW": True,
        "SHOWCASE_INCREMENTAL": True,
        "SHOWCASE_OPERATOR": TEST_OPERATOR,
        **more,
    }
    settings = read_settings(str(ROOT / "pelicanconf.py"), override=overrides)
    apply_defaults(settings)
    return settings


def described(content, siteurl: str) -> str:
    """Everything of a post or page a template or feed can read, as text."""
    state = {
        name: ADDRESS.sub("", repr(value))
        for name, value in vars(content).items()
        if name not in ("settings", "_context", "translations")
    }
    return repr(
        (
            type(content).__name__,
            sorted(state.items()),
            content.url,
            content.save_as,
            content.status,
            content.get_content(siteurl),
            content.summary,
            sorted(t.source_path for t in content.translations),
        )
    )


LISTS = ("articles", "drafts", "hidden_articles", "pages", "hidden_pages", "draft_pages")


def read(settings: dict, store: KeptContent | None) -> dict[str, str]:
    """Pelican's article and page generators as in a preview build; every object as text."""
    register()
    context = settings.copy()
    context.update(generated_content={}, static_links=set(), static_content={}, localsiteurl="")
    from regional_showcase.settings import showcase_settings

    reading.use_reader_cache(settings, showcase_settings(settings))
    if store is not None:
        store.begin()
    try:
        generators = [
            kind(
                context=context,
                settings=settings,
                path=settings["PATH"],
                theme=settings["THEME"],
                output_path=settings["OUTPUT_PATH"],
            )
            for kind in (ArticlesGenerator, PagesGenerator)
        ]
        for generator in generators:
            generator.generate_context()
        reading.finish()
        # As Pelican.run: the summaries' {filename} links, written into `metadata`.
        for generator in generators:
            generator.refresh_metadata_intersite_links()
        # As generator.py at the end of reading.
        freeze_urls(c for name in LISTS[:3] for c in context.get(name, []))
    finally:
        if store is not None:
            store.end(True)
    contents = [c for name in LISTS for c in context.get(name, [])]
    contents += [t for c in contents for t in c.translations]
    found = {c.source_path: described(c, "") for c in contents}
    return {**found, "static_links": repr(sorted(context["static_links"]))}


def rebuilt_equals_clean(site: Path, store: KeptContent, **more) -> None:
    """A build with the kept objects equals one that reads everything anew. Pelican's
    memoized get_content is not cleared between builds here (`make serve` clears it): a
    kept object handed out again would give the links it resolved last time."""
    kept = read(settings_of(site, **more), store)
    clean = read(settings_of(site, "cache-clean", **more), None)
    assert kept == clean


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.mark.build
def test_an_unchanged_file_is_kept_and_each_build_gets_a_copy_of_its_own(site):
    store = KeptContent()
    first = read(settings_of(site), store)
    assert store.misses == 4 and len(store.entries) == 4
    second = read(settings_of(site), store)
    assert store.hits == 4 and store.misses == 0
    assert first == second
    # The posts' addresses as frozen at the end of the last build come with their copies.
    assert sum(kept.frozen is not None for kept in store.entries.values()) == 3
    assert read(settings_of(site), store) == first


@pytest.mark.build
def test_a_post_edited_is_read_again(site):
    store = KeptContent()
    read(settings_of(site), store)
    edit(site / "content/news/2026-11-02-zwei.md", "Text.", "Ganz neuer Text.")
    rebuilt_equals_clean(site, store)
    assert (store.hits, store.misses) == (3, 1)


@pytest.mark.build
def test_the_files_a_kept_text_links_are_its_texts(site, monkeypatch):
    """Pelican's static links of a kept post are searched once per kept text: an edited
    text's links are found anew."""
    drei = site / "content/news/2026-11-03-drei.md"
    edit(drei, "![Ein grünes Feld](images/bild.png)", "[Bild]({static}/images/bild.png)")
    searched = []
    original = kept_content.Content.get_static_links
    monkeypatch.setattr(
        kept_content.Content,
        "get_static_links",
        lambda self: searched.append(self.source_path) or original(self),
    )
    store = KeptContent()
    assert "'images/bild.png'" in read(settings_of(site), store)["static_links"]
    assert len(searched) == 4
    searched.clear()
    assert "'images/bild.png'" in read(settings_of(site), store)["static_links"]
    assert searched == []  # kept
    edit(drei, "{static}/images/bild.png", "{static}/images/anderes.png")
    rebuilt_equals_clean(site, store)
    assert (store.hits, store.misses) == (3, 1)
    kept = read(settings_of(site), store)["static_links"]
    assert "'images/anderes.png'" in kept and "'images/bild.png'" not in kept


@pytest.mark.build
def test_a_picture_the_post_shows_replaced_is_read_again(site):
    store = KeptContent()
    read(settings_of(site), store)
    picture(site / "content/images/bild.png", 80)  # another width in the <img>
    rebuilt_equals_clean(site, store)
    assert (store.hits, store.misses) == (3, 1)


@pytest.mark.build
def test_a_setting_reads_everything_again(site):
    # The operator's facts are filled into a page as it is made (fill_operator_facts); the
    # address pattern is read later, from the settings each build points its copies at.
    store = KeptContent()
    read(settings_of(site), store)
    operator = {**TEST_OPERATOR, "name": "Neuer Betreiber e. V."}
    pattern = {"ARTICLE_URL": "meldungen/{slug}/", "ARTICLE_SAVE_AS": "meldungen/{slug}/index.html"}
    rebuilt_equals_clean(site, store, SHOWCASE_OPERATOR=operator, **pattern)
    assert (store.hits, store.misses) == (0, 4)


@pytest.mark.build
def test_a_linked_post_renamed_reaches_the_kept_post_that_links_it(site):
    store = KeptContent()
    read(settings_of(site), store)
    read(settings_of(site), store)  # the kept objects' copies resolve their links once
    edit(site / "content/news/2026-11-02-zwei.md", "slug: zwei", "slug: zwei-neu")
    rebuilt_equals_clean(site, store)
    assert store.hits == 3
    (linking,) = [v for k, v in read(settings_of(site), store).items() if k.endswith("eins.md")]
    # The body, and the summary as metadata, `_summary` and `summary`.
    assert linking.count("aktuelles/2026/zwei-neu/") == 4


@pytest.mark.build
def test_a_translation_added_and_removed_reaches_the_kept_original(site):
    store = KeptContent()
    read(settings_of(site), store)
    english = site / "content/news/en/2026-11-01-one.md"
    english.parent.mkdir()
    english.write_text(
        post("One", "one", "See.", extra="lang: en\ntranslation_key: eins\n"), "utf-8"
    )
    rebuilt_equals_clean(site, store)
    assert store.hits == 4
    english.unlink()
    rebuilt_equals_clean(site, store)
    assert store.hits == 4


@pytest.mark.build
def test_a_scheduled_post_whose_time_came_is_read_again(site, monkeypatch):
    store = KeptContent()
    soon = dt.datetime.now(ZoneInfo("Europe/Berlin")) + dt.timedelta(hours=1)
    (site / "content/news/2026-12-31-bald.md").write_text(
        post("Bald", "bald", "Text.", date=soon.strftime("%Y-%m-%d %H:%M")), "utf-8"
    )
    read(settings_of(site, WITH_FUTURE_DATES=False), store)

    class Later(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return dt.datetime.now(tz) + dt.timedelta(hours=2)

    later = types.SimpleNamespace(datetime=Later, UTC=dt.UTC)
    monkeypatch.setattr("pelican.contents.datetime", later)
    monkeypatch.setattr(kept_content, "dt", later)
    rebuilt_equals_clean(site, store, WITH_FUTURE_DATES=False)
    assert (store.hits, store.misses) == (4, 1)


@pytest.mark.build
def test_a_file_whose_reading_logged_a_warning_is_not_kept(site, monkeypatch):
    # Pelican warns about an image without alt text in read_file (find_empty_alt); the
    # plugin lets a decorative picture have none, and pelicanconf.py's LOG_FILTER silences
    # the warning (pelican.log.LimitFilter): let it through, as other settings would.
    monkeypatch.setattr(LimitFilter, "_ignore", set())
    monkeypatch.setattr(LimitFilter, "_raised_messages", set())
    shown = "![Ein grünes Feld](images/bild.png)"
    edit(site / "content/news/2026-11-03-drei.md", shown, "![](images/bild.png){: .decorative}")
    store = KeptContent()
    read(settings_of(site, LOG_FILTER=[]), store)
    assert ("ArticlesGenerator", "news/2026-11-03-drei.md") not in store.entries
    assert len(store.entries) == 3


@pytest.mark.build
def test_another_receiver_at_construction_turns_the_keeping_off(site):
    def receiver(sender, metadata=None):
        pass

    signals.article_generator_context.connect(receiver)
    try:
        store = KeptContent()
        read(settings_of(site), store)
        read(settings_of(site), store)
    finally:
        signals.article_generator_context.disconnect(receiver)
    assert store.hits == 0


def test_a_date_format_with_a_locale_turns_the_keeping_off():
    # Content.__init__ calls locale.setlocale for a (locale, format) pair: not kept.
    assert kept_content._may_keep({"DEFAULT_DATE_FORMAT": "%d.%m.%Y"})
    locale_format = {"de": ("de_DE.UTF-8", "%d.%m.%Y")}
    assert not kept_content._may_keep({"DEFAULT_DATE_FORMAT": "%Y", "DATE_FORMATS": locale_format})


@pytest.mark.build
def test_with_dates_from_the_file_system_a_touched_file_is_read_again(site):
    store = KeptContent()
    read(settings_of(site, DEFAULT_DATE="fs"), store)
    os.utime(site / "content/news/2026-11-02-zwei.md", ns=(0, 10**18))
    rebuilt_equals_clean(site, store, DEFAULT_DATE="fs")
    assert (store.hits, store.misses) == (3, 1)
