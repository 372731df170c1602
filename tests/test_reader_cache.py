"""The reader cache (reader_cache.py) hands out a kept result only for the same bytes, the same
pictures and the same key, and reading through it gives what reading without it gives."""

from __future__ import annotations

import copy
import json
import logging
from pathlib import Path

import pytest
from pelican.settings import read_settings

from regional_showcase import reader_cache
from regional_showcase.parallel import reading
from regional_showcase.reader import ShowcaseMarkdownReader
from regional_showcase.reader_cache import ReaderCache, reading_key
from regional_showcase.settings import apply_defaults

from expectations import ROOT

POST = "---\ntitle: Probe\ndate: 01.12.2026\nsummary: Kurz.\n---\n\nText mit ![Hof]({}).\n"


@pytest.fixture
def site(tmp_path, monkeypatch):
    """The shipped settings over a content folder of one post that shows one picture."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content/news").mkdir(parents=True)
    (tmp_path / "content/images").mkdir()
    (tmp_path / "content/images/hof.svg").write_text("<svg/>", encoding="utf-8")
    post = tmp_path / "content/news/probe.md"
    post.write_text(POST.format("/images/hof.svg"), encoding="utf-8")
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={"PATH": str(tmp_path / "content"), "CACHE_PATH": str(tmp_path / "cache")},
    )
    showcase = apply_defaults(settings)
    yield settings, showcase, post
    reading.finish()


def read(settings, showcase, post: Path):
    """One build's reading of one post: the cache opened, the post read, the cache saved.
    (Under one key: the plugin's code, part of the real key, may change meanwhile.)"""
    cache = reading.open_cache(showcase.cache_dir, "k", showcase.content_path, showcase.site_url)
    got = ShowcaseMarkdownReader(settings).read(str(post))
    hits = cache.hits
    reading.finish()
    return got, hits


def test_a_kept_result_is_what_reading_gives_and_only_for_the_same_bytes_and_pictures(site):
    settings, showcase, post = site
    fresh = ShowcaseMarkdownReader(settings).read(str(post))  # no cache at all
    assert read(settings, showcase, post) == (fresh, 0)
    assert read(settings, showcase, post) == (fresh, 1)
    post.write_text(POST.format("/images/hof.svg").replace("Text", "Neuer Text"), "utf-8")
    (content, _), hits = read(settings, showcase, post)
    assert hits == 0 and "Neuer Text" in content
    assert read(settings, showcase, post)[1] == 1
    # The picture the body shows changed: its size or its being there is part of reading.
    (post.parent.parent / "images/hof.svg").write_text("<svg></svg>", encoding="utf-8")
    assert read(settings, showcase, post)[1] == 0


def test_a_result_with_refusals_or_a_warning_is_not_kept(site, monkeypatch):
    settings, showcase, post = site
    post.write_text(POST.format("/images/fehlt.svg"), encoding="utf-8")
    (_, metadata), _ = read(settings, showcase, post)
    assert metadata["showcase_problems"]
    assert read(settings, showcase, post)[1] == 0
    post.write_text(POST.format("/images/hof.svg"), encoding="utf-8")
    convert = ShowcaseMarkdownReader.convert

    def warning(self, source_path, data=None):
        logging.getLogger("MARKDOWN").warning("eine Warnung")
        return convert(self, source_path, data)

    monkeypatch.setattr(ShowcaseMarkdownReader, "convert", warning)
    read(settings, showcase, post)
    monkeypatch.setattr(ShowcaseMarkdownReader, "convert", convert)
    assert read(settings, showcase, post)[1] == 0


def test_a_corrupt_or_foreign_cache_file_is_no_cache(site):
    settings, showcase, post = site
    read(settings, showcase, post)
    reading._kept = None  # as a new process: the file is read again
    (file,) = (showcase.cache_dir).glob("reader-*.json")
    kept = json.loads(file.read_text(encoding="utf-8"))
    (entry,) = kept["posts"].values()
    entry["content"] = 5
    file.write_text(json.dumps(kept), encoding="utf-8")
    assert read(settings, showcase, post)[1] == 0
    reading._kept = None
    file.write_text("{kaputt", encoding="utf-8")
    assert read(settings, showcase, post)[1] == 0


def test_the_key_holds_the_markdown_settings_the_address_the_code_and_the_libraries(
    site, tmp_path, monkeypatch
):
    settings, showcase, _ = site
    code = tmp_path / "code"
    code.mkdir()
    (code / "reader.py").write_text("# eins\n", encoding="utf-8")
    before = reading_key(showcase, code)
    (code / "reader.py").write_text("# zwei\n", encoding="utf-8")
    assert reading_key(showcase, code) != before
    (code / "reader.py").write_text("# eins\n", encoding="utf-8")
    assert reading_key(showcase, code) == before
    changed = copy.deepcopy(settings)
    changed["MARKDOWN"]["output_format"] = "xhtml"
    assert reading_key(apply_defaults(changed), code) != before
    other = {**copy.deepcopy(settings), "SITEURL": "https://example.org"}
    assert reading_key(apply_defaults(other), code) != before
    assert reading_key(showcase, code) == before
    monkeypatch.setattr(reader_cache, "_libraries", lambda: "Markdown 9.9")
    assert reading_key(showcase, code) != before


def test_pictures_are_found_by_their_address_with_or_without_the_site_address(tmp_path):
    from regional_showcase.reader import Converted

    html = '<p><img src="https://site.example/images/a.jpg"><img src="/images/b.svg"></p>'
    converted = Converted(html, (("summary", '<img src="{static}/images/c.png">', True),), ())
    shown = reader_cache.shown_pictures(converted, tmp_path, "https://site.example")
    assert shown == ["images/a.jpg", "images/b.svg", "images/c.png"]
    cache = ReaderCache(tmp_path / "cache", "k", tmp_path, "")
    assert cache.get("nichts") is None


def test_a_text_without_an_img_tag_is_not_parsed_and_one_in_capitals_is(tmp_path, monkeypatch):
    from regional_showcase.reader import Converted

    body = '<p>Text</p><IMG SRC="/images/a.jpg">'
    assert reader_cache.shown_pictures(Converted(body, (), ()), tmp_path, "") == ["images/a.jpg"]

    def no_parser():
        raise AssertionError("parsed a text without <img>")

    monkeypatch.setattr(reader_cache, "_Images", no_parser)
    plain = Converted(
        "<p>Kein Bild, nur <em>Text</em> &lt;img&gt;</p>", (("summary", "x", True),), ()
    )
    assert reader_cache.shown_pictures(plain, tmp_path, "") == []


def test_the_preview_writes_the_cache_it_keeps_in_memory_at_most_once_a_minute(tmp_path):
    from regional_showcase.reader import Converted

    cache = ReaderCache(tmp_path, "k", tmp_path, "")
    cache.save_interval = 60.0
    cache.put("eins", Converted("<p>Eins</p>", (), ()))
    cache.save()
    cache.put("zwei", Converted("<p>Zwei</p>", (), ()))
    cache.save()  # within the minute: kept in memory only
    (file,) = tmp_path.glob("reader-*.json")
    assert set(json.loads(file.read_text(encoding="utf-8"))["posts"]) == {"eins"}
    assert cache.get("zwei") is not None
