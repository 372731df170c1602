"""Values from YAML and front matter are escaped; only http(s), mailto and tel links survive.

One build of a copy with markup planted in the region data, a region text and a post header;
each test reads one page of it.
"""

from __future__ import annotations

import pytest

from sitebuild import Build, copy_project, run_build

pytestmark = pytest.mark.build

CLAIM = "    claim: Südwestfalen – Alles echt!"


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Build:
    project = copy_project(tmp_path_factory.mktemp("escaping") / "project")
    data = project / "data/regions.yaml"
    text = data.read_text(encoding="utf-8")
    assert CLAIM in text
    data.write_text(
        text.replace(CLAIM, '    claim: "<script>alert(1)</script> Alles echt!"', 1),
        encoding="utf-8",
    )
    (project / "content/regionen/suedwestfalen.md").write_text(
        "## Arbeiten\n\n<img src=x onerror=alert(1)> [Klick](javascript:alert(1))\n",
        encoding="utf-8",
    )
    (project / "content/news/2024-03-01-test.md").write_text(
        "Title: Tom & Jerry <b>fett</b>\nDate: 2024-03-01\nCategory: Projekt\nRegions: alle\n"
        "Summary: Kurz.\n\nText.\n",
        encoding="utf-8",
    )
    result = run_build(project)
    assert result.returncode == 0, result.log
    return result


def test_html_in_yaml_is_shown_as_text_not_run(build):
    page = build.file("regionen/suedwestfalen/").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Alles echt!" in page


def test_html_and_javascript_links_in_a_region_text_do_not_survive(build):
    page = build.page("regionen/suedwestfalen/")
    assert page.xpath("//img[@src='x']") == []
    assert page.xpath("//*[@onerror]") == []
    assert [a for a in page.iter("a") if "javascript:" in (a.get("href") or "")] == []
    assert "Klick" in page.text_content()


def test_post_header_values_are_escaped(build):
    page = build.page("aktuelles/2024/test/")
    h1 = page.xpath("//h1")[0]
    assert h1.text_content().strip() == "Tom & Jerry <b>fett</b>"
    assert page.xpath("//h1//b") == []
