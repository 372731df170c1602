"""Smoke test of the benchmark: the smallest configuration runs and writes a report with rows.

`bench/run.py --smoke` generates a 20-post corpus and builds it once with plain Pelican and
with this project's publish build (no Hugo, profile, preview loop or plot). Nothing is
asserted about time: this checks that the benchmark itself still works.

    .venv/bin/pytest tests/test_bench_smoke.py
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# Every test here builds a site or reads the shared build.
pytestmark = [pytest.mark.build, pytest.mark.long]


def _repo_root() -> Path:
    for folder in Path(__file__).resolve().parents:
        if (folder / "bench" / "run.py").exists():
            return folder
    raise RuntimeError("bench/run.py not found above this test")


def test_smoke_run_writes_a_report_with_rows(tmp_path):
    root = _repo_root()
    results = tmp_path / "results"
    run = subprocess.run(
        [
            sys.executable,
            str(root / "bench" / "run.py"),
            "--smoke",
            "--work-dir",
            str(tmp_path / "work"),
            "--results-dir",
            str(results),
            "--name",
            "smoke",
        ],
        cwd=root,
        # The benchmark's builds serial (it measures with os.environ as it finds it): a 20-post
        # site's build with a worker per core took 3.1-3.5 s of CPU, serial 1.9-2.1 s, and
        # this checks that the benchmark runs, not how fast (test_parallel.py: the workers).
        env={**os.environ, "SHOWCASE_WORKERS": "1"},
        capture_output=True,
        text=True,
        timeout=600,  # a guard against a hang, not a speed check
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr

    report = (results / "smoke.md").read_text(encoding="utf-8")
    rows = [
        line for line in report.splitlines() if line.startswith("| ") and " | 20 | 7 | " in line
    ]
    assert any(row.startswith("| plain Pelican") for row in rows), report
    assert any(row.startswith("| this project") for row in rows), report
    assert "FAILED" not in report, report
    assert (results / "smoke.json").exists()

    # The corpus is complete for all three generators, in the project's post format.
    corpus = tmp_path / "work" / "corpus" / "n20-r7-s1"
    posts = sorted((corpus / "ours" / "content" / "news").glob("*.md"))
    assert len(posts) == 20
    header = posts[0].read_text(encoding="utf-8").split("\n\n", 1)[0]
    for field in ("Title:", "Date:", "Category:", "Regions:", "Slug:", "Summary:"):
        assert field in header
    assert len(list((corpus / "plain" / "content" / "news").glob("*.md"))) == 20
    assert len(list((corpus / "hugo" / "content" / "posts").glob("*.md"))) == 20
