"""Fixtures: a copy of the real project, and one shared publish build of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitebuild import Build, copy_project, run_build, run_publish


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def published(tmp_path_factory) -> Build:
    """One `make publish` of the real project, shared by the read-only tests."""
    project = copy_project(tmp_path_factory.mktemp("published") / "project")
    build = run_publish(project)
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="session")
def capped(tmp_path_factory) -> Build:
    """One publish build of the real project with small caps: 8 posts per region page and
    own preview cards for the 2 newest posts only (the tests of both caps read it)."""
    project = copy_project(tmp_path_factory.mktemp("capped") / "project")
    build = run_build(
        project,
        publish=True,
        extra=("-e", "SHOWCASE_REGION_ARTICLES=8", "SHOWCASE_SOCIAL_IMAGE_POSTS=2"),
    )
    assert build.returncode == 0, build.log
    return build


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Refuse an unmarked test that uses the shared build: `make test-fast` must never build."""
    for item in items:
        shared = {"published", "capped"} & set(getattr(item, "fixturenames", ()))
        if shared and not item.get_closest_marker("build"):
            raise pytest.UsageError(f"{item.nodeid} reads the shared build: mark it build")
