"""The keys of the incremental build's take-over (build_record.py, writer.py, preview/pages.py):
each input that changes gives another key, a value that cannot be keyed makes the file render,
and a key holds across processes (no ids, no modification times). No site is built here:
tests/test_incremental.py builds and compares with clean builds."""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from jinja2 import DictLoader, Environment
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG, read_settings

from regional_showcase import build_record, link_process
from regional_showcase.build_record import (
    BuildRecord,
    KeptTexts,
    file_digest,
    libraries,
    page_fingerprint,
    tree_digest,
)
from regional_showcase.output_swap import replace_folder
from regional_showcase.preview.pages import KnownReads, PageDigest, Unkeyable, template_reads
from regional_showcase.settings import apply_defaults
from regional_showcase.writer import ShowcaseWriter

from sitebuild import ROOT


def article(folder: Path, name: str, body: str = "Text.", **metadata) -> Article:
    source = folder / name
    if not source.exists():
        source.write_text(body, encoding="utf-8")
    meta = {"title": "Eins", "slug": name.removesuffix(".md"), "summary": "Kurz.", **metadata}
    context = metadata.pop("context", None) or {"localsiteurl": ""}
    meta.pop("context", None)
    settings = {**DEFAULT_CONFIG, "PATH": str(folder)}
    return Article(body, metadata=meta, settings=settings, source_path=str(source), context=context)


def digest(value) -> str:
    """As a new process digests it: nothing known from before."""
    return PageDigest().of(value)


def test_a_post_stands_for_its_file_header_summary_address_translations_and_related_posts(
    tmp_path,
):
    post = article(tmp_path, "eins.md")
    before = digest([post])
    os.utime(post.source_path, ns=(1, 1))  # another mtime, the same bytes (a fresh checkout)
    assert digest([post]) == before
    assert digest([article(tmp_path, "eins.md", title="Zwei")]) != before
    assert digest([article(tmp_path, "eins.md", summary="Anders.")]) != before
    assert digest([article(tmp_path, "eins.md", slug="woanders")]) != before
    Path(post.source_path).write_text("Neu.", encoding="utf-8")
    assert digest([post]) != before
    english = article(tmp_path, "one.md", lang="en")
    post.translations = [english]
    with_translation = digest([post])
    Path(english.source_path).write_text("New.", encoding="utf-8")
    assert digest([post]) != with_translation
    post.showcase = SimpleNamespace(related_posts=[article(tmp_path, "drei.md")])
    related = digest([post])
    post.showcase = SimpleNamespace(related_posts=[article(tmp_path, "drei.md", title="Vier")])
    assert digest([post]) != related


@dataclass(frozen=True)
class View:
    """What post_view.py gives a post, in short."""

    has_own_card: bool
    related_posts: tuple = ()


def test_a_post_stands_for_its_whole_view_also_what_depends_on_the_newer_posts(tmp_path):
    """A new post takes the own preview card of the oldest post that had one."""
    post = article(tmp_path, "eins.md")
    post.showcase = View(has_own_card=True)
    before = digest([post])
    page = page_fingerprint("k", post, (), None, PageDigest().view(post.showcase))
    post.showcase = View(has_own_card=False)
    assert digest([post]) != before
    assert page_fingerprint("k", post, (), None, PageDigest().view(post.showcase)) != page


def linking_article(tmp_path: Path, slug: str) -> Article:
    """quelle.md, whose text links to ziel.md, which has this slug (its address)."""
    target = article(tmp_path, "ziel.md", slug=slug)
    context = {
        "localsiteurl": "",
        "static_content": {},
        "generated_content": {"ziel.md": target},
    }
    body = '<a href="{filename}ziel.md">Ziel</a>'
    return article(tmp_path, "quelle.md", body=body, context=context)


def test_a_text_that_links_to_another_post_changes_with_that_posts_address(tmp_path):
    first, moved = linking_article(tmp_path, "ziel"), linking_article(tmp_path, "umgezogen")
    assert digest([first]) != digest([moved])
    assert page_fingerprint("k", first) != page_fingerprint("k", moved)
    assert page_fingerprint("k", first) == page_fingerprint("k", linking_article(tmp_path, "ziel"))


