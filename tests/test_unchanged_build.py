"""A build after nothing changed leaves output/ as it is (unchanged_build.py): each kind of
input, the day, a scheduled post and output/ itself make the next build a real one. Through
scripts/html's `showcase build`: test_incremental.py's
test_a_build_after_nothing_changed_leaves_the_output_as_it_is (and its next test's edit)."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from regional_showcase import search_index, unchanged_build
from regional_showcase.deferred_saves import deferring, run
from regional_showcase.environment import HOW_IT_RUNS
from regional_showcase.outside_inputs import pagefind_folder
from regional_showcase.unchanged_build import (
    Watch,
    content_dates,
    inputs_of,
    record_file,
    record_of,
    skipped,
    still_current,
    until_of,
    verified_listing,
)

SETTINGS = """\
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent
PATH = str(ROOT / "content")
THEME = str(ROOT / "theme")
PLUGIN_PATHS = [str(ROOT / "plugins")]
SHOWCASE_DATA = str(ROOT / "data" / "regions.yaml")
TIMEZONE = "Europe/Berlin"
SITEURL = os.environ.get("SITEURL", "")
# A value the settings file reads from a file that is no input of its own.
FOOTER = (ROOT / "footer.txt").read_text()
# Folders that hold output/ and cache/: no input (the footer above counts by its value).
PROJECT = str(ROOT)
HOME = str(ROOT.parent)
"""
FILES = {
    "pelicanconf.py": SETTINGS,
    "footer.txt": "Fußzeile",
    "content/news/2026-01-01-a.md": "Title: A\nDate: 2026-01-01\n\nText.\n",
    "content/images/a.jpg": "jpeg",
    "data/regions.yaml": "regions: []\n",
    "data/comparison.yaml": "districts: []\n",
    "theme/templates/base.html": "<html>{% block content %}{% endblock %}</html>\n",
    "plugins/extra/code.py": "VALUE = 1\n",
    "plugins/regional_showcase/__init__.py": "",
    "output/index.html": "<html>Start</html>",
    "output/aktuelles/index.html": "<html>Aktuelles</html>",
}
# 13:00 in Berlin.
NOW = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)
HOUR = 3_600_000_000_000


def ns(moment: dt.datetime) -> int:
    return round(moment.timestamp() * 1e9)


LONG_AGO = time.time() - 3600


def age(folder: Path) -> None:
    """Every file and folder as if written an hour ago (a build's record is not written
    while its inputs were modified just before: unchanged_build.changed_since)."""
    for path in [folder, *folder.rglob("*")]:
        os.utime(path, (LONG_AGO, LONG_AGO), follow_symlinks=False)


@pytest.fixture
def site(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SHOWCASE_SKIP_UNCHANGED", raising=False)
    monkeypatch.setenv("SITEURL", "")
    # The plugin's package, a root of every build: here a copy's, which no one edits meanwhile.
    monkeypatch.setattr(unchanged_build, "PACKAGE", tmp_path / "plugins/regional_showcase")
    for name, text in FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    age(tmp_path)
    return tmp_path


def recorded(site: Path, until: int = ns(NOW) + HOUR) -> dict:
    """The record of a build begun at NOW that left output/ as it is."""
    inputs = inputs_of("pelicanconf.py", False)
    return {
        **record_of(inputs, verified_listing(site / "output", None)[0], until, {}),
        "since": ns(NOW),
    }


def current(site: Path, record: dict, now: int = ns(NOW), publish: bool = False) -> bool:
    inputs = inputs_of("pelicanconf.py", publish)
    return still_current(record, inputs, site / "output", now)


def test_a_build_after_nothing_changed_says_so_in_one_line():
    assert skipped(Path("output")) == (
        "Keine Eingabe hat sich seit dem letzten Build geändert: output/ ist aktuell und "
        "bleibt, wie er ist."
    )


def test_nothing_changed_leaves_the_output(site):
    assert current(site, recorded(site))


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


INPUT_CHANGES = {
    "a post": lambda s: write(s / "content/news/2026-01-01-a.md", "Title: B\nDate: 2026-01-01\n"),
    "a new post": lambda s: write(s / "content/news/2026-01-02-b.md", "Title: B\n"),
    "a removed post": lambda s: (s / "content/news/2026-01-01-a.md").unlink(),
    "a picture": lambda s: write(s / "content/images/a.jpg", "jpeg!"),
    "the region data": lambda s: write(s / "data/regions.yaml", "regions: [x]\n"),
    "another data file": lambda s: write(s / "data/comparison.yaml", "districts: [x]\n"),
    "a template": lambda s: write(s / "theme/templates/base.html", "<html></html>\n"),
    "the plugins' code": lambda s: write(s / "plugins/extra/code.py", "VALUE = 2\n"),
    "the settings file": lambda s: write(s / "pelicanconf.py", SETTINGS + "SITENAME = 'X'\n"),
    # Its bytes alone: a comment (a setting's function's code is in the settings' digest).
    "the settings file's text": lambda s: write(s / "pelicanconf.py", SETTINGS + "# Notiz\n"),
    "a setting's value": lambda s: write(s / "footer.txt", "Footer"),
}


def test_the_folders_holding_the_output_are_no_inputs(site):
    record = recorded(site)
    write(site / "notes.txt", "Notiz")
    assert current(site, record)


@pytest.mark.parametrize("change", sorted(INPUT_CHANGES))
def test_a_changed_input_builds(site, change):
    record = recorded(site)
    INPUT_CHANGES[change](site)
    assert not current(site, record)


def test_the_environment_counts_but_the_terminals(site, monkeypatch):
    record = recorded(site)
    monkeypatch.setenv("SHLVL", "7")  # the shell's, as HOW_IT_RUNS's
    monkeypatch.setenv("SHOWCASE_BUILD_SERVER", "0")
    assert current(site, record)
    monkeypatch.setenv("LANG", "en_US.UTF-8")  # Pelican's locale
    assert not current(site, record)
    monkeypatch.delenv("LANG")
    monkeypatch.setenv("SITEURL", "https://example.org")  # read by the settings file
    assert not current(site, record)


def test_make_publish_and_make_html_are_different_inputs(site):
    assert not current(site, recorded(site), publish=True)


@pytest.fixture
def timezone(monkeypatch):
    """Sets the process's time zone (TZ)."""

    def use(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield use
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(
    ("site_zone", "own_zone", "hours"),
    [
        ("Europe/Berlin", "America/Los_Angeles", 11),  # 0:00 in Berlin
        ("America/New_York", "America/Los_Angeles", 12),  # 0:00 UTC
        ("America/New_York", "Asia/Tokyo", 3),  # 0:00 in Tokyo: the process's date
    ],
)
def test_the_next_day_builds(site, timezone, site_zone, own_zone, hours):
    timezone(own_zone)
    # Upcoming events become past ones, figures age: the day where a page shows it.
    record = recorded(site, until=until_of(ns(NOW), site_zone, []))
    assert current(site, record, ns(NOW) + (hours - 1) * HOUR)
    assert not current(site, record, ns(NOW) + hours * HOUR)


def test_a_clock_set_back_builds(site):
    assert not current(site, recorded(site), ns(NOW) - 1)


def test_a_scheduled_post_coming_online_builds(site):
    due = NOW + dt.timedelta(hours=2)
    record = recorded(site, until=until_of(ns(NOW), "Europe/Berlin", [due]))
    assert current(site, record, ns(NOW) + HOUR)
    assert not current(site, record, ns(due))


def test_the_first_date_after_the_build_is_when_a_post_comes_online(timezone):
    timezone("America/Los_Angeles")
    berlin = dt.timezone(dt.timedelta(hours=1))
    later = dt.datetime(2026, 12, 7, 15, 0, tzinfo=berlin)
    post = SimpleNamespace(date=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), translations=[])
    scheduled = SimpleNamespace(
        date=dt.datetime(2026, 12, 7, 18, 0, tzinfo=berlin),
        translations=[SimpleNamespace(date=later)],  # its translation, sooner
    )
    draft_page = SimpleNamespace(date=dt.datetime(2026, 12, 7, 16, 0))  # naive: Berlin's
    generators = [
        SimpleNamespace(articles=[post, scheduled], drafts=[]),
        SimpleNamespace(draft_pages=[draft_page]),
    ]
    dates = content_dates(generators)
    assert len(dates) == 4
    assert until_of(ns(NOW), "Europe/Berlin", dates) == ns(later)
    assert until_of(ns(NOW), "Europe/Berlin", [dates[0], dates[3]]) == ns(later) + HOUR
    assert until_of(ns(NOW), "Europe/Berlin", dates[:1]) == ns(NOW) + 11 * HOUR


