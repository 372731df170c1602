"""Builds again and again in one process, keeping what did not change between them.

A `make html` in a fresh process makes Pelican's 1,000 post objects anew, compiles every
template and loads the reader cache from cache/ before it writes a page: at 1,000 posts
that alone is more than a quarter of plain Pelican's cold build. `make serve`'s process keeps
them (PreviewBuilder). The build server (build_server.py) runs `make html`'s builds in a
process that lives on, with WarmBuilder: each build is exactly `showcase build`'s
(staff/build.py: Pelican into the fresh folder, the search index, the swap, the same exit
statuses and messages), with what both long-lived builders keep (KeptBuilds):

- Pelican's post and page objects (preview/kept_content.py: kept by the file's bytes, its
  pictures, the settings, the environment and the time where Pelican reads it);
- the compiled templates, in memory (MemoryBytecodeCache: by the template's source and
  what else Jinja's compiler reads, as template_cache.py keys them on disk);
- the reader cache, in memory (parallel/reading.py `open_cache`: the same object while its
  key is the same; still written to cache/ after every build, as a fresh build writes it).

Pelican's memoized get_content and get_summary are cleared per build, and the garbage
collector is off while a build runs (collected between builds: `idle`). While a build of
such a process runs (kept_content.keeping()), the build itself also keeps: files hashed by
their identity (preview/file_digests.py), the input check's results of unchanged files
(preview/memo.py, the check then in the build's process), the kept post texts and source
digests of the page keys (writer.py). A build that fails keeps nothing of what it made.
"""

from __future__ import annotations

import gc
import os
import site
import sys
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import CodeType

from blinker import default_namespace
from jinja2.bccache import Bucket, BytecodeCache
from pelican.contents import Content

from ..preview.file_digests import one_pass
from ..preview.kept_content import KeptContent
from ..preview.manifest import PLUGIN_CODE
from ..template_cache import compiled_from

# Builds without an idle() between them after which the next build collects first: while
# builds come faster than the caller's idle time, the garbage of the builds before is still
# collected.
UNCOLLECTED_BUILDS = 2


@dataclass
class Outcome:
    """Whether the build in a `KeptBuilds.one_build` succeeded: only a good build's objects
    replace what was kept."""

    ok: bool = False


