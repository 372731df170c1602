"""The old site's removal after a swap (output_swap.remove_in_background): in the background,
and never raced by the next build's own removal of leftovers."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from regional_showcase import output_swap


@pytest.fixture
def slow_rm(tmp_path, monkeypatch) -> Path:
    """An `rm` that waits until the test lets it go (a removal still running on a busy disk:
    at 1,000 posts it took 2 s and more here), or until the test's folder is gone: `make
    test-fast` removes a passed test's folder as it ends, and the waiting `rm`s ran on."""
    release = tmp_path / "release"
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    script = bin_folder / "rm"
    script.write_text(
        f'#!/bin/sh\nwhile [ ! -e "{release}" ] && [ -d "{bin_folder}" ]; do sleep 0.01; done\n'
        f'exec {shutil.which("rm")} "$@"\n'
    )
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_folder}{os.pathsep}{os.environ['PATH']}")
    yield release
    release.touch()


def test_a_folder_still_being_removed_is_no_leftover_for_the_next_build(
    tmp_path, monkeypatch, slow_rm
):
    """The build that swapped has ended while the old site's removal still runs: the next
    build's swap must leave that folder to its remover (it used to remove it again, in its
    foreground: 0.15-1.5 s of a warm build)."""
    target, new = tmp_path / "output", tmp_path / "output.new-1"
    for folder, text in ((target, "alt"), (new, "neu")):
        (folder / "a").mkdir(parents=True)
        (folder / "a/index.html").write_text(text)
    ended = subprocess.Popen([sys.executable, "-c", ""])
    ended.wait()
    monkeypatch.setattr(os, "getpid", lambda: ended.pid)  # the build that swapped is gone
    output_swap.replace_folder(new, target, remove_later=True)
    monkeypatch.undo()
    assert (target / "a/index.html").read_text() == "neu"
    (parked,) = (p for p in tmp_path.glob("output.*"))
    assert (parked / "a/index.html").read_text() == "alt"  # its rm waits
    assert output_swap.leftovers(target) == []


def test_the_search_index_copies_leave_the_scripts_name_at_once(tmp_path, slow_rm):
    """scripts/html removes `$NEW-*` when it ends, in its foreground: the copies for the
    search index (`output.new-<pid>-<n>`) are renamed for their remover before it starts."""
    staging = tmp_path / "output.new-123-456"
    (staging / "pagefind-2").mkdir(parents=True)
    output_swap.remove_in_background(staging)
    assert list(tmp_path.glob("output.new-123-*")) == []
    (parked,) = tmp_path.glob("output.old-*")
    assert (parked / "pagefind-2").is_dir()
    assert output_swap.leftovers(tmp_path / "output") == []


def test_leftovers_are_the_dead_builds_folders_of_this_output_only(tmp_path):
    ended = subprocess.Popen([sys.executable, "-c", ""])
    ended.wait()
    dead, alive = ended.pid, os.getpid()
    names = [f"output.new-{dead}", f"output.old-{dead}-7", f"output.new-{dead}-9"]
    others = [f"output2.new-{dead}", f"output.new-{alive}", "output.new-x", f"out.old-{dead}"]
    for name in [*names, *others]:
        (tmp_path / name).mkdir()
    assert output_swap.leftovers(tmp_path / "output") == sorted(tmp_path / n for n in names)
