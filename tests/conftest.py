"""Fixtures: a copy of the real project, and the shared builds of it.

Under `make test` (pytest-xdist, two workers) the three shared builds, `published`,
`sampled` and `planted`, are started once, in the background, as the run begins: the
workers collect and run unit tests meanwhile, and both read the same finished builds instead
of making their own. Run without xdist, or for a few files only, each fixture builds on
first use.
`make test` distributes whole files (`--dist loadfile`), so a module's own build is made
once, on one worker, not once per worker; see "How `make test` hands out the tests" below.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sitebuild import BUILD_TIMEOUT, Build, add_region_photo, copy_project, run_publish

SHARED_ENV = "SHOWCASE_TEST_SHARED_BUILDS"
# Every build of the tests in its own process, as in CI: no build server stays behind
# (staff/build_server.py; tests/test_build_server.py sets it for its own servers).
os.environ["SHOWCASE_BUILD_SERVER"] = "0"
TEMPLATE_CACHE_ENV = "SHOWCASE_TEMPLATE_CACHE"
SITE_ZONE = "Europe/Berlin"  # pelicanconf.py's TIMEZONE: the zone of the build's "today"
# The collector's passes in the test processes about 14 times less often (Python's default is
# 700, 10, 10): the unit tests make and drop large object graphs (the region data's YAML nodes,
# Pelican's objects), and the default walked every live object some 30 times per worker, a
# tenth of `make test-fast`'s CPU. Only when cyclic garbage is freed changes; gen 2 still runs,
# and what the plugin does with the collector (freeze, off until idle) and what the tests
# assert of it are as before. The builds in subprocesses keep Python's default.
gc.set_threshold(10_000, 10, 10)


@pytest.fixture(autouse=True)
def collector_as_found():
    """The garbage collector as each test found it: a long-lived builder built in the test's
    own process (WarmBuilder, make serve's PreviewBuilder) leaves it off and its objects
    frozen until its idle(), which a test need not call; the next test on that worker would
    start with it so (tests/test_long_lived.py, test_warm_build's collector test)."""
    enabled, frozen = gc.isenabled(), gc.get_freeze_count()
    yield
    if not frozen and gc.get_freeze_count():
        gc.unfreeze()
    if enabled and not gc.isenabled():
        gc.enable()


def make_published(folder: Path) -> Build:
    """One `make publish` of the real project, shared by the read-only tests."""
    return run_publish(copy_project(folder / "project"))


def make_sampled(folder: Path) -> Build:
    """One `make publish` of a variant of the project, for the tests that need more than the
    shipped content: the sample events moved out of beispiele/ (so the build includes them)
    plus one made for the tests, a fixed build date (so upcoming and past are known), a photo
    for one region, and small caps: 8 posts per region page, own preview cards for the 2
    newest posts only and 5 posts per archive page (so the shipped posts fill archive pages:
    test_stable_pages.py).
    The event tests and the tests of the caps read it; one build instead of two."""
    from eventfiles import MIXED, SAMPLED_BUILD_DATE

    project = copy_project(folder / "project")
    termine = project / "content" / "termine"
    for sample in sorted((termine / "beispiele").glob("*.md")):
        shutil.move(sample, termine / sample.name)
    (termine / "2027-03-28-netzwerktreffen.md").write_text(MIXED, encoding="utf-8")
    add_region_photo(project)  # no photo ships; test_photos.py reads how one is shown
    with (project / "publishconf.py").open("a", encoding="utf-8") as settings:
        settings.write(
            "\nSHOWCASE_REGION_ARTICLES = 8\nSHOWCASE_SOCIAL_IMAGE_POSTS = 2\n"
            "DEFAULT_PAGINATION = 5\n"
        )
    return run_publish(project, env={"SHOWCASE_BUILD_DATE": SAMPLED_BUILD_DATE})


def make_planted(folder: Path) -> Build:
    """The publish build of a copy with what test_images, test_publishing_rules,
    test_escaping and test_redirects plant in it (planted.py): one build for the four."""
    from planted import make_planted as build

    return build(folder)


SHARED_BUILDS = {"published": make_published, "sampled": make_sampled, "planted": make_planted}

# The background build: runs one of SHARED_BUILDS and leaves its result as JSON.
_BACKGROUND = """
import json, os, sys
from pathlib import Path
import conftest
folder, name = Path(sys.argv[1]), sys.argv[2]
try:
    build = conftest.SHARED_BUILDS[name](folder)
    record = {key: str(value) if isinstance(value, Path) else value
              for key, value in vars(build).items()}
except BaseException:  # the workers wait for a result: give them this one, not silence
    import traceback
    record = {"project": str(folder), "output": str(folder), "returncode": -1,
              "stdout": "", "stderr": traceback.format_exc()}
(folder / "result.tmp").write_text(json.dumps(record), encoding="utf-8")
os.replace(folder / "result.tmp", folder / "result.json")
"""


def _runs_the_whole_suite(config: pytest.Config) -> bool:
    markexpr = config.getoption("markexpr", "") or ""
    return (
        bool(config.getoption("numprocesses", None))
        and not hasattr(config, "workerinput")
        and config.args_source != pytest.Config.ArgsSource.ARGS
        and "not build" not in markexpr
    )


BUILD_DATE_ENV = "SHOWCASE_BUILD_DATE"


def pin_build_day(environ, now: dt.datetime | None = None) -> str | None:
    """The run's one build day: the site's today (Berlin) at the run's start as
    SHOWCASE_BUILD_DATE (pelicanconf.py reads it; it wins over SOURCE_DATE_EPOCH), unless the
    caller set either. A run across midnight in Berlin (23:00 UTC) built the shared
    `published` with one day's upcoming events and a test's own build with the next's:
    test_reproducible and test_parallel, which compare the two, failed. A test about "today"
    or SOURCE_DATE_EPOCH unsets it (test_incremental's builds). The day set, else None."""
    if environ.get(BUILD_DATE_ENV) or environ.get("SOURCE_DATE_EPOCH"):
        return None
    now = now or dt.datetime.now(dt.UTC)
    day = now.astimezone(ZoneInfo(SITE_ZONE)).date().isoformat()
    environ[BUILD_DATE_ENV] = day
    return day


def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput"):
        # Before the shared builds start and the workers are made: they inherit it.
        config._showcase_build_day = pin_build_day(os.environ)  # type: ignore[attr-defined]
    if not hasattr(config, "workerinput") and TEMPLATE_CACHE_ENV not in os.environ:
        # One folder of compiled templates for every build of this run (template_cache.py):
        # each build would otherwise compile the theme again, half a second of CPU.
        templates = tempfile.mkdtemp(prefix="showcase-templates-")
        os.environ[TEMPLATE_CACHE_ENV] = templates  # builds and workers inherit it
        config._showcase_templates = templates  # type: ignore[attr-defined]
    if not _runs_the_whole_suite(config):
        return
    root = Path(tempfile.mkdtemp(prefix="showcase-shared-builds-"))
    os.environ[SHARED_ENV] = str(root)  # the workers start after this and inherit it
    config._showcase_shared = (root, [])  # type: ignore[attr-defined]
    for name in SHARED_BUILDS:
        (root / name).mkdir()
        process = subprocess.Popen(
            [sys.executable, "-c", _BACKGROUND, str(root / name), name],
            cwd=Path(__file__).parent,
            stdin=subprocess.DEVNULL,
            stdout=(root / f"{name}.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        config._showcase_shared[1].append(process)  # type: ignore[attr-defined]


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    """The temporary folders of earlier runs that pytest deletes as this run ends (all but the
    newest `tmp_path_retention_count`) are handed to a process of their own, as the build
    hands over an old output (output_swap.py): a `make test` run's folder holds 26,000
    files, and deleting one kept the run waiting 3 s after its last test. The same folders go,
    by pytest's own rules: a folder another run still locks stays."""
    from _pytest.pathlib import LOCK_TIMEOUT, cleanup_candidates, ensure_deletable

    factory = getattr(session.config, "_tmp_path_factory", None)
    basetemp = getattr(factory, "_basetemp", None)
    if hasattr(session.config, "workerinput") or basetemp is None:
        return
    if getattr(factory, "_given_basetemp", None) is not None:
        return  # --basetemp: pytest numbers and deletes nothing
    keep = int(session.config.getini("tmp_path_retention_count"))
    root = basetemp.parent
    if keep == 0 or not root.name.startswith("pytest-of-"):
        return
    dead_before = basetemp.stat().st_mtime - LOCK_TIMEOUT
    leaving = []
    for folder in cleanup_candidates(root, "pytest-", keep):
        if ensure_deletable(folder, dead_before):
            gone = root.with_name(f"{root.name}-gone-{os.getpid()}-{folder.name}")
            try:
                folder.rename(gone)
            except OSError:
                continue  # another run took it first
            leaving.append(str(gone))
    if leaving:
        subprocess.Popen(
            ["nice", "-n", "19", "rm", "-rf", "--", *leaving],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )


def pytest_unconfigure(config: pytest.Config) -> None:
    if getattr(config, "_showcase_build_day", None):
        os.environ.pop(BUILD_DATE_ENV, None)
    templates = getattr(config, "_showcase_templates", None)
    if templates:
        shutil.rmtree(templates, ignore_errors=True)
        os.environ.pop(TEMPLATE_CACHE_ENV, None)
    shared = getattr(config, "_showcase_shared", None)
    if shared:
        root, processes = shared
        for process in processes:
            process.kill()
            process.wait()
        shutil.rmtree(root, ignore_errors=True)


def _shared_build(name: str, tmp_path_factory) -> Build:
    root = os.environ.get(SHARED_ENV)
    if not root:
        return SHARED_BUILDS[name](tmp_path_factory.mktemp(name))
    folder = Path(root) / name
    deadline = time.monotonic() + BUILD_TIMEOUT * 2
    while not (folder / "result.json").exists():
        if time.monotonic() > deadline:
            log = (Path(root) / f"{name}.log").read_text(encoding="utf-8", errors="replace")
            pytest.fail(f"the shared build '{name}' did not finish:\n{log}")
        time.sleep(0.1)
    record = json.loads((folder / "result.json").read_text(encoding="utf-8"))
    return Build(**{**record, "project": Path(record["project"]), "output": Path(record["output"])})


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture
def checked_posts(monkeypatch) -> list[Path]:
    """The posts whose own check ran (content_types/posts.py's check_post), in order: a post
    whose kept result was handed out is not among them."""
    from regional_showcase.content_types import posts as post_type

    checked: list[Path] = []
    check_post = post_type.check_post

    def counted(path, *args, **kwargs):
        checked.append(path)
        return check_post(path, *args, **kwargs)

    monkeypatch.setattr(post_type, "check_post", counted)
    return checked


@pytest.fixture(scope="session")
def published(tmp_path_factory) -> Build:
    """One `make publish` of the real project, shared by the read-only tests."""
    build = _shared_build("published", tmp_path_factory)
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="session")
def sampled(tmp_path_factory) -> Build:
    """The publish build with the sample events and small caps (see `make_sampled`)."""
    build = _shared_build("sampled", tmp_path_factory)
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="session")
def planted(tmp_path_factory) -> Build:
    """The publish build with post images, a draft, a post dated ahead, YAML front matter
    and markup planted and three pages deleted with redirects (see `make_planted`)."""
    build = _shared_build("planted", tmp_path_factory)
    assert build.returncode == 0, build.log
    return build


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Refuse an unmarked test that uses the shared build (`make test-fast` must never build),
    then put the files in the order `make test` hands them out (see `schedule_order`)."""
    for item in items:
        shared = set(SHARED_BUILDS) & set(getattr(item, "fixturenames", ()))
        if shared and not item.get_closest_marker("build"):
            raise pytest.UsageError(f"{item.nodeid} reads the shared build: mark it build")
    items[:] = schedule_order(items)


# ---------- How `make test` hands out the tests ----------
#
# xdist's loadfile gives each worker whole files, largest test count first. Two things made
# the run a third longer than its CPU time: the one-test files that run a whole workflow
# (the web editor, an S3 upload) were handed out last and ran alone at the end, and
# test_browser.py, a third of all test time, kept one worker busy while the other ran out
# of work. So files go out by their cost, estimated from their marks, and the files whose
# tests share nothing expensive of their own (the browser checks read the shared build; a
# browser starts in a fraction of a second) go out test by test.
SPREAD_FILES = frozenset({"tests/test_browser.py"})
# Rough cost of one test by its marks: a unit test is a few milliseconds, a build seconds.
COST = {"long": 100.0, "browser": 3.0, "build": 2.0}
UNIT_COST = 0.02


def estimated_cost(item: pytest.Item) -> float:
    # A test its skipif marks skip costs nothing: the 25 larger random runs of
    # test_incremental_types.py (INCREMENTAL_EXAMPLES unset) counted 2,500 and sent the file
    # out first for their marks, and test_r7_kept_data.py second, ahead of the real workflows.
    from _pytest.skipping import evaluate_skip_marks

    if evaluate_skip_marks(item):
        return 0.0
    return max(
        (cost for mark, cost in COST.items() if item.get_closest_marker(mark)), default=UNIT_COST
    )


def schedule_scope(nodeid: str) -> str:
    """The unit one worker runs as a whole: the file, or the test in a spread file."""
    path = nodeid.split("::", 1)[0]
    return nodeid if path in SPREAD_FILES else path


def schedule_order(items: list[pytest.Item]) -> list[pytest.Item]:
    """Items grouped by scope, costliest scope first; in a scope, the order of the file.
    Every worker computes the same order: xdist checks that the collections are equal."""
    scopes: dict[str, list[pytest.Item]] = {}
    for item in items:
        scopes.setdefault(schedule_scope(item.nodeid), []).append(item)
    ordered = sorted(scopes.values(), key=lambda group: -sum(map(estimated_cost, group)))
    return [item for group in ordered for item in group]


def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """`--dist loadfile` with the units of `schedule_scope`, in the order of the collection."""
    if config.getoption("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class CostOrderedFileScheduling(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return schedule_scope(nodeid)

    # xdist would re-sort the units by their number of tests; keep the collection's order.
    config.option.loadscopereorder = False
    return CostOrderedFileScheduling(config, log)
