"""Paths and progress output shared by the benchmark's modules."""

from __future__ import annotations

import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent


ROOT = BENCH.parent


START = time.monotonic()


def log(message: str) -> None:
    print(f"[{time.monotonic() - START:8.1f}s] {message}", flush=True)
