"""Edges of the incremental build's take-over that the reviews doubted (issue 25, fifth round):
each test shows one doubt right or wrong without building a site (tests/test_incremental.py
builds and compares with clean builds)."""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment
from test_build_record import article, write_listing, writers  # noqa: F401 (a fixture)
from test_post_page_keys import ALLGAEU, View
from test_reader_cache import read, site  # noqa: F401 (a fixture)

from regional_showcase import build_record, known_files
from regional_showcase.build_record import BuildRecord
from regional_showcase.markup import post_sanitizer
from regional_showcase.output_swap import LinkedOutput, replace_folder
from regional_showcase.precompress import precompress
from regional_showcase.preview import followed_reads as followed_reads_module
from regional_showcase.preview.followed_reads import followed_reads
from regional_showcase.preview.pages import KnownReads, template_reads, template_sources
from regional_showcase.search_record import SearchRecord
from regional_showcase.staff import cli
from regional_showcase.writer import ShowcaseWriter

# A theme hook: the partial may be there or not (`ignore missing`).
HOOKED = "{{ article.title }}{% include 'hook.html' ignore missing %}"


def hooked_post(writer: ShowcaseWriter, tmp_path: Path, templates: dict[str, str]) -> bool:
    """The post page through the take-over; True when taken over, else rendered here."""
    template = Environment(loader=DictLoader(templates)).get_template("article.html")
    post = article(tmp_path, "eins.md")
    post.showcase = View((ALLGAEU,))
    return through_take_over(writer, template, post)


def through_take_over(writer: ShowcaseWriter, template, post) -> bool:
    """eins.html of this post through the writer's take-over: True when taken over, else
    rendered here."""
    if writer._take_over("eins.html", template, post, {"lang": "de"}, {"article": post}):
        return True
    text = template.render({"article": post, "output_file": "eins.html"})
    Path(writer.output_path, "eins.html").write_text(text, encoding="utf-8")
    return False


def test_an_include_ignoring_a_missing_template_keys_the_page_and_its_arrival_renders_it(
    writers,  # noqa: F811
    tmp_path,
):
    """Jinja renders `{% include 'hook.html' ignore missing %}` without hook.html: the keys
    must too, and hook.html added later (or changed, or removed) renders the page again."""
    alone = {"article.html": HOOKED}
    assert not hooked_post(writers(), tmp_path, alone)
    assert hooked_post(writers(), tmp_path, alone)
    hooked = {**alone, "hook.html": "<p>Neu</p>"}
    assert not hooked_post(writers(), tmp_path, hooked)
    assert hooked_post(writers(), tmp_path, hooked)
    assert not hooked_post(writers(), tmp_path, {**alone, "hook.html": "<p>Anders</p>"})
    assert not hooked_post(writers(), tmp_path, alone)


def test_a_missing_template_has_no_reads_and_no_source():
    template = Environment(loader=DictLoader({"p.html": HOOKED})).get_template("p.html")
    assert template_sources(template, KnownReads()) == {"p.html": HOOKED}
    assert ("article", (("attr", "title"),), "value") in template_reads(template)
    assert ("article", (("attr", "title"),), "value") in followed_reads(template, KnownReads())


CAPITALS = (
    "---\nTITLE: Probe\nDATE: 01.12.2026\nSUMMARY: Kurz ![Hof](/images/hof.svg).\n---\n\nText.\n"
)


def test_a_picture_of_a_header_field_written_in_capitals_is_tracked_by_the_reader_cache(
    site,  # noqa: F811
):
    """Header names count in any case (front_matter.py keys them lower-case, as Pelican):
    `SUMMARY:` is a formatted field, its picture is listed with the kept result, and the
    picture changed reads the post again. (A field's <IMG> in capitals cannot reach
    shown_pictures: the sanitizer writes tag names lower-case.)"""
    settings, showcase, post = site
    post.write_text(CAPITALS, encoding="utf-8")
    (_, metadata), hits = read(settings, showcase, post)
    assert hits == 0 and '<img alt="Hof" src="/images/hof.svg"' in metadata["summary"]
    assert read(settings, showcase, post)[1] == 1
    (post.parent.parent / "images/hof.svg").write_text("<svg></svg>", encoding="utf-8")
    assert read(settings, showcase, post)[1] == 0
    shown = post_sanitizer().clean('<p><IMG SRC="/images/hof.svg"></p>')
    assert shown == '<p><img src="/images/hof.svg"></p>'


