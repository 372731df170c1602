"""The English edition: its checks, its pages, its feeds, and a German site left unchanged."""

from __future__ import annotations

import json
import re
from pathlib import Path

import feedparser
import pytest
from babel.messages.pofile import read_po
from lxml import etree

from regional_showcase.data.loader import load_site_data
from regional_showcase.data.localize import localized_data, translation_schema
from regional_showcase.data.post_translations import translation_problems
from regional_showcase.data.problems import ValidationFailed
from regional_showcase.editions import edition_posts
from regional_showcase.markup import render_markdown

from expectations import ROOT, region_data
from sitebuild import PUBLISH_URL

DATA = "data/regions.yaml"
REAL_DATA = (ROOT / DATA).read_text(encoding="utf-8")
ENGLISH_PREFIX = "en/"
SITENAME = "Starke Regionen"


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def data_messages(text: str) -> list[str]:
    Path(DATA).write_text(text, encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        load_site_data(Path(DATA), None, None, ("en",), render=render_markdown)
    return [str(problem) for problem in failed.value.problems]


def line_of(text: str, needle: str, start: int = 0) -> int:
    return text[: text.index(needle, start)].count("\n") + 1


# --- checks: missing and stray translations, with file and line


def test_a_region_without_english_data_is_named_with_its_line(in_tmp):
    start = REAL_DATA.index("  - slug: allgaeu")
    block_start = REAL_DATA.index("    translations:\n      en:\n", start)
    english = REAL_DATA[block_start:]
    # The English block of the Allgäu ends where the next key at region level starts.
    lines = english.splitlines(keepends=True)
    end = 1 + next(i for i, line in enumerate(lines[1:]) if not line.startswith("      "))
    text = REAL_DATA[:block_start] + "".join(lines[end:])
    assert data_messages(text) == [
        f"{DATA}:{line_of(text, '  - slug: allgaeu')}: regions[1].translations: 'Allgäu' hat "
        "keine Übersetzung 'en': ergänzen Sie translations: {en: {…}} mit den Texten, die "
        "Leserinnen und Leser sehen"
    ]


def test_a_translation_in_a_language_the_site_does_not_have_is_named(in_tmp):
    old = "    translations:\n      en:\n        name: South Westphalia\n"
    new = old + "      fr:\n        name: Westphalie du Sud\n"
    text = REAL_DATA.replace(old, new, 1)
    assert data_messages(text) == [
        f"{DATA}:{line_of(text, '      fr:')}: regions[0].translations.fr: keine Ausgabe in der "
        "Sprache 'fr' (SHOWCASE_EDITIONS): vorhanden sind en"
    ]


def test_a_translated_list_of_another_length_is_refused(in_tmp):
    # The English key figures of South Westphalia, cut down to their first item.
    start = REAL_DATA.index("        key_figures:\n")
    end = REAL_DATA.index("        work:\n", start)
    text = (
        REAL_DATA[:start]
        + "        key_figures:\n          - label: Jobs added 2013 to 2023\n"
        + REAL_DATA[end:]
    )
    figures = len(region_data()["regions"][0]["key_figures"])
    assert data_messages(text) == [
        f"{DATA}:{line_of(text, '        key_figures:')}: "
        "regions[0].translations.en.key_figures: die Übersetzung hat 1 Einträge, das Original "
        f"{figures}: übersetzen Sie jeden Eintrag in derselben Reihenfolge"
    ]


def translation_hints(text: str) -> list[str]:
    Path(DATA).write_text(text, encoding="utf-8")
    hints = []
    load_site_data(Path(DATA), None, hints, ("en",), render=render_markdown)
    return [str(hint) for hint in hints if "translations.en" in hint.message]


def test_the_shipped_data_leaves_no_text_untranslated(in_tmp):
    assert translation_hints(REAL_DATA) == []


def test_a_text_the_translation_leaves_out_is_a_hint_at_the_german_line(in_tmp):
    english = "\n            note: East Frisia only; as of 30 June 2017\n"
    assert REAL_DATA.count(english) == 2  # population and area of East Frisia
    text = REAL_DATA.replace(english, "\n", 1)
    german = "\n        note: nur Teilraum Ostfriesland; Stand 30.06.2017\n"
    assert translation_hints(text) == [
        f"{DATA}:{line_of(text, german) + 1}: regions[3].key_figures[2].note: 'Wachstumsregion "
        "Ems-Achse': kein Text in translations.en, die Seite in der Sprache 'en' zeigt hier "
        "Deutsch: „nur Teilraum Ostfriesland; Stand 30.06.2017“"
    ]


def test_facts_are_not_translatable():
    schema = translation_schema(
        {
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "website": {"type": "string"},
                "entries": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {"name": {"type": "string"}, "description": {}},
                    },
                },
            },
        }
    )
    assert set(schema["properties"]) == {"name", "entries"}
    # An entry's name may be translated ("Kinderbetreuung im Notfall"); its address may not.
    assert set(schema["properties"]["entries"]["items"]["properties"]) == {"name", "description"}


