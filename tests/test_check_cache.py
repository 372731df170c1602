"""The input check's results kept in cache/ (check_cache.py): the same problems with and
without the cache, cold and warm, also after an edit that changes only a fact across files.

A small site of its own (two regions, a dozen posts with mistakes of many kinds) keeps each
check at a few hundredths of a second. Every step compares the whole outcome: the problems
and warnings (file, line, field, text, order), or the checked data when nothing is wrong.
"""

from __future__ import annotations

import json
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import pytest
from pelican.settings import read_settings
from PIL import Image

from regional_showcase import check_cache
from regional_showcase.check_cache import CheckCache, decode, encode
from regional_showcase.data.model import RegionName
from regional_showcase.data.problems import ValidationFailed
from regional_showcase.input_check import check_input
from regional_showcase.settings import apply_defaults

from sitebuild import ROOT

HEADER = "---\ntitle: {title}\ndate: {date}\nregions:\n  - {region}\ncategory: {category}\n"


def post(
    title: str = "Ein Termin",
    date: str = "2024-03-01",
    region: str = "allgaeu",
    category: str = "Fachkräfte",
    extra: str = "",
    body: str = "Ein Text.",
) -> str:
    header = HEADER.format(title=title, date=date, region=region, category=category)
    return f"{header}summary: Kurz.\n{extra}---\n{body}\n"


# Mistakes of many kinds, each in its own post (several from the rules' own tests).
POSTS = {
    "2024-03-01-original.md": post("Das Original", extra="slug: original\n"),
    "2024-03-02-ziel.md": post("Das Ziel", extra="slug: ziel\n"),
    "2024-03-03-verweis.md": post(
        "Der Verweis", body="Siehe [das Ziel](/aktuelles/2024/ziel/) und [mehr](/aktuelles/)."
    ),
    "2024-03-04-steuerzeichen.md": post("Steuerzeichen", body="Ein Text mit \x07 darin."),
    "2024-03-05-region.md": post("Region", region="allgau", category="Fachkraft"),
    "2024-03-06-datum.md": post("Datum", date="2024-13-45", extra="slug: Kein_Slug\n"),
    "2024-03-07-links.md": post(
        "Links",
        body="[Mehr](https://example.org/?utm_source=x) und "
        "[Seite](https://www.starke-regionen.de/unbekannt.html).",
    ),
    "2024-03-08-bild.md": post(
        "Bild",
        extra="image: /images/titel.jpg\nimage_alt: Ein Bild\nimage_credit: Wer\n"
        "image_licence: CC BY 4.0\n",
    ),
    "2024-03-09-ueberschrift.md": post("T" * 100, body="# Noch ein Titel\n\nText."),
    "2024-03-10-feld.md": post("Feld", extra="farbe: blau\n"),
    "2024-03-11-leer.md": post("Leer", body=""),
    "2024-03-12-vorpommern.md": post("Die andere Region", region="suedwestfalen"),
    "en/2024-03-01-original.md": post(
        "The original", extra="slug: original-en\nlang: en\ntranslation_key: original\n"
    ),
}


@pytest.fixture
def site(tmp_path, monkeypatch):
    """Settings of a small site in tmp_path (the working folder, as for `make html`)."""
    monkeypatch.chdir(tmp_path)
    data = (ROOT / "data/regions.yaml").read_text(encoding="utf-8")
    (tmp_path / "data").mkdir()
    # The first two regions (Südwestfalen, Allgäu): regions is the file's last key.
    (tmp_path / "data/regions.yaml").write_text(
        data[: data.index("  - slug: bodensee")], encoding="utf-8"
    )
    for folder in ("content/news/en", "content/pages", "content/images"):
        (tmp_path / folder).mkdir(parents=True)
    for name, text in POSTS.items():
        (tmp_path / "content/news" / name).write_text(text, encoding="utf-8")
    (tmp_path / "content/news/2024-03-13-cp1252.md").write_bytes(
        post("Kodierung", body="Grüße").encode("cp1252")
    )
    real = read_settings(str(ROOT / "pelicanconf.py"))
    keys = ("SHOWCASE_EDITIONS", "ARTICLE_URL", "ARTICLE_LANG_URL", "ARTICLE_LANG_SAVE_AS")
    return apply_defaults(
        {
            "PATH": "content",
            "ARTICLE_PATHS": ["news"],
            "PAGE_PATHS": ["pages"],
            "STATIC_PATHS": ["images"],
            "SHOWCASE_DATA": "data/regions.yaml",
            **{key: real[key] for key in keys},
        }
    )


