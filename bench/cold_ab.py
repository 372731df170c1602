"""Cold builds of two (or more) plugin copies side by side with plain Pelican, taking turns.

On a shared machine the load moves by the minute, so runs of one copy after the other compare
the load as much as the code. Here each round builds plain Pelican and then every copy once,
each cold (no output/, no cache/), on one corpus (corpus.py); the report gives per copy the
median wall and CPU seconds (children included) of `make html`'s steps and of its Pelican
step, and the median of each round's ratio to plain Pelican's wall time in that round.

    git archive <before> plugins | tar -x -C /tmp/before
    .venv/bin/python bench/cold_ab.py --posts 600 --runs 5 --dest /tmp/<you>-ab \\
        before=/tmp/before/plugins after=plugins

A copy is named `name=<folder holding regional_showcase>`; it goes first on PYTHONPATH.
With `--with-theme` each copy's folder is a project snapshot's `plugins/`, and the snapshot's
`theme/`, `pelicanconf.py` and `publishconf.py` replace the corpus's before each of its builds
(for a change of templates and plugin together: the new templates need the new filters).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import corpus
from cold import cold_html, cold_plain


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=600)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--dest", type=Path, default=Path("bench/work/cold_ab"))
    parser.add_argument("--with-theme", action="store_true", help="each copy's own theme too")
    parser.add_argument("copies", nargs="+", metavar="name=plugins")
    args = parser.parse_args(argv)
    copies = dict(copy.split("=", 1) for copy in args.copies)
    dest = args.dest.resolve()
    corpus.generate(dest, args.posts)
    ours, plain = dest / "ours", dest / "plain"
    shutil.copytree(corpus.ROOT / "scripts", ours / "scripts", dirs_exist_ok=True)
    given = os.environ.get("PYTHONPATH")
    rounds: list[dict] = []
    for run in range(args.runs):
        result = {"plain": cold_plain(plain), "load": round(os.getloadavg()[0], 2)}
        for name, plugins in copies.items():
            os.environ["PYTHONPATH"] = os.pathsep.join(
                p for p in (str(Path(plugins).resolve()), given) if p
            )
            if args.with_theme:
                project = Path(plugins).resolve().parent
                shutil.rmtree(ours / "theme")
                shutil.copytree(project / "theme", ours / "theme")
                for settings in ("pelicanconf.py", "publishconf.py"):
                    shutil.copy2(project / settings, ours / settings)
            result[name] = cold_html(ours)
        rounds.append(result)
        print(json.dumps({"run": run, **result}), flush=True)
    summary = {}
    for name in copies:
        built = [r[name] for r in rounds]
        summary[name] = {
            key: round(statistics.median(b[key] for b in built), 3) for key in built[0]
        } | {
            "wall_ratio": round(
                statistics.median(r[name]["wall"] / r["plain"]["wall"] for r in rounds), 2
            ),
        }
        if all("pelican_s" in b for b in built):  # the three-step pipeline (before 8870f5d)
            summary[name]["pelican_ratio"] = round(
                statistics.median(r[name]["pelican_s"] / r["plain"]["wall"] for r in rounds), 2
            )
    plain_median = {
        key: round(statistics.median(r["plain"][key] for r in rounds), 3) for key in ("wall", "cpu")
    }
    loads = [r["load"] for r in rounds]
    print(json.dumps({"posts": args.posts, "plain": plain_median, **summary, "loads": loads}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
