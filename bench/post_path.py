"""The post pages taken over in a warm build (issue 25, round 7): the parts of their path in
the build's own process, in CPU seconds of its main thread (time.thread_time: less swayed
by other processes on a shared machine than wall time), and the waits for the Linker's
process (link_process.py) in wall seconds, builds one after another in one process (the
build server's WarmBuilder) after one change each.

    cd DEST/ours && PYTHONPATH=<frozen>/plugins /work/main/.venv/bin/python \\
        /work/main/bench/post_path.py . --change nothing --builds 5 [--deep]

Each part is a function wrapped to add up its time (the outermost call when it calls
itself); parts overlap (a part holds the parts it calls). `FollowedDigest.page (post)` counts
only the calls for post pages (not the listings'), `content_written.send` every send.
`--deep` wraps the post key's smaller parts too (their wrappers cost about 1 µs a call).
Prints the median of each part over the builds, largest first, and the build's wall and
main-process CPU; a part this plugin version lacks is left out.
"""

from __future__ import annotations

import argparse
import collections
import functools
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import incremental

# (module, class or None, function, label, clock): where the caller looks the function up.
PARTS = (
    ("pelican.generators", "ArticlesGenerator", "generate_articles", "generate_articles", None),
    ("regional_showcase.writer", "ShowcaseWriter", "_take_over", "post pages taken over", None),
    ("regional_showcase.writer", "ShowcaseWriter", "_post_page_inputs", "_post_page_inputs", None),
    (
        "regional_showcase.writer",
        "ShowcaseWriter",
        "_reads_besides_post",
        "_reads_besides_post",
        None,
    ),
    ("regional_showcase.writer", None, "page_fingerprint", "page_fingerprint", None),
    ("regional_showcase.build_record", "BuildRecord", "take_over", "BuildRecord.take_over", None),
    (
        "regional_showcase.build_record",
        "BuildRecord",
        "take_over_page",
        "BuildRecord.take_over_page",
        None,
    ),
    (
        "regional_showcase.build_record",
        None,
        "_unchanged",
        "build_record._unchanged (hashing)",
        None,
    ),
    ("regional_showcase.link_process", "Linker", "link", "Linker.link", None),
    (
        "regional_showcase.writer",
        "ShowcaseWriter",
        "post_pages_done",
        "post_pages_done (wall)",
        "wall",
    ),
    (
        "regional_showcase.writer",
        "ShowcaseWriter",
        "placed",
        "ShowcaseWriter.placed (wall)",
        "wall",
    ),
    (
        "regional_showcase.writer",
        "ShowcaseWriter",
        "finish",
        "ShowcaseWriter.finish (wall)",
        "wall",
    ),
)
DEEP = (
    (
        "regional_showcase.preview.followed_reads",
        "FollowedDigest",
        "_own_key",
        "FollowedDigest._own_key",
        None,
    ),
    (
        "regional_showcase.preview.followed_reads",
        "FollowedDigest",
        "post_key",
        "FollowedDigest.post_key",
        None,
    ),
    ("regional_showcase.preview.followed_reads", "KeptPosts", "get", "KeptPosts.get", None),
    ("regional_showcase.preview.pages", "SharedReads", "key", "SharedReads.key", None),
    ("regional_showcase.build_record", "SourceHashes", "of", "SourceHashes.of", None),
    ("regional_showcase.writer", None, "alternates_of", "alternates_of", None),
)


def wrap_parts(parts: tuple, spent: collections.Counter) -> None:
    import importlib

    depth: collections.Counter = collections.Counter()
    for module_name, class_name, name, label, clock_name in parts:
        owner = importlib.import_module(module_name)
        if class_name is not None:
            owner = getattr(owner, class_name, None)
        function = getattr(owner, name, None) if owner is not None else None
        if function is None:
            continue
        clock = time.perf_counter if clock_name == "wall" else time.thread_time

        def wrapped(*args, _f=function, _label=label, _clock=clock, **kwargs):
            if depth[_label]:
                return _f(*args, **kwargs)
            depth[_label] += 1
            started = _clock()
            try:
                return _f(*args, **kwargs)
            finally:
                spent[_label] += _clock() - started
                depth[_label] -= 1

        setattr(owner, name, functools.wraps(function)(wrapped))


def wrap_post_followed(spent: collections.Counter) -> None:
    """FollowedDigest.page for post pages only (called inside _post_page_inputs)."""
    from regional_showcase import writer
    from regional_showcase.preview import followed_reads

    inside = [0]
    inputs = writer.ShowcaseWriter._post_page_inputs
    page = followed_reads.FollowedDigest.page

    def post_page_inputs(*args, **kwargs):
        inside[0] += 1
        try:
            return inputs(*args, **kwargs)
        finally:
            inside[0] -= 1

    def followed_page(*args, **kwargs):
        if not inside[0]:
            return page(*args, **kwargs)
        started = time.thread_time()
        try:
            return page(*args, **kwargs)
        finally:
            spent["FollowedDigest.page (post)"] += time.thread_time() - started

    writer.ShowcaseWriter._post_page_inputs = functools.wraps(inputs)(post_page_inputs)
    followed_reads.FollowedDigest.page = functools.wraps(page)(followed_page)
    signal = writer.signals.content_written
    send = signal.send

    def timed_send(*args, **kwargs):
        started = time.thread_time()
        try:
            return send(*args, **kwargs)
        finally:
            spent["content_written.send"] += time.thread_time() - started

    signal.send = timed_send


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ours", type=Path, help="a bench copy (bench/incremental.py's ours)")
    parser.add_argument("--change", choices=sorted(incremental.CHANGES), default="nothing")
    parser.add_argument("--builds", type=int, default=5)
    parser.add_argument("--deep", action="store_true", help="the post key's parts too")
    args = parser.parse_args(argv)
    ours = incremental.in_copy(args.ours)
    from regional_showcase.staff.warm_build import WarmBuilder

    spent: collections.Counter = collections.Counter()
    wrap_post_followed(spent)
    wrap_parts(PARTS + (DEEP if args.deep else ()), spent)
    builder = WarmBuilder()
    builder.build("pelicanconf.py", ours / f"output.new-{os.getpid()}000", ours / "output")
    builder.idle()
    change = incremental.CHANGES[args.change]
    rows = []
    for number in range(1, args.builds + 1):
        change(ours, 2 * number)
        spent.clear()
        started, used = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
        status = builder.build(
            "pelicanconf.py", ours / f"output.new-{os.getpid()}{number:03d}", ours / "output"
        )
        after = resource.getrusage(resource.RUSAGE_SELF)
        if status:
            raise SystemExit(f"build {number} failed: {status}")
        spent["build (wall)"] = time.perf_counter() - started
        spent["build, main process (CPU)"] = (
            after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime
        )
        rows.append(dict(spent))
        builder.idle()
    print(f"{args.change}: {len(rows)} builds, load {os.getloadavg()[0]:.1f}")
    for label in sorted(rows[0], key=lambda k: -statistics.median(r.get(k, 0) for r in rows)):
        print(f"{statistics.median(row.get(label, 0.0) for row in rows):8.4f}  {label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