def outcome(settings, *, cache: bool, bodies: bool = False) -> tuple:
    """Everything the check gives: its problems and warnings, or its checked data."""
    hints: list = []
    try:
        checked = check_input(settings, hints, bodies=bodies, cache=cache)
    except ValidationFailed as failed:
        return "failed", failed.problems, failed.warnings, hints
    return "ok", checked.site, checked.items["posts"], checked.warnings, hints


def same_with_and_without(settings, bodies: bool = False, again: bool = False) -> tuple:
    """The check without the cache and with it (as the last step left it), and with `again`
    once more (everything kept): all the same."""
    fresh = outcome(settings, cache=False, bodies=bodies)
    assert outcome(settings, cache=True, bodies=bodies) == fresh
    if again:
        assert outcome(settings, cache=True, bodies=bodies) == fresh
    return fresh


def messages(result: tuple) -> list[str]:
    assert result[0] == "failed"
    return [str(problem) for problem in [*result[1], *result[2]]]


def test_the_cache_gives_the_same_problems_cold_warm_and_after_each_edit(site, checked_posts):
    checked = checked_posts
    news = site.news_dir
    first = messages(same_with_and_without(site, again=True))
    for expected in (
        "unzulässiges Zeichen U+0007",
        "unbekannte Region 'allgau'",
        "unbekannte Kategorie 'Fachkraft'",
        "'Kein_Slug' ist kein gültiger Slug",
        "utm_source",
        "starke-regionen.de",
        "das Bild '/images/titel.jpg' wurde nicht gefunden",
        "unbekanntes Feld",
        "die Meldung hat keinen Text",
        "nicht als UTF-8 gespeichert",
        "Warnung: der Titel hat 100 Zeichen",
    ):
        assert any(expected in line for line in first), expected
    # Warm: no post was checked again (each check with the cache after one without).
    checked.clear()
    outcome(site, cache=True)
    assert checked == []

    # One post edited: only it is checked again; its new mistake shows.
    (news / "2024-03-12-vorpommern.md").write_text(
        post("Die andere Region", region="nirgendwo"), encoding="utf-8"
    )
    checked.clear()
    found = messages(same_with_and_without(site))
    assert [path.name for path in checked] == ["2024-03-12-vorpommern.md"]
    assert any("unbekannte Region 'nirgendwo'" in line for line in found)

    # The picture a kept post names appears, and goes again.
    Image.new("RGB", (4, 4)).save(site.content_path / "images/titel.jpg", "JPEG")
    missing = "das Bild '/images/titel.jpg' wurde nicht gefunden"
    assert not any(missing in line for line in messages(same_with_and_without(site)))
    (site.content_path / "images/titel.jpg").unlink()
    assert any(missing in line for line in messages(same_with_and_without(site)))

    # A region's claim edited: a post's check reads no claim, so none is checked again …
    data = site.data.read_text(encoding="utf-8")
    claim = "    claim: Südwestfalen – Alles echt!\n"
    site.data.write_text(data.replace(claim, claim.replace("!", "! Neu")), encoding="utf-8")
    checked.clear()
    outcome(site, cache=True)
    assert checked == []
    same_with_and_without(site)
    # … but a topic renamed is: the kept posts naming 'Fachkräfte' are refused.
    topic = data.replace("  - slug: fachkraefte\n", "  - slug: fachkraefte-alt\n")
    site.data.write_text(topic.replace("    name: Fachkräfte\n", "    name: Arbeit\n"), "utf-8")
    found = messages(same_with_and_without(site))
    assert any("2024-03-01-original.md" in line and "'Fachkräfte'" in line for line in found)
    site.data.write_text(data, encoding="utf-8")

    # Across files, each kept post unchanged: the post a kept post links to is deleted …
    (news / "2024-03-02-ziel.md").unlink()
    found = messages(same_with_and_without(site))
    assert any(line.startswith("content/news/2024-03-03-verweis.md:") for line in found)
    # … an older post takes a kept post's address …
    (news / "2024-01-01-frueher.md").write_text(
        post("Früher", date="2024-01-01", extra="slug: original\n"), encoding="utf-8"
    )
    found = messages(same_with_and_without(site))
    assert any(
        line.startswith("content/news/2024-03-01-original.md:") and "Adresse" in line
        for line in found
    )
    # … the original of a kept translation goes …
    (news / "2024-03-01-original.md").unlink()
    (news / "2024-01-01-frueher.md").unlink()
    found = messages(same_with_and_without(site))
    assert any("Übersetzung ohne Original" in line for line in found)
    # … and a region goes from the data while kept posts name it.
    data = site.data.read_text(encoding="utf-8")
    site.data.write_text(data[: data.index("  - slug: allgaeu")], encoding="utf-8")
    found = messages(same_with_and_without(site, again=True))
    assert any("2024-03-03-verweis.md" in line and "'allgaeu'" in line for line in found)

    # The bodies parsed as `showcase check` does: kept apart from the build's results, and
    # both kept: the build after `showcase check` checks no post again.
    same_with_and_without(site, bodies=True, again=True)
    checked.clear()
    outcome(site, cache=True)
    assert checked == []


