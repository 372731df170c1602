"""`showcase build`: the steps of `make html` and `make publish` in one process.

scripts/html and scripts/publish used to start a Python process per step (`pelican`,
`showcase index`, `showcase precompress`, `showcase stamp-output`, `python -m
regional_showcase.output_swap`), each importing Python, Pelican and the plugin again: about
0.4 s of every warm build at 1,000 posts went to start-up. Here the steps run one after the
other in this process, each as its command did, into the fresh folder the script names
(`output.new-<pid>`); the scripts keep the fresh folder's removal and the exit statuses of
signals (their traps).

A step that fails ends the run with its status, before anything is put in place. Ctrl+C
while Pelican runs: Pelican's own command logs it and exits 0, after which its script's trap
ended the build; here it ends the run with 130 and nothing later runs.
"""

from __future__ import annotations

import json
import logging
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

# The records in cache/showcase/ (the steps' command lines named them before).
RECORDS = ("search-record.json", "precompress-record.json", "stamp-record.json")

logger = logging.getLogger("pelican")
# The build server's looks whether the client of the build still waits for it (build_server.py):
# a build whose client went away (Ctrl+C) does not take the place of the output.
_swap_checks: list[Callable[[], bool]] = []


@contextmanager
def swap_guard(still_wanted: Callable[[], bool]) -> Iterator[None]:
    """The builds in this block are put in place only when `still_wanted()` says so just
    before the swap; else their fresh folder is removed and they end with 130 (Ctrl+C)."""
    _swap_checks.append(still_wanted)
    try:
        yield
    finally:
        _swap_checks.remove(still_wanted)


def run_pelican(
    settings_file: str,
    new: Path,
    cache: Path | None = None,
    settings_hook: Callable[[dict], None] | None = None,
) -> int:
    """`pelican --fatal warnings -s <settings> -o <new> --delete-output-directory` (with
    `cache`: `-e CACHE_PATH=…`), in this process: Pelican's own main() but that an
    interrupt is not taken for success. `settings_hook` is given the settings as read,
    before Pelican is made of them (the build server's compiled templates, warm_build.py)."""
    from pelican import LOG_HANDLERS, get_instance, parse_arguments
    from pelican.log import FatalLogger, console
    from pelican.log import init as init_logging

    from ..parallel import checking

    argv = ["--fatal", "warnings", "-s", settings_file, "-o", str(new)]
    if cache is not None:
        argv += ["-e", f"CACHE_PATH={json.dumps(str(cache))}"]
    args = parse_arguments([*argv, "--delete-output-directory"])
    init_logging(
        level=args.verbosity,
        fatal=args.fatal,
        name="pelican",
        handler=LOG_HANDLERS[args.log_handler],
        logs_dedup_min_level=getattr(logging, args.logs_dedup_min_level),
    )
    try:
        instance = get_instance(args)[0] if settings_hook is None else _made(args, settings_hook)
        with console.status("Generating..."):
            instance.run()
    except Exception as error:  # as pelican.main: logged, its exit code (a SystemExit passes)
        # A check still out in its own process: a refused input (which Pelican's reading
        # may have stumbled over) stops with the check's problems, not with this error.
        checking.settle()
        logger.critical("%s: %s", error.__class__.__name__, error, exc_info=True)
        return getattr(error, "exitcode", 1)
    finally:
        checking.discard()  # only left out when Pelican's run ended without its join
        # --fatal warnings is Pelican's: the later steps ran in processes of their own.
        FatalLogger.fatal_lvl = logging.CRITICAL + 1
    return 0


def _made(args, settings_hook: Callable[[dict], None]):
    """pelican.get_instance(args)[0] (the settings file with the command line's overrides,
    PELICAN_CLASS), with `settings_hook` applied to the settings before Pelican is made."""
    from pelican import get_config, read_settings

    settings = read_settings(args.settings, override=get_config(args))
    settings_hook(settings)
    cls = settings["PELICAN_CLASS"]
    if isinstance(cls, str):
        module, name = cls.rsplit(".", 1)
        cls = getattr(__import__(module), name)
    return cls(settings)


