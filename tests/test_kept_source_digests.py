"""A process that builds again (make serve, the build server) keeps each source file's
digest by the file's identity from one build to the next (build_record.source_digest)."""

from __future__ import annotations

from regional_showcase.build_record import SourceHashes, file_digest, source_digest
from regional_showcase.preview import file_digests
from regional_showcase.preview.file_digests import DIGESTS
from regional_showcase.preview.kept_content import KeptContent, keeping


def test_a_build_again_reads_an_unchanged_source_once_and_an_edited_one_again(
    tmp_path, monkeypatch
):
    # Files written a moment ago count as old enough to keep (no two-second wait here).
    monkeypatch.setattr(file_digests, "RACY_NS", -(10**10))
    post = tmp_path / "post.md"
    post.write_text("Title: A\n\nText.\n", encoding="utf-8")
    reads = DIGESTS.reads
    first = SourceHashes(source_digest(True)).of(post)
    assert DIGESTS.reads == reads + 1
    # The next build of the process: the same digest, the file not read again.
    assert SourceHashes(source_digest(True)).of(post) == first == file_digest(post)
    assert DIGESTS.reads == reads + 1
    # An edit is a new identity (size, times): read again, the new bytes' digest.
    post.write_text("Title: A\n\nAnother text.\n", encoding="utf-8")
    assert SourceHashes(source_digest(True)).of(post) == file_digest(post) != first
    assert DIGESTS.reads == reads + 2


def test_a_build_in_a_fresh_process_reads_its_sources():
    assert source_digest(False) is file_digest


def test_keeping_is_true_while_a_build_keeps_objects():
    store = KeptContent()
    assert not keeping()
    store.begin()
    try:
        assert keeping()
    finally:
        store.end(True)
    assert not keeping()
