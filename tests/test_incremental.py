"""An incremental build (scripts/html, scripts/publish: a fresh folder, post pages taken over
by build_record.py) equals a clean build of the same state: random sequences of edits to
posts, events, region data, a setting, a template, a translation and the day; afterwards
every file is byte-identical, nothing stale, nothing missing."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo, write_mo
from hypothesis import HealthCheck, Phase, example, given, note, settings
from hypothesis import strategies as st
from pelican.settings import read_settings

from regional_showcase import build_record
from regional_showcase import precompress as precompressing
from regional_showcase.build_record import page_fingerprint, reads_only_own_post, site_key
from regional_showcase.precompress import precompress
from regional_showcase.search_bundles import bundles as index_bundles
from regional_showcase.search_bundles import split_pages
from regional_showcase.settings import apply_defaults
from regional_showcase.writer import ShowcaseWriter

from sitebuild import BIN, copy_project

NEWS = "content/news"
EVENTS = "content/termine"
SHIPPED_POST = f"{NEWS}/2023-05-15-nordthueringen-fachkraefte.md"
REGION_PHRASE = "Five regions served as case studies"
REGION_ORGANISATION = "name: Allgäu GmbH – Die Gesellschaft"
CATALOG = "theme/translations/en/LC_MESSAGES/messages.mo"
# Two build days: SOURCE_DATE_EPOCH is the build's "today" (figures' age, upcoming events).
DAYS = ("1796083200", "1796169600")  # 2026-12-01 and 2026-12-02, midnight UTC
BUNDLE_PAGES = 12  # the search index's bundles: several, as on a large site


def post_text(number: int, title: str, slug: str, body: str) -> str:
    return (
        f"---\ntitle: {title}\ndate: 2026-11-0{number + 1}\nregions:\n  - allgaeu\n"
        f"category: Fachkräfte\nsummary: Eine Probemeldung Nummer {number}.\nslug: {slug}\n"
        f"---\n\n{body}\n"
    )


def event_text(number: int, title: str) -> str:
    return (
        f"---\ntitle: {title}\nstart: 2027-0{number + 1}-15\nlocation:\n"
        "  name: Rathaus\n  address: Markt 1\n  city: 87435 Kempten\nregions: allgaeu\n"
        f"category: Fachkräfte\nsummary: Ein Probetermin Nummer {number}.\n"
        f"organizer: Probeveranstalter\nslug: probetermin-{number}\n---\n\nText.\n"
    )


def add_post(project: Path, number: int) -> None:
    path = project / NEWS / f"2026-11-0{number + 1}-probe-{number}.md"
    path.write_text(post_text(number, f"Probe {number}", f"probe-{number}", "Text."), "utf-8")


def edit_own_post(project: Path, number: int) -> None:
    """A new title and body for a post this test added (its address stays)."""
    path = project / NEWS / f"2026-11-0{number + 1}-probe-{number}.md"
    if path.exists():
        text = post_text(number, f"Geänderte Probe {number}", f"probe-{number}", "Neu.")
        path.write_text(text, "utf-8")


def rename_own_post(project: Path, number: int) -> None:
    """A new slug: the post moves to a new address."""
    path = project / NEWS / f"2026-11-0{number + 1}-probe-{number}.md"
    if path.exists():
        text = post_text(number, f"Probe {number}", f"umbenannt-{number}", "Text.")
        path.write_text(text, "utf-8")


def delete_own_post(project: Path, number: int) -> None:
    (project / NEWS / f"2026-11-0{number + 1}-probe-{number}.md").unlink(missing_ok=True)


def edit_shipped_body(project: Path, number: int) -> None:
    """Only the body of a shipped post: its header, and so every other page, stays."""
    path = project / SHIPPED_POST
    path.write_text(path.read_text("utf-8") + f"\nErgänzung {number}.\n", "utf-8")


# Posts dated among the shipped ones (R9): a backdated post enters the middle of the
# listings, their archive pages and the related posts of the posts nearest in date.
BACKDATED = (("2020-06-15", "alle", "Projekt"), ("2022-04-10", "vorpommern", "Fachkräfte"))


def add_backdated_post(project: Path, number: int) -> None:
    day, region, topic = BACKDATED[number % 2]
    text = post_text(number, f"Rückblick {number}", f"rueckblick-{number}", "Früher.")
    for old, new in (
        (f"date: 2026-11-0{number + 1}\n", f"date: {day}\n"),
        ("  - allgaeu\n", f"  - {region}\n"),
        ("category: Fachkräfte\n", f"category: {topic}\n"),
    ):
        text = text.replace(old, new, 1)
    (project / NEWS / f"{day}-rueckblick-{number}.md").write_text(text, "utf-8")


def delete_backdated_post(project: Path, number: int) -> None:
    """A post from the middle of the listings goes: the pages after its block shift."""
    (project / NEWS / f"{BACKDATED[number % 2][0]}-rueckblick-{number}.md").unlink(missing_ok=True)


def add_scheduled_post(project: Path, number: int) -> None:
    """A post dated in the future (Pelican asks the real clock, not DAYS): `make html`
    shows it at the front of every listing (WITH_FUTURE_DATES); `make publish` leaves it
    out until its time (its coming online with its file unchanged: test_r8_changed_sources,
    test_unchanged_build)."""
    text = post_text(number, f"Geplant {number}", f"geplant-{number}", "Bald.")
    text = text.replace(f"date: 2026-11-0{number + 1}", f"date: 2099-01-0{number + 1}", 1)
    (project / NEWS / f"2099-01-0{number + 1}-geplant-{number}.md").write_text(text, "utf-8")


def add_event(project: Path, number: int) -> None:
    path = project / EVENTS / f"2027-0{number + 1}-15-probetermin-{number}.md"
    path.write_text(event_text(number, f"Probetermin {number}"), "utf-8")


def edit_event(project: Path, number: int) -> None:
    path = project / EVENTS / f"2027-0{number + 1}-15-probetermin-{number}.md"
    if path.exists():
        path.write_text(event_text(number, f"Verlegter Probetermin {number}"), "utf-8")


def delete_event(project: Path, number: int) -> None:
    (project / EVENTS / f"2027-0{number + 1}-15-probetermin-{number}.md").unlink(missing_ok=True)


def edit_region_data(project: Path, number: int) -> None:
    """The project's description (two pages), (1) the Allgäu's name, which every Allgäu post
    page shows (its regions, and its related posts' regions), or (2) the Allgäu's
    organisation, which every Allgäu post names as its author (its view), and the project's
    short name, which every page shows."""
    path = project / "data/regions.yaml"
    text = path.read_text("utf-8")
    if number == 1:
        old = "  - slug: allgaeu\n    name: Allgäu\n"
        new = old.replace("Allgäu\n", "Allgäu-Oberschwaben\n")
        path.write_text(text.replace(old, new) if old in text else text.replace(new, old), "utf-8")
        return
    if number == 2:
        for old in (REGION_ORGANISATION, "short_name: StaR\n"):
            new = old.replace("Die ", "") if "Die " in old else old.replace("StaR", "StaR-Netz")
            text = text.replace(old, new) if old in text else text.replace(new, old)
        path.write_text(text, "utf-8")
        return
    start = text.index(REGION_PHRASE)
    end = text.index(" and two more", start)
    path.write_text(text[:start] + f"{REGION_PHRASE} ({number})" + text[end:], "utf-8")


# One field of the Allgäu each: its claim (its region page and the start page show it, no
# post page does), a key figure (region page, comparison), a contact (region page).
REGION_FIELDS = (
    ("claim: Mehr Freiraum. Leben und Arbeiten im Allgäu\n", "im Allgäu\n", "im Allgäu!\n"),
    ("        value: 2.7\n", "2.7", "2.8"),
    (
        "für das ganze Allgäu.\n",
        "ganze Allgäu.",
        "ganze Allgäu und darüber hinaus.",
    ),
)


def edit_region_field(project: Path, number: int) -> None:
    """A single field of one region (REGION_FIELDS): post pages are keyed on the fields
    their templates read (their regions' names and slugs), so a claim renders none of them;
    every page that shows the field must be rendered."""
    toggle_line(project, REGION_FIELDS[number])


def toggle_line(project: Path, field: tuple[str, str, str]) -> None:
    """A line of regions.yaml with `old` replaced by `new` in it, or back again."""
    path = project / "data/regions.yaml"
    text = path.read_text("utf-8")
    line, old, new = field
    edited = line.replace(old, new)
    text = text.replace(line, edited) if line in text else text.replace(edited, line)
    path.write_text(text, "utf-8")


# English texts of the region data (its `translations:`): the English edition's topic name
# (every English post page of the topic shows it), the Allgäu's English name (every English
# Allgäu post page) and its English claim (the English region page, no post page).
ENGLISH_FIELDS = (
    ("        name: Skilled workers\n", "Skilled workers", "Skilled staff"),
    ('        name: Allgäu\n        claim: "More room', "name: Allgäu", "name: The Allgäu"),
    ('        claim: "More room to breathe:', "More room", "Much more room"),
)


def edit_english_data(project: Path, number: int) -> None:
    """One English text of the region data (ENGLISH_FIELDS): the kept post texts count what
    they read of every edition's data (DataReads), the English one's too."""
    toggle_line(project, ENGLISH_FIELDS[number])


def edit_region_text(project: Path, number: int) -> None:
    """A region's longer text (content/regionen/): the input check keeps the region data it
    loads from it in cache/ (check_cache.py), keyed on these files too."""
    path = project / "content/regionen/allgaeu.md"
    path.write_text(path.read_text("utf-8") + f"\nNoch ein Satz ({number}).\n", "utf-8")


def change_setting(project: Path, number: int) -> None:
    """Pagination: listings gain or lose pages (old pages must not stay)."""
    with (project / "pelicanconf.py").open("a", encoding="utf-8") as settings_file:
        settings_file.write(f"\nDEFAULT_PAGINATION = {(4, 12, 7)[number]}\n")


def change_markdown(project: Path, number: int) -> None:
    """A Markdown setting: the headings of the shipped pages get an id (or no longer). What
    every post and page reads as changes (reader_cache.py keys on it)."""
    configs = 'MARKDOWN["extension_configs"]'
    line = f"{configs}['markdown.extensions.toc'] = {{}}"
    if number != 1:
        line = f"{configs}.pop('markdown.extensions.toc', None)"
    with (project / "pelicanconf.py").open("a", encoding="utf-8") as settings_file:
        settings_file.write(f"\n{line}\n")


def change_template(project: Path, number: int) -> None:
    """What the post pages show (a block of article.html), or the post cards of the listings
    (a partial they include): each file keys the sources of the templates it uses. Number 2:
    a partial article.html includes `ignore missing`, added, then changed, then removed."""
    if number == 2:
        hook = project / "theme/templates/partials/hook.html"
        path = project / "theme/templates/article.html"
        include = "{% include 'partials/hook.html' ignore missing %}"
        block = "{% block og_extra %}"
        text = path.read_text("utf-8")
        if include not in text:
            path.write_text(text.replace(block, block + include, 1), "utf-8")
        elif not hook.exists():
            hook.write_text("<!-- Haken -->", "utf-8")
        elif "Fassung" not in hook.read_text("utf-8"):
            hook.write_text("<!-- Haken, Fassung 2 -->", "utf-8")
        else:
            hook.unlink()
        return
    if number == 1:
        path = project / "theme/templates/partials/article_card.html"
        path.write_text(f"<!-- Fassung {number} -->" + path.read_text("utf-8"), "utf-8")
        return
    path = project / "theme/templates/article.html"
    block = "{% block og_extra %}"
    text = path.read_text("utf-8").replace(block, f"{block}<!-- Fassung {number} -->", 1)
    path.write_text(text, "utf-8")


def change_translation(project: Path, number: int) -> None:
    """One English text of the theme changed in the compiled catalog."""
    path = project / CATALOG
    with path.open("rb") as catalog_file:
        catalog = read_mo(catalog_file)
    message = catalog["Aktuelles"] if "Aktuelles" in catalog else next(m for m in catalog if m.id)
    message.string = f"News {number}"
    with path.open("wb") as catalog_file:
        write_mo(catalog_file, catalog)


def change_day(project: Path, number: int) -> None:
    (project / "day.txt").write_text(DAYS[number % 2], "utf-8")


def overwrite_output(project: Path, number: int) -> None:
    """A post page of the last output overwritten in place with its size and mtime kept
    (`cp -p`, `touch -r`): its ctime tells the next build it is not the recorded one."""
    pages = sorted((project / "site").glob("aktuelles/*/*/index.html"))
    if not pages:
        return
    page = pages[number % len(pages)]
    stat, data = page.stat(), page.read_bytes()
    time.sleep(0.02)  # a ctime the file system can tell from the recorded one
    with page.open("r+b") as page_file:
        page_file.write(data.replace(b"<", b"[", 1))
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))


EDITS = {
    "add_post": add_post,
    "edit_own_post": edit_own_post,
    "rename_own_post": rename_own_post,
    "delete_own_post": delete_own_post,
    "edit_shipped_body": edit_shipped_body,
    "add_backdated_post": add_backdated_post,
    "delete_backdated_post": delete_backdated_post,
    "add_scheduled_post": add_scheduled_post,
    "add_event": add_event,
    "edit_event": edit_event,
    "delete_event": delete_event,
    "edit_region_data": edit_region_data,
    "edit_region_field": edit_region_field,
    "edit_region_text": edit_region_text,
    "edit_english_data": edit_english_data,
    "change_setting": change_setting,
    "change_markdown": change_markdown,
    "change_template": change_template,
    "change_translation": change_translation,
    "change_day": change_day,
    "overwrite_output": overwrite_output,
}


HTML_XML = (".html", ".xml")
# Edits of posts, events and the post template only: the listings and feeds that do not
# show what changed are taken over.
LOCAL_EDITS = {
    "add_post",
    "edit_own_post",
    "rename_own_post",
    "delete_own_post",
    "edit_shipped_body",
    "add_event",
    "edit_event",
    "delete_event",
    "change_template",
    "overwrite_output",
}


class Post:
    """What site_key reads of a post (Pelican's Article has these attributes)."""

    def __init__(self, source: Path, title: str = "Eins", summary: str = "<p>Kurz.</p>"):
        self.source_path = str(source)
        self.url = "aktuelles/eins/"
        self.status = "published"
        self.lang = "de"
        self.metadata = {"title": title}
        self.summary = summary


SHARED_INPUTS = {
    "a setting": lambda project: change_setting(project, 0),
    "a template": lambda project: change_template(project, 0),
    "a translation": lambda project: change_translation(project, 1),
    "the region data": lambda project: edit_region_data(project, 1),
    "an event": lambda project: add_event(project, 0),
    "the plugin's code": lambda project: (project / "plugins/regional_showcase/x.py").touch(),
    "a picture beside the posts": lambda project: (project / NEWS / "bild.png").write_bytes(b"1"),
}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    """A copy of the project for the tests below that key it without building (0.3 s of CPU
    a copy): each compares keys before and after its own change, so the changes of the
    tests before it may stay."""
    return copy_project(tmp_path_factory.mktemp("inputs"))


@pytest.mark.parametrize("change", sorted(SHARED_INPUTS))
def test_every_post_page_is_rendered_again_when_a_shared_input_changes(inputs, monkeypatch, change):
    project = inputs
    monkeypatch.chdir(project)
    code = project / "plugins/regional_showcase"

    def key(narrow: bool = False) -> str:
        pelican = read_settings(str(project / "pelicanconf.py"))
        posts = [Post(project / SHIPPED_POST)]
        return site_key(apply_defaults(pelican), pelican, posts, code, narrow=narrow)

    before, narrow = key(), key(narrow=True)
    SHARED_INPUTS[change](project)
    assert key() != before
    # Listings, feeds and narrow post pages key the events and region data they show (their
    # values) and the templates they use (their sources) themselves: the rest is the narrow
    # site key.
    own = ("a template", "an event", "the region data")
    assert (key(narrow=True) == narrow) is (change in own)


def test_a_post_header_summary_day_or_environment_reaches_every_post_page(inputs, monkeypatch):
    """And a post's body reaches only its own page (and its translations')."""
    monkeypatch.chdir(inputs)
    pelican = read_settings("pelicanconf.py")
    showcase = apply_defaults(pelican)
    source = Path(SHIPPED_POST)
    day = dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC)

    def key(post: Post | None = None, today: dt.datetime = day) -> str:
        posts = [post or Post(source)]
        return site_key(showcase, pelican, posts, Path("plugins/regional_showcase"), today)

    before = key()
    # The address ledger grows with every publish: the post pages do not show it.
    with Path("data/adressen.txt").open("a", encoding="utf-8") as ledger:
        ledger.write("/aktuelles/2026/neu/\n")
    assert key() == before
    assert key(Post(source, title="Zwei")) != before
    assert key(Post(source, summary="<p>Anders.</p>")) != before
    assert key(today=day + dt.timedelta(days=1)) != before
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DAYS[1])
    assert key() != before
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    page = page_fingerprint(before, Post(source))
    edit_shipped_body(Path("."), 1)
    assert key() == before
    assert page_fingerprint(before, Post(source)) != page


def test_another_library_version_renders_every_post_page_again(inputs, monkeypatch):
    monkeypatch.chdir(inputs)
    pelican = read_settings("pelicanconf.py")
    showcase = apply_defaults(pelican)

    def key() -> str:
        return site_key(showcase, pelican, [], Path("plugins/regional_showcase"))

    before = key()
    installed = build_record.libraries()
    monkeypatch.setattr(build_record, "libraries", lambda: installed.replace("'", '"', 1))
    assert key() != before


def test_a_post_page_shows_other_posts_only_as_related_posts_unless_its_template_reads_more():
    own, other = Post(Path(SHIPPED_POST)), Post(Path(SHIPPED_POST), title="Zwei")
    assert page_fingerprint("k", own, [own]) != page_fingerprint("k", own, [other])
    article = (("article", (("attr", "showcase"),), "value"), ("SITEURL", (), "value"))
    assert reads_only_own_post(article)
    # The list of all posts (a template that starts listing the newest posts): every post
    # page's key holds every post again.
    assert not reads_only_own_post((*article, ("articles", (), "value")))
    assert not reads_only_own_post(None)  # a template chosen at render time


def build(
    project: Path, name: str, cache: str, variables: dict | None = None, said: list | None = None
) -> Path:
    """`make html`'s build into `<name>.new-<n>`, its search index and the swap (scripts/html).
    The index in bundles of at most 12 pages, as a large site's: the shipped posts' years
    fill two bundles beside the first, each taken over when its pages did not change
    (search_record.py). `variables`: SHOWCASE_* variables over these. `said`: gets what the
    build wrote to stdout."""
    fresh = project / f"{name}.new-{os.getpid()}"
    day = project / "day.txt"
    env = {**os.environ, "SOURCE_DATE_EPOCH": day.read_text("utf-8") if day.exists() else DAYS[0]}
    env.pop("SHOWCASE_BUILD_DATE", None)  # the run's day (conftest.py) would win over DAYS
    env["SHOWCASE_SEARCH_BUNDLE_PAGES"] = str(BUNDLE_PAGES)
    env.update(variables or {})
    # scripts/html's one process (staff/build.py): Pelican, the index (the archive's bundles
    # started while Pelican writes the rest) and the swap; the plugin from the project's
    # plugins/, as scripts/html and Pelican load it (the copy's, not the working tree's).
    env["PYTHONPATH"] = str(project / "plugins")
    command = [str(BIN / "showcase"), "-s", "pelicanconf.py", "build", str(fresh), name]
    done = subprocess.run(
        [*command, "--cache", cache], cwd=project, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    if said is not None:
        said.append(done.stdout)
    return project / name


def files_of(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in folder.rglob("*")
        if path.is_file()
    }


def taken_over(project: Path) -> list[str]:
    return record_of(project)["taken_over"]


def record_of(project: Path) -> dict:
    """The last build's record: what it made each file from, and what it took over."""
    (record,) = (project / "cache/showcase").glob("build-record-*.json")
    return json.loads(record.read_text("utf-8"))


# Written beside Pelican's Writer, so not in the record: the web editor's page (its texts are
# kept in cache/), the press feeds (a few releases) and the sitemap.
BESIDE_THE_WRITER = {"admin/index.html", "presse/feed.atom.xml", "presse/feed.rss.xml"}


def listings(project: Path, name: str = "site") -> set[str]:
    """Every page and feed of the last build but the post pages and the sitemap."""
    site = project / name
    record = record_of(project)
    written = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.suffix in HTML_XML}
    return written - set(record["pages"]) - BESIDE_THE_WRITER - {"sitemap.xml"}


def search_bundles(project: Path) -> tuple[set[str], set[str]]:
    """The search index's bundles of the last build, and those taken over."""
    record = json.loads((project / "cache/showcase/search-record.json").read_text("utf-8"))
    return set(record["bundles"]), set(record["taken_over"])


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The shipped site, built twice incrementally: the second build renders no post page."""
    folder = copy_project(tmp_path_factory.mktemp("incremental"))
    # Only the newest posts get a preview card of their own: a new post takes the card of
    # the oldest post that had one, whose page changes though its related posts may not.
    own_cards = len(list((folder / NEWS).glob("*.md"))) - 2
    with (folder / "pelicanconf.py").open("a", encoding="utf-8") as settings_file:
        settings_file.write(f"\nSHOWCASE_SOCIAL_IMAGE_POSTS = {own_cards}\n")
    build(folder, "site", "cache")
    # A real build though nothing changed (else it leaves site/ as it is: unchanged_build.py).
    build(folder, "site", "cache", {"SHOWCASE_SKIP_UNCHANGED": "0"})
    return folder


@pytest.mark.build
def test_a_build_after_nothing_changed_leaves_the_output_as_it_is(project):
    """The next test's edit builds again (its pages rendered, unchanged_build.py)."""
    site, said = project / "site", []
    folder, record = site.stat(), next((project / "cache/showcase").glob("build-record-*"))
    written = record.stat()
    build(project, "site", "cache", said=said)
    assert said == [
        "Keine Eingabe hat sich seit dem letzten Build geändert: site/ ist aktuell und bleibt, "
        "wie er ist.\n"
    ]
    assert site.stat().st_ino == folder.st_ino  # no fresh folder took its place
    assert record.stat().st_mtime_ns == written.st_mtime_ns
    assert not list(project.glob("site.new-*"))


@pytest.mark.build
def test_an_unchanged_rebuild_takes_over_every_post_page_and_an_edit_renders_only_its_own(
    project,
):
    record = record_of(project)
    assert set(taken_over(project)) == set(record["pages"]) and record["pages"]
    # Every listing, overview, Pelican page and feed too: all of them can be keyed.
    assert listings(project) == set(record["files_taken_over"]) == set(record["files"])
    assert record["unkeyed"] == []
    bundles, kept = search_bundles(project)
    assert kept == bundles and len(bundles) >= 3
    edit_shipped_body(project, 0)
    build(project, "site", "cache")
    rendered = set(record["pages"]) - set(taken_over(project))
    # The English translation names its original: it is rendered with it.
    assert rendered == {
        "aktuelles/2023/nordthueringen-fachkraefte/index.html",
        "en/news/2023/north-thuringia-skilled-workers/index.html",
    }
    # Of the other files, only those that show the post (listings) or carry it (feeds).
    files = record_of(project)
    made = listings(project) - set(files["files_taken_over"])
    assert made and len(made) <= len(listings(project)) // 4
    for name in made:
        text = (project / "site" / name).read_text("utf-8")
        assert "nordthueringen-fachkraefte/" in text or "north-thuringia-skilled-workers/" in text
    # Pagefind runs again for the bundle of the post's page only (the English page was
    # rendered again, but to the same bytes).
    site = project / "site"
    names = sorted(page.relative_to(site).as_posix() for page in site.rglob("*.html"))
    held = split_pages(names, index_bundles(names, BUNDLE_PAGES))
    post = "aktuelles/2023/nordthueringen-fachkraefte/index.html"
    assert bundles - search_bundles(project)[1] == {f for f, files in held.items() if post in files}


def edit_steps(max_size: int, names: list[str] | None = None):
    """Random sequences of steps (the edit, its number, whether a build follows it), of EDITS
    or of the `names` given."""
    return st.lists(
        st.tuples(st.sampled_from(names or sorted(EDITS)), st.integers(0, 2), st.booleans()),
        min_size=1,
        max_size=max_size,
    )


def drawn_steps(rng: random.Random, max_size: int) -> list[tuple[str, int, bool]]:
    """A sequence as edit_steps draws one (1 to max_size steps of EDITS), drawn from `rng`."""
    names = sorted(EDITS)
    return [
        (rng.choice(names), rng.randint(0, 2), rng.random() < 0.5)
        for _ in range(rng.randint(1, max_size))
    ]


# `make test` runs one random sequence (this file holds the suite's one random sequence:
# test_warm_build's runs its fixed one alone), drawn here from a seed of the run's own
# (a failure shows the sequence, the falsifying example, and INCREMENTAL_SEED=… to repeat it).
# Not Hypothesis's one generated example: its first is always the simplest sequence of the
# strategy, whatever the seed ([('add_backdated_post', 0, False)] in every run).
# With INCREMENTAL_EXAMPLES, Hypothesis's examples instead, and the fixed one below (a new
# post, then renamed: its old page must go, and the other posts' related lists change);
# `make test` has it in test_warm_build's fixed sequence, the same edits in the build
# server's builder, against a clean build too. bench/incremental.py runs many.
EXAMPLES = int(os.environ.get("INCREMENTAL_EXAMPLES", "0"))
SEED = os.environ.get("INCREMENTAL_SEED") or str(random.SystemRandom().randrange(10**9))
RUN_STEPS = drawn_steps(random.Random(SEED), max_size=2)


@example(
    steps=[
        ("add_post", 0, True),
        ("rename_own_post", 0, False),
    ]
    if EXAMPLES
    else RUN_STEPS
)
@settings(
    max_examples=max(EXAMPLES, 1),
    phases=(Phase.explicit, Phase.generate, Phase.shrink) if EXAMPLES else (Phase.explicit,),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.build
@pytest.mark.long
@given(steps=edit_steps(max_size=2))
def test_after_random_edits_the_incremental_build_equals_a_clean_one(project, steps):
    if not EXAMPLES:
        note(f"INCREMENTAL_SEED={SEED}")
    since: set[str] = set()  # the edits since the last build
    for edit, number, build_now in steps:
        EDITS[edit](project, number)
        since.add(edit)
        if build_now:
            build(project, "site", "cache")
            since = set()
    said: list[str] = []
    incremental = build(project, "site", "cache", said=said)
    # The comparison below holds because files were taken over, not because none were; a
    # build that found nothing changed (no edit since, or edits that changed nothing: a
    # rename of a post not there) left site/ as it was, which the comparison holds too
    # (unchanged_build.py; the record is the last real build's).
    kept = listings(project) & set(record_of(project)["files_taken_over"])
    real = "Keine Eingabe hat sich" not in said[0]
    if real and not since:
        assert kept == listings(project)
    elif real and since <= LOCAL_EDITS:
        assert len(kept) >= len(listings(project)) // 2
    shutil.rmtree(project / "clean", ignore_errors=True)
    shutil.rmtree(project / "cache-clean", ignore_errors=True)  # clean: no kept results
    clean = build(project, "clean", "cache-clean")
    mine, theirs = files_of(incremental), files_of(clean)
    how = "a real build" if real else "nothing changed: the last real build's output"
    assert sorted(mine.keys() - theirs.keys()) == [], f"stale files ({how})"
    assert sorted(theirs.keys() - mine.keys()) == [], f"missing files ({how})"
    assert sorted(name for name in mine if mine[name] != theirs[name]) == [], f"different ({how})"


@pytest.mark.skipif(bool(EXAMPLES), reason="`make test`'s one sequence")
def test_make_test_runs_a_sequence_drawn_from_the_runs_seed():
    """Another seed, another sequence, over every kind of edit (with Hypothesis's one
    generated example each run built the same simplest sequence)."""
    test = test_after_random_edits_the_incremental_build_equals_a_clean_one
    ran = [example.kwargs["steps"] for example in test.hypothesis_explicit_examples]
    assert ran == [drawn_steps(random.Random(SEED), max_size=2)]
    drawn = [drawn_steps(random.Random(str(seed)), max_size=2) for seed in range(300)]
    assert {edit for steps in drawn for edit, _, _ in steps} == set(EDITS)
    assert {len(steps) for steps in drawn} == {1, 2}


def test_an_override_of_a_taken_over_page_leaves_the_last_output_alone(
    inputs, tmp_path, monkeypatch
):
    monkeypatch.chdir(inputs)
    settings = read_settings("pelicanconf.py")
    apply_defaults(settings)
    previous, fresh = tmp_path / "site", tmp_path / "site.new-1"
    previous.mkdir()
    (previous / "seite.html").write_text("alt", encoding="utf-8")
    writer = ShowcaseWriter(str(fresh), settings)
    fresh.mkdir()
    os.link(previous / "seite.html", fresh / "seite.html")
    path = str(fresh / "seite.html")
    writer._written_files.add(path)
    writer._taken_over.add(path)
    with writer._open_w(path, "utf-8", override=True) as page:
        page.write("neu")
    assert (fresh / "seite.html").read_text(encoding="utf-8") == "neu"
    assert (previous / "seite.html").read_text(encoding="utf-8") == "alt"


def site_of(folder: Path, pages: dict[str, str]) -> Path:
    for name, text in pages.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_siblings_of_unchanged_files_are_taken_over_and_equal_a_clean_precompression(tmp_path):
    pages = {"index.html": "<p>Start</p>" * 100, "a/index.html": "<p>Alt</p>" * 100}
    record = tmp_path / "cache/precompress-record.json"
    last = site_of(tmp_path / "site", pages)
    assert precompress(last, None, record) == 4
    fresh = site_of(tmp_path / "site.new-1", {**pages, "a/index.html": "<p>Neu</p>" * 100})
    assert precompress(fresh, last, record) == 4
    clean = site_of(tmp_path / "clean", {**pages, "a/index.html": "<p>Neu</p>" * 100})
    precompress(clean)
    assert files_of(fresh) == files_of(clean)
    # The unchanged page's siblings are the last build's files, the changed page's are new.
    assert (fresh / "index.html.br").samefile(last / "index.html.br")
    assert not (fresh / "a/index.html.br").samefile(last / "a/index.html.br")


def test_siblings_are_compressed_again_when_the_compressor_or_the_old_sibling_changed(
    tmp_path, monkeypatch
):
    pages = {"index.html": "<p>Start</p>" * 100}
    record = tmp_path / "precompress-record.json"
    last = site_of(tmp_path / "site", pages)
    precompress(last, None, record)
    (last / "index.html.gz").write_bytes(b"beschaedigt")
    fresh = site_of(tmp_path / "site.new-1", pages)
    precompress(fresh, last, record)
    assert not (fresh / "index.html.br").samefile(last / "index.html.br")
    monkeypatch.setattr(precompressing, "compressor", lambda: "ein anderer")
    newer = site_of(tmp_path / "site.new-2", pages)
    precompress(newer, fresh, record)
    assert not (newer / "index.html.br").samefile(fresh / "index.html.br")
