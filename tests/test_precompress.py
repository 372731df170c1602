"""Text files get .gz and .br siblings that unpack to exactly the original."""

from __future__ import annotations

import gzip

import brotli

from regional_showcase.precompress import MIN_SIZE, TEXT_SUFFIXES


def test_every_text_file_has_faithful_gz_and_br_siblings(published):
    checked = 0
    for file in published.output.rglob("*"):
        if file.suffix not in TEXT_SUFFIXES or file.stat().st_size < MIN_SIZE:
            continue
        data = file.read_bytes()
        assert gzip.decompress(file.with_name(file.name + ".gz").read_bytes()) == data, file
        assert brotli.decompress(file.with_name(file.name + ".br").read_bytes()) == data, file
        checked += 1
    assert checked > 50
