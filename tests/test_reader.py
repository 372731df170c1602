"""The plugin's reader gives exactly what Pelican's own Markdown reader gives, file after file,
passed through the post sanitizer (see test_post_bodies.py for what that removes).

It reuses one converter for the whole build, so state left over from one post (footnotes,
abbreviations, header fields) must never leak into the next.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import types

import pytest
from pelican.readers import MarkdownReader
from pelican.settings import read_settings

from regional_showcase.data.front_matter import split_header
from regional_showcase.data.posts import default_slug
from regional_showcase.german import is_month_only
from regional_showcase.markup import post_sanitizer
from regional_showcase.parallel import reading
from regional_showcase.reader import ShowcaseMarkdownReader
from regional_showcase.settings import apply_defaults

from expectations import ROOT

TRICKY = [
    "Title: Mit Fußnote\nDate: 2024-01-01\nSummary: Eins[^1].\n\nText[^1].\n\n[^1]: Fußnote.\n",
    "Title: Ohne\nDate: 2024-01-02\nSummary: Zwei.\n\nText ohne Fußnote, *HTML* und ABBR.\n",
    "Title: Abkürzung\nDate: 2024-01-03\nSummary: Drei.\n\nDie BMEL.\n\n*[BMEL]: Ministerium\n",
    "Title: Danach\nDate: 2024-01-04\nSummary: Vier.\n\nWieder BMEL, ohne Definition.\n",
]


def as_pelican_header(text: str) -> str:
    """The same post with its YAML front matter written as Pelican's `Key: value` lines."""
    header = split_header(text, "post.md")
    lines = [f"{name.capitalize()}: {value}" for name, (value, _line) in header.fields.items()]
    return "\n".join(lines) + "\n" + header.body + "\n"


def test_reader_matches_pelican_for_every_post_in_sequence(tmp_path):
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    apply_defaults(settings)
    files = []
    # The shipped posts are in YAML front matter, which Pelican's own reader does not know:
    # compare each with its `Key: value` twin.
    for number, post in enumerate(sorted((ROOT / "content/news").glob("*.md"))):
        text = post.read_text(encoding="utf-8")
        twin = tmp_path / f"twin-{number}.md"
        twin.write_text(as_pelican_header(text), encoding="utf-8")
        files.append((post, twin))
    for number, text in enumerate(TRICKY):
        extra = tmp_path / f"tricky-{number}.md"
        extra.write_text(text, encoding="utf-8")
        files.append((extra, extra))
    ours = ShowcaseMarkdownReader(settings)
    sanitizer = post_sanitizer(settings["SITEURL"])
    for file, twin in files:
        content, metadata = MarkdownReader(settings).read(str(twin))  # a fresh reader per file
        for name in settings["FORMATTED_FIELDS"]:
            if name in metadata:
                metadata[name] = sanitizer.clean(metadata[name])
        # The fields the plugin adds: the key Pelican groups translations by (an
        # original's own slug), which Pelican's reader leaves to each post, and the mark that
        # the sanitizer has seen the texts (resolved_links.py).
        metadata.setdefault("translation_key", metadata.get("slug") or default_slug(file))
        metadata["showcase_sanitized"] = True
        got = ours.read(str(file))
        if is_month_only(got[1].get("date")):
            # `date: 2020-03`: Pelican would fill in today's day; ours is the month itself.
            assert got[1]["date"].strftime("%Y-%m-%d %H:%M") == metadata["date"].strftime(
                "%Y-%m-01 00:00"
            )
            metadata["date"] = got[1]["date"]
        assert got == (sanitizer.clean(content), metadata), file.name


def test_reading_in_workers_gives_what_the_serial_reader_gives(tmp_path):
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    showcase = apply_defaults(settings)
    files = reading.markdown_files(showcase, tuple(ShowcaseMarkdownReader.file_extensions))
    assert any("/news/" in f for f in files) and any("/pages/" in f for f in files)
    # The reader reuses its converters: the tricky posts (footnotes, abbreviations) come
    # after others in each worker, in another order than in the serial run.
    for number, text in enumerate(TRICKY):
        extra = tmp_path / f"tricky-{number}.md"
        extra.write_text(text, encoding="utf-8")
        files.append(str(extra))
    serial = [ShowcaseMarkdownReader(settings).read(f) for f in files]
    reader = ShowcaseMarkdownReader(settings)
    assert reading.start_pool(reading.to_convert(files), reader.convert, 2)
    try:
        parallel = [ShowcaseMarkdownReader(settings).read(f) for f in reversed(files)]
    finally:
        reading.finish()
    assert parallel[::-1] == serial