OUTPUT_CHANGES = {
    "a file rewritten": lambda o: (
        (o / "index.html").write_text("<html>Fremd</html>"),
        os.utime(o / "index.html", (LONG_AGO + 60, LONG_AGO + 60)),
    ),
    "a file with its old time set again": lambda o: replaced_keeping_time(o / "index.html"),
    "a file removed": lambda o: (o / "aktuelles/index.html").unlink(),
    "a file added": lambda o: (o / "extra.html").write_text("x"),
    "a folder added": lambda o: (o / "leer").mkdir(),
    "a file replaced by a link": lambda o: linked_instead(o / "index.html"),
}


def replaced_keeping_time(path: Path) -> None:
    """Another file in its place, with its size and modification time (`cp -p`)."""
    info = path.stat()
    other = path.with_name("other")
    other.write_text("<html>Andre</html>")
    os.utime(other, ns=(info.st_atime_ns, info.st_mtime_ns))
    os.replace(other, path)


def rewritten_in_place(path: Path) -> None:
    """Other bytes in the same file, with its size and modification time (`cp -p` over it,
    `touch -r`): only its change time tells."""
    info, data = path.stat(), path.read_bytes()
    time.sleep(0.02)  # a change time the file system tells from the recorded one
    with path.open("r+b") as file:
        file.write(data.replace(b"<", b"[", 1))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


