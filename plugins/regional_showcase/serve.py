"""`make serve`: build, serve on localhost, rebuild when content, data, theme or code change.

Pelican's own autoreload watches only the content folder, the theme and the settings file;
editors also change data/regions.yaml, so this watches the whole project.
"""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import threading
from pathlib import Path

import watchfiles

WATCHED = ("content", "data", "theme", "plugins", "pelicanconf.py")


def build(settings_file: str, output: str) -> bool:
    """One build in a fresh process, so edited plugin code is picked up too."""
    command = [
        sys.executable,
        "-m",
        "pelican",
        "-s",
        settings_file,
        "-o",
        output,
        "-e",
        "SHOWCASE_PREVIEW=true",
    ]
    result = subprocess.run(command, check=False)
    if result.returncode == 0:
        # The search page needs the index; in the preview it also finds drafts.
        search = [
            sys.executable,
            "-m",
            "pagefind_bin",
            "--site",
            output,
            "--force-language",
            "de",
            "--quiet",
        ]
        result = subprocess.run(search, check=False)
    print("Fertig." if result.returncode == 0 else "Build fehlgeschlagen: siehe oben.", flush=True)
    return result.returncode == 0


def serve(settings_file: str, *, port: int, output: str) -> int:
    root = Path(settings_file).resolve().parent
    build(settings_file, output)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=output)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Vorschau: http://localhost:{port}/  (Strg+C beendet)", flush=True)
    paths = [root / name for name in WATCHED if (root / name).exists()]
    try:
        for _changes in watchfiles.watch(*paths):
            build(settings_file, output)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0
