"""Review of what a process that builds again keeps across builds (the build server's
WarmBuilder, make serve's PreviewBuilder): a file saved while a build runs, after Pelican or
the input check read it and before the writer hashed it for its keys, must not leave a stale
page in the builds after it (the build it was saved during may show either state; the next
one must equal a clean build). Each build takes one state per file (file_digests.one_pass)
where the check first looks, before anything reads the file.

The end-to-end tests build the site several times: they run with INCREMENTAL_EXAMPLES set,
as test_warm_build's random sequences do; the builders' one state per build is held by the
unit tests below them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_incremental import REGION_FIELDS, SHIPPED_POST, build, files_of
from test_warm_build import DRIVER, Warm

from regional_showcase.preview.file_digests import DIGESTS
from regional_showcase.staff import build as build_module
from regional_showcase.staff import serve
from regional_showcase.staff.warm_build import WarmBuilder

from sitebuild import copy_project

END_TO_END = pytest.mark.skipif(
    not int(os.environ.get("INCREMENTAL_EXAMPLES", "0")), reason="with INCREMENTAL_EXAMPLES"
)
# After every generator made its context (the input check ran in ShowcaseGenerator's
# constructor, before; Pelican read the posts), before anything is written: the files named
# in save-during.json are written with their texts, as an editor's save at that moment.
SAVE_DURING = """
import json as _json
from pathlib import Path as _Path
from pelican import signals as _signals

def _save_during(sender):
    asked = _Path("save-during.json")
    if asked.exists():
        for name, text in _json.loads(asked.read_text("utf-8")).items():
            _Path(name).write_text(text, "utf-8")
        asked.unlink()

_signals.all_generators_finalized.connect(_save_during)
"""


class SavingWarm(Warm):
    """test_warm_build's builder process, with a save during a build when asked."""

    def start(self) -> None:
        driver = DRIVER.replace("builder = WarmBuilder()", SAVE_DURING + "builder = WarmBuilder()")
        assert driver != DRIVER
        env = {**os.environ, "PYTHONPATH": str(self.project / "plugins")}
        self.process = subprocess.Popen(
            [sys.executable, "-c", driver],
            cwd=self.project,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def saved_during_a_build(self, path: Path, text: str) -> None:
        (self.project / "save-during.json").write_text(json.dumps({str(path): text}), "utf-8")
        self.good_build()
        assert not (self.project / "save-during.json").exists(), "saved during that build"


@pytest.fixture
def warm(tmp_path):
    builder = SavingWarm(copy_project(tmp_path / "project"))
    builder.good_build()
    yield builder
    builder.close()


def differing(project: Path) -> list[str]:
    """The files of the builder's output that a clean build (a fresh process, a fresh cache)
    lacks, has besides or writes otherwise."""
    clean = build(project, "clean", "cache-clean")
    mine, theirs = files_of(project / "site"), files_of(clean)
    return sorted(
        name for name in mine.keys() | theirs.keys() if mine.get(name) != theirs.get(name)
    )


@END_TO_END
@pytest.mark.build
@pytest.mark.long
def test_a_post_saved_during_a_build_is_rendered_by_the_next(warm):
    """The post page's key took the post's hash when the writer asked, after Pelican had
    read the old text: the next build found the new bytes under that key and took the old
    page, its feeds' entries and its search bundle over, in every build after."""
    post = warm.project / SHIPPED_POST
    warm.saved_during_a_build(post, post.read_text("utf-8") + "\nGespeichert, während gebaut.\n")
    warm.good_build()
    stale = differing(warm.project)
    assert stale == [], " ".join(stale)


@END_TO_END
@pytest.mark.build
@pytest.mark.long
def test_region_data_saved_during_a_build_reaches_the_next(warm):
    """followed_reads.KeptData (what the listings read of each region) and the kept texts of
    the open data were keyed by regions.yaml as the writer hashed it, well after the check
    loaded the regions: a save in between kept the old region's texts under the new file's
    key, and every later build took the regions' overview and daten/ over."""
    data = warm.project / "data/regions.yaml"
    line, old, new = REGION_FIELDS[0]  # the Allgäu's claim: its region page shows it
    text = data.read_text("utf-8")
    assert line in text
    warm.saved_during_a_build(data, text.replace(line, line.replace(old, new)))
    warm.good_build()
    stale = differing(warm.project)
    assert stale == [], " ".join(stale)


def saving_between_two_digests(path: Path, seen: list) -> None:
    """What a build does here: the file's digest, a save, its digest again."""
    seen.append(DIGESTS.digest(path))
    path.write_text("gespeichert", "utf-8")
    seen.append(DIGESTS.digest(path))


def test_a_warm_build_keys_every_file_by_its_state_before_it_was_read(tmp_path, monkeypatch):
    path = tmp_path / "post.md"
    path.write_text("gelesen", "utf-8")
    seen: list = []

    def build(settings_file, new, output, settings_hook=None):
        saving_between_two_digests(path, seen)
        return 0

    monkeypatch.setattr(build_module, "build", build)
    assert WarmBuilder().build("pelicanconf.py", tmp_path / "new", tmp_path / "out") == 0
    assert seen[0] == seen[1] != DIGESTS.digest(path), "one state for the whole build"


def test_a_preview_build_keys_every_file_by_its_state_before_it_was_read(tmp_path, monkeypatch):
    path = tmp_path / "post.md"
    path.write_text("gelesen", "utf-8")
    seen: list = []

    class Pelican:
        def __init__(self, settings):
            pass

        def run(self):
            saving_between_two_digests(path, seen)
            raise SystemExit(1)  # no manifest to write here

    monkeypatch.setattr(serve, "read_settings", lambda *args, **kwargs: {})
    monkeypatch.setattr(serve, "Pelican", Pelican)
    builder = serve.PreviewBuilder("pelicanconf.py", str(tmp_path / "out"))
    try:
        builder.build()
    finally:
        builder.idle()  # the collector back on
    assert seen[0] == seen[1] != DIGESTS.digest(path), "one state for the whole build"