def test_a_translated_entry_name_keeps_its_german_original():
    data = {
        "family": {
            "entries": [
                {"name": "Kinderbetreuung im Notfall", "url": "https://example.org/"},
                {"name": "Job-Achse"},
            ]
        },
        "translations": {"en": {"family": {"entries": [{"name": "Emergency childcare"}, {}]}}},
    }
    assert localized_data(data, "en")["family"]["entries"] == [
        {
            "name": "Emergency childcare",
            "original_name": "Kinderbetreuung im Notfall",
            "url": "https://example.org/",
        },
        # A name the translation leaves as it is has no second name.
        {"name": "Job-Achse"},
    ]
    assert "original_name" not in data["family"]["entries"][0]


def test_a_translated_list_of_districts_of_another_length_is_refused(in_tmp):
    # The districts are paired by place: the English list of the Ems-Achse without Emden.
    emden = "          - Emden, independent city\n"
    assert REAL_DATA.count(emden) == 1
    text = REAL_DATA.replace(emden, "")
    districts = len(region_data()["regions"][3]["districts"])
    assert data_messages(text) == [
        f"{DATA}:{line_of(text, '          - Aurich district') - 1}: "
        "regions[3].translations.en.districts: die Übersetzung hat "
        f"{districts - 1} Einträge, das Original {districts}: übersetzen Sie jeden Eintrag in "
        "derselben Reihenfolge"
    ]


def test_a_translation_lies_over_its_original_item_by_item():
    data = {
        "name": "Südwestfalen",
        "website": "https://example.org/",
        "key_figures": [{"label": "Arbeitsplätze", "value": 57900}, {"label": "Quote"}],
        "translations": {"en": {"key_figures": [{"label": "Jobs"}, {"label": "Rate"}]}},
    }
    english = localized_data(data, "en")
    assert english == {
        "name": "Südwestfalen",
        "website": "https://example.org/",
        "key_figures": [{"label": "Jobs", "value": 57900}, {"label": "Rate"}],
    }
    assert data["key_figures"][0]["label"] == "Arbeitsplätze"  # the original stays German


POST = "---\ntitle: {title}\ndate: 2022-05-25\nregions: alle\ncategory: projekt\n{extra}---\nText\n"


def write_post(folder: Path, name: str, title: str, extra: str = "") -> Path:
    path = folder / name
    path.write_text(POST.format(title=title, extra=extra), encoding="utf-8")
    return path


def test_post_translation_mistakes_are_named_with_file_and_line(in_tmp):
    news = in_tmp / "content" / "news"
    (news / "en").mkdir(parents=True)
    german = write_post(news, "2022-05-25-leitfaden.md", "Leitfaden")
    orphan = write_post(
        news / "en", "2022-05-25-guide.md", "Guide", "lang: en\ntranslation_key: leitfadn\n"
    )
    twin = write_post(
        news / "en", "2022-05-26-guide-2.md", "Guide", "lang: en\ntranslation_key: leitfaden\n"
    )
    first = write_post(
        news / "en", "2022-05-24-guide-0.md", "Guide", "lang: en\ntranslation_key: leitfaden\n"
    )
    french = write_post(news, "2022-05-27-fr.md", "Guide", "lang: fr\n")
    paths = [german, orphan, twin, first, french]
    assert [str(p) for p in translation_problems(paths, "de", ("de", "en"))] == [
        "content/news/en/2022-05-25-guide.md:7: translation_key: Übersetzung ohne Original: "
        "keine deutsche Meldung hat den Schlüssel 'leitfadn' (meinten Sie 'leitfaden'?) "
        "(tragen Sie den Slug der deutschen Meldung ein)",
        "content/news/en/2022-05-26-guide-2.md:7: translation_key: "
        "'content/news/en/2022-05-24-guide-0.md' hat schon den Schlüssel 'leitfaden' in der "
        "Sprache 'en': eine Meldung je Sprache und Schlüssel (ändern Sie den Schlüssel dieser "
        "Datei)",
        "content/news/2022-05-27-fr.md:6: lang: unbekannte Sprache 'fr': erlaubt sind de, en",
    ]