def test_a_function_stands_for_what_it_closes_over_and_its_defaults():
    def made(value):
        return lambda region=value: region

    assert digest(made(1)) == digest(made(1))
    assert digest(made(1)) != digest(made(2))


def test_an_unknown_object_cannot_be_keyed():
    with pytest.raises(Unkeyable):
        digest([object()])


@pytest.fixture
def writers(tmp_path, monkeypatch):
    """Writers of consecutive builds into fresh folders beside `site/` (scripts/html): each
    call is the next build; the last one's folder is swapped in first. Their records in the
    test's own cache/: Pelican reads a relative CACHE_PATH from pelicanconf.py's folder, the
    real project's, where a run with the same --basetemp found the page keys an earlier run
    left for the same output path and took them over (test_changed_sources failed so)."""
    monkeypatch.chdir(tmp_path)
    override = {"CACHE_PATH": str(tmp_path / "cache")}
    settings = read_settings(str(ROOT / "pelicanconf.py"), override=override)
    apply_defaults(settings)
    made: list[ShowcaseWriter] = []

    def next_writer() -> ShowcaseWriter:
        if made:
            made[-1].record.save()
            replace_folder(Path(made[-1].output_path), tmp_path / "site")
        fresh = tmp_path / f"site.new-{len(made)}"
        fresh.mkdir()
        writer = ShowcaseWriter(str(fresh), settings)
        writer._site_keys = {True: "the site's key"}  # site_key has tests of its own
        made.append(writer)
        return writer

    return next_writer


def test_the_writers_keep_their_records_in_the_tests_own_folder(writers, tmp_path):
    # The page keys (changed_sources) beside the record: in the same folder.
    assert writers().record.file.is_relative_to(tmp_path)


def environment(templates: dict[str, str]) -> Environment:
    return Environment(loader=DictLoader(templates))


def write_listing(writer: ShowcaseWriter, template, **values) -> bool:
    """A page through the take-over; True when taken over, else written here (rendered)."""
    context = {"lang": "de", **values}
    taken = writer._take_over_listing("liste.html", template, context, (), {})
    if taken is not True:
        Path(writer.output_path, "liste.html").write_text(template.render(context), "utf-8")
    return taken is True


def test_a_listing_is_taken_over_only_while_what_its_template_reads_is_the_same(writers):
    template = environment({"l.html": "{{ shown }}"}).get_template("l.html")
    assert not write_listing(writers(), template, shown=1, unread=1)
    assert write_listing(writers(), template, shown=1, unread=2)
    assert not write_listing(writers(), template, shown=2, unread=2)
    assert write_listing(writers(), template, shown=2, unread=2)


def test_an_override_of_a_taken_over_page_keeps_its_own_bytes(writers, tmp_path):
    """The link of the page taken over (link_process.py) does not come after the override's
    write; the last build's file keeps its bytes."""
    template = environment({"l.html": "{{ shown }}"}).get_template("l.html")
    assert not write_listing(writers(), template, shown=1)
    writer = writers()
    assert write_listing(writer, template, shown=1)
    page = Path(writer.output_path, "liste.html")
    with writer._open_w(str(page), "utf-8", override=True) as file:
        file.write("neu")
    writer.placed()
    assert page.read_text("utf-8") == "neu"
    assert (tmp_path / "site" / "liste.html").read_text("utf-8") == "1"


def test_a_listing_is_rendered_again_when_a_template_it_uses_changes(writers):
    templates = {"l.html": "{% include 'p.html' %}", "p.html": "eins"}
    assert not write_listing(writers(), environment(templates).get_template("l.html"))
    assert write_listing(writers(), environment(templates).get_template("l.html"))
    templates["p.html"] = "zwei"
    assert not write_listing(writers(), environment(templates).get_template("l.html"))


