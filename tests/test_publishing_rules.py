"""Drafts and future posts stay out of publish builds; YAML front matter works."""

from __future__ import annotations

from pathlib import Path

import pytest
from planted import plant_publishing_rules

from regional_showcase.staff.cli import main

from sitebuild import Build, run_build, small_project


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A small copy (three shipped posts) with a draft, a post dated 30 days ahead and a
    post with YAML front matter, as the shared `planted` build has them."""
    project = small_project(tmp_path_factory.mktemp("rules") / "project")
    plant_publishing_rules(project)
    return project


@pytest.fixture(scope="module")
def publish_build(planted) -> Build:
    """The shared publish build of such a copy (conftest.py: one for three test files)."""
    return planted


def everything(build) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in build.output.rglob("*")
        if p.is_file() and p.suffix in (".html", ".xml", ".json", ".txt")
    )


@pytest.mark.build
def test_drafts_and_future_posts_appear_nowhere_in_a_publish_build(publish_build):
    output = everything(publish_build)
    for marker in ("Geheimer Entwurf", "geheimer-entwurf", "Zukunftsmeldung", "zukunftsmeldung"):
        assert marker not in output, marker
    assert not list(publish_build.output.rglob("*entwurf*"))


@pytest.mark.build
def test_drafts_can_be_seen_in_the_preview(project):
    build = run_build(project, output=project / "preview", extra=("-e", "SHOWCASE_PREVIEW=true"))
    assert build.returncode == 0, build.log
    assert (build.output / "entwuerfe/geheimer-entwurf/index.html").exists()
    assert "Geheimer Entwurf" in (build.output / "aktuelles/index.html").read_text(encoding="utf-8")


# The check called on the module's copy: no build, so not marked.
def test_yaml_front_matter_passes_the_check(project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    assert main(["check"]) == 0, capsys.readouterr().err


@pytest.mark.build
def test_yaml_front_matter_is_read_like_a_pelican_header(publish_build):
    page = publish_build.page("aktuelles/2024/yaml/")
    assert page.xpath("//h1")[0].text_content().strip() == "Aus dem CMS: YAML"
    assert page.xpath("//strong[text()='Text']")
    for region in ("allgaeu", "bodensee"):
        feed = (publish_build.output / f"feeds/regionen/{region}.atom.xml").read_text(
            encoding="utf-8"
        )
        assert "Aus dem CMS: YAML" in feed
    assert "Aus dem CMS: YAML" not in (
        publish_build.output / "feeds/regionen/vorpommern.atom.xml"
    ).read_text(encoding="utf-8")
