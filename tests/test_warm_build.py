"""The build server's builder (staff/warm_build.py): `make html`'s builds one after another in
one process, with Pelican's objects, the compiled templates and the reader cache kept, give
what a build in a fresh process gives, byte for byte, after random sequences of edits
(test_incremental.py's), after a build that failed, and they really use what they kept.

The builder runs in a process of its own (`warm`): the builds change Pelican's signals and
the plugin's module state, and each build gets its environment from here (the day), as the
build server hands the client's to it."""

from __future__ import annotations

import gc
import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from jinja2 import DictLoader, Environment
from test_incremental import (
    BUNDLE_PAGES,
    DAYS,
    EDITS,
    NEWS,
    SHIPPED_POST,
    add_post,
    build,
    edit_shipped_body,
    edit_steps,
    files_of,
)
from test_preview_kept import read, settings_of, site  # noqa: F401 (site: a fixture)

from regional_showcase.parallel import reading
from regional_showcase.preview import file_digests, memo
from regional_showcase.preview.kept_content import KeptContent
from regional_showcase.preview.manifest import settings_digest
from regional_showcase.settings import showcase_settings
from regional_showcase.staff.warm_build import KeptBuilds, MemoryBytecodeCache, exit_status
from regional_showcase.template_cache import TemplateCache

from sitebuild import copy_project

# The builder's process: one WarmBuilder; per line on stdin ({"env", "new", "output"}) one
# build into `new`, its held-back saves (deferred_saves.py, as the build server runs them)
# and idle(), then a line with its status, Pelican's constructions of posts and pages in this
# build and the kept objects' hits. With "killed": the line, then the process ends before
# the saves, as a server killed after its answer.
DRIVER = textwrap.dedent("""
    import gc, json, os, sys
    from pathlib import Path
    from pelican.contents import Content
    from regional_showcase.deferred_saves import deferring, run
    from regional_showcase.preview.memo import MEMO
    from regional_showcase.staff.warm_build import WarmBuilder

    made = [0]
    construct = Content.__init__

    def counting(self, *args, **kwargs):
        made[0] += 1
        construct(self, *args, **kwargs)

    Content.__init__ = counting
    builder = WarmBuilder()
    for line in sys.stdin:
        asked = json.loads(line)
        for name in [n for n in os.environ if n.startswith("SHOWCASE_") or n == "SOURCE_DATE_EPOCH"]:
            del os.environ[name]
        os.environ.update(asked["env"])
        made[0] = MEMO.hits = 0
        collections = sum(generation["collections"] for generation in gc.get_stats())
        with deferring() as held:
            status = builder.build("pelicanconf.py", Path(asked["new"]), Path(asked["output"]))
        collections = sum(generation["collections"] for generation in gc.get_stats()) - collections
        if asked.get("killed"):
            print("\\nWARM " + json.dumps({"status": status}), flush=True)
            os._exit(0)
        if status == 0:
            run(held)
        builder.idle()
        kept = builder.builds.kept
        done = {"status": status, "made": made[0], "hits": kept.hits, "entries": len(kept.entries),
                "checked": MEMO.hits, "collections": collections,
                "catalog": ("catalog-problems", "en") in MEMO.slots}
        print("\\nWARM " + json.dumps(done), flush=True)
""")