def build(
    settings_file: str,
    new: Path,
    output: Path,
    publish: bool = False,
    cache: Path | None = None,
    settings_hook: Callable[[dict], None] | None = None,
) -> int:
    """Pelican into `new`, the search index, with `publish` the .gz/.br siblings and the
    completeness stamp, then `new` in place of `output`; returns the exit status. `cache`:
    another cache folder than Pelican's CACHE_PATH setting and `cache/` (the tests' clean
    builds), for Pelican and the records. `settings_hook`: run_pelican's."""
    folder = Path("cache") if cache is None else cache
    search, siblings, stamps = (folder / "showcase" / name for name in RECORDS)
    from ..output_swap import replace_folder
    from ..preview.file_digests import one_pass
    from ..search_index import POST_PAGES_WRITTEN, EarlyRuns, build_search_index
    from ..unchanged_build import before_swap, generators_done

    # The archive's search bundles start while Pelican writes the rest, on copies of their
    # pages beside the fresh folder: a name of this build's own (the copies of the last one
    # may still be being removed in the background), which the next swap removes, were it
    # left over.
    staging = new.with_name(f"{new.name}-{time.time_ns()}")
    early = EarlyRuns(new, search, output, staging)
    POST_PAGES_WRITTEN.connect(early.start)
    # The posts' dates for the record of an unchanged build (a scheduled post's time).
    from pelican.plugins.signals import all_generators_finalized

    all_generators_finalized.connect(generators_done, weak=False)
    try:
        # One state per source file for the whole build, taken before Pelican reads it (the
        # reader cache's look at each post, the check's): a file saved while it runs differs
        # from this build's keys next time, in this process or another (file_digests.py).
        with one_pass():
            status = run_pelican(settings_file, new, cache, settings_hook)
        if status:
            return status
        status = build_search_index(new, record=search, previous=output, early=early)
    finally:
        all_generators_finalized.disconnect(generators_done)
        POST_PAGES_WRITTEN.disconnect(early.start)
        early.stop()
    if status:
        return status
    if publish:
        write_siblings(new, output, siblings)
        write_stamp(new, stamps)
    if not all(still_wanted() for still_wanted in _swap_checks):
        shutil.rmtree(new, ignore_errors=True)
        return 130
    before_swap(new)  # output/ as this build leaves it (unchanged_build.py)
    replace_folder(new, output, remove_later=True)
    return 0


def build_command(
    settings_file: str,
    new: Path,
    output: Path,
    builder: Callable[[str, Path, Path], int] | None = None,
    publish: bool = False,
    cache: Path | None = None,
) -> int:
    """`showcase build`: `build` (or `builder`, the build server's WarmBuilder.build) after the
    refusal of a linked output; its exit status, 1 with the refusal's message, 130 on Ctrl+C.
    Nothing but a line saying so, status 0, when no input changed since the last build into
    `output`, which is still as that build left it (unchanged_build.py)."""
    from ..output_swap import LinkedOutput, refuse_linked
    from ..unchanged_build import skipped, watching

    try:
        refuse_linked(output)  # before the build, not after it (output_swap.py)
        # Nothing changed since the last build into output/, which is still as it left it:
        # nothing to do (unchanged_build.py).
        with watching(settings_file, output, publish, cache) as watch:
            if watch.unchanged:
                print(skipped(output), flush=True)
                return 0
            if builder is not None:
                status = builder(settings_file, new, output)
            else:
                status = build(settings_file, new, output, publish=publish, cache=cache)
            watch.built(status)
            return status
    except LinkedOutput as problem:
        print(problem, file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl+C: nothing was put in place (the script removes `new`)
        return 130


def write_siblings(new: Path, previous: Path | None, record: Path | None) -> None:
    """The .gz/.br siblings (`showcase precompress`); those of unchanged files come from
    `previous`, the last complete output, when it is there."""
    from ..precompress import precompress

    if previous is not None and not previous.is_dir():
        previous = None
    count = precompress(new, previous, record)
    print(f"{count} vorkomprimierte Dateien (.gz, .br) in {new} geschrieben", flush=True)


def write_stamp(new: Path, record: Path | None) -> None:
    """The completeness stamp, last (`showcase stamp-output`)."""
    from ..completeness_stamp import STAMP_NAME
    from ..completeness_stamp import write_stamp as write
    from ..known_files import known_digests

    with known_digests(record) as digest:
        stamp = write(new, digest)
    print(f"{new / STAMP_NAME} geschrieben ({stamp.short()})", flush=True)
