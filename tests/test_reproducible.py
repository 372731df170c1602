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


def test_two_publish_builds_in_two_folders_are_identical(tmp_path, published):
    other = copy_project(tmp_path / "elsewhere" / "project")
    second = run_publish(other)
    assert second.returncode == 0, second.log
    assert digest_tree(published.output) == digest_tree(second.output)
