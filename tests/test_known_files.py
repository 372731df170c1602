"""Files known by identity (known_files.py): a hard link of a file read before is not read
again; a rewritten file is, and so is one written just before it was read."""

from __future__ import annotations

import os
import shutil
import time

from regional_showcase.completeness_stamp import content_stamp, write_stamp
from regional_showcase.known_files import (
    MACHINE,
    RACY_NS,
    KnownFiles,
    known_digests,
    sha256_hex,
)


def aged(path, seconds: float = 10.0):
    then = time.time_ns() - int(seconds * 1e9)
    os.utime(path, ns=(then, then))
    return path


def test_a_hard_link_of_a_known_file_is_not_read_and_a_rewritten_file_is(tmp_path):
    page = tmp_path / "a.html"
    page.write_bytes(b"alt")
    aged(page)
    first = KnownFiles()
    assert first.value(page) == sha256_hex(b"alt")
    os.link(page, tmp_path / "b.html")
    reads: list[bytes] = []
    known = KnownFiles(first.now)
    assert known.value(tmp_path / "b.html", lambda data: reads.append(data)) == sha256_hex(b"alt")
    assert reads == []
    (tmp_path / "b.html").write_bytes(b"neu")  # through the link: a new time
    assert known.value(tmp_path / "b.html") == sha256_hex(b"neu")
    assert known.value(tmp_path / "fehlt.html") is None


def test_a_file_written_just_before_it_was_read_is_read_again_next_time(tmp_path):
    page = tmp_path / "a.html"
    page.write_bytes(b"frisch")
    known = KnownFiles()
    known.value(page)
    assert list(known.now) == [MACHINE]  # racily clean: a same-tick write would not show
    aged(page, seconds=2 * RACY_NS / 1e9)
    known.value(page)
    assert len(known.now) == 2


def test_the_stamp_from_known_digests_equals_the_stamp_read_in_full(tmp_path):
    site = tmp_path / "site"
    for name in ("index.html", "a/index.html", "bild.webp"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(name.encode() * 50)
        aged(site / name)
    record = tmp_path / "stamp-record.json"
    with known_digests(record) as digest:
        write_stamp(site, digest)
    fresh = tmp_path / "site.new-1"
    shutil.copytree(site, fresh, copy_function=os.link)
    (fresh / "a/index.html").write_bytes(b"A" * 600)  # through the link, same size as before
    (fresh / "bild.webp").unlink()
    (fresh / "bild.webp").write_bytes(b"neu")
    with known_digests(record) as digest:
        stamp = write_stamp(fresh, digest)
    assert stamp == content_stamp(fresh)


def test_what_another_machine_or_boot_saw_is_not_reused(tmp_path):
    """A cache/ restored on a CI runner: restored files keep their times, not their inodes."""
    page = tmp_path / "a.html"
    page.write_bytes(b"alt")
    aged(page)
    seen = KnownFiles()
    seen.value(page)
    elsewhere = {**seen.now, MACHINE: "ein anderer Rechner"}
    reads: list[bytes] = []
    KnownFiles(elsewhere).value(page, lambda data: reads.append(data))
    assert reads == [b"alt"]