def recorded_site(tmp_path: Path, monkeypatch) -> tuple[Path, Path]:
    """A last output of one file `a.html`, recorded with its identity (its mtime set 10 s
    back; its ctime, which cannot be set, counts from 1 ms on here, not 0.1 s)."""
    monkeypatch.setattr(build_record, "RACY_NS", 10**6)
    previous, record_file = tmp_path / "site", tmp_path / "record.json"
    previous.mkdir()
    page = previous / "a.html"
    page.write_text("eins", encoding="utf-8")
    os.utime(page, ns=(EARLIER, EARLIER))
    time.sleep(0.002)
    first = BuildRecord(record_file, previous, tmp_path / "nothing")
    first.note("a.html", "k")
    first.save()
    assert json.loads(record_file.read_text(encoding="utf-8"))["files"]["a.html"][2]
    return previous, record_file


EARLIER = time.time_ns() - 10 * 10**9


def test_a_file_rewritten_in_place_with_its_old_time_is_not_taken_over(tmp_path, monkeypatch):
    """`cp -p`, `touch -r` or `rsync --inplace -t` over a file of the last output: the same
    inode, size and modification time, other bytes. Its change time says it was written."""
    previous, record_file = recorded_site(tmp_path, monkeypatch)
    time.sleep(0.02)  # a change time the file system can tell from the recorded one
    with open(previous / "a.html", "r+b") as page:
        page.write(b"zwei")
    os.utime(previous / "a.html", ns=(EARLIER, EARLIER))
    fresh = tmp_path / "site.new-1"
    assert not BuildRecord(record_file, fresh, previous).take_over("a.html", "k")
    # The same bytes back: taken over by their hash.
    (previous / "a.html").write_text("eins", encoding="utf-8")
    assert BuildRecord(record_file, tmp_path / "site.new-2", previous).take_over("a.html", "k")


def test_only_a_regular_file_of_the_last_output_is_taken_over(tmp_path, monkeypatch):
    """A link to a file with the recorded bytes would put the link into the new output (a
    page served from outside it); a named pipe would stop the build while it is read."""
    previous, record_file = recorded_site(tmp_path, monkeypatch)
    page = previous / "a.html"
    outside = tmp_path / "woanders.html"
    os.replace(page, outside)  # the recorded file itself, its identity and bytes
    page.symlink_to(outside)
    record = BuildRecord(record_file, tmp_path / "site.new-1", previous)
    assert not record.take_over("a.html", "k")
    assert record.take_over_text("a.html", "k") is None
    page.unlink()
    os.mkfifo(page)
    record = BuildRecord(record_file, tmp_path / "site.new-2", previous)
    assert not record.take_over("a.html", "k")
    assert record.take_over_text("a.html", "k") is None


def listing_of(writer: ShowcaseWriter, tmp_path: Path, related_title: str, page: str) -> bool:
    """A listing of one post through the take-over; True when taken over."""
    related = article(tmp_path, "zwei.md", title=related_title)
    related.showcase = View((ALLGAEU,))
    post = article(tmp_path, "eins.md")
    post.showcase = View((ALLGAEU,), (related,))
    template = Environment(loader=DictLoader({"l.html": page})).get_template("l.html")
    return write_listing(writer, template, articles=[post])


def test_related_posts_reached_without_their_name_count_in_a_listings_key(
    writers,  # noqa: F811
    tmp_path,
):
    """A template that names `related_posts` nowhere may still show them: through a filter
    the reads are not followed into (the post counts whole), or an index made at render
    time. Their headers count then."""
    hidden = "'related' ~ '_posts'"
    for page in (
        f"{{% for p in articles %}}{{{{ (p|attr('showcase')|attr({hidden}))[0].title }}}}"
        "{% endfor %}",
        f"{{% for p in articles %}}{{{{ p.showcase[{hidden}][0].title }}}}{{% endfor %}}",
    ):
        assert not listing_of(writers(), tmp_path, "Zwei", page), page
        assert listing_of(writers(), tmp_path, "Zwei", page), page
        assert not listing_of(writers(), tmp_path, "Drei", page), page


