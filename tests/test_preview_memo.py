"""What `make serve` keeps between rebuilds (preview/memo.py): kept only while the files
and settings it came from stay the same, and the same as computing it anew."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment
from markupsafe import Markup
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG
from PIL import Image
from poison import poisoned

from regional_showcase.build_record import KeptTexts
from regional_showcase.cms.admin import editor_facts, write_admin
from regional_showcase.cms.config import editor_rules
from regional_showcase.cms.editor import editor_config
from regional_showcase.data.problems import ValidationFailed
from regional_showcase.editions import _catalog_problems
from regional_showcase.input_check import check_input
from regional_showcase.opendata.comparison_files import kept_comparison_files
from regional_showcase.opendata.page import publication_for
from regional_showcase.preview.memo import PreviewMemo, file_key, preview_memo
from regional_showcase.preview.pages import KeptTemplate, PageDigest, Unkeyable
from regional_showcase.translations import catalog_file, catalog_problems

from sitebuild import check_messages, settings_in_copy

POST = """Title: Ein Termin in Olpe
Date: 2024-03-01 10:00
Category: Projekt
Regions: {regions}
Summary: Ein kurzer Text.

Der Text der Meldung.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A copy of the project, its settings read in its folder as `make serve` reads them.
    Shared by this module's tests (loading the region data takes a while); each test puts
    back what it changed."""
    with settings_in_copy(tmp_path_factory.mktemp("memo") / "project") as settings:
        yield settings


@pytest.fixture(scope="module")
def memo() -> PreviewMemo:
    """One memo for the module, as `make serve` keeps one through every edit."""
    return PreviewMemo()


@pytest.fixture
def news(site):
    """The news folder; the posts a test adds leave after it."""
    existing = set(site.news_dir.iterdir())
    yield site.news_dir
    for added in set(site.news_dir.iterdir()) - existing:
        added.unlink()


messages = check_messages


def uncached(settings) -> list[str]:
    """The problems computed anew: neither the memo nor cache/ (check_cache.py)."""
    try:
        check_input(settings, [], bodies=False, cache=False)
    except ValidationFailed as failed:
        return [str(problem) for problem in failed.problems]
    return []


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_a_kept_check_gives_what_a_fresh_check_gives(site, memo):
    hints: list = []
    first = check_input(site, hints, bodies=False, memo=memo)
    again_hints: list = []
    again = check_input(site, again_hints, bodies=False, memo=memo)
    fresh_hints: list = []
    fresh = check_input(site, fresh_hints, bodies=False)
    assert again.site is first.site, "the region data was kept"
    assert memo.hits > 0
    assert again.site == fresh.site
    assert [str(h) for h in again_hints] == [str(h) for h in fresh_hints] == [str(h) for h in hints]


def test_a_kept_post_is_checked_again_when_it_changes(site, memo, news):
    post = news / "2024-03-01-termin-olpe.md"
    write(post, POST.format(regions="suedwestfalen"))
    assert messages(site, memo) == []
    write(post, POST.format(regions="allgau"))
    expected = [
        "content/news/2024-03-01-termin-olpe.md:4: Regions: unbekannte Region 'allgau' "
        "(meinten Sie 'allgaeu'?)"
    ]
    assert messages(site, memo) == expected == messages(site, None)
    write(post, POST.format(regions="allgaeu"))
    assert messages(site, memo) == []


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(site, memo, news):
    post = news / "2024-03-01-termin-olpe.md"
    write(post, POST.format(regions="allgaeu"))
    before = post.stat()
    assert messages(site, memo) == []
    write(post, POST.format(regions="allgauu"))  # same length
    os.utime(post, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert post.stat().st_size == before.st_size
    assert messages(site, memo) == [
        "content/news/2024-03-01-termin-olpe.md:4: Regions: unbekannte Region 'allgauu' "
        "(meinten Sie 'allgaeu'?)"
    ]


def test_a_deleted_post_leaves_the_memo_and_its_slug_is_free_again(site, memo, news):
    first = news / "2024-03-01-termin-olpe.md"
    second = news / "2024-05-01-termin-olpe.md"
    write(first, POST.format(regions="allgaeu"))
    write(second, POST.format(regions="allgaeu").replace("Date: 2024-03-01", "Date: 2024-05-01"))
    duplicate = messages(site, memo)
    assert any("schon die Adresse der älteren Meldung" in message for message in duplicate)
    second.unlink()
    assert messages(site, memo) == []
    assert ("post-check", str(second)) not in memo.slots


def test_changed_region_data_checks_every_post_again(site, memo, news):
    write(news / "2024-03-01-termin-olpe.md", POST.format(regions="allgaeu"))
    assert messages(site, memo) == []
    data = site.data.read_text(encoding="utf-8")
    assert "slug: allgaeu" in data
    write(site.data, data.replace("slug: allgaeu", "slug: allgaeu-kempten"))
    try:
        changed = messages(site, memo)
        assert changed == messages(site, None)
        assert any("unbekannte Region 'allgaeu'" in message for message in changed)
    finally:
        write(site.data, data)
    assert messages(site, memo) == []


def test_a_region_text_edit_keeps_every_posts_check_and_a_topic_removed_does_not(site, memo, news):
    write(news / "2024-03-01-termin-olpe.md", POST.format(regions="allgaeu"))
    assert messages(site, memo) == []
    data = site.data.read_text(encoding="utf-8")
    claim = "    claim: Südwestfalen – Alles echt!\n"
    topic = "  - slug: projekt\n"
    assert claim in data and topic in data and "\n    name: Projekt\n" in data
    try:
        write(site.data, data.replace(claim, claim.replace("echt!", "echt! Neu")))
        checks = {s: held for s, held in memo.slots.items() if s[0] == "post-check"}
        assert messages(site, memo) == []
        assert all(memo.slots[s] is held for s, held in checks.items()), "no post checked again"
        # The topic 'Projekt' (POST's Category) renamed: the kept check must not hide it.
        renamed = data.replace(topic, "  - slug: projekt-alt\n")
        write(site.data, renamed.replace("\n    name: Projekt\n", "\n    name: Projektarbeit\n"))
        refused = messages(site, memo)
        assert refused == uncached(site)
        unknown = "content/news/2024-03-01-termin-olpe.md:3: Category: unbekannte Kategorie"
        assert any(message.startswith(unknown) for message in refused)
    finally:
        write(site.data, data)
    assert messages(site, memo) == []


def test_a_kept_post_check_sees_its_picture_come_and_go_and_not_an_event_saved(
    site, memo, news, checked_posts
):
    checked = checked_posts
    picture = "Image: /images/titel.jpg\nImage_alt: Ein Bild\nImage_credit: Wer\n"
    post = POST.format(regions="allgaeu").replace("Summary:", f"{picture}Summary:")
    write(news / "2024-03-01-termin-olpe.md", post)
    missing = "das Bild '/images/titel.jpg' wurde nicht gefunden"
    assert any(missing in message for message in messages(site, memo))
    images = site.content_path / "images"
    images.mkdir(exist_ok=True)
    event = sorted((site.content_path / "termine").rglob("*.md"))[0]
    text = event.read_text(encoding="utf-8")
    try:
        Image.new("RGB", (4, 4)).save(images / "titel.jpg", "JPEG")
        assert not any(missing in message for message in messages(site, memo))
        checked.clear()
        write(event, text + "\nEin Nachtrag.\n")
        assert messages(site, memo) == uncached(site)
        assert checked == [], "an event saved checks no post again"
    finally:
        write(event, text)
        (images / "titel.jpg").unlink()
    assert any(missing in message for message in messages(site, memo))


def test_kept_star_links_and_comparison_follow_their_files(site, memo, news):
    post = news / "2024-03-01-termin-olpe.md"
    link = "\n[Mehr](https://www.starke-regionen.de/unbekannt.html)\n"
    write(post, POST.format(regions="allgaeu") + link)
    found = messages(site, memo)
    assert found == uncached(site) and any("starke-regionen.de" in line for line in found)
    write(post, POST.format(regions="allgaeu"))
    assert messages(site, memo) == []
    comparison = site.comparison.read_text(encoding="utf-8")
    title = '"Strukturdaten für die kreisfreien Städte'
    assert title in comparison
    before = check_input(site, [], bodies=False, memo=memo).comparisons
    try:
        write(site.comparison, comparison.replace(title, '"Neue Strukturdaten für die Städte'))
        after = check_input(site, [], bodies=False, memo=memo).comparisons
        assert after != before
        assert after == check_input(site, [], bodies=False, cache=False).comparisons
    finally:
        write(site.comparison, comparison)


def test_kept_comparison_files_follow_the_comparison_and_the_settings(site):
    memo = PreviewMemo()
    comparison = check_input(site, [], bodies=False, cache=False).comparisons[site.lang]

    def files(comparison, showcase, kept=memo):
        publication = publication_for(showcase, lambda region: f"regionen/{region.slug}/")
        return kept_comparison_files(comparison, publication, showcase, kept)

    first = files(comparison, site)
    assert files(comparison, site) is first, "nothing changed: kept"
    renamed = replace(comparison.indicators[0], name="Ein anderer Name")
    other = replace(comparison, indicators=(renamed, *comparison.indicators[1:]))
    assert files(other, site) == files(other, site, kept=None) != first
    moved = replace(site, site_url="https://anders.example", feed_domain="https://anders.example")
    assert files(other, moved) == files(other, moved, kept=None) != files(other, site)


def test_a_region_text_edit_renders_that_text_again_and_keeps_the_others(site):
    # Its own memo, without cache/: the memo keeps the texts it rendered itself. A first
    # load from cache/ (the module's shared memo, when this test runs first) hands out the
    # cache's texts, which the memo never rendered, so the edit after it renders them all.
    memo = PreviewMemo()
    before = check_input(site, [], bodies=False, memo=memo, cache=False).site
    data = site.data.read_text(encoding="utf-8")
    old = "Weltmarktführer im Mittelgebirge:"
    assert data.count(old) == 1
    try:
        write(site.data, data.replace(old, "Weltmarktführer **im** Mittelgebirge:"))
        after = check_input(site, [], bodies=False, memo=memo, cache=False).site
        fresh = check_input(site, [], bodies=False, cache=False).site
    finally:
        write(site.data, data)
    assert after == fresh
    edited = next(r for r in after.regions if r.slug == "suedwestfalen")
    assert "<strong>im</strong>" in edited.summary_html
    other = next(i for i, r in enumerate(after.regions) if r.slug == "allgaeu")
    assert after.regions[other].summary_html is before.regions[other].summary_html


def test_a_changed_setting_theme_or_plugin_file_drops_everything(site, tmp_path):
    # Its own memo: the process's (preview_memo) is the one `make serve` uses.
    memo_settings = {"SITENAME": "A"}
    code = tmp_path / "plugin"
    code.mkdir()
    (code / "render.py").write_text("X = 1\n", encoding="utf-8")
    memo = preview_memo(memo_settings, site, code)
    memo.get("slot", "key", lambda: "value")
    assert preview_memo(memo_settings, site, code).slots, "nothing changed: kept"
    (code / "render.py").write_text("X = 22\n", encoding="utf-8")
    assert not preview_memo(memo_settings, site, code).slots
    memo.get("slot", "key", lambda: "value")
    assert not preview_memo({"SITENAME": "B"}, site, code).slots
    memo.get("slot", "key", lambda: "value")
    template = site.theme / "templates/404.html"
    text = template.read_text(encoding="utf-8")
    template.write_text(text + "\n", encoding="utf-8")
    try:
        assert not preview_memo({"SITENAME": "B"}, site, code).slots
    finally:
        template.write_text(text, encoding="utf-8")


def test_one_build_computes_the_scope_once_and_the_next_build_sees_a_change(
    site, tmp_path, monkeypatch
):
    from regional_showcase.preview import memo as memo_module

    walks = []
    walk = memo_module.tree_stat
    monkeypatch.setattr(memo_module, "tree_stat", lambda root: walks.append(root) or walk(root))
    memo_settings = {"SITENAME": "A"}
    code = tmp_path / "plugin"
    code.mkdir()
    (code / "render.py").write_text("X = 1\n", encoding="utf-8")
    with memo_module.MEMO.one_build():
        memo = preview_memo(memo_settings, site, code)
        memo.get("slot", "key", lambda: "value")
        assert preview_memo(memo_settings, site, code).slots
        assert len(walks) == 2, "code and theme walked once in the build"
        preview_memo({"SITENAME": "A"}, site, code)
        assert len(walks) == 4, "another settings dict: computed again"
    (code / "render.py").write_text("X = 22\n", encoding="utf-8")
    memo.get("slot", "key", lambda: "value")
    with memo_module.MEMO.one_build():
        assert not preview_memo(memo_settings, site, code).slots, "the next build: changed"


def test_a_failing_computation_is_not_kept():
    memo = PreviewMemo()

    def fail():
        raise ValidationFailed([])

    with pytest.raises(ValidationFailed):
        memo.get("slot", "key", fail)
    assert memo.get("slot", "key", lambda: "anew") == "anew"


def test_file_key_names_content_not_only_size_and_time(tmp_path):
    file = tmp_path / "a.md"
    write(file, "eins")
    before = file.stat()
    key = file_key(file)
    write(file, "zwei")
    os.utime(file, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert file_key(file) != key
    file.unlink()
    assert file_key(file) == (str(file), None)


def test_the_kept_web_editor_files_equal_fresh_ones(site, memo, tmp_path):
    checked = check_input(site, [], bodies=False, memo=memo)
    memo = PreviewMemo()
    kept, fresh = tmp_path / "kept", tmp_path / "fresh"
    for _ in range(2):
        write_admin(site, checked.site, kept, "/theme/css/site.css", memo)
    write_admin(site, checked.site, fresh, "/theme/css/site.css")
    assert memo.hits == 1
    for name in ("index.html", "config.yml", "rules.js"):
        assert (kept / "admin" / name).read_bytes() == (fresh / "admin" / name).read_bytes()
    write_admin(site, checked.site, kept, "/theme/css/other.css", memo)
    assert "/theme/css/other.css" in (kept / "admin/index.html").read_text(encoding="utf-8")
    # A file left unwritten when it holds the same bytes: one that differs is written.
    for name in ("rules.js", "showcase-cms.js"):
        write(kept / "admin" / name, "verändert")
    write_admin(site, checked.site, kept, "/theme/css/site.css", memo)
    for name in ("rules.js", "showcase-cms.js"):
        assert (kept / "admin" / name).read_bytes() == (fresh / "admin" / name).read_bytes()


def test_a_new_post_makes_the_kept_editor_rules_again_not_its_configuration(
    site, memo, news, tmp_path, monkeypatch
):
    """make html keeps the web editor's texts in cache/ (KeptTexts): content/'s state is read
    by rules.js alone, so a new post makes rules.js again and not config.yml (its YAML is
    most of write_admin's time). What is written equals a fresh write."""
    import regional_showcase.cms.admin as admin

    checked = check_input(site, [], bodies=False, memo=memo)
    kept = KeptTexts(tmp_path / "kept-texts.json", "site")
    made = []
    original = admin.editor_config
    monkeypatch.setattr(admin, "editor_config", lambda *args: made.append(1) or original(*args))
    write_admin(site, checked.site, tmp_path / "before", "/theme/css/site.css", kept=kept)
    assert len(made) == 1
    write(news / "2024-03-01-termin-olpe.md", POST.format(regions="suedwestfalen"))
    write_admin(site, checked.site, tmp_path / "after", "/theme/css/site.css", kept=kept)
    assert len(made) == 1, "config.yml made again for a new post"
    write_admin(site, checked.site, tmp_path / "fresh", "/theme/css/site.css")
    for name in ("index.html", "config.yml", "rules.js"):
        after = (tmp_path / "after/admin" / name).read_bytes()
        assert after == (tmp_path / "fresh/admin" / name).read_bytes(), name
    rules = (tmp_path / "after/admin/rules.js").read_text(encoding="utf-8")
    assert "2024/2024-03-01-termin-olpe" in rules
    assert "2024/2024-03-01-termin-olpe" not in (tmp_path / "before/admin/rules.js").read_text(
        "utf-8"
    )


def test_the_web_editor_files_read_each_text_once(site, memo, tmp_path, monkeypatch):
    """write_admin's content state (the kept texts' key) is the one rules.js shows: made
    with the memo's facts of each text, not read from every file once more."""
    import regional_showcase.cms.config as cms_config

    checked = check_input(site, [], bodies=False, memo=memo)
    read = []
    original = cms_config.text_facts
    monkeypatch.setattr(cms_config, "text_facts", lambda path: read.append(path) or original(path))
    write_admin(site, checked.site, tmp_path, "/theme/css/site.css", PreviewMemo())
    assert read == []
    rules = (tmp_path / "admin/rules.js").read_text(encoding="utf-8")
    assert '"taken"' in rules and '"images"' in rules


def editor_texts(settings, data) -> tuple:
    """What write_admin makes of the region data: the configuration and the rules."""
    return editor_config(settings, data), editor_rules(
        data, settings.languages[1:], settings=settings
    )


def test_the_editor_files_read_of_the_region_data_only_what_their_key_holds(site, memo):
    data = check_input(site, [], bodies=False, memo=memo).site
    assert site.languages[1:], "the translated names are read too"
    view = poisoned(data, keep=())
    regions = []
    for region in data.regions:
        kept = poisoned(region, keep=("slug", "name"))
        names = {
            lang: {"name": t["name"]} for lang, t in region.translations.items() if "name" in t
        }
        object.__setattr__(kept, "translations", names)
        regions.append(kept)
    object.__setattr__(view, "regions", tuple(regions))
    object.__setattr__(
        view, "topics", tuple(poisoned(t, keep=("name", "slug")) for t in data.topics)
    )
    assert editor_texts(site, view) == editor_texts(site, data)
    assert editor_facts(view) == editor_facts(data)


def _translated_name(data):
    first = data.regions[0]
    translations = {lang: {**t, "name": "Other"} for lang, t in first.translations.items()}
    assert translations
    return (replace(first, translations=translations), *data.regions[1:]), data.topics


@pytest.mark.parametrize(
    "change",
    [
        lambda data: ((replace(data.regions[0], slug="neu"), *data.regions[1:]), data.topics),
        lambda data: ((replace(data.regions[0], name="Neu"), *data.regions[1:]), data.topics),
        _translated_name,
        lambda data: (data.regions, data.topics[1:]),
        lambda data: (data.regions, (replace(data.topics[0], name="Neu"), *data.topics[1:])),
    ],
    ids=["region slug", "region name", "translated name", "topic removed", "topic renamed"],
)
def test_each_change_the_editor_files_show_changes_their_key(site, memo, change):
    data = check_input(site, [], bodies=False, memo=memo).site
    regions, topics = change(data)
    changed = replace(data, regions=regions, topics=topics)
    assert editor_texts(site, changed) != editor_texts(site, data)
    assert editor_facts(changed) != editor_facts(data)


# The listings (preview/pages.py): rendered again only when a value they use changed.


def kept(templates: dict[str, str], name: str, memo: PreviewMemo, base: str = "b"):
    env = Environment(loader=DictLoader(templates), autoescape=True)
    return KeptTemplate(env.get_template(name), memo, PageDigest(), lambda context: base)


class Counted:
    """A value the templates call, counting the renders."""

    def __init__(self) -> None:
        self.calls = 0

    def preview_digest(self) -> tuple:
        return ()

    def __call__(self) -> str:
        self.calls += 1
        return ""


def test_a_listing_is_rendered_again_only_when_a_value_it_uses_changes():
    memo = PreviewMemo()
    templates = {"base.html": "{{ counter() }}{% block b %}{% endblock %}"}
    templates["list.html"] = '{% extends "base.html" %}{% block b %}{{ title }}{% endblock %}'
    counter = Counted()
    page = {"counter": counter, "title": "A", "output_file": "x.html", "unused": 1}
    assert kept(templates, "list.html", memo).render(page) == "A"
    assert kept(templates, "list.html", memo).render({**page, "unused": 2}) == "A"
    assert counter.calls == 1, "a value no template reads changed: kept"
    assert kept(templates, "list.html", memo).render({**page, "title": "B"}) == "B"
    assert kept(templates, "list.html", memo, base="c").render({**page, "title": "B"}) == "B"
    assert counter.calls == 3, "a value the page shows, or the inputs of every page, changed"


def test_a_missing_name_is_not_none():
    memo = PreviewMemo()
    templates = {"t.html": "{% if x is defined %}da{% else %}fehlt{% endif %}"}
    assert kept(templates, "t.html", memo).render({"x": None}) == "da"
    assert kept(templates, "t.html", memo).render({}) == "fehlt"


def test_a_template_chosen_at_render_time_or_an_unknown_value_renders_always():
    memo = PreviewMemo()
    counter = Counted()
    chosen = {"t.html": "{{ counter() }}{% include name %}", "a.html": "A"}
    for _ in range(2):
        kept(chosen, "t.html", memo).render({"counter": counter, "name": "a.html"})
    assert counter.calls == 2
    unknown = {"t.html": "{{ counter() }}{{ thing }}"}
    for _ in range(2):
        kept(unknown, "t.html", memo).render({"counter": counter, "thing": object()})
    assert counter.calls == 4
    with pytest.raises(Unkeyable):
        PageDigest().of(object())


def test_a_post_stands_for_its_file_and_its_translations(tmp_path):
    source = tmp_path / "post.md"
    write(source, "eins")
    english = tmp_path / "post-en.md"
    write(english, "one")
    made = partial(Article, "text", settings=DEFAULT_CONFIG)
    post = made(metadata={"title": "T", "slug": "t"}, source_path=str(source))
    post.translations = [made(metadata={"title": "T", "slug": "t"}, source_path=str(english))]
    first = PageDigest().of([post])
    assert PageDigest().of([post]) == first
    write(english, "two")
    assert PageDigest().of([post]) != first
    write(english, "one")
    write(source, "zwei")
    assert PageDigest().of([post]) != first


def test_a_containers_plain_str_differs_from_a_str_of_another_type():
    # A container's plain str items are digested without `of`; a str subclass keeps its type.
    class Name(str):
        pass

    for other in (Markup("a"), Name("a")):
        assert PageDigest().of(["a"]) != PageDigest().of([other]) == PageDigest().of([other])
        assert PageDigest().of({"a": 1}) != PageDigest().of({other: 1})
    assert PageDigest().of(("a",)) == PageDigest().of(("a",))


def test_a_kept_container_digest_follows_its_items_within_a_build():
    # One digest for a build: a list, dict or set changed in place between two pages
    # gets the digest a fresh one gives, the unchanged one its kept digest.
    digest, day = PageDigest(), partial(date, 2026)
    inner = [day(1, 1)]
    values = [[day(1, 2), "a"], {"k": day(1, 3)}, {1, 2}, {"nested": inner}]
    first = [digest.of(value) for value in values]
    assert [digest.of(value) for value in values] == first
    values[0][0] = day(1, 4)
    values[1]["k"] = "b"
    values[2].add(3)
    inner.append("c")
    for value, before in zip(values, first, strict=True):
        assert digest.of(value) == PageDigest().of(value) != before
    values[0].append("d")
    assert digest.of(values[0]) == PageDigest().of(values[0])


def test_a_kept_translation_key_is_read_again_when_it_changes(site, memo, news):
    english = next((news / "en").glob("*.md"))
    text = english.read_text(encoding="utf-8")
    key = next(line for line in text.splitlines() if line.startswith("translation_key:"))
    assert messages(site, memo) == []
    write(english, text.replace(key, "translation_key: gibt-es-nicht"))
    try:
        changed = messages(site, memo)
        assert changed == messages(site, None)
        assert len(changed) == 1 and "Übersetzung ohne Original" in changed[0]
    finally:
        write(english, text)
    assert messages(site, memo) == []


def test_only_what_a_template_takes_from_a_value_is_in_the_key():
    memo = PreviewMemo()
    counter = Counted()
    first = {
        "t.html": "{{ counter() }}{% if items %}{{ items[0].name }}{% endif %}"
        "{% if page is defined %}{{ page.number }}{% endif %}"
    }
    page = {"counter": counter, "items": [{"name": "a", "body": "x"}], "page": {"number": 1}}
    assert kept(first, "t.html", memo).render(page) == "a1"
    other_body = {**page, "items": [{"name": "a", "body": "y"}], "page": {"number": 1, "n": 2}}
    assert kept(first, "t.html", memo).render(other_body) == "a1"
    assert counter.calls == 1, "only items[0].name, the truth of items and page.number are read"
    assert kept(first, "t.html", memo).render({**page, "items": [{"name": "b"}]}) == "b1"
    assert kept(first, "t.html", memo).render({**page, "items": []}) == "1"
    assert kept(first, "t.html", memo).render({"counter": counter, "items": []}) == ""
    assert counter.calls == 4
    whole = {"w.html": "{{ counter() }}{% for item in items %}{{ item.body }}{% endfor %}"}
    assert kept(whole, "w.html", memo).render(page) == "x"
    assert kept(whole, "w.html", memo).render(other_body) == "y", "a loop reads every item whole"


def test_kept_catalog_problems_follow_the_catalog(tmp_path):
    po = catalog_file(tmp_path, "en")
    po.parent.mkdir(parents=True)
    entry = 'msgid ""\nmsgstr ""\n\nmsgid "Aktuelles"\nmsgstr "{}"\n'
    memo = PreviewMemo()
    po.write_text(entry.format(""), encoding="utf-8")
    assert [p.message for p in _catalog_problems(memo, tmp_path, "en")] == ["noch nicht übersetzt"]
    po.write_text(entry.format("News"), encoding="utf-8")
    assert _catalog_problems(memo, tmp_path, "en") == catalog_problems(tmp_path, "en") == []
    assert memo.misses == 2
    assert _catalog_problems(memo, tmp_path, "en") == [] and memo.hits == 1
