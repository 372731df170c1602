"""`make serve`'s own costs around a rebuild: the garbage collector between saves
(PreviewBuilder.idle), files left when they hold the same bytes (atomic_write.same_bytes_left),
file digests kept by identity (preview/file_digests.py) and the web editor's facts of each
text kept by them (PreviewMemo.file_facts). Unit tests: milliseconds."""

from __future__ import annotations

import gc
import os
import types
import weakref

import pytest

from regional_showcase import atomic_write
from regional_showcase.cms.config import content_state
from regional_showcase.preview import file_digests
from regional_showcase.preview.file_digests import FileDigests
from regional_showcase.preview.memo import PreviewMemo
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
    memo = PreviewMemo()
    assert content_state(settings, memo) == content_state(settings)
    before = post.stat()
    post.write_text("---\ntitle: Eins\nslug: bbbb\n---\n\nText.\n", encoding="utf-8")
    os.utime(post, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert content_state(settings, memo)["taken"]["news"] == ["2026/bbbb"]
