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
from test_incremental import EVENTS, REGION_FIELDS, SHIPPED_POST, build, event_text, files_of
from test_warm_build import DRIVER, Warm

from regional_showcase.build_record import source_digest, tree_digest
from regional_showcase.preview.file_digests import DIGESTS, digest_now, one_pass
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

    driver = DRIVER.replace("builder = WarmBuilder()", SAVE_DURING + "builder = WarmBuilder()")

    def saved_during_a_build(self, texts: dict[str, str]) -> None:
        (self.project / "save-during.json").write_text(json.dumps(texts), "utf-8")
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


def saved_texts(project: Path) -> dict[str, str]:
    """A shipped post's body, the Allgäu's claim in regions.yaml (its region page and the
    regions' overview show it, and the open data) and a new event (its calendar, kept in
    cache/ by the events folder's digest), as saved while a build runs."""
    post, data = project / SHIPPED_POST, project / "data/regions.yaml"
    line, old, new = REGION_FIELDS[0]
    text = data.read_text("utf-8")
    assert line in text
    event = project / EVENTS / "2027-01-15-probetermin-0.md"
    assert not event.exists()
    return {
        str(post): post.read_text("utf-8") + "\nGespeichert, während gebaut.\n",
        str(data): text.replace(line, line.replace(old, new)),
        str(event): event_text(0, "Probetermin 0"),
    }


@END_TO_END
@pytest.mark.build
@pytest.mark.long
def test_files_saved_during_a_warm_build_are_built_by_the_next(warm):
    """The post page's key took the post's hash when the writer asked, after Pelican had
    read the old text; followed_reads.KeptData (what the listings read of each region) and
    the open data's kept texts took regions.yaml's when the writer asked, after the check
    loaded the regions: the next build found the new bytes under the old pages' keys and
    took the post page, its feeds' entries, its search bundle, the regions' overview and
    daten/ over, in every build after. The events folder's digest listed the event added
    meanwhile, which the build had not read: the next build found the calendars kept without
    it and stopped (KeyError), in every build after."""
    warm.saved_during_a_build(saved_texts(warm.project))
    warm.good_build()
    stale = differing(warm.project)
    assert stale == [], " ".join(stale)


@END_TO_END
@pytest.mark.build
@pytest.mark.long
def test_files_saved_during_a_build_in_its_own_process_are_built_by_the_next(tmp_path):
    """As above for `showcase build` in a process of its own (make html without the build
    server, make publish): the build record and the open data's kept texts in cache/."""
    project = copy_project(tmp_path / "project")
    # Imported at the build process's start (plugins/ is on its PYTHONPATH).
    (project / "plugins/sitecustomize.py").write_text(SAVE_DURING, "utf-8")
    build(project, "site", "cache")
    (project / "save-during.json").write_text(json.dumps(saved_texts(project)), "utf-8")
    build(project, "site", "cache")
    assert not (project / "save-during.json").exists(), "saved during that build"
    build(project, "site", "cache")
    stale = differing(project)
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


def test_a_build_in_its_own_process_keys_every_file_by_its_state_before_it_was_read(
    tmp_path, monkeypatch
):
    path = tmp_path / "post.md"
    path.write_text("gelesen", "utf-8")
    seen: list = []

    def run_pelican(settings_file, new, cache=None, settings_hook=None):
        hashed = source_digest(False)  # as the writer of a build in a fresh process
        seen.append(hashed(path))
        path.write_text("gespeichert", "utf-8")
        seen.append(hashed(path))
        return 1  # nothing further to do here

    monkeypatch.setattr(build_module, "run_pelican", run_pelican)
    assert build_module.build("pelicanconf.py", tmp_path / "new", tmp_path / "out") == 1
    assert seen[0] == seen[1] != source_digest(False)(path), "one state for the whole build"


def test_a_trees_digest_is_of_one_moment_within_a_build(tmp_path):
    """Which files a folder holds is taken once per build too (tree_digest): the events'
    calendars kept under a digest that listed an event added after the build read the
    folder stopped every later build (KeyError)."""
    (tmp_path / "eins.md").write_text("eins", "utf-8")
    with one_pass():
        first = tree_digest(tmp_path, hashed=DIGESTS.digest)
        (tmp_path / "zwei.md").write_text("zwei", "utf-8")
        assert tree_digest(tmp_path, hashed=DIGESTS.digest) == first
    assert tree_digest(tmp_path, hashed=DIGESTS.digest) != first