def linked_instead(path: Path) -> None:
    target = path.with_name("target.html")
    os.replace(path, target)
    path.symlink_to(target.name)


@pytest.mark.parametrize("change", sorted(OUTPUT_CHANGES))
def test_a_changed_output_builds(site, change):
    record = recorded(site)
    OUTPUT_CHANGES[change](site / "output")
    assert not current(site, record)


def test_no_output_builds(site):
    record = recorded(site)
    (site / "output").rename(site / "elsewhere")
    assert not current(site, record)


# What Pelican's generators tell the watch (all_generators_finalized): the plugin's time zone.
GENERATORS = [SimpleNamespace(showcase=SimpleNamespace(timezone="Europe/Berlin"))]


def a_build(site: Path, status: int = 0, meanwhile=None, generators=GENERATORS) -> Watch:
    """build_command's watch of a build whose folder becomes output/ when `status` is 0."""
    watch = Watch("pelicanconf.py", site / "output", False, None)
    if watch.unchanged:
        return watch
    if meanwhile is not None:
        meanwhile()
    watch.dates(generators)
    if status == 0:
        watch.before_swap(site / "output")
    watch.built(status)
    return watch


def test_a_file_the_last_output_shared_counts_by_its_bytes_once_that_output_is_gone(
    site, monkeypatch
):
    """A file the build took over (a hard link into the last output, which is removed in
    the background after the swap: that changes the file's change time)."""
    page = site / "output/index.html"
    os.link(page, site / "alt.html")
    time.sleep(0.02)
    a_build(site)
    (site / "alt.html").unlink()  # the last output removed
    read: list[str] = []
    monkeypatch.setattr(unchanged_build, "file_digest", counted(unchanged_build.file_digest, read))
    assert a_build(site).unchanged and read == [str(page)]
    assert a_build(site).unchanged and read == [str(page)]  # the record took the new time
    rewritten_in_place(page)
    assert not a_build(site).unchanged


def test_a_file_taken_over_and_rewritten_before_the_record_leaves_none(site):
    page = site / "output/index.html"
    os.link(page, site / "alt.html")
    time.sleep(0.02)
    with deferring() as held:
        a_build(site)
    rewritten_in_place(page)  # after the swap, before the server's held-back save
    run(held)
    assert not record_file(None, site / "output").exists()


