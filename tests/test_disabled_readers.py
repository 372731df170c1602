"""Pelican's walk for files of disabled readers (check_disabled_readers) is left out where no
reader is disabled, and kept where one is: its warning still comes."""

from __future__ import annotations

import logging
from types import SimpleNamespace

from pelican.generators import ArticlesGenerator
from pelican.readers import Readers

from regional_showcase.generator import skip_empty_reader_check


def generator_with(disabled: dict) -> SimpleNamespace:
    walked: list[str] = []
    generator = SimpleNamespace(
        readers=SimpleNamespace(disabled_readers=disabled),
        check_disabled_readers=lambda: walked.append("walked"),
    )
    generator.walked = walked
    return generator


def test_no_reader_disabled_no_walk():
    generator = generator_with({})
    skip_empty_reader_check(generator)
    generator.check_disabled_readers()
    assert generator.walked == []


def test_a_disabled_reader_still_warns_about_its_files(tmp_path, caplog):
    (tmp_path / "news").mkdir()
    (tmp_path / "news/alt.rst").write_text("Titel\n=====\n", encoding="utf-8")
    settings = {"READERS": {}, "IGNORE_FILES": [], "ARTICLE_PATHS": ["news"]}
    settings["ARTICLE_EXCLUDES"] = []
    generator = object.__new__(ArticlesGenerator)
    generator.path, generator.settings = str(tmp_path), settings
    generator.readers = object.__new__(Readers)
    reader = SimpleNamespace(disabled_message=lambda: "reStructuredText fehlt")
    generator.readers.disabled_readers = {"rst": reader}
    skip_empty_reader_check(generator)
    with caplog.at_level(logging.WARNING):
        generator.check_disabled_readers()
    assert "news/alt.rst: reStructuredText fehlt" in caplog.text
