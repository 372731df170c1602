"""A build after nothing changed does nothing: `make html` and `make publish` leave output/
as it is when every input is what the last successful build into it was made from, and
output/ is still exactly what that build left.

Even with nothing changed a build ran all of Pelican over every post (0.5-0.6 s at 1,000
posts in the build server, 1.4 s in a process of its own, as in CI). Here the build first
looks, before Pelican is imported (build_command, staff/build.py):

- the inputs (`Inputs.key`), all by content: every file under the folders and files the
  settings name (content/ with the posts, the theme, the plugins, the region data with the
  whole data/ folder, Decap's files with the `yaml` package beside them), the settings as
  the settings file makes them now (evaluated, as Pelican does: the variables it reads from
  the environment are in the values) with the bytes of the project's modules it imports,
  which settings file and whether it is `make publish`, the plugin's code, Python and the
  installed distributions (staff/interpreter.py, as build_client.identity: Pelican,
  Markdown, Jinja, pagefind-bin with Pagefind's executable, by their metadata folders'
  names), Pagefind's configuration files, the working folder and every environment
  variable but those of the terminal and of how the build runs (IGNORED);
- the time: the record holds from the last build's start (`since`) to its first moment
  at which a day begins where the page keys take the date (build_record.site_key,
  writer.py, the preview's memo: in UTC, in the site's time zone and in the process's) or a
  post or page is dated (a scheduled post comes online): `until`;
- output/: each entry's path, type, size, modification time and inode (not following
  links; folders by path, type and inode), on the machine and since the boot that recorded
  them.

The record (cache/showcase/unchanged-build-<output>.json) is removed before every build
that is not skipped, and written only once a build's folder took the place of output/ (in
the build server after its answer, deferred_saves.py): a failed or interrupted build leaves
none. It is not written when an input file or folder was modified since the build began
(changed_since): the build may have read the new bytes, which a later undo would otherwise
hide behind the old key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from .atomic_write import write_text
from .deferred_saves import later
from .environment import HOW_IT_RUNS, EnvironmentProblem, read_environment
from .known_files import RACY_NS, KnownFiles, file_digest, machine
from .outside_inputs import PAGEFIND_CONFIG, YAML_DIST, pagefind_folder

FORMAT = 1
# Terminal and shell variables, and how a build runs (environment.HOW_IT_RUNS, with
# SHOWCASE_SKIP_UNCHANGED=0: build all the same, write the record): none of them
# changes a file of the site. Every other variable counts (the settings file, Pelican, a
# library or Pagefind may read it: PAGEFIND_*, TZ, LANG and LC_* for Pelican's locale).
IGNORED = frozenset(
    {
        "_",
        "OLDPWD",
        "PWD",
        "SHLVL",
        "COLUMNS",
        "LINES",
        "TERM",
        "COLORTERM",
        "MAKEFLAGS",
        "MAKELEVEL",
        "MFLAGS",
        "MAKE_TERMOUT",
        "MAKE_TERMERR",
        "PYTHONDONTWRITEBYTECODE",
        "SSH_CLIENT",
        "SSH_CONNECTION",
        "SSH_TTY",
        "WINDOWID",
        "TMUX",
        "TMUX_PANE",
        "STY",
        "PYTEST_CURRENT_TEST",  # which test (and its phase) runs the build
        *HOW_IT_RUNS,
    }
)
# Settings that name the build's own folders, not its inputs.
OWN_FOLDERS = frozenset({"OUTPUT_PATH", "CACHE_PATH"})
# Settings naming a file whose whole folder counts (build_record.data_digest's rule).
WHOLE_FOLDER = ("SHOWCASE_DATA", "SHOWCASE_COMPARISON")
PACKAGE = Path(__file__).resolve().parent


def skipped(output: Path) -> str:
    """What a skipped build says (one line)."""
    return (
        f"Keine Eingabe hat sich seit dem letzten Build geändert: {output}/ ist aktuell "
        "und bleibt, wie er ist."
    )


@dataclass
class Inputs:
    """What a build is made from, as of one moment (`started_ns`)."""

    key: str
    roots: tuple[str, ...]
    started_ns: int = field(default_factory=time.time_ns)
    # Every entry under the roots as the key saw it: (root, name, kind, inode). Compared after
    # the build instead of the folders' modification times, which Python's own __pycache__
    # folders change on a fresh copy's first build (changed_since).
    entries: frozenset = frozenset()


def next_day(moment_ns: int, zone: str) -> int:
    """The first moment after `moment_ns` at which the date changes in UTC, in `zone` (the
    site's) or in the process's own time zone, in ns since 1970."""
    from zoneinfo import ZoneInfo

    moment = dt.datetime.fromtimestamp(moment_ns / 1e9, dt.UTC)
    starts = []
    for local in (moment, moment.astimezone(ZoneInfo(zone)), moment.astimezone()):
        midnight = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time())
        starts.append(midnight.replace(tzinfo=local.tzinfo))
    return min(round(start.timestamp() * 1e9) for start in starts)


def settings_of(settings_file: str) -> tuple[dict, list[str]]:
    """The settings file's settings as Pelican takes them (its upper-case names, evaluated
    now), and the files of the project's modules it imported (publishconf.py imports
    pelicanconf.py). Modules it imported from elsewhere than this plugin, Python and the
    installed libraries are dropped again, so that the next look evaluates them anew."""
    import importlib.util

    path = os.path.abspath(settings_file)
    before = set(sys.modules)
    saved_path = list(sys.path)
    kept = (str(PACKAGE), sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix)
    kept = tuple(os.path.join(os.path.realpath(folder), "") for folder in kept)
    imported: list[str] = []
    try:
        spec = importlib.util.spec_from_file_location("showcase_settings_look", path)
        if spec is None or spec.loader is None:
            raise OSError(f"{path}: not a Python file")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        settings = {name: getattr(module, name) for name in dir(module) if name.isupper()}
    finally:
        for name in set(sys.modules) - before:
            file = getattr(sys.modules[name], "__file__", None)
            real = os.path.realpath(file) if file else ""
            if not real.startswith(kept):
                del sys.modules[name]
                if real:
                    imported.append(real)
        sys.path[:] = saved_path
    return settings, sorted(imported)


def input_roots(settings: dict, settings_file: str) -> list[str]:
    """The files and folders whose every file is an input (see the module's text)."""
    base = os.path.dirname(os.path.abspath(settings_file))

    def full(value) -> str | None:
        if not isinstance(value, str | os.PathLike):
            return None
        text = os.fspath(value)
        if not text or "\n" in text or "\0" in text or "://" in text:
            return None
        path = os.path.normpath(os.path.join(base, text))
        return path if os.path.lexists(path) else None

    found: set[str] = set()
    for name, value in settings.items():
        if name in OWN_FOLDERS:
            continue
        values = value if isinstance(value, list | tuple) else (value,)
        for item in values:
            path = full(item)
            if path is None or os.path.join(base, "").startswith(os.path.join(path, "")):
                continue  # the project folder (or one above it) holds output/ and cache/
            found.add(path)
            if name in WHOLE_FOLDER and os.path.isfile(path):
                found.add(os.path.dirname(path))
            if name == "SHOWCASE_CMS_DIST":
                found.add(os.path.join(os.path.dirname(os.path.dirname(path)), YAML_DIST))
    found.add(str(PACKAGE))
    found.update(os.path.join(os.getcwd(), name) for name in PAGEFIND_CONFIG)
    # A root inside another one is walked with it.
    ordered = sorted(found)
    return [
        path
        for index, path in enumerate(ordered)
        if not any(path.startswith(os.path.join(other, "")) for other in ordered[:index])
    ]


def walk(root: str) -> Iterator[tuple[str, str, os.stat_result]]:
    """Every entry below `root` (and `root` itself, "" as its name): its name below root,
    its kind ("f" a file, by its target; "d" a folder; "-" anything else) and stat. Links
    to folders are followed, as Pelican reads content/ (each real folder once); no
    __pycache__."""
    try:
        info = os.stat(root)
    except OSError:
        yield "", "-", None  # absent: a file that appears later changes the key
        return
    if not stat.S_ISDIR(info.st_mode):
        yield "", "f" if stat.S_ISREG(info.st_mode) else "-", info
        return
    seen = {(info.st_dev, info.st_ino)}
    yield "", "d", info
    stack = [""]
    while stack:
        below = stack.pop()
        try:
            with os.scandir(os.path.join(root, below)) as entries:
                names = sorted(entry.name for entry in entries)
        except OSError:
            continue
        for name in names:
            if name == "__pycache__":
                continue
            relative = f"{below}/{name}" if below else name
            try:
                info = os.stat(os.path.join(root, relative))
            except OSError:
                yield relative, "-", None  # a broken link
                continue
            if stat.S_ISDIR(info.st_mode):
                if (info.st_dev, info.st_ino) in seen:
                    yield relative, "-", info
                    continue
                seen.add((info.st_dev, info.st_ino))
                yield relative, "d", info
                stack.append(relative)
            else:
                yield relative, "f" if stat.S_ISREG(info.st_mode) else "-", info


def installed_files(root: str) -> bool:
    """Whether `root` is an installed package's (Decap's dist/, 66 MB, Pagefind's
    executable): its files count by size and modification time, as search_index.tool_key
    takes Pagefind's: an install writes them anew."""
    parts = Path(root).parts
    return "node_modules" in parts or "site-packages" in parts


def roots_digest(
    roots: list[str] | tuple[str, ...],
    known: KnownFiles | None = None,
    entries: set | None = None,
) -> str:
    """Every file under the roots by name and bytes (installed_files: size and time). With
    `known` (the last record's), a file of the same identity, its change time too, is not
    read again (known_files.py). `entries` collects each entry (entry_of)."""
    digest = hashlib.sha256()
    known = known if known is not None else KnownFiles(changes=True)
    for root in roots:
        digest.update(f"\0root\0{root}\n".encode())
        by_stat = installed_files(root)
        for name, kind, info in walk(root):
            if entries is not None:
                entries.add(entry_of(root, name, kind, info))
            if kind == "f" and by_stat:
                data = f"{info.st_size}:{info.st_mtime_ns}"
            elif kind == "f":
                path = os.path.join(root, name) if name else root
                data = known.value(path, stat=info) or "unreadable"
            else:
                data = kind
            digest.update(f"{name}\0{data}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


# A file system that keeps times in nanoseconds takes them from the kernel's coarse clock,
# up to one tick (1-10 ms) behind the build's own: a file written just after the build began
# may be dated a little before.
FINE_SLACK_NS = 50_000_000


def entry_of(root: str, name: str, kind: str, info: os.stat_result | None) -> tuple:
    """One entry as changed_since compares it: a file replaced by another (a rename over
    it keeps the other's old modification time) has another inode."""
    return (root, name, kind, info.st_ino if info is not None else None)


def changed_since(
    roots: list[str] | tuple[str, ...], moment_ns: int, entries: frozenset | None = None
) -> bool:
    """Whether a file or folder under the roots was modified (a folder: an entry added,
    removed or renamed) at or after `moment_ns`. A time in whole seconds may come from a
    file system that keeps no finer ones (FAT keeps two): then within RACY_NS before it
    counts too, else within FINE_SLACK_NS. Not by the change time: the build links Decap's
    files and pictures into output/, and the old output's removal unlinks them, which
    changes theirs. With `entries` (the key's, Inputs.entries) a folder counts by its
    entries, not by its time: importing the plugin writes __pycache__ folders, no input."""
    now: set | None = set() if entries else None
    for root in roots:
        for name, kind, info in walk(root):
            if now is not None:
                now.add(entry_of(root, name, kind, info))
            if info is None or (now is not None and kind == "d"):
                continue
            modified = info.st_mtime_ns
            slack = RACY_NS if modified % 1_000_000_000 == 0 else FINE_SLACK_NS
            if modified >= moment_ns - slack:
                return True
    return now is not None and now != entries


def environment_text() -> str:
    """Every environment variable but IGNORED's, as one line."""
    return repr(sorted((k, v) for k, v in os.environ.items() if k not in IGNORED))


def inputs_of(
    settings_file: str,
    publish: bool,
    cache: Path | None = None,
    known: KnownFiles | None = None,
) -> Inputs:
    """The build's inputs now (raises when the settings file cannot be evaluated: the build
    then runs and says why). `known`: roots_digest's."""
    from .preview.manifest import settings_digest
    from .staff.interpreter import installed, started_with

    started = time.time_ns()
    settings, modules = settings_of(settings_file)
    roots = input_roots(settings, settings_file)
    found = {*roots, os.path.abspath(settings_file), *modules}
    pagefind = pagefind_folder()
    if pagefind is not None:
        found.add(str(pagefind))
    roots = sorted(found)
    entries: set = set()
    # What the build server's identity holds besides the plugin's code (a root here).
    own = {"libraries": installed(), "python": sys.executable, "startup": started_with()}
    digest = hashlib.sha256()
    for part in (
        f"format {FORMAT}",
        "publish" if publish else "html",
        os.path.realpath(settings_file),
        os.path.realpath(os.getcwd()),
        str(cache),
        repr(sorted(own.items())),
        settings_digest(settings),
        environment_text(),
        roots_digest(roots, known, entries),
    ):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\n")
    return Inputs(digest.hexdigest(), tuple(roots), started, frozenset(entries))


def verified_listing(
    folder: Path | str, shared: dict | None, collect: dict | None = None
) -> tuple[str | None, str | None]:
    """output/'s entries (see the module's text) as one digest, and the digest of the same
    look with every change time as seen; None, None when it is not a folder. With `shared`
    (the record's): a file shared with the last output (a hard link), whose change time
    that output's removal changed, counts with its recorded change time while it still has
    its recorded size, time, inode and bytes; its entry in `shared` then takes the change
    time seen, for the record saved again. `collect` gets the regular files with other
    links: size, time, inode, change time and link count by name (shared_bytes)."""
    top = os.fspath(folder)
    try:
        info = os.lstat(top)
    except OSError:
        return None, None
    if not stat.S_ISDIR(info.st_mode):
        return None, None
    lines = [str(info.st_dev)]
    seen = [str(info.st_dev)]
    cut = len(os.path.join(top, ""))
    stack = [top]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                # A folder by the listing's entry type (no stat) and its inode, a link as
                # itself, anything else by its own stat.
                name = entry.path[cut:]
                if entry.is_dir(follow_symlinks=False):
                    lines.append(f"{name}\0d\0{entry.inode()}")
                    seen.append(lines[-1])
                    stack.append(entry.path)
                    continue
                got = entry.stat(follow_symlinks=False)
                # The change time too: `cp -p` or `touch -r` over a file keeps its size,
                # time and inode, not its change time.
                changed = got.st_ctime_ns
                if collect is not None and got.st_nlink > 1 and stat.S_ISREG(got.st_mode):
                    collect[name] = [got.st_size, got.st_mtime_ns, got.st_ino, changed]
                    collect[name].append(got.st_nlink)
                held = shared.get(name) if shared else None
                if (
                    held is not None
                    and held[:3] == [got.st_size, got.st_mtime_ns, got.st_ino]
                    and held[3] != changed
                    and stat.S_ISREG(got.st_mode)
                    and file_digest(entry.path) == held[4]
                ):
                    changed = held[3]
                    held[3] = got.st_ctime_ns
                line = (
                    f"{name}\0{got.st_mode >> 12}\0{got.st_size}\0{got.st_mtime_ns}\0{got.st_ino}"
                )
                lines.append(f"{line}\0{changed}")
                seen.append(f"{line}\0{got.st_ctime_ns}")
    return digest_of(lines), digest_of(seen)


def digest_of(lines: list[str]) -> str:
    lines.sort()
    return hashlib.sha256("\n".join(lines).encode("utf-8", "surrogateescape")).hexdigest()


def shared_bytes(folder: Path | str, shared: dict[str, list]) -> dict[str, list] | None:
    """The files the build took over from the last output (hard links: that output's
    removal in the background changes their change time), as verified_listing collected
    them from the fresh folder, with their SHA-256 now that it is `folder` (after the
    swap); None when one of them changed since but by that removal (its link count)."""
    found: dict[str, list] = {}
    for name, (size, modified, inode, changed, links) in shared.items():
        path = os.path.join(folder, name)
        try:
            got = os.lstat(path)
        except OSError:
            return None
        if [got.st_size, got.st_mtime_ns, got.st_ino] != [size, modified, inode]:
            return None
        if got.st_ctime_ns != changed and got.st_nlink >= links:
            return None
        found[name] = [size, modified, inode, changed, file_digest(path)]
    return found


def content_dates(generators) -> list[dt.datetime]:
    """The date of every post and page Pelican made (drafts, hidden ones and translations
    too) and of every dated file the check read (a press release): a scheduled post comes
    online when its date has come (WITH_FUTURE_DATES), a release too (press/generator.py)."""
    names = (
        "articles",
        "translations",
        "drafts",
        "drafts_translations",
        "hidden_articles",
        "hidden_translations",
        "pages",
        "hidden_pages",
        "draft_pages",
        "draft_translations",
    )
    dates = []
    for generator in generators:
        # Every file counting in published-set.txt as the check read it (the main
        # generator's): a press release's date too, which no Pelican generator holds.
        for _path, _dated, fact in getattr(generator, "publication", ()):
            if isinstance(fact, dt.datetime):
                dates.append(fact)
        for name in names:
            items = getattr(generator, name, None)
            if not isinstance(items, list | tuple):
                continue
            for item in items:
                for content in (item, *getattr(item, "translations", ())):
                    date = getattr(content, "date", None)
                    if isinstance(date, dt.datetime):
                        dates.append(date)
    return dates


def until_of(moment_ns: int, zone: str, dates: list[dt.datetime]) -> int:
    """Until when a build begun at `moment_ns` stays current as far as time goes (see the
    module's text): the next day's start (next_day) or the first of `dates` after it, in ns
    since 1970; a date without a time zone by the earlier of the site's and the process's
    reading (Pelican reads it in either)."""
    from zoneinfo import ZoneInfo

    site = ZoneInfo(zone)
    until = next_day(moment_ns, zone)
    for date in dates:
        readings = (date,) if date.tzinfo else (date.replace(tzinfo=site), date.astimezone())
        for reading in readings:
            at = round(reading.timestamp() * 1e9)
            if moment_ns < at < until:
                until = at
    return until


def record_file(cache: Path | None, output: Path) -> Path:
    folder = Path("cache") if cache is None else cache
    key = hashlib.sha256(os.path.realpath(output).encode()).hexdigest()[:12]
    return folder / "showcase" / f"unchanged-build-{key}.json"


def still_current(record, inputs: Inputs, output: Path, now_ns: int | None = None) -> bool:
    """Whether the record allows leaving output/ as it is (see the module's text)."""
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        return False
    since, until = record.get("since"), record.get("until")
    now = time.time_ns() if now_ns is None else now_ns
    if not (isinstance(since, int) and isinstance(until, int) and since <= now < until):
        return False
    if record.get("key") != inputs.key or record.get("machine") != machine():
        return False
    shared = record.get("shared")
    shared = shared if isinstance(shared, dict) else {}
    as_recorded, seen = verified_listing(output, shared)
    if as_recorded is None or as_recorded != record.get("output"):
        return False
    # The change times as they are now, for the record saved again (Watch).
    record["output"] = seen
    return True


class Watch:
    """One `showcase build` (build_command): whether it may be skipped, and its record."""

    def __init__(self, settings_file: str, output: Path, publish: bool, cache: Path | None):
        self.file = record_file(cache, output)
        self.output = output
        self.listed: str | None = None
        self.shared: dict[str, list] = {}
        self.until: int | None = None
        record = read_record(self.file)
        saved = record.get("known") if isinstance(record, dict) else None
        self.known = KnownFiles(saved if isinstance(saved, dict) else None, changes=True)
        try:
            self.inputs: Inputs | None = inputs_of(settings_file, publish, cache, known=self.known)
        except (Exception, SystemExit):  # the build itself says what is wrong
            self.inputs = None
        listed = record.get("output") if isinstance(record, dict) else None
        self.unchanged = (
            self.inputs is not None and wanted() and still_current(record, self.inputs, output)
        )
        if self.unchanged and record["output"] != listed:
            # Shared files checked by their bytes (verified_listing): not again next time.
            save(self.file, record, None)
        if not self.unchanged:
            forget(self.file)

    def before_swap(self, new: Path) -> None:
        """The finished folder, just before it takes output/'s place."""
        self.shared = {}
        self.listed = verified_listing(new, None, self.shared)[0]

    def dates(self, generators) -> None:
        """Pelican's generators once they made their content (all_generators_finalized):
        the site's time zone from the plugin's (typed settings), the posts' dates."""
        found = (getattr(getattr(g, "showcase", None), "timezone", None) for g in generators)
        zones = [zone for zone in found if isinstance(zone, str)]
        if self.inputs is not None and zones:
            started = self.inputs.started_ns
            self.until = until_of(started, zones[0], content_dates(generators))

    def built(self, status: int) -> None:
        """After the build: the record when it put its folder in place. In the build server
        after its answer (deferred_saves.py: dropped when it ends first); an input modified
        meanwhile counts as modified while the build ran."""
        inputs, listed, until = self.inputs, self.listed, self.until
        if status != 0 or inputs is None or listed is None or until is None:
            return
        record = record_of(inputs, listed, until, self.known.now)
        later(lambda: save(self.file, record, inputs, self.output, self.shared))


def save(
    file: Path,
    record: dict,
    inputs: Inputs | None,
    output: Path | None = None,
    shared: dict | None = None,
) -> None:
    """The record, unless an input was modified since the build began (`inputs`), with the
    bytes of the files the build took over into `output` (shared_bytes: in the build server
    after its answer, not before the swap)."""
    if inputs is not None and changed_since(inputs.roots, inputs.started_ns, inputs.entries):
        return
    if output is not None:
        verified = shared_bytes(output, shared or {})
        if verified is None:
            return
        record = {**record, "shared": verified}
    with suppress(OSError):
        file.parent.mkdir(parents=True, exist_ok=True)
        write_text(file, json.dumps(record, sort_keys=True))


def wanted() -> bool:
    """False with SHOWCASE_SKIP_UNCHANGED=0 (and with a wrong variable: the build names it)."""
    try:
        return read_environment().skip_unchanged is not False
    except EnvironmentProblem:
        return False


def record_of(inputs: Inputs, listed: str, until: int, known: dict) -> dict:
    """The record of a build made from `inputs` that left output/ as `listed`."""
    return {
        "format": FORMAT,
        "key": inputs.key,
        "since": inputs.started_ns,
        "until": until,
        "machine": machine(),
        "output": listed,
        "known": known,
    }


def read_record(file: Path):
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def forget(file: Path) -> None:
    with suppress(FileNotFoundError):
        file.unlink()


# The build that runs now (build_command's Watch): staff/build.py reports to it.
_watching: list[Watch] = []


@contextmanager
def watching(settings_file: str, output: Path, publish: bool, cache: Path | None):
    watch = Watch(settings_file, output, publish, cache)
    _watching.append(watch)
    try:
        yield watch
    finally:
        _watching.remove(watch)


def before_swap(new: Path) -> None:
    for watch in _watching:
        watch.before_swap(new)


def generators_done(generators) -> None:
    for watch in _watching:
        watch.dates(generators)