def test_english_lists_hold_only_english_posts():
    class Post:
        def __init__(self, lang, date, translations=()):
            self.lang, self.date, self.source_path = lang, date, f"{lang}-{date}"
            self.translations = list(translations)

    english = [Post("en", 2), Post("en", 1)]
    german = [Post("de", 2, [english[0]]), Post("de", 1, [english[1]]), Post("de", 3)]
    assert edition_posts(german, "en") == english


# --- the built site


@pytest.mark.build
def test_every_english_page_says_it_is_english_and_every_german_page_german(published):
    pages = sorted(published.output.rglob("*.html"))
    for path in pages:
        relative = path.relative_to(published.output).as_posix()
        if relative.startswith(("pagefind/", "admin/")):
            continue
        root = etree.parse(str(path), etree.HTMLParser()).getroot()
        expected = "en" if relative.startswith(ENGLISH_PREFIX) else "de"
        assert root.get("lang") == expected, relative


def german_ui_strings() -> set[str]:
    """msgids whose English differs: any of them on an English page is untranslated UI."""
    with (ROOT / "theme/translations/en/LC_MESSAGES/messages.po").open("rb") as fp:
        catalog = read_po(fp, locale="en")
    strings = set()
    for message in catalog:
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        text = message.string if isinstance(message.string, str) else message.string[0]
        if not msgid or msgid == text or "%(" in msgid or len(msgid) < 5:
            continue  # names, codes, and format strings (their parts are checked whole)
        strings.add(msgid)
    return strings


# The parts of a page that are the site's own words, not region data or posts.
UI_PARTS = "//header|//footer|//nav|//h2|//label|//summary|//button|//*[@class='skip-link']"


@pytest.mark.build
def test_english_pages_show_no_german_ui_text(published):
    strings = german_ui_strings()
    assert len(strings) > 100
    found = {}
    for path in (published.output / "en").rglob("*.html"):
        root = etree.parse(str(path), etree.HTMLParser()).getroot()
        parts = [" ".join(part.itertext()) for part in root.xpath(UI_PARTS)]
        parts += root.xpath("//@aria-label|//@alt|//meta[@name='description']/@content")
        # The site's name is a brand ("Starke Regionen"), the same in every language.
        text = " ".join(" ".join(parts).split()).replace(SITENAME, "")
        hits = [s for s in strings if re.search(rf"(?<!\w){re.escape(s)}(?!\w)", text)]
        if hits:
            found[path.relative_to(published.output).as_posix()] = hits
    assert not found


CODE_BLOCKS = r"\{% block (body_class|og_type|search_index|csp_script) %\}.*?\{% endblock %\}"


def test_templates_hold_no_text_outside_gettext():
    """Every word a template shows goes through `_()` or `{% trans %}`, so every language has
    it: literal text between tags would stay German on every English page."""
    literal = {}
    for path in sorted((ROOT / "theme/templates").rglob("*.html")):
        source = path.read_text(encoding="utf-8")
        source = re.sub(r"\{%-? trans.*?endtrans -?%\}", " ", source, flags=re.S)
        # Blocks that fill attributes, not text: CSS classes, Open Graph type, CSP.
        source = re.sub(CODE_BLOCKS, " ", source, flags=re.S)
        source = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", " ", source, flags=re.S)
        source = re.sub(r"<(script|style)\b.*?</\1>", " ", source, flags=re.S)
        text = re.sub(r"<[^>]*>", " ", source)
        words = re.findall(r"[A-Za-zÄÖÜäöüß]{3,}", text)
        if words:
            literal[path.relative_to(ROOT / "theme/templates").as_posix()] = words
    assert not literal


def alternates_of(root) -> dict[str, str]:
    return {
        link.get("hreflang"): link.get("href")
        for link in root.xpath("//link[@rel='alternate'][@hreflang]")
    }


