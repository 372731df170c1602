"""Where a rebuild in a long-lived process spends its time: named parts of `make serve`'s
rebuild (PreviewBuilder) or of the build server's `make html` (WarmBuilder), timed in wall
seconds after one change each.

    cd SITE && PYTHONPATH=<frozen>/plugins /work/main/.venv/bin/python \\
        /work/main/bench/rebuild_parts.py . FILE --builder serve --saves 10
    cd DEST/ours && PYTHONPATH=<frozen>/plugins /work/main/.venv/bin/python \\
        /work/main/bench/rebuild_parts.py . --builder warm --change edit --saves 5

`serve`: FILE (a post, relative to SITE) gets a new last paragraph before each rebuild, as
preview_driver.py does. `warm`: bench/incremental.py's change (edit, new, delete, nothing)
before each build into a fresh folder (DEST/ours of bench/incremental.py). One build first
(the process's own), then `--saves` builds, each followed by the builder's idle() (untimed).

Each part is a function wrapped to add up its wall time (the outermost call when it calls
itself); parts overlap (a part holds the parts it calls). The wrappers cost a few percent.
Prints the median build, its CPU (this process, threads included) and each part's median,
one per line, largest first; with --json one JSON object instead. Functions other modules
took by name before the wrapping are not seen there (`from x import f`): the parts below
are wrapped where their callers look them up. `--part module:Class.name` (or
`module:name`) times a further one, e.g. `--part regional_showcase.search_record:SearchRecord.read_pages`.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

# (module, class or None, function): where the caller looks the function up.
PARTS = (
    ("pelican", "Pelican", "run"),
    ("regional_showcase.generator", "ShowcaseGenerator", "__init__"),
    ("regional_showcase.generator", None, "check_input"),
    ("regional_showcase.input_check", None, "published_file_problems"),
    ("regional_showcase.input_check", None, "site_rules"),
    ("regional_showcase.generator", "ShowcaseGenerator", "_join_check"),
    ("pelican.generators", "ArticlesGenerator", "generate_context"),
    ("regional_showcase.preview.kept_content", "_Hooks", "get_cached_data"),
    ("regional_showcase.generator", "ShowcaseGenerator", "generate_context"),
    ("regional_showcase.generator", None, "view_posts"),
    ("pelican.generators", "ArticlesGenerator", "generate_output"),
    ("regional_showcase.writer", "ShowcaseWriter", "_post_page_inputs"),
    ("regional_showcase.writer", "ShowcaseWriter", "_reads_besides_post"),
    ("regional_showcase.writer", "ShowcaseWriter", "_take_over"),
    ("regional_showcase.build_record", "BuildRecord", "take_over"),
    ("regional_showcase.writer", "ShowcaseWriter", "listing_fingerprint"),
    ("regional_showcase.preview.pages", "KeptTemplate", "render"),
    ("regional_showcase.writer", "ShowcaseWriter", "_write_feed"),
    ("regional_showcase.writer", "ShowcaseWriter", "_take_over_feed"),
    ("regional_showcase.generator", "ShowcaseGenerator", "generate_output"),
    ("regional_showcase.generator", "ShowcaseGenerator", "_write_edition"),
    ("regional_showcase.generator", "ShowcaseGenerator", "_write_social_images"),
    ("regional_showcase.generator", None, "write_admin"),
    ("regional_showcase.generator", "ShowcaseGenerator", "_write_sitemap"),
    ("regional_showcase.resolved_links", None, "check_before_writing"),
    ("regional_showcase.build_record", "SourceHashes", "of"),
    ("regional_showcase.preview.followed_reads", "KeptPosts", "save"),
    ("regional_showcase.writer", "ShowcaseWriter", "finish"),
    ("regional_showcase.search_index", None, "build_search_index"),
    ("regional_showcase.output_swap", None, "replace_folder"),
    ("regional_showcase.staff.build", None, "run_pelican"),
)


# The parts' clock: wall time, or with --cpu the CPU time of the calling thread (a loaded
# machine's waits left out).
CLOCK = [time.perf_counter]


def wrap_parts(spent: dict[str, float], extra: tuple = ()) -> None:
    """Wrap each part found (a part this plugin version lacks is left out)."""
    for module_name, class_name, name in (*PARTS, *extra):
        try:
            module = importlib.import_module(module_name)
            owner = getattr(module, class_name) if class_name else module
            original = getattr(owner, name)
        except (ImportError, AttributeError):
            continue
        label = f"{class_name or module_name.rpartition('.')[2]}.{name}"
        setattr(owner, name, _timed(original, label, spent))


def _timed(original, label: str, spent: dict[str, float]):
    depth = [0]

    @functools.wraps(original)
    def timed(*args, **kwargs):
        if depth[0]:
            return original(*args, **kwargs)
        depth[0] += 1
        started = CLOCK[0]()
        try:
            return original(*args, **kwargs)
        finally:
            depth[0] -= 1
            spent[label] = spent.get(label, 0.0) + CLOCK[0]() - started

    return timed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("file", nargs="?", help="serve: the post to edit (relative to SITE)")
    parser.add_argument("--builder", choices=("serve", "warm"), default="serve")
    parser.add_argument("--change", default="edit", help="warm: bench/incremental.py's change")
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--cpu", action="store_true", help="parts in thread CPU seconds")
    parser.add_argument(
        "--part",
        action="append",
        default=[],
        help="a further part, module:name or module:Class.name (repeatable)",
    )
    args = parser.parse_args(argv)
    if args.cpu:
        CLOCK[0] = time.thread_time
    site = args.site.resolve()
    os.chdir(site)
    os.environ["SHOWCASE_BUILD_SERVER"] = "0"
    from pelican.log import init

    init(level=40)  # errors only: timing, not logging
    spent: dict[str, float] = {}
    extra = []
    for part in args.part:
        module_name, _, qualified = part.partition(":")
        class_name, _, name = qualified.rpartition(".")
        extra.append((module_name, class_name or None, name))
    wrap_parts(spent, tuple(extra))
    if args.builder == "serve":
        if not args.file:
            parser.error("serve needs FILE, the post to edit")
        from preview_driver import edited

        from regional_showcase.staff.serve import PreviewBuilder

        builder = PreviewBuilder("pelicanconf.py", "output")
        path = Path(args.file)
        original = path.read_text(encoding="utf-8")

        def change(save: int) -> None:
            path.write_text(edited(original, "post", save), encoding="utf-8")

        def build(_number: int) -> bool:
            return builder.build()

    else:
        import incremental

        from regional_showcase.staff.warm_build import WarmBuilder

        builder = WarmBuilder()
        original = None

        def change(save: int) -> None:
            incremental.CHANGES[args.change](site, 2 * save)

        def build(number: int) -> bool:
            new = site / f"output.new-{os.getpid()}{number:03d}"
            return builder.build("pelicanconf.py", new, site / "output") == 0

    rows = []
    try:
        assert build(0), "the first build failed"
        builder.idle()
        for save in range(1, args.saves + 1):
            change(save)
            spent.clear()
            started, cpu = time.perf_counter(), time.process_time()
            assert build(save), f"build {save} failed"
            rows.append((time.perf_counter() - started, time.process_time() - cpu, dict(spent)))
            builder.idle()
    finally:
        if original is not None:
            path.write_text(original, encoding="utf-8")
    labels = {label for _, _, parts in rows for label in parts}
    parts = {label: statistics.median(p.get(label, 0.0) for _, _, p in rows) for label in labels}
    result = {
        "builder": args.builder,
        "build": statistics.median(row[0] for row in rows),
        "cpu": statistics.median(row[1] for row in rows),
        "load": os.getloadavg()[0],
        "parts": dict(sorted(parts.items(), key=lambda item: -item[1])),
    }
    if args.json:
        print(json.dumps(result))
        return 0
    print(
        f"{args.builder}: build {result['build']:.3f} s, CPU {result['cpu']:.3f} s, "
        f"load {result['load']:.1f} ({len(rows)} builds)"
    )
    for label, seconds in result["parts"].items():
        print(f"  {seconds:7.4f}  {label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
