"""Text files get .gz and .br siblings that unpack to exactly the original."""

from __future__ import annotations

import gzip

import brotli
import pytest

from regional_showcase.precompress import MIN_SIZE, TEXT_SUFFIXES
from regional_showcase.staff.cli import main

from sitebuild import ROOT


@pytest.mark.build
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


def test_commands_report_what_they_wrote(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    output = tmp_path / "site"
    output.mkdir()
    (output / "index.html").write_text("<!doctype html><title>x</title>" + "Text " * 200)
    assert main(["precompress", str(output)]) == 0
    assert capsys.readouterr().out == (
        f"2 vorkomprimierte Dateien (.gz, .br) in {output} geschrieben\n"
    )
    assert sorted(p.name for p in output.iterdir()) == [
        "index.html",
        "index.html.br",
        "index.html.gz",
    ]
    (tmp_path / "data").mkdir()
    assert main(["schema", "--output", "data/neu.schema.json"]) == 0
    assert capsys.readouterr().out == "data/neu.schema.json geschrieben\n"
    assert (tmp_path / "data/neu.schema.json").read_text() == (
        ROOT / "data/regions.schema.json"
    ).read_text()
