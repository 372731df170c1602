"""`make serve`: build, serve on localhost, rebuild when content, data, theme or code change.

Pelican's own autoreload watches only the content folder, the theme and the settings file;
editors also change data/regions.yaml, so this watches the whole project. Rebuilds run in
this process with Pelican's reader cache, and post pages whose inputs did not change are not
rendered again (preview.py); a change to the plugin's own code restarts the process instead.
"""

from __future__ import annotations

import functools
import http.server
import mimetypes
import os
import sys
import threading
import time
from pathlib import Path

import watchfiles
from pelican import Pelican
from pelican.log import init as init_logging
from pelican.settings import read_settings

from ..search_index import build_search_index

# The web editor reads admin/config.yml; served as octet-stream, Decap warns about it.
mimetypes.add_type("text/yaml", ".yml")

WATCHED = ("content", "data", "theme", "plugins", "pelicanconf.py")
PREVIEW_SETTINGS = {
    "SHOWCASE_PREVIEW": True,
    "SHOWCASE_INCREMENTAL": True,
    "CACHE_CONTENT": True,
    "LOAD_CONTENT_CACHE": True,
    "CONTENT_CACHING_LAYER": "reader",
    "CHECK_MODIFIED_METHOD": "mtime",
}


class PreviewBuilder:
    """One preview build after another, in one process."""

    def __init__(self, settings_file: str, output: str):
        self.settings_file = settings_file
        self.output = output

    def build(self) -> bool:
        """Build once; problems in the input are printed, never fatal for the server."""
        # The settings file is read anew: it may be what changed.
        settings = read_settings(
            self.settings_file, override={**PREVIEW_SETTINGS, "OUTPUT_PATH": self.output}
        )
        started = time.perf_counter()
        try:
            Pelican(settings).run()
        except SystemExit:
            ok = False  # the plugin already printed every problem
        except Exception as error:
            print(f"Build fehlgeschlagen: {error}", file=sys.stderr, flush=True)
            ok = False
        else:
            ok = True
        took = time.perf_counter() - started
        print(f"Fertig in {took:.1f} s." if ok else "Build fehlgeschlagen: siehe oben.", flush=True)
        return ok


def serve(settings_file: str, *, port: int, output: str) -> int:
    init_logging()
    root = Path(settings_file).resolve().parent
    builder = PreviewBuilder(settings_file, output)
    if builder.build():
        # The search page needs Pagefind's index; built once at start, as it takes seconds.
        build_search_index(output)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=output)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Vorschau: http://localhost:{port}/  (Strg+C beendet)", flush=True)
    paths = [root / name for name in WATCHED if (root / name).exists()]
    try:
        for changes in watchfiles.watch(*paths):
            if any(
                Path(path).suffix == ".py" and "plugins" in Path(path).parts for _, path in changes
            ):
                server.shutdown()
                server.server_close()
                print("Plugin geändert: Neustart.", flush=True)
                os.execv(sys.executable, [sys.executable, *sys.argv])
            builder.build()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0
