"""Links as Pelican resolves them: `{index}javascript:…` is refused, checked and built.

Pelican replaces `{index}`, `{filename}` and the like only while it writes, and keeps the
scheme that follows them: `[x]({index}javascript:…)` became `href="javascript:…"` in pages
and feeds. The rules read an address as Pelican will write it (links.resolved): the check
names file, line and link, the sanitizer drops it, and the HTML leaving Pelican is read once
more (resolved_links.py), so that anything else slipping through stops the build.
"""

from __future__ import annotations

import datetime as dt
import html

import pytest
from lxml import html as lxml_html
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG

from regional_showcase import check_resolved_links as on_content_init
from regional_showcase.data.links import _INTRASITE, is_allowed_link, is_same_site, link_scheme
from regional_showcase.data.loader import load_site_data
from regional_showcase.data.post_body import BodyRules
from regional_showcase.data.posts import check_post
from regional_showcase.markup import post_sanitizer, render_markdown
from regional_showcase.resolved_links import UnsafeAddress, unsafe_addresses
from regional_showcase.settings import SETTINGS_KEY, ShowcaseSettings

from sitebuild import PUBLISH_URL, ROOT, copy_project, run_patched_build

SITE = "https://www.starke-regionen.de"


def refused_link(target: str, scheme: str) -> str:
    return (
        f"der Link '{target}' ist nicht erlaubt: beim Bauen wird daraus eine {scheme}:-Adresse; "
        "nach {filename}, {static}, {index} usw. steht nur ein Pfad dieser Website "
        "(z. B. {filename}/news/2024-03-01-titel.md), andere Ziele beginnen mit https://, "
        "mailto: oder tel:"
    )


def stopped(source: str, found: str) -> str:
    return (
        f"{source}: nach dem Auflösen der Links durch Pelican ({{index}}, {{filename}} …) "
        f"enthielte der Text {found}; Seiten und Feeds enthalten nur Links auf diese Website "
        "und http, https, mailto, tel, Bilder nur von dieser Website und keinen Programmcode. "
        "Nichts wurde veröffentlicht: korrigieren Sie die Datei"
    )


# Every form Pelican 4.12 resolves (contents.py, _link_replacer), the old |index| syntax,
# a word Pelican does not know (it keeps the scheme all the same) and safe ones.
TARGETS = [
    "{index}javascript:x?%0Aalert(1)",
    "{category}javascript:alert(1)",
    "{tag}JavaScript:alert(1)",
    "{author}vbscript:msgbox(1)",
    "{filename}javascript:/fehlt.md",
    "{static}data:text/html,<b>x</b>",
    "{attach}javascript:alert(1)",
    "|index|javascript:alert(1)",
    "{index|javascript:alert(1)",
    "{unbekannt}javascript:alert(1)",
    "{index}java\tscript:alert(1)",
    "{index}",
    "{category}Fachkräfte",
    "{tag}mailto:info@example.org",
    "{filename}/news/2021-03-01-online-umfrage.md#anfang",
    "{index}//andere.example.org/",
    "{static}https://andere.example.org/bild.png",
]


def pelican_resolves(target: str) -> str:
    """The href Pelican 4.12 writes for `target`, as nh3 hands the HTML to it (escaped)."""
    settings = {**DEFAULT_CONFIG, "SITEURL": SITE, "RELATIVE_URLS": False}
    article = Article(
        "",
        metadata={"title": "T", "date": dt.datetime(2024, 3, 1)},
        settings=settings,
        source_path="content/news/2024-03-01-t.md",
        context={"generated_content": {}, "static_content": {}},
    )
    resolved = article._update_content(f'<a href="{html.escape(target)}">x</a>', SITE)
    return lxml_html.fragment_fromstring(resolved).get("href")


def test_the_placeholder_pattern_is_pelicans():
    assert _INTRASITE.pattern.startswith(DEFAULT_CONFIG["INTRASITE_LINK_REGEX"])
    assert "INTRASITE_LINK_REGEX" not in (ROOT / "pelicanconf.py").read_text(encoding="utf-8")


@pytest.mark.parametrize("target", TARGETS)
def test_the_rules_see_the_address_pelican_writes(target):
    written = pelican_resolves(target)
    scheme = link_scheme(target)
    if scheme:
        assert link_scheme(written) == scheme
    else:  # only a path followed: this site's address, or the path as it was (not found)
        assert link_scheme(written) in ("https", "")
    assert is_allowed_link(target) == is_allowed_link(written)
    assert is_same_site(target, SITE) == is_same_site(written, SITE)


@pytest.fixture(scope="module")
def rules() -> BodyRules:
    from pelican.settings import read_settings

    markdown = read_settings(str(ROOT / "pelicanconf.py"))["MARKDOWN"]
    return BodyRules(ROOT / "content", markdown, SITE)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("[x]({index}javascript:alert(1))", [(1, "{index}javascript:alert(1)", "javascript")]),
        (
            "Absatz.\n\n[x]({category}javascript:x?%0Aalert(1))",
            [(3, "{category}javascript:x?%0Aalert(1)", "javascript")],
        ),
        (
            '<a href="|tag|JavaScript&#58;alert(1)">x</a>',
            [(1, "|tag|JavaScript:alert(1)", "javascript")],
        ),
        ("[x]({author}vbscript:x)", [(1, "{author}vbscript:x", "vbscript")]),
        ("[x]({filename}/news/2021-03-01-online-umfrage.md)", []),
        ("[x]({index}) und [y]({category}Fachkräfte)", []),
    ],
)
def test_the_check_refuses_what_pelican_would_make_a_script(rules, body, expected):
    found = [(r.line, r.message) for r in rules.check(body)]
    assert found == [(line, refused_link(target, scheme)) for line, target, scheme in expected]