def test_a_listing_renders_when_a_value_or_its_template_cannot_be_keyed(writers):
    env = environment({"l.html": "{{ shown }}", "d.html": "{% include name %}"})
    for template, shown in (
        (env.get_template("l.html"), object()),
        (env.get_template("d.html"), 1),
    ):
        assert not write_listing(writers(), template, shown=shown, name="l.html")
        writer = writers()
        assert not write_listing(writer, template, shown=shown, name="l.html")
        assert writer.record.unkeyed == ["liste.html"]


def test_related_posts_count_only_for_a_listing_whose_templates_name_them(writers, tmp_path):
    env = environment(
        {
            "titles.html": "{% for p in posts %}{{ p.title }}{% endfor %}",
            "related.html": "{% include 'r.html' %}",
            # The related posts' titles (their count alone would not change here).
            "r.html": (
                "{% for p in posts %}{% for r in p.showcase.related_posts %}{{ r.title }}"
                "{% endfor %}{% endfor %}"
            ),
        }
    )

    def posts(title: str) -> list:
        post = article(tmp_path, "eins.md")
        post.showcase = View(True, (article(tmp_path, "zwei.md", title=title),))
        return [post]

    for name, taken_over in (("titles.html", True), ("related.html", False)):
        template = env.get_template(name)
        write_listing(writers(), template, posts=posts("Zwei"))
        assert write_listing(writers(), template, posts=posts("Drei")) is taken_over


def changed_later(path: Path, text: str) -> None:
    """Another text of the same size, written as a later edit would be (a new mtime)."""
    mtime = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(mtime + 10**9, mtime + 10**9))


def test_a_listing_is_rendered_again_when_its_last_output_was_changed(writers, tmp_path):
    template = environment({"l.html": "{{ shown }}"}).get_template("l.html")
    write_listing(writers(), template, shown=1)
    writer = writers()
    changed_later(tmp_path / "site/liste.html", "9")
    # Linked on its key; the Linker's process finds other bytes and the writer renders it
    # (ShowcaseWriter.placed).
    write_listing(writer, template, shown=1)
    writer.placed()
    assert Path(writer.output_path, "liste.html").read_text(encoding="utf-8") == "1"
    assert writer.record.taken_over == []


def feed(writer: ShowcaseWriter, posts: list, title: str = "Allgäu") -> bool:
    """A feed through the take-over; True when taken over, else written here."""
    given = {
        "elements": posts,
        "context": {"SITENAME": "Starke Regionen"},
        "path": "feeds/allgaeu.atom.xml",
        "url": None,
        "feed_type": "atom",
        "override_output": False,
        "feed_title": title,
    }
    if writer._take_over_feed(given):
        return True
    target = Path(writer.output_path, given["path"])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"{title}:{len(posts)}", encoding="utf-8")
    return False


def test_a_feed_is_taken_over_only_with_the_same_entries_and_title(writers, tmp_path):
    posts = [article(tmp_path, "eins.md"), article(tmp_path, "zwei.md")]
    assert not feed(writers(), posts)
    assert feed(writers(), posts)
    assert not feed(writers(), [posts[0], article(tmp_path, "zwei.md", title="Neu")])
    assert not feed(writers(), posts[:1])
    assert not feed(writers(), posts[:1], title="Bodensee")
    assert feed(writers(), posts[:1], title="Bodensee")


def test_an_old_file_is_taken_over_by_its_recorded_stat_or_else_by_its_bytes(tmp_path):
    previous, record_file = tmp_path / "site", tmp_path / "record.json"
    previous.mkdir()
    (previous / "a.html").write_text("eins", encoding="utf-8")
    (previous / "b.html").write_text("zwei", encoding="utf-8")
    first = BuildRecord(record_file, previous, tmp_path / "nothing")
    first.note("a.html", "k")
    first.note("b.html", "k")
    first.save()
    changed_later(previous / "b.html", "drei")
    again = BuildRecord(record_file, tmp_path / "site.new-1", previous)
    assert again.take_over("a.html", "k")
    assert not again.take_over("b.html", "k")
    assert not again.take_over("a.html", "another key")
    # A copy (new inode and mtime) with the recorded bytes: its hash says it is the same.
    os.replace(previous / "a.html", previous / "old.html")
    (previous / "a.html").write_bytes((previous / "old.html").read_bytes())
    assert BuildRecord(record_file, tmp_path / "site.new-2", previous).take_over("a.html", "k")


