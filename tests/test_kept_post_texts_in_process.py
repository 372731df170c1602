"""The build server's process keeps cache/'s kept post texts in memory from one build to the
next (followed_reads.kept_posts_of): read from the file once, saved after each build."""

from __future__ import annotations

import json

from regional_showcase.preview import followed_reads
from regional_showcase.preview.followed_reads import KeptPosts, kept_posts_of


def test_a_process_that_builds_again_reads_the_file_once(tmp_path, monkeypatch):
    file = tmp_path / "kept-post-texts.json"
    saved = {"world": "w", "posts": [["a.md", 0, "k", {"slot": "text"}]], "reads": []}
    file.write_text(json.dumps(saved), encoding="utf-8")
    monkeypatch.setattr(followed_reads, "_KEPT_BY_FILE", {})
    loads = []
    load = KeptPosts._load
    monkeypatch.setattr(KeptPosts, "_load", lambda self: loads.append(1) or load(self))
    first = kept_posts_of(file, again=True)
    first.enter("w")
    assert first.get(("a.md", 0), "k", "slot") == "text"
    first.save()
    second = kept_posts_of(file, again=True)
    second.enter("w")
    assert second is first and loads == [1]
    assert second.used == set()  # this build's posts only
    assert second.get(("a.md", 0), "k", "slot") == "text"
    # Another key (the post changed) is not handed the kept text.
    assert second.get(("a.md", 0), "other", "slot") is None
    # A fresh process reads the file.
    assert kept_posts_of(file, again=False) is not first


def test_after_a_save_memory_holds_what_the_file_holds(tmp_path, monkeypatch):
    """A post the build did not show (deleted) leaves the memory as it leaves the file."""
    file = tmp_path / "kept-post-texts.json"
    monkeypatch.setattr(followed_reads, "_KEPT_BY_FILE", {})
    kept = kept_posts_of(file, again=True)
    kept.enter("w")
    for name, text in (("a.md", "A"), ("b.md", "B")):  # asked for, then made (as the walk)
        assert kept.get((name, 0), "k", "slot") is None
        kept.put((name, 0), "k", "slot", text)
    kept.save()
    kept = kept_posts_of(file, again=True)
    kept.enter("w")
    assert kept.get(("a.md", 0), "k", "slot") == "A"  # b.md deleted: not asked for
    kept.save()
    on_disk = json.loads(file.read_text(encoding="utf-8"))["posts"]
    assert [entry[0] for entry in on_disk] == ["a.md"]
    assert list(kept.posts) == [("a.md", 0)]