def test_a_site_without_mistakes_is_checked_the_same_with_the_cache(site):
    for path in list(site.news_dir.rglob("*.md")):
        path.unlink()
    (site.news_dir / "2024-03-01-gut.md").write_text(post("Gut"), encoding="utf-8")
    result = same_with_and_without(site)
    assert result[0] == "ok"
    assert [info.path.name for info in result[2]] == ["2024-03-01-gut.md"]


def test_a_corrupt_cache_is_no_cache(site):
    expected = outcome(site, cache=False)
    file = site.cache_dir / check_cache.FILE_NAME
    outcome(site, cache=True)
    saved = json.loads(file.read_text(encoding="utf-8"))
    assert saved["files"]

    def each(change) -> str:
        """The saved file with every kept result changed: [inputs, asked, value]."""
        files = {
            name: [digest, {kind: change(*held) for kind, held in kinds.items()}]
            for name, (digest, kinds) in saved["files"].items()
        }
        return json.dumps({**saved, "files": files})

    broken = {
        "not JSON": '{"format": 3, "scope": \xff',
        "foreign values": each(lambda inputs, asked, value: [inputs, asked, ["c", "os:PathLike"]]),
        "wrong questions": each(lambda inputs, asked, value: [inputs, 7, value]),
        # Valid kept values of the wrong shape: each rule's result is a string now.
        "other values": each(lambda inputs, asked, value: [inputs, asked, "anders"]),
        "other entries": json.dumps({**saved, "files": dict.fromkeys(saved["files"], 7)}),
        "short entries": each(lambda inputs, asked, value: [inputs]),
    }
    for name, text in broken.items():
        file.write_text(text, encoding="utf-8")
        assert outcome(site, cache=True) == expected, name


@dataclass(frozen=True)
class Foreign:
    """A dataclass outside the plugin: no cache file may make one."""

    value: int


def test_kept_values_come_back_equal_and_of_the_same_types(site):
    from regional_showcase.data.dates import parse_date

    values = [
        parse_date("2022-05"),
        parse_date("2024-03-01 10:00"),
        parse_date("2024-03-01T10:00:00+02:00"),
        (Path("content/news/a.md"), ["x", 1, 2.5, None, True]),
    ]
    for value in values:
        back = decode(json.loads(json.dumps(encode(value))))
        assert back == value and type(back) is type(value)
    # The file a value was found in comes back as the caller's own Path object.
    own = Path("content/news/a.md")
    kept = json.loads(json.dumps(encode((own, Path("content/news/b.md")), own)))
    assert decode(kept, own)[0] is own and decode(kept, own)[1] == Path("content/news/b.md")
    # A cache file names no class outside the plugin, and makes nothing be imported.
    foreign_class = f"{Foreign.__module__}:{Foreign.__qualname__}"
    for foreign in (
        ["c", "os:PathLike"],
        ["c", foreign_class, 1],
        ["c", "regional_showcase.nowhere:X"],
        ["x"],
        ["o"],
    ):
        with pytest.raises(ValueError):
            decode(foreign)
    with pytest.raises(check_cache.Unencodable):
        encode(object())