def test_a_files_identity_counts_only_after_its_clock_tick_and_on_the_machine_that_saw_it(
    tmp_path, monkeypatch
):
    # A clock tick of 20 ms here, not 0.1 s: alt.html's ctime, which cannot be set back,
    # needs to be older than that.
    monkeypatch.setattr(build_record, "RACY_NS", 20 * 10**6)
    previous, record_file = tmp_path / "site", tmp_path / "record.json"
    previous.mkdir()
    alt = previous / "alt.html"
    alt.write_text("eins", encoding="utf-8")
    earlier = time.time_ns() - 10 * 10**9
    os.utime(alt, ns=(earlier, earlier))
    time.sleep(0.03)
    (previous / "neu.html").write_text("eins", encoding="utf-8")  # just written
    first = BuildRecord(record_file, previous, tmp_path / "nothing")
    first.note("neu.html", "k")
    first.note("alt.html", "k")
    first.save()
    saved = json.loads(record_file.read_text(encoding="utf-8"))
    assert saved["files"]["neu.html"][2] is None  # a write in the same tick would not show
    assert saved["files"]["alt.html"][2] is not None
    # Other bytes behind the recorded identity, as a restored cache/ on another runner may
    # find them: not taken over there.
    alt.write_text("zwei", encoding="utf-8")
    os.utime(alt, ns=(earlier, earlier))
    record_file.write_text(json.dumps({**saved, "machine": "ein anderer"}), encoding="utf-8")
    assert not BuildRecord(record_file, tmp_path / "site.new-1", previous).take_over(
        "alt.html", "k"
    )


def test_kept_texts_are_made_again_only_for_another_key(tmp_path):
    made: list[int] = []

    def make() -> dict[str, str]:
        made.append(1)
        return {"config.yml": f"fassung {len(made)}"}

    file = tmp_path / "kept.json"
    assert KeptTexts(file, "site").get("admin", "a", make) == {"config.yml": "fassung 1"}
    assert KeptTexts(file, "site").get("admin", "a", make) == {"config.yml": "fassung 1"}
    assert KeptTexts(file, "other site").get("admin", "a", make) == {"config.yml": "fassung 2"}
    assert KeptTexts(file, "other site").get("admin", "b", make) == {"config.yml": "fassung 3"}


def test_kept_template_reads_equal_fresh_ones_until_the_template_changes(tmp_path):
    templates = {"a.html": "{% include 'b.html' %}{{ eins.zwei }}", "b.html": "{{ drei }}"}
    env = environment(templates)
    file = tmp_path / "reads.json"
    fresh = template_reads(env.get_template("a.html"))
    known = KnownReads(file)
    assert template_reads(env.get_template("a.html"), known) == fresh
    known.save()
    assert template_reads(env.get_template("a.html"), KnownReads(file)) == fresh
    templates["b.html"] = "{{ vier }}"
    changed = template_reads(environment(templates).get_template("a.html"), KnownReads(file))
    assert ("vier", (), "value") in changed and ("drei", (), "value") not in changed
    # Other delimiters (JINJA_ENVIRONMENT): the same source is parsed again.
    templates["b.html"] = "[[ fuenf ]]{{ vier }}"
    known = KnownReads(file)
    template_reads(environment(templates).get_template("a.html"), known)
    known.save()
    other = Environment(
        loader=DictLoader(templates), variable_start_string="[[", variable_end_string="]]"
    )
    assert ("fuenf", (), "value") in template_reads(other.get_template("a.html"), KnownReads(file))