def test_a_search_bundle_is_taken_over_without_a_stat_here(tmp_path, monkeypatch):
    """The linking process checks the last bundle's files (ba259cc): the build's own process
    looks at none of them, and they are in the fresh folder once placed."""
    previous = tmp_path / "site"
    (previous / "pagefind").mkdir(parents=True)
    files = {}
    for name in ("pagefind-entry.json", "index/a.pf_index"):
        (previous / "pagefind" / name).parent.mkdir(exist_ok=True)
        (previous / "pagefind" / name).write_text(name, encoding="utf-8")
        files[name] = hashlib.sha256(name.encode()).hexdigest()
    (tmp_path / "site.new-1").mkdir()
    record = SearchRecord(None, tmp_path / "site.new-1", previous)
    record.saved_bundles = {"pagefind": {"key": "k", "files": files}}
    stats: list[str] = []

    def counted(real):
        def stat(path, *args, **kwargs):
            stats.append(os.fspath(path))
            return real(path, *args, **kwargs)

        return stat

    for name in ("stat", "lstat"):
        monkeypatch.setattr(os, name, counted(getattr(os, name)))
    assert record.take_over("pagefind", "k")
    monkeypatch.undo()
    assert record.placed() == []
    olds = [str(previous / "pagefind" / name) for name in files]
    assert not [path for path in stats if path in olds]
    for name in files:
        assert (tmp_path / "site.new-1/pagefind" / name).read_text(encoding="utf-8") == name


def overwritten_in_place(path: Path, data: bytes) -> None:
    """`cp -p` over a file: its inode, size and modification time kept, other bytes."""
    stat = path.stat()
    assert len(data) == stat.st_size
    time.sleep(0.02)  # a change time the file system can tell from the recorded one
    with open(path, "r+b") as file:
        file.write(data)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


@pytest.fixture
def settled(monkeypatch):
    """Files count as settled 1 ms after they were written (their ctime cannot be set back)."""
    monkeypatch.setattr(known_files, "RACY_NS", 10**6)


def last_bundle(tmp_path: Path) -> tuple[Path, Path]:
    """A last output with one search bundle, recorded (each file's identity too)."""
    previous, file = tmp_path / "site", tmp_path / "search-record.json"
    for name in ("pagefind-entry.json", "index/a.pf_index"):
        (previous / "pagefind" / name).parent.mkdir(parents=True, exist_ok=True)
        (previous / "pagefind" / name).write_text(name, encoding="utf-8")
        os.utime(previous / "pagefind" / name, ns=(EARLIER, EARLIER))
    time.sleep(0.002)
    first = SearchRecord(file, previous, None)
    first.note("pagefind", "k", ())
    first.save()
    return previous, file


def placed_bundle(file: Path, previous: Path, fresh: Path) -> list[str]:
    """A build's take-over of the last bundle into `fresh`: the bundles to index again."""
    fresh.mkdir()
    record = SearchRecord(file, fresh, previous)
    assert record.take_over("pagefind", "k")  # linked; the linking process checks them
    return record.placed()


def test_a_search_bundle_rewritten_in_place_or_linked_is_not_taken_over(tmp_path, settled):
    previous, file = last_bundle(tmp_path)
    assert placed_bundle(file, previous, tmp_path / "site.new-1") == []
    entry = previous / "pagefind/pagefind-entry.json"
    overwritten_in_place(entry, b"pagefind-entry.jsoN")
    fresh = tmp_path / "site.new-2"
    assert placed_bundle(file, previous, fresh) == ["pagefind"]  # Pagefind runs for it
    assert not os.path.lexists(fresh / "pagefind/pagefind-entry.json")
    entry.write_text("pagefind-entry.json", encoding="utf-8")
    outside = tmp_path / "woanders.json"
    os.replace(entry, outside)
    entry.symlink_to(outside)
    fresh = tmp_path / "site.new-3"
    assert placed_bundle(file, previous, fresh) == ["pagefind"]
    assert not os.path.lexists(fresh / "pagefind/pagefind-entry.json")


def test_a_precompressed_sibling_rewritten_in_place_is_compressed_again(tmp_path, settled):
    page = "<p>" + "Wiesen und Wälder " * 40 + "</p>"
    first = tmp_path / "site.new-0"
    first.mkdir()
    (first / "a.html").write_text(page, encoding="utf-8")
    record = tmp_path / "precompress-record.json"
    precompress(first, record=record)
    for path in first.iterdir():
        os.utime(path, ns=(EARLIER, EARLIER))
    time.sleep(0.002)
    last = tmp_path / "site"
    last.mkdir()
    os.link(first / "a.html", last / "a.html")
    precompress(last, first, record)  # the siblings taken over, their identities recorded
    sibling = last / "a.html.gz"
    right = sibling.read_bytes()
    overwritten_in_place(sibling, bytes(len(right)))
    fresh = tmp_path / "site.new-1"
    fresh.mkdir()
    os.link(last / "a.html", fresh / "a.html")
    precompress(fresh, last, record)
    assert (fresh / "a.html.gz").read_bytes() == right


