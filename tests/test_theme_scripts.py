"""The theme's scripts read neither the viewport nor the colour scheme: the pages follow both
by CSS media queries alone. test_browser.py relies on it: it loads each page once, at 375 px,
and shows that document dark and at 1280 px (show_as) instead of loading it again in each
view. A script that read either at load (a menu laid out for a phone, a chart sized to its
box, a theme switch) would leave the 1280 px and dark views as the 375 px light load made
them, and axe, contrast and overflow would check a page no visitor sees."""

from __future__ import annotations

import re

from sitebuild import ROOT

SCRIPTS = sorted((ROOT / "theme" / "static" / "js").glob("*.js"))
# What a script reads the viewport's size, the colour scheme or a box's size by, or how it
# hears of a change of either.
READS_THE_VIEW = re.compile(
    r"matchMedia|prefers-color-scheme|inner(?:Width|Height)|outer(?:Width|Height)"
    r"|visualViewport|screen\.(?:avail)?(?:width|height)|devicePixelRatio"
    r"|(?:client|offset|scroll)(?:Width|Height)|getBoundingClientRect|getClientRects"
    r"|ResizeObserver|[\"']resize[\"']|onresize"
)


def view_reads(text: str) -> list[str]:
    """The lines of a script that read the view (READS_THE_VIEW), numbered."""
    return [
        f"{number}: {line.strip()}"
        for number, line in enumerate(text.splitlines(), 1)
        if READS_THE_VIEW.search(line)
    ]


def test_the_theme_scripts_leave_width_and_colour_scheme_to_css():
    assert SCRIPTS, "theme/static/js/ holds no script"
    found = {path.name: view_reads(path.read_text("utf-8")) for path in SCRIPTS}
    assert {name: lines for name, lines in found.items() if lines} == {}, (
        "a theme script reads the viewport or the colour scheme: test_browser.py's show_as "
        "must load the page again for each view (visit_page) instead"
    )


def test_a_script_that_reads_the_view_is_found():
    for read in (
        "if (window.matchMedia('(min-width: 48em)').matches) {",
        "var wide = window.innerWidth > 800;",
        "chart.style.width = box.getBoundingClientRect().width + 'px';",
        "window.addEventListener('resize', layout);",
        "new ResizeObserver(layout).observe(box);",
    ):
        assert view_reads(f"var a = 1;\n{read}\n") == [f"2: {read}"]
    assert (
        view_reads("boxes.forEach(function (box) { box.addEventListener('change', show); });") == []
    )