def test_a_kept_template_read_cut_short_in_the_file_is_parsed_again(tmp_path):
    templates = {"a.html": "{{ eins }}{{ zwei.drei }}"}
    file = tmp_path / "reads.json"
    fresh = template_reads(environment(templates).get_template("a.html"))
    known = KnownReads(file)
    template_reads(environment(templates).get_template("a.html"), known)
    known.save()
    saved = json.loads(file.read_text(encoding="utf-8"))
    saved["a.html"]["reads"] = saved["a.html"]["reads"][:1]  # a page reading less: stale
    file.write_text(json.dumps(saved), encoding="utf-8")
    kept = template_reads(environment(templates).get_template("a.html"), KnownReads(file))
    assert kept == fresh


def test_another_installed_library_version_changes_the_libraries(tmp_path, monkeypatch):
    (tmp_path / "paket-1.0.dist-info").mkdir()
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    before = libraries()
    (tmp_path / "paket-1.0.dist-info").rename(tmp_path / "paket-1.1.dist-info")
    assert libraries() != before


def test_files_taken_over_are_in_place_once_placed_also_when_the_linker_fails(
    tmp_path, monkeypatch
):
    """link_process.Linker links the taken-over files from a process of its own; `placed`
    waits for it, the process stays for the files after (saving ends it). When that process
    fails, the build's process places them (or raises)."""
    previous, record_file = tmp_path / "site", tmp_path / "record.json"
    names = [f"aktuelles/2026/{slug}/index.html" for slug in ("eins", "zwei", "drei")]
    for name in names:
        (previous / name).parent.mkdir(parents=True, exist_ok=True)
        (previous / name).write_text(name, encoding="utf-8")
    first = BuildRecord(record_file, previous, tmp_path / "nothing")
    for name in names:
        first.note(name, "k", "pages")
    first.save()
    saved = record_file.read_text("utf-8")  # each build below starts from this record
    for number, linker in enumerate(["", "import sys; sys.exit(1)"]):
        if linker:
            monkeypatch.setattr(link_process, "LINK_FILES", linker)
        fresh = tmp_path / f"site.new-{number}"
        record = BuildRecord(record_file, fresh, previous)
        assert all(record.take_over(name, "k") for name in names[:2])
        record.placed()
        for name in names[:2]:
            assert (fresh / name).stat().st_ino == (previous / name).stat().st_ino
        assert record.take_over(names[2], "k")  # after the post pages: 404.html, a feed
        record.save()
        for name in names:
            assert (fresh / name).stat().st_ino == (previous / name).stat().st_ino
        record_file.write_text(saved, "utf-8")
    # Neither linked nor copied (a file where its folder should be): the build fails.
    blocked = tmp_path / "site.new-2"
    (blocked / "aktuelles").mkdir(parents=True)
    (blocked / "aktuelles/2026").write_text("", encoding="utf-8")
    record = BuildRecord(record_file, blocked, previous)
    assert record.take_over(names[0], "k")
    with pytest.raises(OSError):
        record.placed()


def test_a_page_replaced_by_another_build_before_it_is_linked_stops_the_build(writers, tmp_path):
    """The link process links a page taken over by its name, some time after the build found
    it unchanged: another build that puts its output in place meanwhile would have its page
    put into this build's output, and recorded as this one's. The build stops instead. (A
    post or listing page or a feed is checked by its bytes instead: test_checked_links.py,
    test_writer_fixed_costs.py.)"""
    name = "feeds/allgaeu.atom.xml"
    first = writers()
    Path(first.output_path, name).parent.mkdir(parents=True)
    Path(first.output_path, name).write_text("1", encoding="utf-8")
    first.record.note(name, "key", "files")
    writer = writers()
    assert writer.record.take_over(name, "key", "files")
    other = tmp_path / "site.new-other"  # the other build's output, swapped in now
    (other / "feeds").mkdir(parents=True)
    (other / "feeds/allgaeu.atom.xml").write_text("2", encoding="utf-8")
    os.utime(other / "feeds/allgaeu.atom.xml", ns=(1, 1))
    replace_folder(other, tmp_path / "site")
    with pytest.raises(link_process.OutputReplaced) as stopped:
        writer.placed()
    assert str(stopped.value) == (
        f"{writer.output_path}/feeds/allgaeu.atom.xml: die übernommene Datei hat sich "
        "geändert, während "
        "dieser Build sie übernahm; ein anderer Build hat wohl gleichzeitig seine Ausgabe an "
        "ihren Platz gestellt. Nichts wurde ersetzt: bitte den Build wiederholen, wenn der "
        "andere fertig ist."
    )
    # Linked in the build's own process (no link process), the same.
    linker = link_process.Linker.__new__(link_process.Linker)
    linker.process, linker.pairs, linker.found, linker.unsent = None, [], [], []
    linker.removed, linker.asked, linker.since_ask = [], False, 0
    source = tmp_path / "site/feeds/allgaeu.atom.xml"
    found = source.stat()
    linker.link(str(source), str(tmp_path / "kopie.html"), (found.st_size, found.st_mtime_ns))
    linker.finish()
    linker.link(str(source), str(tmp_path / "kopie2.html"), (found.st_size, found.st_mtime_ns + 1))
    with pytest.raises(link_process.OutputReplaced):
        linker.finish()


