"""Values from YAML and front matter are escaped; only http(s), mailto and tel links survive."""

from __future__ import annotations

import pytest

from sitebuild import run_build

# Every test here builds a site or reads the shared build.
pytestmark = pytest.mark.build


def test_html_in_yaml_is_shown_as_text_not_run(project):
    data = project / "data/regions.yaml"
    text = data.read_text(encoding="utf-8")
    text = text.replace(
        "    claim: Südwestfalen – Alles echt!",
        '    claim: "<script>alert(1)</script> Alles echt!"',
        1,
    )
    text = text.replace("    role: fallstudie\n", "    role: fallstudie\n", 1)
    data.write_text(text, encoding="utf-8")
    (project / "content/regionen/suedwestfalen.md").write_text(
        "## Leben\n\n<img src=x onerror=alert(1)> [Klick](javascript:alert(1))\n", encoding="utf-8"
    )
    build = run_build(project)
    assert build.returncode == 0, build.log
    page = (build.output / "regionen/suedwestfalen/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Alles echt!" in page
    assert "<img src=x" not in page and "onerror=alert" not in page.replace(
        "&lt;img src=x onerror=alert(1)&gt;", ""
    )
    assert "javascript:" not in page


def test_post_header_values_are_escaped(project):
    (project / "content/news/2024-03-01-test.md").write_text(
        "Title: Tom & Jerry <b>fett</b>\nDate: 2024-03-01\nCategory: Projekt\nRegions: alle\n"
        "Summary: Kurz.\n\nText.\n",
        encoding="utf-8",
    )
    build = run_build(project)
    assert build.returncode == 0, build.log
    page = build.page("aktuelles/2024/test/")
    h1 = page.xpath("//h1")[0]
    assert h1.text_content().strip() == "Tom & Jerry <b>fett</b>"
