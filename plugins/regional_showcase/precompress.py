"""Precompressed .gz and .br siblings of the site's text files, for hosts that serve them.

pelican-precompress does the same at Brotli's quality 11, which on this site costs 40 times
the time of quality 7 for a file 7 % smaller (measured on 326 pages and feeds: 11.9 s against
0.27 s); at thousands of posts that was most of the publish build. Output is byte-identical
from run to run: gzip without a time stamp, Brotli with fixed settings.

`make publish` builds into a fresh folder beside the last complete output (build_record.py).
A sibling is taken over (hard link, else copy) from there when the record
(cache/showcase/precompress-record.json, `--record`) shows it was made by the same compressor
(this module's code, Brotli's and zlib's versions) from the same bytes, and the old sibling
still has the recorded bytes; everything else is compressed again. Those bytes are compared
by SHA-256, known by each file's identity (known_files.py): a file taken over as a hard link
and the old siblings are not read again.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import brotli

from .atomic_write import write_bytes
from .known_files import KnownFiles

TEXT_SUFFIXES = {".html", ".xml", ".json", ".css", ".js", ".svg", ".txt", ".xsl", ".ics"}
MIN_SIZE = 256  # smaller files gain nothing worth a second request path
BROTLI_QUALITY = 7


SUFFIXES = (".gz", ".br")


def compressor() -> str:
    """What a sibling's bytes depend on besides its file: this code and the libraries."""
    versions = f"{brotli.version}|{zlib.ZLIB_RUNTIME_VERSION}|{BROTLI_QUALITY}"
    return hashlib.sha256(Path(__file__).read_bytes() + versions.encode()).hexdigest()


def _take_over(file: Path, name: str, previous: Path, held: list | None, known: KnownFiles) -> bool:
    """Link the siblings the last build made from the same bytes (see the module's text)."""
    if held is None or known.value(file) != held[0]:
        return False
    olds = [previous / (name + suffix) for suffix in SUFFIXES]
    if [known.value(old) if old.exists() else None for old in olds] != held[1:]:
        return False
    for old, suffix in zip(olds, SUFFIXES, strict=True):
        if old.exists():
            target = file.with_name(file.name + suffix)
            try:
                os.link(old, target)
            except OSError:
                shutil.copy2(old, target)
    return True


def _compress(file: Path) -> int:
    data = file.read_bytes()
    written = 0
    for suffix, packed in (
        (".gz", gzip.compress(data, compresslevel=9, mtime=0)),
        (".br", brotli.compress(data, quality=BROTLI_QUALITY, mode=brotli.MODE_TEXT)),
    ):
        if len(packed) < len(data):
            # Whole or not at all: an interrupted run leaves no 0-byte sibling behind.
            write_bytes(file.with_name(file.name + suffix), packed)
            written += 1
    return written


def text_files(output: Path) -> list[Path]:
    """The files to compress: text files of MIN_SIZE bytes or more, siblings left out."""
    found = []
    for folder, _dirs, names in os.walk(output):
        for name in names:
            if os.path.splitext(name)[1] in TEXT_SUFFIXES:
                path = Path(folder, name)
                if path.stat().st_size >= MIN_SIZE:
                    found.append(path)
    return sorted(found)


def precompress(output: Path, previous: Path | None = None, record: Path | None = None) -> int:
    """Write the siblings for every text file under output; return how many were written.
    With `previous` (the last complete output) and `record`, siblings of unchanged files are
    taken over from `previous` instead (counted too)."""
    files = text_files(output)
    made_by = compressor()
    held: dict = {}
    saved: dict = {}
    if record is not None:
        try:
            saved = json.loads(record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            saved = {}
        if previous is not None and saved.get("compressor") == made_by:
            held = saved.get("files", {})
    # The old siblings are taken over by their hashes: by ctime too, regular files only.
    known = KnownFiles(saved.get("known"), changes=True)

    def one(file: Path) -> tuple[int, list | None]:
        """Siblings written or taken over, and the record's entry when it is the held one."""
        name = file.relative_to(output).as_posix()
        entry = held.get(name)
        if previous is not None and _take_over(file, name, previous, entry, known):
            return sum(file.with_name(file.name + s).exists() for s in SUFFIXES), entry
        return _compress(file), None

    def entry_of(file: Path) -> list:
        siblings = [file.with_name(file.name + s) for s in SUFFIXES]
        return [known.value(file), *(known.value(s) if s.exists() else None for s in siblings)]

    # zlib and Brotli release the GIL while compressing, so threads use every core; each
    # thread takes a share of the files (a task per file cost more than a taken-over file).
    workers = os.cpu_count() or 2
    shares = [files[start::workers] for start in range(workers)]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        done = [
            result for share in pool.map(lambda s: [one(f) for f in s], shares) for result in share
        ]
        count = sum(written for written, _ in done)
        if record is not None:
            ordered = [file for share in shares for file in share]
            fresh = [
                file
                for file, (_, held_entry) in zip(ordered, done, strict=True)
                if held_entry is None
            ]
            computed = dict(zip(fresh, pool.map(entry_of, fresh), strict=True))
            entries = {
                file.relative_to(output).as_posix(): held_entry or computed[file]
                for file, (_, held_entry) in zip(ordered, done, strict=True)
            }
    if record is not None:
        record.parent.mkdir(parents=True, exist_ok=True)
        state = {"compressor": made_by, "files": entries, "known": known.now}
        write_bytes(record, json.dumps(state, sort_keys=True).encode())
    return count
