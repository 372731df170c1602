"""The input check in a process that checks again (the build server, `make serve`): what it
keeps across checks (sitewide/remembered_rules.py, data/unsaved.py's sorted listings) and
within one (preview/file_digests.py one_pass) follows every input it was made from, and
reports what a fresh check reports."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from regional_showcase.cms.config import _markdown
from regional_showcase.data import unsaved
from regional_showcase.data.internal_links import LinkTarget
from regional_showcase.data.posts import PostInfo
from regional_showcase.data.problems import ValidationFailed
from regional_showcase.input_check import check_input
from regional_showcase.press.addresses import press_addresses
from regional_showcase.preview.file_digests import FileDigests, one_pass, walk_sorted
from regional_showcase.preview.memo import PreviewMemo
from regional_showcase.sitewide import kept_addresses as kept_addresses_module
from regional_showcase.sitewide.remembered_rules import KeptParts
from regional_showcase.sitewide.site_rules import SiteParts

from sitebuild import settings_in_copy

POST = """Title: Ein Verweis
Date: 2024-03-01 10:00
Category: Projekt
Regions: allgaeu
Summary: Ein kurzer Text.

Der Text verweist auf [die Seite]({target}).
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A copy of the project and its settings; each test puts back what it changed."""
    with settings_in_copy(tmp_path_factory.mktemp("across") / "project") as settings:
        yield settings


@pytest.fixture(scope="module")
def memo() -> PreviewMemo:
    return PreviewMemo()


@pytest.fixture
def post(site):
    """A post linking to an address the test names; it leaves after the test."""
    path = site.news_dir / "2024-03-01-ein-verweis.md"
    yield lambda target: path.write_text(POST.format(target=target), encoding="utf-8")
    path.unlink(missing_ok=True)


def messages(settings, memo: PreviewMemo | None) -> list[str]:
    """The problems of the check with the memo; None: as a fresh process checks (the rules
    across files computed anew; cache/'s per-file results, whose keys are their own)."""
    try:
        check_input(settings, [], bodies=False, memo=memo)
    except ValidationFailed as failed:
        return [str(problem) for problem in failed.problems]
    return []


def test_an_unchanged_check_keeps_the_site_wide_rules(site, memo, post):
    post("/impressum/")
    assert messages(site, memo) == messages(site, None) == []
    kept = memo.slots["site-rules"]
    assert messages(site, memo) == []
    assert memo.slots["site-rules"] is kept


def _changed(path: Path, text: str) -> Callable[[], None]:
    """Write `text` into `path` (None: delete it); the returned call puts it back."""
    before = path.read_bytes()
    if text is None:
        path.unlink()
    else:
        path.write_text(text, encoding="utf-8")
    return lambda: path.write_bytes(before)


def test_the_kept_site_wide_rules_follow_each_input_they_read(site, memo, post):
    """Each change breaks the post's link (or the event's own) in a fresh check: the kept
    rules see it, and see it mended when the file is put back."""
    content = site.content_path
    page = content / "pages/impressum.md"
    target = site.news_dir / "2023-01-01-allgaeu-mehr-freiraum.md"
    release = content / "presse/2022-05-25-leitfaden-regionale-zusammenarbeit.md"
    (address,) = [a for a, file in press_addresses(site).items() if file.endswith(release.name)]
    (event,) = sorted(site.events_path.glob("*.md"))[:1]
    event_text = event.read_text(encoding="utf-8")
    cases = [
        # A page's slug (page_infos' files).
        ("/impressum/", page, page.read_text("utf-8").replace("slug: impressum\n", "slug: x\n")),
        # Another post gone (the posts' PostInfo).
        ("{filename}/news/2023-01-01-allgaeu-mehr-freiraum.md", target, None),
        # A press release made a draft (the releases' files).
        (
            f"/{address}",
            release,
            release.read_text("utf-8").replace("---\n", "---\nstatus: draft\n", 1),
        ),
        # An event text's own new link (the event files site_rules reads).
        ("/impressum/", event, event_text + "\n[Mehr](/gibt-es-nicht/)\n"),
        # A page's text with a tracking link (input_check's kept page_problems).
        (
            "/impressum/",
            page,
            page.read_text("utf-8") + "\n[x](https://example.org/?utm_source=a)\n",
        ),
        # A redirect to no page (the redirects file checked_redirects reads).
        ("/impressum/", site.redirects_file, "redirects:\n  - from: /alt/\n    to: /nirgends/\n"),
    ]
    for link, changed, text in cases:
        post(link)
        assert messages(site, memo) == []
        put_back = _changed(changed, text)
        try:
            found = messages(site, memo)
            assert any(changed.name in line or "ein-verweis" in line for line in found), link
            assert found == messages(site, None)
        finally:
            put_back()
    assert messages(site, memo) == []  # each mend too: the next case starts from no problem


def test_the_kept_rules_across_posts_follow_the_posts(site, memo, post):
    """A post taking another's year and slug (check_posts' rule across posts), and a
    translation whose original's key changes (translation_problems): kept while the posts'
    results are the same."""
    post("/impressum/")
    twin = site.news_dir / "2024-05-01-anders.md"
    english = site.news_dir / "en/2021-11-29-ems-axis-skilled-workers.md"
    twin_text = POST.format(target="/impressum/").replace("2024-03-01", "2024-05-01")
    twin.write_text(twin_text, encoding="utf-8")
    text = english.read_text(encoding="utf-8")
    cases = [
        # The same set of posts, a slug taken twice.
        (twin, twin_text.replace("Title:", "Slug: ein-verweis\nTitle:"), "2024-05-01-anders"),
        (english, text.replace("ems-achse-fachkraefte", "gibt-es-nicht"), "skilled-workers"),
    ]
    try:
        for changed, new, named in cases:
            assert messages(site, memo) == []
            before = changed.read_bytes()
            changed.write_text(new, encoding="utf-8")
            try:
                found = messages(site, memo)
                assert any(named in line for line in found), found
                assert found == messages(site, None)
            finally:
                changed.write_bytes(before)
        assert messages(site, memo) == []
    finally:
        twin.unlink()


def test_a_new_post_is_checked_with_each_other_posts_kept_share(site, memo, post):
    """A new post runs the rules across files again with each other post's share kept
    (KeptParts): its own link and address count at once, and its leaving too."""
    post("/impressum/")
    newer = site.news_dir / "2024-04-01-neuer-verweis.md"
    text = POST.format(target="/aktuelles/2024/ein-verweis/").replace("2024-03-01", "2024-04-01")
    assert messages(site, memo) == []
    kept = dict(memo.slots["site-parts"][1]["place"])
    newer.write_text(text.replace("/ein-verweis/", "/gibt-es-nicht/"), encoding="utf-8")
    try:
        found = messages(site, memo)
        assert [line for line in found if "neuer-verweis" in line] == [
            "content/news/2024-04-01-neuer-verweis.md:7: Text: der Link "
            "'/aktuelles/2024/gibt-es-nicht/' führt auf keine Seite dieser Website: "
            "korrigieren Sie die Adresse oder entfernen Sie den Link"
        ]
        # The other posts' places were kept, the new one's made.
        held = memo.slots["site-parts"][1]["place"]
        assert all(held[path] is kept[path] for path in kept)
        assert newer in held and newer not in kept
    finally:
        newer.unlink()
    assert messages(site, memo) == []
    assert newer not in memo.slots["site-parts"][1]["place"]


def test_the_kept_site_parts_follow_the_post_and_the_day(site):
    """Each kept part against the same part made anew, for a PostInfo changed at the same
    path (slug, links, date), another day, and a link's target from another address."""
    memo = PreviewMemo()
    path = site.news_dir / "2024-03-01-x.md"
    date = dt.datetime(2024, 3, 1, tzinfo=ZoneInfo(site.timezone))
    link = (LinkTarget(3, "../y/"),)
    info = PostInfo(path, "x", 2024, date=date, links=link)
    today = dt.date(2024, 3, 1)
    fresh = SiteParts(site)
    changed = [
        (info, dt.date(2020, 1, 1)),
        (dataclasses.replace(info, slug="z"), today),
        (dataclasses.replace(info, links=(LinkTarget(4, "/impressum/"),)), today),
        (dataclasses.replace(info, date=date.replace(year=2042)), today),
    ]

    def made(parts: SiteParts, made: PostInfo, day: dt.date) -> tuple:
        return parts.place(made), parts.text(made), parts.late(made, day)

    for other, day in changed:
        assert made(fresh, other, day) != made(fresh, info, today)
        made(KeptParts(site, memo), info, today)  # kept, then asked for the other
        assert made(KeptParts(site, memo), other, day) == made(fresh, other, day)
    target = ("../y/", "aktuelles/2024/x/", "news/2024-03-01-x.md", ())
    elsewhere = ("../y/", "aktuelles/2023/x/", "news/2024-03-01-x.md", ())
    for arguments in (target, elsewhere):
        assert KeptParts(site, memo).target(*arguments) == fresh.target(*arguments)
    assert fresh.target(*target) != fresh.target(*elsewhere)


def test_the_kept_feed_id_rule_reads_again_the_posts_it_read(site, memo, post):
    """Two posts of the same day and file name: the rule reads both headers. The English one
    becomes German: the same set of files, now sharing a feed id."""
    post("/impressum/")
    twin = site.news_dir / "weitere/2024-03-01-ein-verweis.md"
    twin.parent.mkdir()
    english = "Lang: en\nTranslation_Key: ein-verweis\nTitle:"
    twin.write_text(POST.format(target="/impressum/").replace("Title:", english), "utf-8")
    try:
        assert messages(site, memo) == []
        twin.write_text(POST.format(target="/impressum/"), encoding="utf-8")
        found = messages(site, memo)
        assert any("weitere" in line and "tag:" in line for line in found), found
        assert found == messages(site, None)
    finally:
        twin.unlink()
        twin.parent.rmdir()
    assert messages(site, memo) == []


def test_which_kept_post_is_online_yet_is_asked_of_the_clock_in_every_check(
    site, memo, post, monkeypatch
):
    """The posts' dates are kept (dated_addresses), the moment is not: a post dated later
    today goes online in a check after its time, in the same day's memo."""
    zone = ZoneInfo(site.timezone)
    soon = dt.datetime.now(zone) + dt.timedelta(minutes=30)
    post("/impressum/")
    path = site.news_dir / "2024-03-01-ein-verweis.md"
    path.write_text(
        path.read_text("utf-8").replace("2024-03-01 10:00", f"{soon:%Y-%m-%d %H:%M}"), "utf-8"
    )

    def online() -> bool:
        published = check_input(site, [], bodies=False, memo=memo).kept.published
        return any("ein-verweis" in address for address in published)

    assert not online()

    class Later(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return dt.datetime.now(tz) + dt.timedelta(hours=1)

    monkeypatch.setattr(kept_addresses_module, "dt", SimpleNamespace(datetime=Later))
    assert online()


def test_one_pass_looks_at_a_file_once_and_the_next_pass_sees_it_changed(tmp_path):
    digests = FileDigests()
    file = tmp_path / "a.md"
    file.write_bytes(b"eins")  # just written: never kept, read at every state() outside
    with one_pass():
        first = digests.state(file)
        file.write_bytes(b"zwei")
        assert digests.state(file) == first
        assert digests.reads == 1
    assert digests.state(file)[1] != first[1]
    assert digests.reads == 2


def test_a_kept_sorted_listing_follows_the_folder(tmp_path):
    (tmp_path / "b.md").write_text("b")
    (tmp_path / "a.md").write_text("a")
    with unsaved.listing_once():
        assert unsaved.files_under(tmp_path) == [tmp_path / "a.md", tmp_path / "b.md"]
    (tmp_path / "a.md").unlink()
    (tmp_path / "c.md").write_text("c")
    with unsaved.listing_once():
        assert unsaved.files_under(tmp_path) == [tmp_path / "b.md", tmp_path / "c.md"]


def test_a_listing_is_sorted_part_by_part(tmp_path):
    """As sorted Path objects: 'a/x.md' before 'a-b.md' ('/' sorts after '-' as a
    character), with or without a listing kept from the last check."""
    names = ("a-b.md", "a/x.md", "a.md", "ab/c.md", "a b.md", "a/b/c.md", "Z.md")
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name)
    expected = sorted(tmp_path / name for name in names)
    assert unsaved.files_under(tmp_path) == expected
    with unsaved.listing_once():
        assert unsaved.files_under(tmp_path) == expected


def test_a_listing_with_a_file_more_keeps_the_other_files_paths(tmp_path):
    """A new post: the listing is made anew, in order, with the other files' Path objects
    of the last check (not 3,000 new ones); a file gone is not handed out again."""
    for name in ("b.md", "d.md", "e.md"):
        (tmp_path / name).write_text(name)
    with unsaved.listing_once():
        before = unsaved.files_under(tmp_path)
    (tmp_path / "c.md").write_text("c")
    (tmp_path / "e.md").unlink()
    with unsaved.listing_once():
        after = unsaved.files_under(tmp_path)
    assert after == [tmp_path / "b.md", tmp_path / "c.md", tmp_path / "d.md"]
    assert after[0] is before[0] and after[2] is before[1]


def test_the_kept_publication_candidates_follow_the_files(site, memo, post):
    def published() -> set[Path]:
        checked = check_input(site, [], bodies=False, memo=memo, build=True)
        return {path for path, _dated, _fact in checked.published}

    before = published()
    post("/impressum/")
    assert published() - before == {site.news_dir / "2024-03-01-ein-verweis.md"}


NAMED = (
    *("a/b.md", "a/.md", "a/..md", "a/b.", "a/b", "/", ".", "..", "a/b.tar.gz", "b.MD"),
    *("/x.md", ".x.md", "./a.md", "a/...", "a/b..md", "a/.hidden/x.md", "content/news/1.md"),
)


@pytest.mark.parametrize("path", NAMED)
def test_a_listings_names_and_suffixes_are_pathlibs(path):
    assert (unsaved.file_name(Path(path)), unsaved.file_suffix(Path(path))) == (
        Path(path).name,
        Path(path).suffix,
    )


def test_the_web_editors_markdown_listing_is_walk_sorted_with_isfile(tmp_path):
    """cms/config.py's _markdown tells files by the listing's entry types: the same paths,
    in the same order, as walk_sorted with os.path.isfile of each (what it did before)."""
    root = tmp_path / "content"
    for name in ("b/z.md", "b/a.md", "a.md", ".h.md", "c/d.md/x.md", "__pycache__/p.md", "t.txt"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x", encoding="utf-8")
    (root / "link.md").symlink_to(root / "a.md")
    (root / "broken.md").symlink_to(root / "gone.md")
    (root / "folder.md").symlink_to(root / "b")
    (root / "linked").symlink_to(root / "b")
    before = [Path(p) for p in walk_sorted(str(root)) if p.endswith(".md") and os.path.isfile(p)]
    assert _markdown(root) == before
    assert len(before) == 6