def test_nothing_is_kept_for_the_editors_unsaved_files(site):
    from regional_showcase.data import unsaved

    file = site.cache_dir / check_cache.FILE_NAME
    cache = CheckCache.load(site)
    cache.save()  # never asked: nothing read, nothing written
    assert not file.exists()
    post = site.news_dir / "2024-03-01-original.md"
    assert cache.get("test", post, "", lambda: ["x"]) == ["x"]
    with unsaved.pending({site.news_dir.absolute() / "2024-03-01-neu.md": b"x"}):
        cache.save()
    assert not file.exists()
    cache.save()
    assert file.exists()


def test_the_first_preview_build_takes_the_kept_results_and_checks_the_same(site, checked_posts):
    """`make serve` keeps results in memory (preview/memo.py); what its memo lacks, in the
    first build of a process, comes from cache/."""
    from regional_showcase.preview.memo import PreviewMemo

    expected = outcome(site, cache=False)
    outcome(site, cache=True)  # fills cache/
    checked = checked_posts
    checked.clear()  # the checks above
    hints: list = []
    memo = PreviewMemo()
    with pytest.raises(ValidationFailed) as failed:
        check_input(site, hints, bodies=False, memo=memo, cache=True)
    assert (failed.value.problems, failed.value.warnings, hints) == expected[1:]
    assert checked == []
    # The kept results' questions came with them: the picture a kept post names appears.
    Image.new("RGB", (4, 4)).save(site.content_path / "images/titel.jpg", "JPEG")
    with pytest.raises(ValidationFailed) as failed:
        check_input(site, [], bodies=False, memo=memo)
    assert [path.name for path in checked] == ["2024-03-08-bild.md"]
    assert failed.value.problems == outcome(site, cache=False)[1]


def test_the_editors_check_before_saving_finds_the_same_with_the_kept_results(site):
    """staff/entry_check.py runs the check over the files the save would write: a kept post
    edited, a new post, a deleted post the other links to, the picture a kept post names."""
    from dataclasses import replace

    from regional_showcase.staff.entry_check import findings

    outcome(site, cache=True, bodies=True)  # cache/ holds every post as it is on disk
    news = site.news_dir.absolute()
    files = {
        news / "2024-03-12-vorpommern.md": post("Geändert", region="nirgendwo").encode(),
        news / "2024-04-01-neu.md": post("Neu", date="2024-04-01", body="Text \x0b.").encode(),
        news / "2024-03-02-ziel.md": None,
        site.content_path.absolute() / "images/titel.jpg": _jpeg(),
    }
    without = findings(replace(site, check_cache=False), files)
    kept = findings(site, files)
    assert kept == without
    found = [str(problem) for problem in without[0]]
    assert any("'nirgendwo'" in line for line in found)
    assert any("2024-04-01-neu.md" in line and "U+000B" in line for line in found)
    assert any(line.startswith("content/news/2024-03-03-verweis.md:") for line in found)
    assert not any("titel.jpg' wurde nicht gefunden" in line for line in found)


def _jpeg() -> bytes:
    import io

    data = io.BytesIO()
    Image.new("RGB", (4, 4)).save(data, "JPEG")
    return data.getvalue()


def _good_site(site) -> None:
    """The small site without its mistakes: three posts (one a draft, one dated ahead)."""
    for path in list(site.news_dir.rglob("*.md")):
        path.unlink()
    news = site.news_dir
    (news / "2024-03-01-gut.md").write_text(post("Gut"), encoding="utf-8")
    draft = post("Entwurf", date="2024-03-02", extra="status: Entwurf\n")
    (news / "2024-03-02-entwurf.md").write_text(draft, encoding="utf-8")
    (news / "2030-01-01-spaeter.md").write_text(post("Später", date="2030-01-01"), "utf-8")


