"""The same input builds byte-identical output."""

from __future__ import annotations

import hashlib

import pytest

from sitebuild import copy_project, run_publish

# Every test here builds a site or reads the shared build.
pytestmark = pytest.mark.build


def digest_tree(root):
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_a_publish_elsewhere_with_workers_equals_the_shared_one_byte_for_byte(tmp_path, published):
    """Another folder, another run (another process, later) and two workers, as `make
    publish` starts one per core, against the shared `published` (serial: sitebuild._run):
    one build for what two made before (a serial publish here, a parallel one in
    test_parallel.py); a difference from any of the three fails it."""
    other = copy_project(tmp_path / "elsewhere" / "project")
    second = run_publish(other, env={"SHOWCASE_WORKERS": "2"})
    assert second.returncode == 0, second.log
    assert digest_tree(published.output) == digest_tree(second.output)
