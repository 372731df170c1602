"""Measuring: cold builds under `/usr/bin/time -v` and the edit–preview loop."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import corpus
from common import log

PUBLISH_ENV = {"SITEURL": corpus.SITEURL, "COLUMNS": "200"}


def pelican_command() -> list[str]:
    script = Path(sys.executable).parent / "pelican"
    return [str(script)] if script.exists() else [sys.executable, "-m", "pelican"]


def count_files(folder: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(folder)) if folder.exists() else 0


def parse_time_v(text: str) -> dict:
    """Wall time, CPU time and peak RSS from GNU time's -v report."""

    def field(name: str) -> str:
        match = re.search(rf"^\s*{re.escape(name)}.*?:\s*(\S+)\s*$", text, re.MULTILINE)
        return match.group(1) if match else "0"

    wall = 0.0
    for part in field("Elapsed (wall clock) time").split(":"):
        wall = wall * 60 + float(part)
    return {
        "wall": round(wall, 3),
        "cpu": round(
            float(field("User time (seconds)")) + float(field("System time (seconds)")), 2
        ),
        "rss_mb": round(int(field("Maximum resident set size (kbytes)")) / 1024, 1),
    }


def measure(
    command: list[str], cwd: Path, out_dir: Path | None, log_file: Path, env: dict | None = None
) -> dict:
    """Run one command under /usr/bin/time -v; return wall, cpu, peak RSS, files, exit code."""
    time_file = log_file.with_suffix(".time")
    load = os.getloadavg()[0]
    started = time.perf_counter()
    with log_file.open("w") as output:
        result = subprocess.run(
            ["/usr/bin/time", "-v", "-o", str(time_file), *command],
            cwd=cwd,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
            check=False,
        )
    outer = time.perf_counter() - started
    record = parse_time_v(time_file.read_text()) if time_file.exists() else {"wall": outer}
    record.update(
        rc=result.returncode, load=round(load, 2), files=count_files(out_dir) if out_dir else None
    )
    if result.returncode != 0:
        tail = log_file.read_text(errors="replace").strip().splitlines()[-25:]
        record["error"] = "\n".join(tail)
    return record


class Results:
    """All measurements, saved to JSON after each one so a long run survives interruptions."""

    def __init__(self, path: Path, meta: dict):
        self.path = path
        self.data = {"meta": meta, "builds": [], "edit": [], "profiles": [], "corpora": []}

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(self.data, indent=1, ensure_ascii=False), encoding="utf-8")
        tmp.replace(self.path)


def build_commands(kind: str) -> tuple[list[str], dict]:
    if kind == "plain":
        return [*pelican_command(), "-s", "pelicanconf.py", "-o", "out"], {"COLUMNS": "200"}
    if kind == "ours":
        return (
            [*pelican_command(), "--fatal", "warnings", "-s", "publishconf.py", "-o", "out"],
            PUBLISH_ENV,
        )
    showcase = str(Path(sys.executable).parent / "showcase")
    pelican = " ".join(pelican_command())
    if kind in ("html", "html1"):
        # `make html`: Pelican with the development settings, then the Pagefind index.
        line = f"{pelican} --fatal warnings -s pelicanconf.py -o out && {showcase} index out"
        workers = {"SHOWCASE_WORKERS": "1"} if kind == "html1" else {}
        return ["sh", "-c", line], {"COLUMNS": "200", **workers}
    if kind == "publish":
        # `make publish` (scripts/publish): strict Pelican, the index, precompression.
        line = (
            f"{pelican} --fatal warnings -s publishconf.py -o out --delete-output-directory"
            f" && {showcase} index out && {showcase} precompress out"
        )
        return ["sh", "-c", line], PUBLISH_ENV
    if kind == "hugo":
        return ["hugo", "--quiet", "-d", "out"], {}
    raise ValueError(kind)


# The builds of this project all run in the copy of the project, `ours`.
SITE_OF = {"html": "ours", "html1": "ours", "publish": "ours"}


def run_builds(
    results: Results, site_root: Path, n: int, r: int, builds: list[str], runs: int, logs: Path
) -> None:
    for run in range(1, runs + 1):
        for kind in builds:  # interleaved, so that load from other users hits all alike
            site = site_root / SITE_OF.get(kind, kind)
            if kind == "hugo" and not shutil.which("hugo"):
                record = {
                    "rc": 127,
                    "wall": None,
                    "error": "hugo not found: apt-get install -y hugo",
                }
            else:
                for stale in ("out", "resources", "cache", "__pycache__"):
                    shutil.rmtree(site / stale, ignore_errors=True)
                command, env = build_commands(kind)
                record = measure(
                    command, site, site / "out", logs / f"{kind}-{n}-{r}-{run}.log", env
                )
            record.update(build=kind, n=n, r=r, run=run)
            results.data["builds"].append(record)
            results.save()
            if record["rc"] == 0:
                log(
                    f"  N={n} R={r} {kind:5} run {run}/{runs}: {record['wall']:.1f} s wall, "
                    f"{record['cpu']:.1f} s CPU, {record['rss_mb']:.0f} MB, {record['files']} files "
                    f"(load {record['load']})"
                )
            else:
                log(
                    f"  N={n} R={r} {kind:5} run {run}/{runs}: FAILED (exit {record['rc']})\n"
                    + "\n".join(f"      {line}" for line in record["error"].splitlines())
                )


def run_edit_loop(results: Results, site: Path, n: int, runs: int, logs: Path) -> None:
    """`make serve` rebuilds in one process (serve.PreviewBuilder); time the first build and
    the rebuild after a one-post edit, with bench/preview_driver.py."""
    driver = Path(__file__).with_name("preview_driver.py")
    posts = sorted((site / "content" / "news").glob("*.md"))
    for run in range(1, runs + 1):
        for stale in ("output", "cache"):  # cold: no output and no cached images yet
            shutil.rmtree(site / stale, ignore_errors=True)
        post = posts[(run * 7919) % len(posts)]
        log_file = logs / f"preview-{n}-{run}.log"
        # The snapshot's plugin, not the working tree's (which the editable install points to).
        env = {**os.environ, "PYTHONPATH": str(site / "plugins")}
        done = subprocess.run(
            [sys.executable, str(driver), str(site), str(post)],
            capture_output=True,
            text=True,
            check=False,
            env=env,
        )
        log_file.write_text(done.stdout + done.stderr, encoding="utf-8")
        records = []
        if done.returncode == 0:
            timing = json.loads(done.stdout.strip().splitlines()[-1])
            for kind in ("cold", "rebuild"):
                records.append(
                    {
                        "kind": kind,
                        "n": n,
                        "run": run,
                        "rc": 0,
                        "wall": timing[kind],
                        "rss_mb": timing["rss_mb"],
                        "post": post.name,
                    }
                )
        else:
            for kind in ("cold", "rebuild"):
                records.append(
                    {
                        "kind": kind,
                        "n": n,
                        "run": run,
                        "rc": done.returncode,
                        "wall": None,
                        "error": done.stderr[-2000:],
                    }
                )
        results.data["edit"].extend(records)
        results.save()
        for record in records:
            status = (
                "" if record["rc"] == 0 else f" FAILED (exit {record['rc']})\n{record['error']}"
            )
            log(
                f"  preview N={n} {record['kind']:7} run {run}/{runs}: "
                f"{(record['wall'] or 0):.2f} s, {record.get('rss_mb', 0):.0f} MB{status}"
            )