def test_the_build_writes_the_published_set_from_the_kept_headers(site, monkeypatch):
    """The build's published-set.txt comes from what the check read of each file
    (CheckedInput.published), kept in cache/ by the file's bytes and whether its date
    decides: the same files online as published_set.py reading every file itself."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from regional_showcase import input_check
    from regional_showcase.content_types.registry import published_candidates
    from regional_showcase.data.published_set import published_files

    _good_site(site)
    now = dt.datetime(2025, 1, 1, tzinfo=ZoneInfo("Europe/Berlin"))

    def online(checked) -> list[str]:
        known = {(path, dated): fact for path, dated, fact in checked.published}
        candidates = [(path, dated) for path, dated, _ in checked.published]
        return published_files(
            site.content_path, candidates, now, "Europe/Berlin", lambda p, d: known[p, d]
        )

    read = published_files(site.content_path, published_candidates(site), now, "Europe/Berlin")
    assert read == ["news/2024-03-01-gut.md"]
    for _ in range(2):  # computed, then kept
        assert online(check_input(site, bodies=False, cache=True, build=True)) == read
    # The draft's bytes change (it goes online): the kept fact for it does not stay.
    draft = site.news_dir / "2024-03-02-entwurf.md"
    draft.write_text(post("Entwurf", date="2024-03-02"), encoding="utf-8")
    assert online(check_input(site, bodies=False, cache=True, build=True)) == [
        "news/2024-03-01-gut.md",
        "news/2024-03-02-entwurf.md",
    ]
    # Whether the date decides is part of the key: the same bytes counted undated (as an
    # event) are online at any time.
    later = site.news_dir / "2030-01-01-spaeter.md"
    stored = CheckCache.load(site)
    facts = {p: f for p, _, f in input_check._publication(site, None, stored)}
    assert facts[later] == dt.datetime(2030, 1, 1)
    monkeypatch.setattr(input_check, "published_candidates", lambda settings: [(later, False)])
    assert input_check._publication(site, None, stored) == ((later, False, True),)


def test_the_comparisons_checked_data_is_kept_by_its_bytes_and_the_regions_slugs(site):
    """data/comparison.yaml's checked data is kept in cache/ (input_check._comparisons) by
    the file's bytes and the regions' slugs; the comparison is made from it with this
    check's own Region objects."""
    from types import SimpleNamespace

    from test_comparison import MINIMAL, fake_site

    from regional_showcase.input_check import _comparisons

    path = site.data.parent / "comparison.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    settings = SimpleNamespace(comparison=path, languages=("de",))

    def compare(slugs=("nord", "sued")):
        stored = CheckCache.load(site)
        regions = fake_site(slugs)
        try:
            return _comparisons(settings, regions, None, stored)["de"], regions, stored
        finally:
            stored.save()

    fresh, _, _ = compare()
    kept, regions, stored = compare()
    assert stored.hits == 1 and kept == fresh
    shown = [RegionName(r.slug, r.name) for r in regions.regions]
    assert [cell.region for cell in kept.indicators[0].cells] == shown
    assert kept.coverage[0].region == shown[0]
    # Other slugs: the file is checked again and names the region it lacks.
    with pytest.raises(ValidationFailed) as failed:
        compare(("nord", "west"))
    assert any("west" in str(problem) for problem in failed.value.problems)
    # Other bytes: another value.
    path.write_text(MINIMAL.replace('"02001": 5.0', '"02001": 7.0'), encoding="utf-8")
    changed, _, stored = compare()
    assert stored.hits == 0 and changed != fresh


def test_the_preview_keeps_the_comparisons_check_by_its_bytes_and_the_regions_slugs(
    site, monkeypatch
):
    """make serve's memo keeps comparison.yaml's check (input_check._comparisons) by the
    file and the regions' slugs: a claim edit (other Region objects, the same slugs) makes
    the comparison anew from it with the new regions, without checking the file again."""
    from types import SimpleNamespace

    from test_comparison import MINIMAL, fake_site

    from regional_showcase import input_check
    from regional_showcase.data import comparison
    from regional_showcase.preview.memo import PreviewMemo

    path = site.data.parent / "comparison.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    settings = SimpleNamespace(comparison=path, languages=("de",))
    memo, checks = PreviewMemo(), []
    real = input_check.checked_comparison_data

    def counted(*args):
        checks.append(args)
        return real(*args)

    monkeypatch.setattr(input_check, "checked_comparison_data", counted)
    monkeypatch.setattr(comparison, "checked_comparison_data", counted)
    first = input_check._comparisons(settings, fake_site(("nord", "sued")), memo)["de"]
    claimed = fake_site(("nord", "sued"))
    claimed.regions[0].claim = "Ein neuer Claim"
    kept = input_check._comparisons(settings, claimed, memo)["de"]
    assert len(checks) == 1
    shown = [RegionName(r.slug, r.name) for r in claimed.regions]
    assert kept.coverage[0].region == shown[0]
    assert [cell.region for cell in kept.indicators[0].cells] == shown
    # Other slugs: checked again. Other bytes: another value.
    with pytest.raises(ValidationFailed):
        input_check._comparisons(settings, fake_site(("nord", "west")), memo)
    path.write_text(MINIMAL.replace('"02001": 5.0', '"02001": 7.0'), encoding="utf-8")
    changed = input_check._comparisons(settings, claimed, memo)["de"]
    assert len(checks) == 3 and changed != first