def test_a_file_names_day_is_the_date_pelicans_get_date_makes():
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    apply_defaults(settings)
    ours, pelicans = ShowcaseMarkdownReader(settings), MarkdownReader(settings)
    days = [dt.date(2023, 1, 1) + dt.timedelta(days=n) for n in range(731)]  # 2024 a leap year
    texts = [day.isoformat() for day in days]
    texts += ["2023-02-29", "2024-02-30", "2024-13-01", "2024-00-10", "0000-01-01", "2024-1-01"]
    texts += ["2024-03-01_10:00", "２０２４-03-01", "01.03.2024", "2024-03-01 "]
    for text in texts:
        try:
            expected = pelicans.process_metadata("date", text)
        except ValueError as error:
            with pytest.raises(ValueError, match=re.escape(str(error))):
                ours.process_metadata("date", text)
            continue
        got = ours.process_metadata("date", text)
        assert (type(got), got, got.tzinfo) == (type(expected), expected, expected.tzinfo), text


def test_a_files_real_path_is_os_realpath_and_follows_a_folder_made_a_link(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content/news").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    for name in ("a.md", "b.md"):
        (tmp_path / "content/news" / name).write_text("x", encoding="utf-8")
        (tmp_path / "elsewhere" / name).write_text("y", encoding="utf-8")
    (tmp_path / "content/linked").symlink_to(tmp_path / "elsewhere")
    (tmp_path / "content/news/c.md").symlink_to(tmp_path / "elsewhere/b.md")
    paths = [
        *(str(tmp_path / "content" / p) for p in ("news/a.md", "linked/a.md", "news/c.md")),
        *("content/news/a.md", "content/linked/b.md", "content/../content/news/c.md", "a.md"),
    ]
    assert [reading._real(p) for p in paths] == [os.path.realpath(p) for p in paths]
    reading.finish()  # a build ends; by the next one news/ is a link
    (tmp_path / "content/news").rename(tmp_path / "old")
    (tmp_path / "content/news").symlink_to(tmp_path / "elsewhere")
    assert reading._real("content/news/a.md") == str(tmp_path / "elsewhere/a.md")


def walked_markdown_files(showcase, extensions: tuple[str, ...]) -> list[str]:
    """markdown_files as it was written with os.walk (the reference for its list and order)."""
    found: dict[str, None] = {}
    for folder in (*showcase.article_paths, *showcase.page_paths):
        top = showcase.content_path / folder
        for directory, subdirs, files in os.walk(top, followlinks=True):
            subdirs[:] = sorted(
                d for d in subdirs if not reading._ignored(d, showcase.ignore_files)
            )
            for name in sorted(files):
                if not reading._ignored(name, showcase.ignore_files) and (
                    name.rpartition(".")[2] in extensions
                ):
                    found[os.path.join(directory, name)] = None
    return list(found)


def test_the_listed_files_are_os_walks_and_their_ready_results_are_keyed_by_real_path(
    tmp_path, monkeypatch
):
    content, elsewhere = tmp_path / "content", tmp_path / "elsewhere"
    for name in (
        "news/b.md",
        "news/a.md",
        "news/z/c.md",
        "news/.#d.md",
        "news/e.txt",
        "pages/f.markdown",
        "pages/g.md",
    ):
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text("x", encoding="utf-8")
    (elsewhere / "sub").mkdir(parents=True)
    (elsewhere / "h.md").write_text("y", encoding="utf-8")
    (elsewhere / "sub/i.md").write_text("y", encoding="utf-8")
    (content / "news/y").symlink_to(elsewhere)  # a linked folder is walked, as os.walk's
    (content / "news/k.md").symlink_to(elsewhere / "h.md")
    (content / "news/gone.md").symlink_to(tmp_path / "nirgends.md")
    showcase = types.SimpleNamespace(
        content_path=content,
        article_paths=("news",),
        page_paths=("pages",),
        ignore_files=(".#*",),
    )
    extensions = ("md", "markdown")
    files = reading.markdown_files(showcase, extensions)
    assert files == walked_markdown_files(showcase, extensions) and len(files) == 9
    # Every file kept by the reader cache: ready under its real path (a link's is its target).
    cache = types.SimpleNamespace(get=lambda digest: digest)
    monkeypatch.setattr(reading, "_cache", cache)
    monkeypatch.setattr(reading, "_digest_of", lambda path: path)
    assert reading.to_convert(files) == []
    try:
        assert reading._ready == {os.path.realpath(path): path for path in files}
    finally:
        reading._ready.clear()