def counted(function, calls: list):
    def call(path):
        calls.append(path)
        return function(path)

    return call


def test_a_failed_build_leaves_no_record_that_skips(site):
    assert not a_build(site).unchanged
    assert a_build(site).unchanged
    post = site / "content/news/2026-01-01-a.md"
    text = post.read_text(encoding="utf-8")
    post.write_text("kaputt", encoding="utf-8")
    assert not a_build(site, status=1).unchanged
    post.write_text(text, encoding="utf-8")  # back as the last good build had it
    age(site)
    assert not a_build(site).unchanged
    assert a_build(site).unchanged


def test_an_input_changed_while_the_build_ran_leaves_no_record(site):
    post = site / "content/news/2026-01-01-a.md"
    text = post.read_text(encoding="utf-8")
    a_build(site, meanwhile=lambda: post.write_text("neu", encoding="utf-8"))
    post.write_text(text, encoding="utf-8")  # undone: the build may have read "neu"
    age(site)
    assert not record_file(None, site / "output").exists()
    assert not a_build(site).unchanged


def test_python_writing_its_caches_during_the_first_build_leaves_a_record(site):
    """A fresh copy's first build imports the plugin, and Python writes __pycache__ folders
    into its package: a new entry in each folder, which is no input."""
    package = site / "plugins/regional_showcase"
    a_build(site, meanwhile=lambda: (package / "__pycache__").mkdir())
    assert a_build(site).unchanged


@pytest.mark.parametrize("change", ["removed", "replaced by an older file", "added"])
def test_a_file_removed_or_replaced_while_the_build_ran_leaves_no_record(site, change):
    """Folders count by their entries now, not by their time: an entry gone, added, or
    replaced by a rename (which keeps the older file's time) still counts."""
    news = site / "content/news"
    post = news / "2026-01-01-a.md"

    def meanwhile():
        if change == "removed":
            post.unlink()
        elif change == "added":
            (news / "2026-01-02-b.md").write_text("Title: B", encoding="utf-8")
            age(site)
        else:
            older = news / "older.tmp"
            older.write_text(post.read_text(encoding="utf-8") + "x", encoding="utf-8")
            os.utime(older, (LONG_AGO, LONG_AGO))
            os.replace(older, post)

    a_build(site, meanwhile=meanwhile)
    assert not record_file(None, site / "output").exists()


def test_the_build_server_writes_the_record_after_its_answer(site):
    with deferring() as held:
        a_build(site)
    assert not record_file(None, site / "output").exists() and len(held) == 1
    run(held)  # what the server does once its client has the answer (deferred_saves.py)
    assert a_build(site).unchanged


def test_a_build_without_the_sites_time_zone_leaves_no_record(site):
    a_build(site, generators=[])
    assert not record_file(None, site / "output").exists()


def test_the_switch_builds_all_the_same(site, monkeypatch):
    a_build(site)
    monkeypatch.setenv("SHOWCASE_SKIP_UNCHANGED", "0")
    assert not a_build(site).unchanged
    monkeypatch.delenv("SHOWCASE_SKIP_UNCHANGED")
    assert a_build(site).unchanged


def test_pagefinds_executable_counts_by_size_and_time(site):
    folder = str(pagefind_folder())
    assert folder in inputs_of("pelicanconf.py", False).roots
    assert unchanged_build.installed_files(folder)
    assert unchanged_build.installed_files(str(site / "node_modules/decap-cms/dist"))
    assert not unchanged_build.installed_files(str(site / "content"))


def test_the_inputs_named_here_are_those_the_build_reads():
    # cms/admin.py's import, read rather than imported (its imports take a quarter second).
    admin = (unchanged_build.PACKAGE / "cms/admin.py").read_text(encoding="utf-8")
    assert "from ..outside_inputs import YAML_DIST" in admin.splitlines()
    assert unchanged_build.PAGEFIND_CONFIG is search_index.CONFIG_FILES
    assert HOW_IT_RUNS <= unchanged_build.IGNORED