def test_the_web_editors_facts_of_each_text_are_kept_by_its_bytes(site):
    """The build's check keeps cms/config.py's text_facts of every Markdown file under
    content/ (CheckedInput.text_facts) by the file's bytes; write_admin's content_state made
    from them is the one made by reading every file."""
    from regional_showcase.cms.config import content_state
    from regional_showcase.cms.text_facts import facts_of_bytes, text_facts

    _good_site(site)
    (site.content_path / "pages/impressum.md").write_text(
        "---\ntitle: Impressum\nslug: impressum\n---\n\n![Bild](images/logo.png)\n", "utf-8"
    )
    for _ in range(2):  # computed, then kept
        facts = check_input(site, bodies=False, cache=True, build=True).text_facts
        assert facts == {path: text_facts(path) for path in facts}
        assert content_state(site, read=facts.__getitem__) == content_state(site)
    assert len(facts) == 4 and facts[site.content_path / "pages/impressum.md"][2] == {"logo.png"}
    # Other bytes: other facts (a new title), not the kept ones.
    good = site.news_dir / "2024-03-01-gut.md"
    good.write_text(post("Besser"), encoding="utf-8")
    facts = check_input(site, bodies=False, cache=True, build=True).text_facts
    assert facts[good] == text_facts(good) and facts[good][0] == "Besser"
    # The bytes read as read_text(errors="replace") reads them: line ends, a BOM, bad bytes.
    odd = site.content_path / "odd.md"
    for data in (
        b"---\r\ntitle: A\r\nslug: b\r\n---\r\nimages/c.png",
        b"\xef\xbb\xbf---\rtitle: \xff\r",
    ):
        odd.write_bytes(data)
        assert facts_of_bytes(data) == text_facts(odd)


def test_the_builds_check_makes_no_markdown_parser(site, monkeypatch):
    """The build's check (bodies=False: its reader applies the body rules) reads only the
    site's address of the body rules: their Markdown is made on the first body parsed."""
    from regional_showcase.data import post_body

    _good_site(site)
    made = []
    real = post_body.Markdown
    monkeypatch.setattr(post_body, "Markdown", lambda **config: made.append(1) or real(**config))
    check_input(site, bodies=False, cache=False, build=True)
    assert made == []
    check_input(site, bodies=True, cache=False)
    assert made == [1]


def test_a_build_checked_with_the_memo_has_the_editors_facts_kept_by_each_texts_bytes(
    site, monkeypatch
):
    """The build server's builds check with make serve's memo (preview/memo.py): the check
    hands write_admin each text's facts from it, as a fresh build's check does from cache/,
    read again only for a text whose bytes changed."""
    from regional_showcase.cms.text_facts import text_facts
    from regional_showcase.preview import memo as memo_module

    _good_site(site)
    memo = memo_module.PreviewMemo()
    read = []
    monkeypatch.setattr(
        memo_module, "text_facts", lambda path: read.append(path) or text_facts(path)
    )
    for _ in range(2):  # read, then kept
        facts = check_input(site, bodies=False, cache=False, build=True, memo=memo).text_facts
        assert facts == {path: text_facts(path) for path in facts} and len(facts) == 3
    assert len(read) == 3
    good = site.news_dir / "2024-03-01-gut.md"
    good.write_text(post("Besser"), encoding="utf-8")
    facts = check_input(site, bodies=False, cache=False, build=True, memo=memo).text_facts
    assert facts[good][0] == "Besser" and read[3:] == [good]