class KeptBuilds:
    """What a process that builds again and again keeps from one build to the next: used by
    `make serve` (serve.PreviewBuilder) and the build server (WarmBuilder)."""

    def __init__(
        self, uncollected_builds: int = UNCOLLECTED_BUILDS, off_until_idle: bool = False
    ) -> None:
        # Every build makes new Jinja environments, which parsed and compiled all 55
        # templates again: a third of a preview rebuild. Kept here, by name and source
        # checksum, an edited template is compiled anew and the others are reused.
        self.compiled = MemoryBytecodeCache()
        # Pelican's post and page objects of files whose inputs did not change
        # (preview/kept_content.py): each build gets fresh copies of them.
        self.kept = KeptContent()
        self.uncollected = 0  # builds since the last idle()
        self.uncollected_builds = uncollected_builds
        # The collector stays off after a build until idle() (else it is back on at the
        # build's end): re-enabled, its first pass walks every object the build left young,
        # before the build's caller hears that it is done.
        self.off_until_idle = off_until_idle
        self.switched_off = False  # the collector was on, and one_build switched it off

    def with_templates(self, settings: dict) -> None:
        """The compiled-template cache into settings read for a build (JINJA_ENVIRONMENT)."""
        settings["JINJA_ENVIRONMENT"] = {
            **settings.get("JINJA_ENVIRONMENT", {}),
            "bytecode_cache": self.compiled,
        }

    @contextmanager
    def one_build(self) -> Iterator[Outcome]:
        """One build: set `ok` on what this yields when it succeeded."""
        # Pelican memoizes get_content and get_summary by the object, for the whole process:
        # no object outlives its build here, so what the last build memoized is only memory.
        Content.get_content.cache.clear()
        Content.get_summary.cache.clear()
        # No garbage collection while a build runs: its young objects were collected 120
        # times and more per build (15-25 ms of a preview save); idle() collects once the
        # build is done, or the next build first when builds keep coming (UNCOLLECTED_BUILDS).
        if self.uncollected >= self.uncollected_builds:
            self.idle()
        self.kept.begin()
        outcome = Outcome()
        if gc.isenabled():
            self.switched_off = True
            gc.disable()
        self.uncollected += 1
        try:
            yield outcome
        finally:
            self.kept.end(outcome.ok)
            if self.switched_off and not self.off_until_idle:
                self.switched_off = False
                gc.enable()

    def idle(self) -> None:
        """Between builds: collect what the last build left, and keep everything that lives
        on (the kept objects, the reader cache, the memo, the modules) out of the garbage
        collector's full passes during the next build.

        A full pass walks every tracked object of the process: 100,000 at 500 posts, 0.05 to
        0.15 s each time one fell into a rebuild (every second or third). Frozen objects
        (gc.freeze) are never walked; the next idle() gives them back first, so a cycle the
        last build dropped is collected here and no more than one build's garbage waits."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self.uncollected = 0
        if self.switched_off:
            self.switched_off = False
            gc.enable()


class MemoryBytecodeCache(BytecodeCache):
    """Jinja's compiled templates in memory, for the builds of one process: each template's
    code object with its checksum, not marshal's bytes (loading the 49 templates of a rebuild
    from bytes took 8 ms of it). A code object cannot change; every environment runs it in a
    namespace of its own. The checksum is of the source and what else the compiler reads,
    as the compiled templates in cache/ are kept (template_cache.py): a filter in the
    settings file that is changed compiles the templates anew."""

    def __init__(self) -> None:
        self.codes: dict[str, tuple[str, CodeType]] = {}

    def get_bucket(self, environment, name, filename, source):
        return super().get_bucket(environment, name, filename, compiled_from(environment, source))

    def load_bytecode(self, bucket: Bucket) -> None:
        held = self.codes.get(bucket.key)
        if held is not None and held[0] == bucket.checksum:  # else the source changed
            bucket.code = held[1]

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            self.codes[bucket.key] = (bucket.checksum, bucket.code)


class WarmBuilder:
    """`make html`'s builds, one after another in the build server's process."""

    def __init__(self) -> None:
        # Collected before a build whenever no idle() followed the last one: a generator of
        # an earlier build, dropped in a cycle, would otherwise still hear Pelican's signals
        # (content_written, finalized) of the next build, whose fresh folder may even have
        # the same name (`output.new-<pid>`).
        self.builds = KeptBuilds(uncollected_builds=1, off_until_idle=True)

    def build(self, settings_file: str, new: Path, output: Path) -> int:
        """`showcase build` (staff/build.py `build`): its exit status and messages, with what
        the builds before in this process kept."""
        from .build import build

        # One file state for the whole build (file_digests.one_pass), taken where the input
        # check first looks, before Pelican reads the file: every key of this build holds
        # the bytes as they were before they were read. A file saved while the build runs
        # then differs from its key in the next build (a state taken after the read, by the
        # writer, took the new bytes as the key of a page made from the old).
        with self.builds.one_build() as outcome, as_in_a_fresh_process(), one_pass():
            try:
                status = build(settings_file, new, output, settings_hook=self.builds.with_templates)
            except SystemExit as stop:  # a refused input (BuildStopped), a worker that died
                status = exit_status(stop)
            outcome.ok = status == 0
        return status

    def idle(self) -> None:
        """What the server calls between builds (KeptBuilds.idle)."""
        self.builds.idle()


# Modules from here are the build server's identity (build_client.identity): this plugin's
# code, the interpreter's and the installed libraries' (the user's too). A server of other
# ones is stale.
COVERED = tuple(
    {
        os.path.join(os.path.realpath(folder), "")
        for folder in (
            *(PLUGIN_CODE, sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix),
            *site.getsitepackages(),
            site.getusersitepackages(),
        )
    }
)


@contextmanager
def as_in_a_fresh_process() -> Iterator[None]:
    """After a build, what a fresh process would not have at the next one's start is taken
    back: the receivers the build connected to Pelican's signals (Pelican calls each plugin's
    register() in every build; a plugin the settings no longer name stayed connected and ran
    on), and the modules it imported from files the build server's identity does not cover
    (another plugin of the project, a module the settings file imports): Pelican imports a
    plugin once per process (sys.modules), so its edited code never ran. The next build
    imports them again, as they are then. A receiver that a module connects when it is
    imported, not in register(), would be lost after the build that imported it: none of this
    plugin, Pelican, Jinja or Markdown does."""
    modules = set(sys.modules)
    connected = {name: set(signal.receivers) for name, signal in default_namespace.items()}
    try:
        yield
    finally:
        for name, signal in list(default_namespace.items()):
            for receiver_id in signal.receivers.keys() - connected.get(name, set()):
                held = signal.receivers.get(receiver_id)
                receiver = held() if isinstance(held, weakref.ref) else held
                if receiver is not None:
                    signal.disconnect(receiver)
        for name in sys.modules.keys() - modules:
            file = getattr(sys.modules[name], "__file__", None)
            if file and not os.path.realpath(file).startswith(COVERED):
                del sys.modules[name]


def exit_status(stop: SystemExit) -> int:
    """The exit status a process ending with `stop` has (as the interpreter sets it): a
    message that is not a number is written to stderr, status 1."""
    code = stop.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr, flush=True)
    return 1