class Warm:
    """The builder's process for one project."""

    def __init__(self, project: Path):
        self.project = project
        self.builds = 0
        self.start()

    driver = DRIVER  # the builder's process's code

    def start(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(self.project / "plugins")}
        self.process = subprocess.Popen(
            [sys.executable, "-c", self.driver],
            cwd=self.project,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def build(self, name: str = "site", killed: bool = False) -> tuple[dict, str]:
        """One build into `<name>.new-<n>` and the swap; its result and its output. `killed`:
        the process ends after it, before its saves."""
        self.builds += 1
        day = self.project / "day.txt"
        env = {
            "SOURCE_DATE_EPOCH": day.read_text("utf-8") if day.exists() else DAYS[0],
            "SHOWCASE_SEARCH_BUNDLE_PAGES": str(BUNDLE_PAGES),
        }
        asked = {"env": env, "new": f"{name}.new-{self.builds}", "output": name, "killed": killed}
        self.process.stdin.write(json.dumps(asked) + "\n")
        self.process.stdin.flush()
        log = []
        for line in self.process.stdout:
            if line.startswith("WARM "):
                return json.loads(line[5:]), "".join(log)
            log.append(line)
        raise AssertionError("the builder's process ended:\n" + "".join(log))

    def good_build(self) -> dict:
        done, log = self.build()
        assert done["status"] == 0, log
        return done

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def warm(tmp_path_factory):
    """The shipped site (as test_incremental's project), built once by the builder."""
    folder = copy_project(tmp_path_factory.mktemp("warm"))
    own_cards = len(list((folder / NEWS).glob("*.md"))) - 2
    with (folder / "pelicanconf.py").open("a", encoding="utf-8") as settings_file:
        settings_file.write(f"\nSHOWCASE_SOCIAL_IMAGE_POSTS = {own_cards}\n")
    builder = Warm(folder)
    builder.good_build()
    yield builder
    builder.close()


def equals_a_clean_build(project: Path) -> None:
    """The builder's output is a clean build's (a fresh process, a fresh cache), byte for
    byte: nothing stale, nothing missing."""
    shutil.rmtree(project / "clean", ignore_errors=True)
    shutil.rmtree(project / "cache-clean", ignore_errors=True)
    clean = build(project, "clean", "cache-clean")
    mine, theirs = files_of(project / "site"), files_of(clean)
    assert sorted(mine.keys() - theirs.keys()) == [], "stale files"
    assert sorted(theirs.keys() - mine.keys()) == [], "missing files"
    assert sorted(name for name in mine if mine[name] != theirs[name]) == [], "different"
    # The reader cache, kept in memory, is in cache/ as the clean build wrote it.
    (written,) = (project / "cache-clean/showcase").glob("reader-*.json")
    kept = project / "cache/showcase" / written.name
    assert kept.read_bytes() == written.read_bytes(), "the reader cache as a fresh build's"


@pytest.mark.build
def test_a_build_after_another_makes_only_the_objects_of_changed_files(warm):
    again = warm.good_build()
    assert again["made"] == 0 and again["hits"] == again["entries"] > 20
    assert again["checked"] > 20, "the check's results of unchanged files kept"
    # The English catalog's check (editions._catalog_problems: Babel reads the .po file) is
    # kept in the build server's memo while the file stays the same, as in make serve.
    assert again["catalog"]
    assert again["collections"] == 0, "the collector waits for idle()"
    add_post(warm.project, 7)
    added = warm.good_build()
    assert added["made"] == 1 and added["hits"] == again["entries"]
    # The input check's cache in cache/ after its answer, as a build in its own process
    # writes it (check_cache.for_process): every post's results, the new one's for its
    # bytes (only the server's first build wrote it, and `showcase check` checked again).
    kept = json.loads((warm.project / "cache/showcase/check-cache-build.json").read_text("utf-8"))
    posts = sorted((warm.project / NEWS).glob("*.md"))
    for post in posts:
        name = str(post)
        assert kept["files"][name][0] == hashlib.sha256(post.read_bytes()).hexdigest(), name


@pytest.mark.build
def test_a_server_killed_after_its_answer_leaves_nothing_the_next_build_trusts(warm):
    """deferred_saves.py: the build and search records, the kept texts and the reader cache
    of the build before stay in cache/ while output/ holds the killed server's build; the
    next build, in a new process, after the edit was taken back, does not take that build's
    pages or search bundle over for the records': it makes the output the build before made."""
    warm.good_build()
    before = files_of(warm.project / "site")
    post = warm.project / SHIPPED_POST
    original = post.read_text("utf-8")
    edit_shipped_body(warm.project, 0)
    killed, log = warm.build(killed=True)
    assert killed["status"] == 0, log
    warm.process.wait(timeout=30)
    warm.process.stdin.close()
    warm.process.stdout.close()
    assert files_of(warm.project / "site") != before
    post.write_text(original, "utf-8")
    warm.start()
    warm.good_build()
    after = files_of(warm.project / "site")
    assert (
        sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
        == []
    )


def refused_then_fixed(warm: Warm) -> None:
    """A good new post and a body the rules refuse while Pelican reads (reader.py): the
    build stops after this build's objects were made, the good post's among them, and keeps
    none of them; then the body is fixed and built."""
    before = warm.good_build()
    good, refused_post = (warm.project / NEWS / f"2026-11-{day}-warm.md" for day in (29, 30))

    def text(day: int, body: str) -> str:
        return (
            f"---\ntitle: Warm gebaut {day}\ndate: 2026-11-{day}\nregions:\n  - allgaeu\n"
            f"category: Fachkräfte\nsummary: Kurz.\nslug: warm-{day}\n---\n\n{body}\n"
        )

    good.write_text(text(29, "Text."), "utf-8")
    refused_post.write_text(text(30, "[Mehr](www.example.org)"), "utf-8")
    refused, log = warm.build()
    assert refused["status"] == 1 and refused["made"] == 2, "both read, then refused"
    assert "2026-11-30-warm.md:11: Text:" in log and "Die Website wurde nicht gebaut." in log
    assert refused["entries"] == before["entries"], "nothing of the failed build kept"
    refused_post.write_text(text(30, "[Mehr](https://www.example.org/)"), "utf-8")
    fixed = warm.good_build()
    assert fixed["made"] == 2 and fixed["entries"] == before["entries"] + 2


# One sequence always runs (the day, which every kept object's key holds; a build refused,
# then fixed: it keeps nothing and the builds after it are right; a new post built, then its
# file changed: its kept object is not used, the old address must go), random ones only with
# INCREMENTAL_EXAMPLES (each costs a clean build).
EXAMPLES = int(os.environ.get("INCREMENTAL_EXAMPLES", "0"))


@example(
    steps=[
        ("change_day", 1, True),
        ("refused_then_fixed", 0, False),
        ("add_post", 0, True),
        ("rename_own_post", 0, False),
    ]
)
@settings(
    max_examples=max(EXAMPLES, 1),
    phases=(Phase.explicit, Phase.generate) if EXAMPLES else (Phase.explicit,),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.build
@pytest.mark.long
@given(steps=edit_steps(max_size=3))
def test_after_random_edits_and_a_refused_build_the_warm_build_equals_a_clean_one(warm, steps):
    for edit, number, build_now in steps:
        if edit == "refused_then_fixed":
            refused_then_fixed(warm)
        else:
            EDITS[edit](warm.project, number)
        if build_now:
            warm.good_build()
    warm.good_build()
    equals_a_clean_build(warm.project)


def test_the_compiled_template_cache_a_build_uses_is_not_in_its_keys(tmp_path):
    """A build in the build server (compiled templates in memory) has the keys of one in a
    process of its own (compiled templates in cache/): its first build takes their pages
    over, and theirs its."""
    on_disk = {"SITENAME": "A", "JINJA_ENVIRONMENT": {"bytecode_cache": TemplateCache(tmp_path)}}
    in_memory = {"SITENAME": "A", "JINJA_ENVIRONMENT": {"bytecode_cache": MemoryBytecodeCache()}}
    assert settings_digest(on_disk) == settings_digest(in_memory)
    assert settings_digest({**in_memory, "SITENAME": "B"}) != settings_digest(in_memory)


def test_a_template_is_compiled_anew_in_memory_when_a_filter_it_folds_changed():
    """Jinja's compiler applies a filter to a constant while it compiles (`{{ 'x'|f }}`): a
    filter of the settings file changed gives another compiled template, as in cache/."""
    cache = MemoryBytecodeCache()

    def render(filter_) -> str:  # a new environment per build, as Pelican makes
        loader = DictLoader({"seite.html": "{{ 'moin'|gruss }}"})
        environment = Environment(loader=loader, bytecode_cache=cache)
        environment.filters["gruss"] = filter_
        return environment.get_template("seite.html").render()

    assert render(lambda text: text.upper()) == "MOIN"
    assert render(lambda text: text.upper()) == "MOIN"
    assert len(cache.codes) == 1
    assert render(lambda text: text.title()) == "Moin"


@pytest.mark.build
def test_an_object_is_kept_into_another_output_folder_unless_its_address_may_leave_it(site):  # noqa: F811
    """`make html` names its fresh folder anew for every build (`output.new-<pid>`): kept
    objects are handed to the next build all the same, but not one whose `save_as` is not a
    plain relative name, since Pelican checks for each new object that it stays inside."""
    zwei = site / "content/news/2026-11-02-zwei.md"
    zwei.write_text(
        zwei.read_text("utf-8").replace(
            "slug: zwei", "slug: zwei\nsave_as: ../out.new-1/zwei.html"
        ),
        "utf-8",
    )
    store = KeptContent()
    first = read(settings_of(site, OUTPUT_PATH=str(site / "out.new-1")), store)
    assert str(zwei) in first and len(store.entries) == 3
    second = read(settings_of(site, OUTPUT_PATH=str(site / "out.new-2")), store)
    assert store.hits == 3
    assert str(zwei) not in second, "Pelican skips it: it would be written outside out.new-2"


@pytest.mark.build
def test_a_build_that_builds_again_reads_no_unchanged_post_to_hash_it(site, monkeypatch):  # noqa: F811
    """The reader cache finds a post's result by the hash of its bytes: in a process that
    builds again (`again`), an unchanged file is hashed from the last build's digest
    (file_digests.py), not read; in one of its own, every file is read."""
    monkeypatch.setattr(file_digests, "RACY_NS", -(10**18))  # every file long settled
    digests = file_digests.FileDigests()
    monkeypatch.setattr(file_digests, "DIGESTS", digests)
    read_whole = []
    chosen = reading.source_digest

    def counted(again: bool):
        # In a process of its own each post is read whole (build_record.file_digest): counted.
        return chosen(again) if again else lambda path: read_whole.append(path) or "x"

    monkeypatch.setattr(reading, "source_digest", counted)
    settings = settings_of(site)
    showcase = showcase_settings(settings)
    posts = sorted(str(path) for path in (site / "content/news").glob("*.md"))

    def reads(again: bool) -> int:
        before, read_whole[:] = digests.reads, []
        reading.use_reader_cache(settings, showcase, again)
        reading.to_convert(posts)
        reading.finish()
        return digests.reads - before + len(read_whole)

    assert reads(True) > len(posts)  # the plugin's code and the posts, once
    assert reads(True) == 0
    (site / "content/news/2026-11-02-zwei.md").write_text("---\ntitle: Neu\n---\n\nNeu.\n")
    assert reads(True) == 1
    assert reads(False) == len(posts)


@pytest.mark.build
def test_the_check_memory_spans_output_folders_not_environments(site, monkeypatch):  # noqa: F811
    """The build server's builds keep the check's results (preview/memo.py) into a fresh
    folder each, each with its client's environment: another SHOWCASE_ variable drops them."""
    monkeypatch.setattr(memo, "MEMO", memo.PreviewMemo())

    def kept_after(**more) -> bool:
        settings = settings_of(site, **more)
        memo.preview_memo(settings, showcase_settings(settings))
        return memo.MEMO.slots.pop("probe", None) is not None

    kept_after(OUTPUT_PATH=str(site / "out.new-1"))
    memo.MEMO.slots["probe"] = ("key", "value")
    assert kept_after(OUTPUT_PATH=str(site / "out.new-2"))
    memo.MEMO.slots["probe"] = ("key", "value")
    monkeypatch.setenv("SHOWCASE_WORKERS", "1")
    assert not kept_after(OUTPUT_PATH=str(site / "out.new-2"))


def test_the_build_servers_collector_stays_off_from_a_build_until_idle():
    """Switched on at the build's end, the collector's first pass would walk every object
    the build left young before the client hears that its build is done."""
    builds = KeptBuilds(off_until_idle=True)
    assert gc.isenabled()
    try:
        with builds.one_build() as outcome:
            assert not gc.isenabled()
            outcome.ok = True
        assert not gc.isenabled()
        builds.idle()
        assert gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


def test_a_build_that_exits_gives_the_status_a_process_would_exit_with(capsys):
    assert [exit_status(SystemExit(code)) for code in (None, 0, 1, 130)] == [0, 0, 1, 130]
    assert exit_status(SystemExit("Abgebrochen.")) == 1
    assert capsys.readouterr().err == "Abgebrochen.\n"