def test_the_check_names_file_line_and_link(rules, tmp_path):
    path = tmp_path / "2024-03-01-test.md"
    path.write_text(
        "---\ntitle: T\ndate: 2024-03-01 10:00\nregions: allgaeu\ncategory: Projekt\n"
        "summary: S.\n---\n\nAbsatz.\n\n[Übersicht]({index}javascript:alert(1))\n",
        encoding="utf-8",
    )
    problems, _ = check_post(
        path,
        load_site_data(ROOT / "data/regions.yaml", render=render_markdown),
        ROOT / "content",
        rules,
    )
    assert [str(p) for p in problems] == [
        f"{path}:11: Text: {refused_link('{index}javascript:alert(1)', 'javascript')}"
    ]


def test_the_sanitizer_drops_them_before_pelican_sees_them():
    clean = post_sanitizer(SITE).clean(
        '<a href="{index}javascript:alert(1)">a</a><a href="{filename}/pages/impressum.md">b</a>'
        '<img src="{static}//andere.example.org/x.png" alt="x">'
    )
    assert clean == '<a>a</a><a href="{filename}/pages/impressum.md">b</a><img alt="x">'


@pytest.mark.parametrize(
    ("fragment", "found"),
    [
        (
            '<a href="javascript:https://x/index.html?%0Aalert(1)">x</a>',
            ["'javascript:https://x/index.html?%0Aalert(1)'"],
        ),
        ('<a href="jav&#x61;script:alert(1)">x</a>', ["'javascript:alert(1)'"]),
        ('<img src="//andere.example.org/x.png" alt="">', ["'//andere.example.org/x.png'"]),
        (
            '<img src="/a.webp" srcset="/a.webp 480w, https://cdn.example.com/b.webp 960w">',
            ["'https://cdn.example.com/b.webp'"],
        ),
        ('<p onclick="alert(1)">x</p><script>alert(2)</script>', ["<p onclick=…>", "<script>"]),
        (f'<a href="{SITE}/aktuelles/">a</a><img src="{SITE}/images/a.webp" alt="">', []),
        (
            '<a href="mailto:a@example.org">a</a><a href="#oben">b</a><img src="../images/a.webp">',
            [],
        ),
    ],
)
def test_the_last_wall_reads_every_address(fragment, found):
    assert unsafe_addresses(fragment, (SITE,)) == found


def checked_article(content: str, **metadata) -> Article:
    """A post as Pelican makes it in a build with the plugin (content_object_init)."""
    settings = {**DEFAULT_CONFIG, "SITEURL": SITE, "PLUGINS": ["regional_showcase"]}
    settings["SHOWCASE_DATA"] = str(ROOT / "data/regions.yaml")
    settings[SETTINGS_KEY] = ShowcaseSettings.from_pelican(settings)  # as `initialized` does
    article = Article(
        content,
        metadata={"title": "T", "date": dt.datetime(2024, 3, 1), **metadata},
        settings=settings,
        source_path=str(ROOT / "content/news/2024-03-01-t.md"),
        context={"generated_content": {}, "static_content": {}},
    )
    on_content_init(article)  # what the plugin's receiver does for every post and page
    return article


def test_the_last_wall_stops_what_pelican_turned_into_a_script():
    article = checked_article(
        '<p><a href="{index}javascript:x?%0Aalert(1)">x</a></p>', showcase_sanitized=True
    )
    with pytest.raises(UnsafeAddress) as stop:
        article.get_content(SITE)
    assert str(stop.value) == stopped(
        "content/news/2024-03-01-t.md",
        f"'javascript:{SITE}/index.html?%0Aalert(1)'",
    )
    fine = checked_article('<p><a href="{index}">x</a></p>', showcase_sanitized=True)
    assert fine.get_content(SITE) == f'<p><a href="{SITE}/index.html">x</a></p>'
    assert type(fine).__name__ == "Article"  # Pelican finds ARTICLE_URL by the class name


@pytest.mark.build
def test_what_slips_past_the_rules_stops_the_build_and_is_never_published(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "content/news/2024-03-01-angriff.md").write_text(
        "---\ntitle: Angriff\ndate: 2024-03-01 10:00\nregions: allgaeu\ncategory: Projekt\n"
        "summary: Kurz.\n---\n\n[Übersicht]({index}javascript:x?%0Aalert(1))\n",
        encoding="utf-8",
    )
    # The rules blind to Pelican's placeholders, as they were: neither the reader's rules nor
    # its sanitizer see what `{index}javascript:…` becomes.
    patch = "from regional_showcase.data import links\nlinks.resolved = lambda target: target"
    build = run_patched_build(project, patch)
    assert build.returncode != 0
    found = f"'javascript:{PUBLISH_URL}/aktuelles/index.html?%0Aalert(1)'"
    message = stopped("content/news/2024-03-01-angriff.md", found)
    lines = build.stderr.splitlines()
    # Before anything is written, as editors read it: the list, no traceback.
    assert lines[lines.index("1 Problem gefunden:") :] == [
        "1 Problem gefunden:",
        f"  {message}",
        "Die Website wurde nicht gebaut. Beheben Sie die Probleme oben und bauen Sie erneut "
        "(`make check` prüft, ohne zu bauen).",
    ]
    assert not build.output.exists() or not any(build.output.rglob("*.html"))
    assert not (build.output / "aktuelles/2024/angriff/index.html").exists()
    feeds = [f.read_text(encoding="utf-8") for f in build.output.rglob("*.xml")]
    assert not any("javascript:" in feed for feed in feeds)
