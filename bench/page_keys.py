"""The CPU a warm build's main process spends on the keys of post pages and listings
(writer.py `_take_over`'s key, `listing_fingerprint`), builds one after another in one
process as the build server runs them (staff/warm_build.py WarmBuilder), after one change
each (bench/incremental.py's edit, delete, new or nothing).

    cd DEST/ours && PYTHONPATH=<frozen>/plugins /work/main/.venv/bin/python \\
        /work/main/bench/page_keys.py . --change edit --runs 5

Per build one JSON line: `post_keys_cpu_s` (the post pages' keys: the kept key's check,
preview/changed_sources.py, and the walk where there is one, `_post_page_inputs`),
`listing_keys_cpu_s` (`listing_fingerprint`), their sum `keys_cpu_s`, the whole build's main
process CPU `main_cpu_s`, and where the code records it (cache/page-keys-*.json) how many
pages kept their key without a walk. Timed with process_time around those calls, not under
cProfile (whose cost per call is larger than a kept key's). Works on code without
changed_sources.py too (the "before").
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import incremental


def timed(owner, name: str, spent: dict, slot: str) -> None:
    """Add the CPU of each call of owner.name to spent[slot] (calls inside do not count twice)."""
    original = getattr(owner, name)
    depth = [0]

    def wrapper(*args, **kwargs):
        if depth[0]:
            return original(*args, **kwargs)
        depth[0] += 1
        started = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            spent[slot] += time.process_time() - started
            depth[0] -= 1

    setattr(owner, name, wrapper)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ours", type=Path, help="a bench copy (bench/incremental.py's ours)")
    parser.add_argument("--change", choices=sorted(incremental.CHANGES), default="edit")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--offset", type=int, default=0, help="numbers the changes from here")
    args = parser.parse_args(argv)
    ours = incremental.in_copy(args.ours)
    from regional_showcase.deferred_saves import deferring, run
    from regional_showcase.staff.warm_build import WarmBuilder
    from regional_showcase.writer import ShowcaseWriter

    spent = {"post": 0.0, "listing": 0.0}
    for name in ("_kept_post_key", "_post_page_inputs"):
        if hasattr(ShowcaseWriter, name):
            timed(ShowcaseWriter, name, spent, "post")
    timed(ShowcaseWriter, "listing_fingerprint", spent, "listing")
    builder = WarmBuilder()
    rows = []
    for number in range(args.runs + 1):
        if number:
            incremental.CHANGES[args.change](ours, args.offset + number)
        spent.update(post=0.0, listing=0.0)
        new = ours / f"output.new-{os.getpid()}{number:03d}"
        own = time.process_time()
        with deferring() as held:
            status = builder.build("pelicanconf.py", new, ours / "output")
        main_cpu = time.process_time() - own
        if status:
            raise SystemExit(f"build {number} failed: {status}")
        run(held)
        row = {
            "build": "first" if not number else "warm",
            "change": args.change if number else None,
            "post_keys_cpu_s": round(spent["post"], 4),
            "listing_keys_cpu_s": round(spent["listing"], 4),
            "keys_cpu_s": round(spent["post"] + spent["listing"], 4),
            "main_cpu_s": round(main_cpu, 3),
            "load": round(os.getloadavg()[0], 2),
        }
        with contextlib.suppress(StopIteration, OSError, ValueError, KeyError):
            record = next((ours / "cache/showcase").glob("page-keys-*.json"))
            saved = json.loads(record.read_text("utf-8"))
            row.update(kept=saved["kept"], pages=len(saved["pages"]))
        print(json.dumps(row), flush=True)
        if number:
            rows.append(row)
    for key in ("post_keys_cpu_s", "listing_keys_cpu_s", "keys_cpu_s", "main_cpu_s"):
        print(f"{args.change}: median {key} {statistics.median(r[key] for r in rows):.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
