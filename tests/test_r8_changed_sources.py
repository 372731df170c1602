"""Review of round 8's kept page keys (preview/changed_sources.py): a post's line carried
over for an unchanged file must still be its line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from test_changed_sources import Post, site

from regional_showcase.deferred_saves import deferring, run
from regional_showcase.preview.changed_sources import EVENTS_DAY, ONLINE, ChangedSources


def line(post) -> str:
    """changed_sources.post_line's parts that follow the time: the status and the address
    Pelican gives a draft."""
    return f"{post.url}|{post.status}|{post.metadata}"


def build(file: Path, context: dict, digests: dict, pages: dict) -> ChangedSources:
    """One build's ChangedSources, its pages noted and saved, as the writer does."""
    changes = ChangedSources(file)
    changes.start(lambda: "welt", context, digests.get, line)
    for name, (key, template, post) in pages.items():
        changes.note(name, key, template, post)
    with deferring() as held:
        changes.save()
    run(held)
    return changes


def test_a_scheduled_post_coming_online_walks_the_listings(tmp_path):
    """make publish (WITH_FUTURE_DATES = False): a post dated 15:00 is a draft in the
    build at 13:00 and online in the build at 16:00, its file unchanged. The listings
    must show it: they may not keep the 13:00 build's keys."""
    file = tmp_path / "page-keys.json"
    online, due = Post("a.md"), Post("b.md")
    due.status, due.url = "draft", "entwuerfe/b.html"
    digests = {"a.md": "h-a", "b.md": "h-b"}
    pages = {"index.html": ("key-index", "index|t", None), "a.html": ("key-a", "t", online)}
    build(file, {**site(online), "drafts": [due]}, digests, pages)
    due.status, due.url = "published", "b.html"  # its time has come: Pelican's article
    changes = build(file, site(online, due), digests, {})
    assert changes.kept("index.html", "index|t") is None


def test_a_press_release_coming_online_walks_the_pages(tmp_path):
    """A press release dated later today comes online with the build after its time, its
    file unchanged (press/generator.py is_online): the press pages that list it may not
    keep the earlier build's keys. The press generator says which it put online (ONLINE)."""
    file = tmp_path / "page-keys.json"
    post = Post("a.md")
    digests = {"a.md": "h-a"}
    pages = {"presse/index.html": ("key-press", "press|t", None)}
    release = "content/presse/2026-12-07-heute.md"
    build(file, {**site(post), ONLINE: ()}, digests, pages)
    assert build(file, {**site(post), ONLINE: ()}, digests, pages).kept(
        "presse/index.html", "press|t"
    )
    changes = build(file, {**site(post), ONLINE: (release,)}, digests, {})
    assert changes.kept("presse/index.html", "press|t") is None


def test_the_events_day_the_generator_took_walks_the_pages(tmp_path):
    """A build begun just before midnight: the events generator took the old day (an
    event of that day still upcoming), the world's day, read at the first page, is the new
    one. The next build, on the new day, may not keep those pages' keys."""
    file = tmp_path / "page-keys.json"
    post = Post("a.md")
    digests = {"a.md": "h-a"}
    pages = {"index.html": ("key-index", "index|t", None)}
    build(file, {**site(post), EVENTS_DAY: dt.date(2026, 12, 7)}, digests, pages)
    changes = build(file, {**site(post), EVENTS_DAY: dt.date(2026, 12, 8)}, digests, {})
    assert changes.kept("index.html", "index|t") is None
