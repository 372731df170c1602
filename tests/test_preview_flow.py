"""`make serve`'s own costs around a rebuild: the garbage collector between saves
(PreviewBuilder.idle), files left when they hold the same bytes (atomic_write.same_bytes_left),
file digests kept by identity (preview/file_digests.py) and the web editor's facts of each
text kept by them (PreviewMemo.file_facts). Unit tests: milliseconds."""

from __future__ import annotations

import gc
import hashlib
import os
import types
import weakref
from pathlib import Path

import pytest

from regional_showcase import atomic_write
from regional_showcase.build_record import tree_digest
from regional_showcase.cms.config import NEWS_FILE, _markdown, content_state
from regional_showcase.cms.text_facts import text_facts
from regional_showcase.preview import file_digests, kept_content
from regional_showcase.preview.file_digests import FileDigests
from regional_showcase.preview.manifest import PreviewManifest
from regional_showcase.preview.memo import PreviewMemo, tree_stat
from regional_showcase.resolved_links import refused_in, unsafe_addresses
from regional_showcase.staff.serve import PreviewBuilder


class Node:
    pass


def cycle() -> Node:
    node = Node()
    node.me = node
    return node


def test_idle_collects_what_a_build_dropped_and_freezes_what_lives_on():
    builder = PreviewBuilder("pelicanconf.py", "output")
    try:
        dropped = cycle()
        gone = weakref.ref(dropped)
        del dropped
        lives = cycle()
        builder.idle()
        assert gone() is None, "the last build's cycles are collected"
        assert gc.get_freeze_count() > 0, "what lives on is out of the full passes"
        # Dropped by the next build while frozen: the next idle collects it all the same.
        later = weakref.ref(lives)
        del lives
        builder.idle()
        assert later() is None
    finally:
        gc.unfreeze()


def test_a_build_runs_without_collections_and_collects_first_when_saves_keep_coming(
    monkeypatch,
):
    """The collector's passes, 120 and more per build, wait for idle(), also the first one
    over what the build left young (switched back on at the build's end, it ran before the
    page could reload); the next build collects first when UNCOLLECTED_BUILDS went by
    without one; a failed build as a good one (make serve's loop calls idle() after
    either)."""
    from regional_showcase.staff import serve

    seen, idled = [], []
    monkeypatch.setattr(serve, "read_settings", lambda *a, **k: {})
    monkeypatch.setattr(serve.KeptBuilds, "idle", lambda self: idled.append(1) or None)

    def run(self):
        seen.append(gc.isenabled())
        raise RuntimeError("kaputt")

    monkeypatch.setattr(serve.Pelican, "__init__", lambda self, settings: None)
    monkeypatch.setattr(serve.Pelican, "run", run)
    builder = PreviewBuilder("pelicanconf.py", "output")
    assert gc.isenabled()
    try:
        for _ in range(serve.UNCOLLECTED_BUILDS + 1):
            assert not builder.build()
            assert not gc.isenabled(), "the collector waits for idle()"
        assert seen == [False] * (serve.UNCOLLECTED_BUILDS + 1)
        assert idled == [1]
    finally:
        gc.enable()


def test_a_preview_build_leaves_a_file_with_the_same_bytes_and_sets_its_time(tmp_path):
    target = tmp_path / "feed.json"
    atomic_write.write_bytes(target, b"[1]")
    old = 1_000_000_000_000_000_000
    os.utime(target, ns=(old, old))
    inode = target.stat().st_ino
    with atomic_write.same_bytes_left():
        atomic_write.write_bytes(target, b"[1]")
        assert target.stat().st_ino == inode and target.stat().st_mtime_ns > old
        atomic_write.write_bytes(target, b"[1")  # a part of what it holds is not the same
        assert target.read_bytes() == b"[1"
        atomic_write.write_bytes(target, b"[2")
        assert target.read_bytes() == b"[2"
    inode = target.stat().st_ino
    atomic_write.write_bytes(target, b"[2")  # outside: written as always
    assert target.stat().st_ino != inode


@pytest.fixture
def settled(monkeypatch):
    """Every file counts as changed long before it was read (no racy file)."""
    monkeypatch.setattr(file_digests, "RACY_NS", -(10**18))