@pytest.mark.build
def test_hreflang_and_the_language_switcher_are_reciprocal(published):
    site = published.output
    pairs = 0
    for path in site.rglob("*.html"):
        root = etree.parse(str(path), etree.HTMLParser()).getroot()
        versions = alternates_of(root)
        if not versions:
            continue
        own = "/" + path.relative_to(site).as_posix().removesuffix("index.html")
        lang = root.get("lang")
        assert set(versions) == {"de", "en", "x-default"}, own
        assert versions["x-default"] == versions["de"]
        assert versions[lang].endswith(own), (own, versions)
        other = "en" if lang == "de" else "de"
        target = site / versions[other].split("://", 1)[-1].split("/", 1)[-1] / "index.html"
        other_root = etree.parse(str(target), etree.HTMLParser()).getroot()
        assert alternates_of(other_root) == versions, own
        switch = root.xpath(f"//nav[@class='service-links']//a[@hreflang='{other}']/@href")
        assert switch == [versions[other]], own
        pairs += 1
    # Home, overviews, 7 regions and 5 topics, each in both languages, at least.
    assert pairs >= 2 * (1 + 5 + 7 + 5)


@pytest.mark.build
def test_english_feeds_are_english_and_hold_only_english_posts(published):
    feeds = sorted((published.output / "en/feeds").rglob("*.xml"))
    assert len(feeds) == 2 * (1 + 7 + 5)
    entries = 0
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.bozo_exception)
        assert parsed.feed.get("language", "en").startswith("en"), path
        for entry in parsed.entries:
            assert "/en/news/" in entry.link, (path, entry.link)
        entries += len(parsed.entries)
    english_posts = sorted((ROOT / "content/news/en").glob("*.md"))
    # The site feeds (Atom, RSS) hold every English post, and some region feeds hold more.
    assert entries >= 2 * len(english_posts) > 0
    document = json.loads((published.output / "en/feeds/all.json").read_text(encoding="utf-8"))
    assert document["language"] == "en"
    assert len(document["items"]) == len(english_posts)
    for item in document["items"]:
        assert item["language"] == "en" and "/en/news/" in item["url"], item["url"]
    german = json.loads((published.output / "feeds/alle.json").read_text(encoding="utf-8"))
    assert german["language"] == "de"
    assert {item["language"] for item in german["items"]} == {"de"}


def page_root(published, path: str):
    return etree.parse(str(published.output / path / "index.html"), etree.HTMLParser()).getroot()


@pytest.mark.build
def test_the_page_for_people_from_abroad_is_linked_and_links_the_federal_portals(published):
    home = page_root(published, "en")
    welcome = f"{PUBLISH_URL}/en/moving-here/"
    for place in ("//nav[contains(@class, 'site-nav')]", "//*[@class='hero__actions']"):
        assert home.xpath(f"{place}//a[@href='{welcome}']"), place
    german_home = page_root(published, "")
    assert not german_home.xpath("//a[contains(@href, 'moving-here')]")
    # Every English region page points to it where it says how to arrive; no German one does.
    for region in region_data()["regions"]:
        english = page_root(published, f"en/regions/{region['slug']}")
        assert english.xpath(f"//section[@id='arrival']//a[@href='{welcome}']"), region["slug"]
        german = page_root(published, f"regionen/{region['slug']}")
        assert not german.xpath("//a[contains(@href, 'moving-here')]"), region["slug"]
    page = page_root(published, "en/moving-here")
    assert page.get("lang") == "en"
    hrefs = page.xpath("//main//a/@href")
    assert "https://www.make-it-in-germany.com/en/" in hrefs
    assert "https://www.anerkennung-in-deutschland.de/en/" in hrefs
    # Plain links: nothing from those portals is loaded (no script, frame or image of theirs).
    loaded = page.xpath("//script/@src|//iframe/@src|//img/@src|//link/@href")
    assert not [url for url in loaded if "make-it-in" in url or "anerkennung" in url]
    # Every region, by its English page.
    regions = {f"{PUBLISH_URL}/en/regions/{r['slug']}/" for r in region_data()["regions"]}
    assert regions <= set(hrefs)