def test_a_check_with_the_memo_reads_each_text_for_its_linked_files_once(site, monkeypatch):
    """The rule over files a text links ({static}, {attach}) takes each Markdown file's text
    from the memo while the file's bytes are the same (input_check._remembered_marked_texts):
    a second check reads none, an edited text is read again and its new link is seen."""
    from regional_showcase import input_check
    from regional_showcase.preview.memo import PreviewMemo

    _good_site(site)
    (site.content_path / "liste.csv").write_text("a;b\n", encoding="utf-8")
    memo = PreviewMemo()
    read = []
    real = input_check.file_bytes
    monkeypatch.setattr(input_check, "file_bytes", lambda path: read.append(path) or real(path))
    for _ in range(2):
        check_input(site, bodies=False, cache=False, build=True, memo=memo)
    texts = sorted(p for p in site.content_path.rglob("*.md"))
    assert sorted(read) == texts  # the first check only
    good = site.news_dir / "2024-03-01-gut.md"
    good.write_text(post("Gut", body="[Liste]({static}/liste.csv)"), encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        check_input(site, bodies=False, cache=False, build=True, memo=memo)
    assert read[len(texts) :] == [good]
    assert "der Link '{static}/liste.csv' veröffentlichte" in str(failed.value)
    # Under the web editor's pending save the digests would not see its files: all are read.
    from regional_showcase.data import unsaved

    with unsaved.pending({good.resolve(): post("Gut").encode()}):
        assert input_check._remembered_marked_texts(memo) is None


def test_the_build_servers_cache_carries_what_its_memo_did_not_ask_and_drops_deleted_files(
    tmp_path, monkeypatch
):
    """save(carried=True) (check_cache.for_process): results of files the check did not ask
    about stay while the file is there; a deleted file's leave; the object then holds what
    the file holds, for the next build."""
    monkeypatch.chdir(tmp_path)
    for name in ("a.md", "b.md"):
        Path(name).write_text(name)
    old = {name: [f"digest-{name}", {"post-check": ["", [], 1]}] for name in ("a.md", "b.md")}
    old["gone.md"] = ["digest-gone", {"post-check": ["", [], 1]}]
    old["b.md.damaged"] = "x"  # a file's entry damaged in place: not carried
    Path("b.md.damaged").write_text("")
    cache = CheckCache(tmp_path / "check-cache.json", "scope", old)
    assert cache.get("post-check", Path("a.md"), "", lambda: 2) == 2  # a.md's bytes changed
    cache.save(carried=True)
    files = json.loads((tmp_path / "check-cache.json").read_text())["files"]
    assert sorted(files) == ["a.md", "b.md"]
    assert files["b.md"] == old["b.md"] and files["a.md"][1]["post-check"][2] == 2
    assert cache.old == files and cache.kept == {}
    # `showcase check` wrote the file meanwhile, with its kind (the bodies' rules): kept.
    checked = {**files, "b.md": [files["b.md"][0], {"post-check+bodies": ["", [], 3]}]}
    data = {"format": check_cache.FORMAT, "scope": "scope", "files": checked}
    (tmp_path / "check-cache.json").write_text(json.dumps(data) + " ")
    assert cache.get("post-check", Path("a.md"), "", lambda: 4) == 2
    cache.save(carried=True)
    files = json.loads((tmp_path / "check-cache.json").read_text())["files"]
    assert files["b.md"][1] == {"post-check": ["", [], 1], "post-check+bodies": ["", [], 3]}


def test_the_builds_check_keeps_a_file_of_its_own(site):
    """A build's settings are never `showcase check`'s (Pelican's reader adds the `meta`
    extension): in one file each replaced the other's, and the check after a build (or the
    build after a check) checked every file again."""
    outcome(site, cache=True, bodies=True)  # showcase check
    checked = (site.cache_dir / check_cache.FILE_NAME).read_bytes()
    with suppress(ValidationFailed):  # the site's mistakes: its results are kept all the same
        check_input(site, [], bodies=False, cache=True, build=True)
    assert (site.cache_dir / check_cache.FILE_NAME).read_bytes() == checked
    assert json.loads((site.cache_dir / check_cache.BUILD_FILE_NAME).read_text())["files"]
