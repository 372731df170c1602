"""Values from YAML and front matter are escaped; only http(s), mailto and tel links survive.

The shared `planted` build has markup planted in the region data, a region text and a post
header (planted.py); each test reads one page of it.
"""

from __future__ import annotations

import pytest

from sitebuild import Build

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def build(planted) -> Build:
    """The shared publish build with the markup planted (planted.py: plant_escaping)."""
    return planted


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