LINKED = (
    "{output}: ist eine symbolische Verknüpfung auf {www}. Ein Build stellt seinen fertigen "
    "Ordner als Ganzes an diese Stelle: die Verknüpfung wäre ersetzt und {www} behielte die "
    "alte Website. Bitte den Ordner selbst angeben (make html OUTPUTDIR={www}, ebenso make "
    "publish) oder die Verknüpfung entfernen."
)


def test_an_output_folder_that_is_a_link_is_refused_before_the_build(tmp_path, capsys):
    """A web server may serve the link's target: the swap replaced the link by the new folder,
    and the target kept the old site for good."""
    www = tmp_path / "www"
    www.mkdir()
    (www / "index.html").write_text("alt", encoding="utf-8")
    output = tmp_path / "output"
    output.symlink_to(www)
    new = tmp_path / "output.new-1"
    new.mkdir()
    message = LINKED.format(output=output, www=www)
    with pytest.raises(LinkedOutput) as refused:
        replace_folder(new, output)
    assert str(refused.value) == message
    assert output.is_symlink() and (www / "index.html").read_text(encoding="utf-8") == "alt"
    assert cli.main(["-s", "gibt-es-nicht.py", "build", str(new), str(output)]) == 1
    assert capsys.readouterr().err == message + "\n"


def test_followed_reads_kept_in_cache_hold_for_the_code_of_pages_py_too(monkeypatch):
    """The analysis uses pages.py's operators, comparisons and length filters: a cache/
    restored from a build with another pages.py is analysed again."""
    template = Environment(loader=DictLoader({"p.html": HOOKED})).get_template("p.html")
    known = KnownReads()
    followed_reads(template, known)
    kept = dict(known.saved)
    known.changed = False
    followed_reads(template, known)
    assert not known.changed
    monkeypatch.setattr(followed_reads_module, "_READS_CODE", "another pages.py")
    followed_reads(template, known)
    assert known.changed and known.saved != kept


def test_a_file_written_within_two_seconds_of_the_record_has_no_identity(tmp_path, monkeypatch):
    """Some file systems keep times in whole seconds (ext3, HFS+) or two (FAT): a second
    write in that time would keep the identity. Two seconds, as preview/file_digests.py."""
    previous, record_file = tmp_path / "site", tmp_path / "record.json"
    previous.mkdir()
    (previous / "a.html").write_text("eins", encoding="utf-8")
    os.utime(previous / "a.html", ns=(EARLIER, EARLIER))
    now = time.time_ns
    monkeypatch.setattr(time, "time_ns", lambda: now() + 10**9)  # its ctime 1 s old
    first = BuildRecord(record_file, previous, tmp_path / "nothing")
    first.note("a.html", "k")
    first.save()
    monkeypatch.undo()
    assert json.loads(record_file.read_text(encoding="utf-8"))["files"]["a.html"][2] is None


# Not followed (a call block): the page's view counts by value.
UNFOLLOWED = (
    "{% macro box() %}{{ caller() }}{% endmacro %}{% call box() %}-{% endcall %}"
    "{% for p in article.showcase.related_posts %}"
    "{{ (p|attr('showcase')|attr('related' ~ '_posts'))[0].title }}{% endfor %}"
)


def test_a_post_page_not_followed_counts_its_related_posts_related_posts(
    writers,  # noqa: F811
    tmp_path,
):
    """A template the reads are not followed through may reach a related post's related
    posts while it names `related_posts` once: their headers count."""

    def page(writer: ShowcaseWriter, far_title: str) -> bool:
        far = article(tmp_path, "drei.md", title=far_title)
        far.showcase = View((ALLGAEU,))
        related = article(tmp_path, "zwei.md", title="Zwei")
        related.showcase = View((ALLGAEU,), (far,))
        post = article(tmp_path, "eins.md")
        post.showcase = View((ALLGAEU,), (related,))
        env = Environment(loader=DictLoader({"article.html": UNFOLLOWED}))
        template = env.get_template("article.html")
        assert followed_reads(template, KnownReads()) is None
        if writer._take_over("eins.html", template, post, {"lang": "de"}, {"article": post}):
            return True
        text = template.render({"article": post, "output_file": "eins.html"})
        Path(writer.output_path, "eins.html").write_text(text, encoding="utf-8")
        return False

    assert not page(writers(), "Drei")
    assert page(writers(), "Drei")
    assert not page(writers(), "Vier")