# Words of German card titles, district types and source titles that have no place in an
# English text (a name in quotes or brackets, the German original, is left out of the search).
GERMAN_ONLY = re.compile(
    r"\b(und|der|die|das|des|dem|den|für|im|zum|zur|mit|von|vom|bei|Landkreis|Landkreises"
    r"|kreisfreie|Kanton|Stadt|Teile|Fürstentum|Kinderbetreuung|Notfall|Familienfreundliche"
    r"|Naturpark|Nationalpark|Welterbe|Weltnaturerbe|Willkommen\w*|Fachkräfte\w*)\b"
)
GERMAN_DISTRICT_TYPE = re.compile(r"^(Landkreis|Kreis|Kanton|Stadt|Bezirk|Fürstentum|Teile)\b")


def outside_quotes(text: str) -> str:
    """The text without what it quotes or puts in brackets (an original German title)."""
    return re.sub(r"“[^”]*”|„[^“]*“|\([^)]*\)", " ", " ".join(text.split()))


@pytest.mark.build
def test_english_region_pages_show_english_card_titles_district_types_and_sources(published):
    german = {region["slug"]: region for region in region_data()["regions"]}
    found = []
    for slug, region in german.items():
        root = page_root(published, f"en/regions/{slug}")
        # Organisations keep their legal names (“Allgäu GmbH – Gesellschaft für …”).
        for offer in root.xpath(
            "//li[contains(@class, 'offer ')][not(contains(@class, 'offer--organisation'))]"
        ):
            title = "".join(offer.xpath(".//*[contains(@class, 'offer__name')]//text()"))
            if GERMAN_ONLY.search(outside_quotes(title)):
                found.append(f"{slug}: card title „{title}“")
            # A translated title keeps its German original beside it, marked as German.
            original = offer.xpath(".//*[contains(@class, 'offer__original')]/span[@lang='de']")
            if original:
                assert original[0].text not in title, title
        districts = root.xpath("//section[@aria-labelledby='landkreise']//li/text()")
        assert len(districts) == len(region["districts"]), slug
        for district in districts:
            if GERMAN_DISTRICT_TYPE.search(district) or GERMAN_ONLY.search(
                outside_quotes(district)
            ):
                found.append(f"{slug}: district „{district}“")
        german_titles = {source.get("title") for source in region.get("sources", ())}
        for title in root.xpath("//ul[@class='source-list']/li/a/text()"):
            if title in german_titles:
                found.append(f"{slug}: source „{title}“")
    assert found == []


@pytest.mark.build
def test_the_german_pages_show_german_names_without_a_second_one(published):
    for region in region_data()["regions"]:
        root = page_root(published, f"regionen/{region['slug']}")
        assert not root.xpath("//*[contains(@class, 'offer__original')]"), region["slug"]
        districts = root.xpath("//section[@aria-labelledby='landkreise']//li/text()")
        assert districts == region["districts"]


@pytest.mark.build
def test_english_region_pages_point_to_the_german_news_marked_as_german(published):
    for region in region_data()["regions"]:
        root = page_root(published, f"en/regions/{region['slug']}")
        links = root.xpath("//section[@aria-labelledby='meldungen-region']//a[@hreflang='de']")
        assert [a.get("href") for a in links] == [
            f"{PUBLISH_URL}/regionen/{region['slug']}/#meldungen-region"
        ], region["slug"]
        # Listed as posts: English ones only.
        for href in root.xpath("//section[@aria-labelledby='meldungen-region']//h3//a/@href"):
            assert href.startswith(f"{PUBLISH_URL}/en/news/"), href


@pytest.mark.build
def test_the_sitemap_lists_each_language_version(published):
    tree = etree.parse(str(published.output / "sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    region = "regionen/allgaeu/"
    url = next(
        u
        for u in tree.xpath("//s:url", namespaces=ns)
        if u.findtext("s:loc", namespaces=ns) == f"{PUBLISH_URL}/{region}"
    )
    links = {link.get("hreflang"): link.get("href") for link in url.xpath("x:link", namespaces=ns)}
    assert set(links) == {"de", "en", "x-default"}
    assert links["en"].endswith("/en/regions/allgaeu/") and links["de"].endswith("/" + region)


@pytest.mark.build
def test_the_german_site_keeps_every_address(published):
    """Every page, feed and file the German site had before the English edition is still
    there, at the same address."""
    before = (ROOT / "tests/golden/german-urls.txt").read_text(encoding="utf-8").split()
    missing = [path for path in before if not (published.output / path).is_file()]
    assert not missing
