"""`make serve`'s compiled templates, and what the tests of a running `showcase serve` share:
test_preview.py starts one on the project its preview changed (make serve rebuilds when a post,
the region data or a template changes), test_preview_browser.py one in Chromium."""

from __future__ import annotations

import os
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sitebuild import BIN, free_port


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(condition, timeout: float = 120.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


@contextmanager
def running_serve(project: Path, *options: str) -> Iterator[tuple[str, list[str]]]:
    """`showcase serve` on a free port in the project: its base URL and the lines it printed,
    read as they come (a test waits for what it printed); ended when the block ends."""
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "showcase"), "serve", "--port", str(port), *options],
        cwd=project,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "COLUMNS": "200"},
        text=True,
    )
    lines: list[str] = []

    def read() -> None:
        for line in server.stdout:
            lines.append(line.rstrip("\n"))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        yield f"http://127.0.0.1:{port}", lines
    finally:
        server.terminate()
        server.wait(timeout=10)
        reader.join(timeout=10)


def test_the_preview_hands_each_build_the_compiled_template_and_an_edited_one_anew(tmp_path):
    from jinja2 import Environment, FileSystemLoader

    from regional_showcase.staff.serve import MemoryBytecodeCache

    cache = MemoryBytecodeCache()
    template = tmp_path / "seite.html"
    template.write_text("Hallo {{ name }}", encoding="utf-8")

    def code():  # a new environment per build, as Pelican makes
        environment = Environment(loader=FileSystemLoader(tmp_path), bytecode_cache=cache)
        return environment.get_template("seite.html").root_render_func.__code__

    first = code()
    assert code() is first, "the same code object, not unmarshalled again"
    template.write_text("Moin {{ name }}", encoding="utf-8")
    assert code() is not first and "Moin " in code().co_consts
