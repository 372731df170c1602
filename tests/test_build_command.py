"""`showcase build` (scripts/html, scripts/publish): Pelican, the index and the swap in one
process. What a build produces is held by the builds through scripts/publish (the shared
`published` build, test_atomic_publish.py, test_incremental.py); here what the one process
must not do that separate processes could not: go on after Pelican stopped, and keep
Pelican's --fatal warnings for the later steps."""

from __future__ import annotations

import logging

import pelican
import pytest
from pelican.log import FatalLogger

from regional_showcase import search_index
from regional_showcase.staff import build
from regional_showcase.staff.cli import main


class Stopping:
    """Pelican whose run ends with `error`."""

    def __init__(self, error: BaseException):
        self.error = error

    def run(self):
        raise self.error


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A previous output, a fresh folder, and every later step recorded instead of run."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pelicanconf.py").write_text("")
    output, new = tmp_path / "output", tmp_path / "output.new-1"
    output.mkdir()
    (output / "index.html").write_text("alt")
    new.mkdir()
    later: list[str] = []
    monkeypatch.setattr(search_index, "build_search_index", lambda *a, **k: later.append("index"))
    monkeypatch.setattr(build, "write_siblings", lambda *a: later.append("siblings"))
    monkeypatch.setattr(build, "write_stamp", lambda *a: later.append("stamp"))
    return output, new, later


@pytest.mark.parametrize(
    ("error", "status"),
    [(KeyboardInterrupt(), 130), (RuntimeError("Warning or error encountered"), 1)],
)
def test_nothing_runs_after_pelican_stopped(site, monkeypatch, error, status):
    output, new, later = site
    monkeypatch.setattr(pelican, "get_instance", lambda args: (Stopping(error), {}))
    assert main(["build", "--publish", str(new), str(output)]) == status
    assert later == []
    assert (output / "index.html").read_text() == "alt" and new.is_dir()


class Built:
    def run(self):
        pass


@pytest.mark.parametrize(
    ("publish", "steps"), [(False, ["index"]), (True, ["index", "siblings", "stamp"])]
)
def test_the_steps_run_in_order_and_the_new_folder_takes_the_place_of_the_old(
    site, monkeypatch, publish, steps
):
    output, new, later = site
    (new / "index.html").write_text("neu")
    monkeypatch.setattr(pelican, "get_instance", lambda args: (Built(), {}))
    try:
        assert main(["build", *(["--publish"] * publish), str(new), str(output)]) == 0
        # A warning of a later step (or of a library it calls) is not fatal: --fatal
        # warnings is Pelican's; the steps ran in processes of their own before.
        assert FatalLogger.fatal_lvl > logging.CRITICAL
    finally:
        FatalLogger.fatal_lvl = logging.CRITICAL + 1
    assert later == steps
    assert (output / "index.html").read_text() == "neu" and not new.exists()


def test_each_build_copies_the_pages_it_indexes_early_into_a_folder_of_its_own(site, monkeypatch):
    """The last build's copies may still be being removed in the background (an rm -rf of
    its own): a build that reused the name could lose copies Pagefind had not read yet."""
    output, new, _later = site
    monkeypatch.setattr(pelican, "get_instance", lambda args: (Built(), {}))
    stagings = []
    monkeypatch.setattr(
        search_index.EarlyRuns, "stop", lambda self, **kw: stagings.append(self.staging)
    )
    for _ in range(2):
        new.mkdir(exist_ok=True)
        try:
            assert main(["build", str(new), str(output)]) == 0
        finally:
            FatalLogger.fatal_lvl = logging.CRITICAL + 1
    assert len(set(stagings)) == 2
    assert all(s.parent == new.parent and s.name.startswith(f"{new.name}-") for s in stagings)
