"""What the preview's skipping depends on: settings, plugin code, and what left the site."""

from __future__ import annotations

import json
import os

from regional_showcase.preview.manifest import (
    PreviewManifest,
    inputs_fingerprint,
    settings_digest,
)
from regional_showcase.settings import ShowcaseSettings
from regional_showcase.staff.serve import MemoryBytecodeCache

from expectations import ROOT

SETTINGS = ShowcaseSettings.from_pelican(
    {"PATH": str(ROOT / "content"), "SHOWCASE_DATA": str(ROOT / "data/regions.yaml")}
)


def test_a_changed_setting_changes_the_digest():
    assert settings_digest({"SITENAME": "A"}) != settings_digest({"SITENAME": "B"})


def test_functions_in_the_settings_do_not_change_the_digest_from_process_to_process():
    def date_de():
        pass

    first = {"JINJA_FILTERS": {"date_de": date_de}}
    again = {"JINJA_FILTERS": {"date_de": lambda: None}}
    again["JINJA_FILTERS"]["date_de"].__qualname__ = date_de.__qualname__
    assert settings_digest(first) == settings_digest(again)


def test_the_compiled_templates_do_not_count_the_other_jinja_options_and_settings_do():
    cache = MemoryBytecodeCache()
    settings = {"SITENAME": "A", "JINJA_ENVIRONMENT": {"bytecode_cache": cache, "trim_blocks": 1}}
    before = settings_digest(settings)
    cache.codes["base.html"] = ("checksum", compile("x = 1", "base.html", "exec"))
    assert settings_digest(settings) == before
    assert settings["JINJA_ENVIRONMENT"]["bytecode_cache"] is cache, "the settings unchanged"
    options = {"bytecode_cache": cache, "trim_blocks": 0}
    assert settings_digest({**settings, "JINJA_ENVIRONMENT": options}) != before
    assert settings_digest({**settings, "SITENAME": "B"}) != before


def test_a_changed_plugin_file_changes_the_fingerprint(tmp_path):
    code = tmp_path / "plugin"
    code.mkdir()
    module = code / "render.py"
    module.write_text("X = 1\n", encoding="utf-8")
    before = inputs_fingerprint(SETTINGS, [], {"SITENAME": "A"}, code)
    module.write_text("X = 22\n", encoding="utf-8")
    os.utime(module, ns=(1, 1))
    assert inputs_fingerprint(SETTINGS, [], {"SITENAME": "A"}, code) != before
    assert inputs_fingerprint(SETTINGS, [], {"SITENAME": "B"}, code) != inputs_fingerprint(
        SETTINGS, [], {"SITENAME": "A"}, code
    )


def test_pages_the_last_build_wrote_and_this_one_did_not_are_removed(tmp_path):
    output = tmp_path / "output"
    (output / "aktuelles/2024/alt").mkdir(parents=True)
    (output / "aktuelles/2024/alt/index.html").write_text("alt", encoding="utf-8")
    (output / "index.html").write_text("start", encoding="utf-8")
    (output / "bild.png").write_bytes(b"nicht vom Writer")
    manifest_file = tmp_path / "manifest.json"
    written = ["aktuelles/2024/alt/index.html", "index.html"]
    manifest_file.write_text(json.dumps({"pages": {}, "written": written}), encoding="utf-8")
    manifest = PreviewManifest(manifest_file, output)
    manifest.record("index.html")
    assert manifest.remove_stale() == ["aktuelles/2024/alt/index.html"]
    assert not (output / "aktuelles").exists(), "empty folders go too"
    assert (output / "index.html").is_file() and (output / "bild.png").is_file()
    manifest.save()
    assert json.loads(manifest_file.read_text(encoding="utf-8"))["written"] == ["index.html"]


def test_the_scheduled_banner_date_is_german_and_in_berlin_time():
    import datetime as dt
    from zoneinfo import ZoneInfo

    from regional_showcase.german import datetime_de

    berlin = dt.datetime(2099, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert datetime_de(berlin) == "2. März 2099, 09:00 Uhr"