def test_a_post_saved_between_the_first_look_and_the_read_keeps_no_object(tmp_path):
    """make serve and the build server keep Pelican's object of a post by the bytes it was
    read from (kept_content.py: the same before and after the read). Within a build's
    one_pass `before` is the build's first look; the check after the read must look again,
    or an object read from bytes saved since that look was kept by the old bytes (and
    handed out again once the file held them again)."""
    from types import SimpleNamespace

    from regional_showcase.preview.kept_content import KeptContent, _Hooks

    post = tmp_path / "post.md"
    post.write_text("gelesen", "utf-8")

    def read_file(base_path, path, **kwargs):
        post.write_text("gespeichert", "utf-8")  # saved before Pelican reads it
        return object()

    generator = SimpleNamespace(
        settings={},
        context={},
        path=str(tmp_path),
        readers=SimpleNamespace(read_file=read_file),
        # The generator's methods the hooks wrap besides reading (kept_content.install).
        add_static_links=lambda content: None,
        _include_path=lambda path, extensions=None: True,
    )
    hooks = _Hooks(KeptContent(), generator, "key")
    hooks.install()
    with one_pass():
        DIGESTS.digest(post)  # the build's first look (the reader cache's)
        generator.readers.read_file(base_path=str(tmp_path), path="post.md")
    assert hooks.made["post.md"].data is None, "not kept by the bytes of the first look"


# make serve's builder in a process of its own: builds into argv[2], and before a step that
# is a JSON object, that object as save-during.json (saved during the next build).
PREVIEW = (
    "import os, sys\nos.chdir(sys.argv[1])\n"
    + SAVE_DURING
    + """
from regional_showcase.staff.serve import PreviewBuilder
builder = PreviewBuilder("pelicanconf.py", sys.argv[2])
for step in sys.argv[3:]:
    if step == "build":
        assert builder.build()
    else:
        _Path("save-during.json").write_text(step, "utf-8")
"""
)


@END_TO_END
@pytest.mark.build
@pytest.mark.long
def test_files_saved_during_a_preview_build_are_built_by_the_next(tmp_path):
    """As above for make serve's builds (PreviewBuilder): the next build after the one a
    post, regions.yaml and a new event were saved during shows what a fresh preview shows."""
    project = copy_project(tmp_path / "project")
    env = {**os.environ, "PYTHONPATH": str(project / "plugins")}

    def preview(folder: str, *steps: str) -> Path:
        command = [sys.executable, "-c", PREVIEW, str(project), folder, *steps]
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
        return project / folder

    saved = json.dumps(saved_texts(project))
    warm = files_of(preview("warm", "build", saved, "build", "build"))
    assert not (project / "save-during.json").exists(), "saved during that build"
    fresh = files_of(preview("fresh", "build"))
    stale = sorted(name for name in warm.keys() | fresh.keys() if warm.get(name) != fresh.get(name))
    assert stale == [], " ".join(stale)


def test_a_post_is_keyed_by_the_bytes_the_reader_converted(tmp_path, monkeypatch):
    """A post saved after the build's first look and before Pelican read it: its pages'
    keys hold the bytes the reader converted, not the first look's (which, once the file
    was undone to them, would take the page made from the saved text over)."""
    from regional_showcase.parallel import reading

    for name, value in (("_cache", None), ("_pool", None), ("_ready", {})):
        monkeypatch.setattr(reading, name, value)  # no reader cache, no workers: read here
    post = tmp_path / "post.md"
    post.write_text("gelesen", "utf-8")
    with one_pass():
        first = DIGESTS.digest(post)  # the reader cache's first look (to_convert)
        post.write_text("gespeichert", "utf-8")
        assert reading.take(str(post), lambda path, data: data.decode()) == "gespeichert"
        assert DIGESTS.digest(post) == digest_now(post) != first