def test_a_tree_digest_is_every_file_by_path_and_bytes_as_rglob_finds_them(tmp_path):
    """tree_digest walks with os.walk: the same files, order and text as the rglob it
    replaced (a link to a folder is not followed, a link to a file counts by its target, a
    broken one not; __pycache__ is left out; a skipped folder's files by suffix)."""

    def by_rglob(root: Path, skips: tuple = (), suffixes: tuple = ()) -> str:
        digest = hashlib.sha256()
        for path in sorted(root.rglob("*")):
            if "__pycache__" in path.parts or not path.is_file():
                continue
            if any(path.is_relative_to(s) for s in skips) and (
                not suffixes or path.suffix.lower() in suffixes
            ):
                continue
            digest.update(f"{path.relative_to(root)}:{file_digest(path)}\n".encode())
        return digest.hexdigest()

    root = tmp_path / "baum"
    for name in ("a/b.txt", "a-b/c.md", "a-b/d.JPG", "a.b", "news/x.md", "news/y.png", ".hidden"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(name, encoding="utf-8")
    (root / "__pycache__").mkdir()
    (root / "__pycache__/m.pyc").write_text("x", encoding="utf-8")
    (root / "link-folder").symlink_to(root / "a")
    (root / "link-file").symlink_to(root / "a.b")
    (root / "broken").symlink_to(root / "nowhere")
    news = root / "news"
    assert tree_digest(root) == by_rglob(root)
    assert tree_digest(root, skip=news, suffixes=(".md",)) == by_rglob(root, (news,), (".md",))
    assert tree_digest(root, skip=(news, root / "a.b")) == by_rglob(root, (news, root / "a.b"))
    assert tree_digest(root, skip=news) != tree_digest(root)


def test_one_kept_texts_reads_its_file_once_and_keeps_every_slot(tmp_path, monkeypatch):
    """A build asks one KeptTexts for several slots: the file is read once, each slot made
    again only for another key, and every slot written is in the file for the next build."""
    file = tmp_path / "kept.json"
    reads: list[Path] = []
    real = Path.read_text
    monkeypatch.setattr(
        Path, "read_text", lambda self, *a, **k: reads.append(self) or real(self, *a, **k)
    )
    kept = KeptTexts(file, "site")
    assert kept.get("admin", "a", lambda: {"x": "1"}) == {"x": "1"}
    assert kept.get("open-data", "", lambda: {"y": "2"}) == {"y": "2"}
    assert kept.get("admin", "a", lambda: {"x": "anders"}) == {"x": "1"}
    assert kept.get("admin", "b", lambda: {"x": "3"}) == {"x": "3"}
    assert reads == [file]
    again = KeptTexts(file, "site")
    assert again.get("open-data", "", lambda: {"y": "anders"}) == {"y": "2"}
    assert again.get("admin", "b", lambda: {"x": "anders"}) == {"x": "3"}
