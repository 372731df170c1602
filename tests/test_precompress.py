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


def test_commands_report_what_they_wrote(project):
    from sitebuild import run_showcase

    output = project / "site"
    output.mkdir()
    (output / "index.html").write_text("<!doctype html><title>x</title>" + "Text " * 200)
    result = run_showcase(project, "precompress", str(output))
    assert (
        result.returncode == 0
        and result.stdout == f"Wrote 2 precompressed files (.gz, .br) in {output}\n"
    )
    result = run_showcase(project, "schema", "--output", "data/neu.schema.json")
    assert result.stdout == "Wrote data/neu.schema.json\n"
    assert (project / "data/neu.schema.json").read_text() == (
        project / "data/regions.schema.json"
    ).read_text()