def test_a_kept_digest_is_used_until_the_file_changes(tmp_path, settled):
    digests = FileDigests()
    file = tmp_path / "a.md"
    file.write_text("eins", encoding="utf-8")
    first = digests.digest(file)
    assert digests.digest(file) == first and digests.reads == 1
    before = file.stat()
    file.write_text("zwei", encoding="utf-8")  # same size, the time set back
    os.utime(file, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert digests.digest(file) not in (first, None) and digests.reads == 2
    file.unlink()
    assert digests.digest(file) is None


def test_a_file_changed_just_before_it_was_read_is_read_again(tmp_path):
    digests = FileDigests()
    file = tmp_path / "a.md"
    file.write_text("eins", encoding="utf-8")
    digests.digest(file)
    digests.digest(file)
    assert digests.reads == 2


def test_the_editors_kept_facts_of_a_text_follow_its_bytes(settled, tmp_path):
    news = tmp_path / "content/news"
    news.mkdir(parents=True)
    post = news / "2026-11-01-eins.md"
    post.write_text("---\ntitle: Eins\nslug: aaaa\n---\n\nText.\n", encoding="utf-8")
    # What content_state reads of the settings.
    settings = types.SimpleNamespace(
        content_path=tmp_path / "content",
        article_paths=("news",),
        page_paths=("pages",),
        languages=("de",),
        events_path=tmp_path / "content/termine",
    )
    for name in ("pages/a-b.md", "pages/a/b.md", "pages/a.md/c.md", "pages/x.MD"):
        (tmp_path / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "content" / name).write_text("Text.\n", encoding="utf-8")
    root = tmp_path / "content"
    assert _markdown(root) == sorted(p for p in root.rglob("*.md") if p.is_file())
    memo = PreviewMemo()
    assert content_state(settings, memo) == content_state(settings)
    before = post.stat()
    post.write_text("---\ntitle: Eins\nslug: bbbb\n---\n\nText.\n", encoding="utf-8")
    os.utime(post, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert content_state(settings, memo)["taken"]["news"] == ["2026/bbbb"]


def globbed_taken(settings, texts: dict) -> dict:
    """content_state's taken addresses as they were found with pathlib's globs (the
    reference for their lists and order)."""
    root, taken = settings.content_path, {}
    for kind, top in (("news", settings.article_paths[0]), ("pages", settings.page_paths[0])):
        for lang in ("", *settings.languages[1:]):
            folder = root / top / lang if lang else root / top
            found = [p for p in sorted(folder.glob("*.md")) if p in texts]
            if kind == "news":
                matches = [(NEWS_FILE.match(p.name), p) for p in found]
                keys = [f"{m.group(1)}/{texts[p][1] or p.stem}" for m, p in matches if m]
            else:
                keys = [texts[p][1] or p.stem for p in found]
            taken[f"{kind}_{lang}" if lang else kind] = keys
    events = sorted(settings.events_path.rglob("*.md"))
    taken["events"] = [texts[p][1] or p.stem for p in events if p in texts]
    return taken


def test_the_taken_addresses_are_those_the_folders_hold(tmp_path):
    root = tmp_path / "content"
    settings = types.SimpleNamespace(
        content_path=root,
        article_paths=("news",),
        page_paths=("pages",),
        languages=("de", "en"),
        events_path=root / "termine",
    )
    for name in (
        "news/2026-01-02-b.md",
        "news/2025-12-31-a.md",
        "news/ohne-datum.md",
        "news/en/2026-01-03-c.md",
        "news/tief/2026-01-04-d.md",  # below the news folder: not a post's address
        "news/.2026-01-05-e.md",
        "pages/impressum.md",
        "pages/en/imprint.md",
        "pages/a.md/b.md",
        "termine/2026/ein-fest.md",
        "termine/zwei.md",
        "termine-alt/drei.md",  # beside the events' folder, not in it
    ):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(f"---\ntitle: T\nslug: s-{len(name)}\n---\n", encoding="utf-8")
    (root / "news/2026-02-01-x.md").mkdir()  # a folder, not a text
    (root / "news/2026-02-02-link.md").symlink_to(root / "news/2026-01-02-b.md")
    (root / "news/2026-02-03-gone.md").symlink_to(root / "nirgends.md")
    (root / "news/en/2026-01-04-ohne.md").write_text("Kein Kopf.\n", encoding="utf-8")
    texts = {path: text_facts(path) for path in _markdown(root)}
    state = content_state(settings)
    assert state["taken"] == globbed_taken(settings, texts)
    assert state["taken"]["events"] == ["s-24", "s-15"]
    assert len(state["taken"]["news"]) == 3 and len(state["taken"]["news_en"]) == 2
    # The walk's Paths are the same objects in the next build (their hash worked out once).
    assert all(a is b for a, b in zip(_markdown(root), texts, strict=True))


def pathlib_tree_stat(root, skip=(), suffixes=()) -> str:
    """tree_stat as it was written with pathlib (the reference for its lines and order)."""
    digest = hashlib.sha256()
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if "__pycache__" in path.parts or (
                any(path.is_relative_to(folder) for folder in skip)
                and (not suffixes or path.suffix.lower() in suffixes)
            ):
                continue
            try:
                stat = path.stat()
            except OSError:
                continue
            digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def test_tree_stat_walks_as_pathlib_did(tmp_path):
    root = tmp_path / "content"
    for name in (
        "a/x.md",
        "a-b/x.md",
        "a.b",
        "A/y.png",
        ".versteckt/z.md",
        "news/p.md",
        "news/bild.jpg",
        "news/__pycache__/c.pyc",
        "news/tief/q.MD",
    ):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(name, encoding="utf-8")
    (root / "link").symlink_to(root / "a", target_is_directory=True)
    (root / "kaputt").symlink_to(root / "fehlt")
    cases = [((), ()), ((root / "news",), (".md",)), ((root / "news", root / "a"), ())]
    for skip, suffixes in cases:
        assert tree_stat(root, skip=skip, suffixes=suffixes) == pathlib_tree_stat(
            root, skip, suffixes
        )
    before = tree_stat(root)
    (root / "a-b/x.md").write_text("anders", encoding="utf-8")
    assert tree_stat(root) != before
    assert tree_stat(tmp_path / "fehlt") == pathlib_tree_stat(tmp_path / "fehlt")


def test_the_kept_tree_digest_is_build_records_and_follows_the_files(tmp_path, settled):
    root = tmp_path / "code"
    for name in ("a/x.py", "a-b/x.py", "b.py", "__pycache__/b.pyc", "a/daten.json"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(name, encoding="utf-8")
    (root / "verweis.py").symlink_to(root / "b.py")
    digests = FileDigests()
    assert tree_digest(root, hashed=digests.digest) == tree_digest(root)
    changed = root / "a/daten.json"
    before = changed.stat()
    changed.write_text("a/daten.jsoN", encoding="utf-8")  # same size, the time set back
    os.utime(changed, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert tree_digest(root, hashed=digests.digest) == tree_digest(root)
    assert tree_digest(root / "b.py", hashed=digests.digest) == tree_digest(root / "b.py")


def test_a_kept_verdict_on_resolved_links_holds_for_its_text_and_addresses():
    html = '<p><img src="https://a.example/bild.png" alt="Bild"></p>'
    assert refused_in(html, ("https://a.example",)) == ()
    elsewhere = refused_in(html, ("https://b.example",))
    assert elsewhere and elsewhere == tuple(unsafe_addresses(html, ("https://b.example",)))
    script = html.replace("<p>", "<p><script>x()</script>")
    assert refused_in(script, ("https://a.example",)) == ("<script>",)


NAMES = (
    *("aktuelles/2026/eins/index.html", "index.html", "./a.html", "a//b.html", "a/./b.html"),
    *("a/../b.html", "a/", "/x.html", "", ".", "a/.well/x", "a.b/c.d", "ä/ö.xml", "a/b/"),
)


@pytest.mark.parametrize("name", NAMES)
def test_a_page_written_is_named_as_path_names_it(tmp_path, name):
    manifest = PreviewManifest(tmp_path / "manifest.json", tmp_path)
    manifest.record(name)
    assert manifest.written == {Path(name).as_posix()}


def test_a_kept_relative_source_path_follows_the_working_folder_and_path(tmp_path, monkeypatch):
    from pelican.contents import Content

    # Pelican's own (an earlier preview build in this process may have memoized it).
    original = getattr(Content.get_relative_source_path, "original", None)
    original = original or Content.get_relative_source_path
    monkeypatch.setattr(Content, "get_relative_source_path", original)  # restored after
    kept_content.memoize_relative_source_paths()
    memoized = Content.get_relative_source_path
    assert memoized is not original
    post = types.SimpleNamespace(settings={"PATH": "content"}, source_path=None)
    for folder in (tmp_path / "eins", tmp_path / "zwei"):
        folder.mkdir()
        monkeypatch.chdir(folder)
        for asked in (str(tmp_path / "eins/content/news/a.md"), "news/b.md"):
            post.source_path = asked
            assert memoized(post) == original(post)
            assert memoized(post, "../x.md") == original(post, "../x.md")
    post.source_path = str(tmp_path / "zwei/content/x.md")
    assert memoized(post) == original(post) == "x.md"
    post.settings["PATH"] = "anderswo"
    assert memoized(post) == original(post)
    post.source_path = None
    assert memoized(post) is None
    # An absolute PATH (Pelican's own setting is one): the working folder is not asked, and
    # the answer is the same from every folder; another PATH is answered anew.
    post.settings["PATH"] = str(tmp_path / "eins/content")
    post.source_path = str(tmp_path / "eins/content/news/c.md")
    expected = original(post)
    with monkeypatch.context() as patched:
        patched.setattr(os, "getcwd", lambda: pytest.fail("the working folder was asked"))
        assert memoized(post) == expected == "news/c.md"
        assert memoized(post, "../d.md") == "../d.md"
        post.settings["PATH"] = str(tmp_path / "eins")
        assert memoized(post) == "content/news/c.md"
