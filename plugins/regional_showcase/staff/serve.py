"""`make serve`: build, serve, rebuild when content, data, theme or code change.

Pelican's own autoreload watches only the content folder, the theme and the settings file;
editors also change data/regions.yaml, so this watches the whole project. Rebuilds run in
this process with the reader cache in memory (reader_cache.py: only changed posts are
converted again), and post pages whose inputs did not change are not rendered again
(preview/manifest.py); a change to the plugin's own code restarts the process instead.

The browser side (preview/server.py): pages reload after each good build; a failed build
shows its problems over the page, while the pages of the last good build stay.
"""

from __future__ import annotations

import errno
import json
import mimetypes
import os
import queue
import sys
import threading
import time
import urllib.request
from pathlib import Path

import watchfiles
from pelican import Pelican
from pelican.log import init as init_logging
from pelican.settings import read_settings

from ..atomic_write import same_bytes_left
from ..data.problems import BuildStopped
from ..environment import EnvironmentProblem, read_environment
from ..preview.file_digests import one_pass
from ..preview.manifest import PreviewManifest, remove_unwritten_pages
from ..preview.memo import MEMO
from ..preview.server import BuildStatus, make_server, new_token
from ..search_index import build_search_index
from ..settings import SettingsError, showcase_settings
from .lan import lan_address, lan_url, print_lan_address
from .warm_build import (
    UNCOLLECTED_BUILDS,
    KeptBuilds,
    MemoryBytecodeCache,
    as_in_a_fresh_process,
)

__all__ = ["UNCOLLECTED_BUILDS", "MemoryBytecodeCache", "PreviewBuilder", "serve"]

# The web editor reads admin/config.yml; served as octet-stream, Decap warns about it.
mimetypes.add_type("text/yaml", ".yml")

WATCHED = ("content", "data", "theme", "plugins", "pelicanconf.py")
# Not Pelican's reader cache (CACHE_CONTENT): it finds changes by modification time and
# knows nothing of the pictures a post shows. The plugin's (reader_cache.py), kept in memory
# from one build to the next, converts only the posts whose bytes changed.
PREVIEW_SETTINGS = {
    "SHOWCASE_PREVIEW": True,
    "SHOWCASE_INCREMENTAL": True,
}
# The LAN access token survives the restart after a plugin change (os.execv): phones that
# opened the preview keep their access.
TOKEN_VARIABLE = "SHOWCASE_PREVIEW_TOKEN"
# No save for this long after a build: the garbage collector runs (PreviewBuilder.idle). The
# browser has fetched the reloaded page by then; the collector's pass holds the interpreter
# for 0.05 s or more, which the page would otherwise wait for.
IDLE_SECONDS = 0.5


class PreviewBuilder:
    """One preview build after another, in one process."""

    def __init__(
        self,
        settings_file: str,
        output: str,
        status: BuildStatus | None = None,
        overrides: dict | None = None,
    ):
        self.settings_file = settings_file
        self.output = output
        self.status = status or BuildStatus()
        self.overrides = dict(overrides or {})
        # The compiled templates, Pelican's objects, no collection during a build
        # (warm_build.py: the build server's builder keeps the same). The collector stays
        # off until idle(): switched on at the build's end, its first pass walked every
        # object the build left young (10-20 ms at 500 posts) before the page could reload;
        # idle() collects them 0.5 s later anyway, or the next build first (UNCOLLECTED_BUILDS).
        self.builds = KeptBuilds(off_until_idle=True)
        self.kept = self.builds.kept

    def build(self) -> bool:
        """Build once; problems in the input are printed and kept, never fatal for the server."""
        self.status.started()
        problems: list[str] = []
        started = time.perf_counter()
        started_ns = time.time_ns()
        # The garbage collector is off meanwhile: idle() collects once the page has
        # reloaded, or the next build first when saves keep coming (UNCOLLECTED_BUILDS).
        # Another plugin's edited code runs, one no longer named does not (warm_build.py).
        # One file state for the whole build, taken before Pelican reads the file: a save
        # while it runs differs from every key of this build (warm_build.py).
        with self.builds.one_build() as outcome, as_in_a_fresh_process(), one_pass():
            try:
                # The settings file is read anew: it may be what changed.
                settings = read_settings(self.settings_file, override=self.settings_override())
                self.builds.with_templates(settings)
                # Into the folder it serves: a file with the same bytes is left
                # (atomic_write.py).
                with MEMO.one_build(), same_bytes_left():
                    Pelican(settings).run()
                # A page or feed no longer in the site (a post deleted or renamed, even while
                # no preview ran) is gone from the output folder, so the preview does not
                # serve it.
                manifest = PreviewManifest.file_for(
                    showcase_settings(settings).cache_dir, self.output
                )
                remove_unwritten_pages(Path(self.output), manifest, started_ns)
            except BuildStopped as stopped:
                problems = [str(p) for p in stopped.problems]  # already printed by the plugin
            except SystemExit:
                pass
            except Exception as error:
                problems = [f"Build fehlgeschlagen: {type(error).__name__}: {error}"]
                print(problems[0], file=sys.stderr, flush=True)
            else:
                outcome.ok = True
        ok = outcome.ok
        took = time.perf_counter() - started
        print(f"Fertig in {took:.1f} s." if ok else "Build fehlgeschlagen: siehe oben.", flush=True)
        self.status.finished(
            ok, problems or ([] if ok else ["Build fehlgeschlagen: siehe Terminal."])
        )
        return ok

    def settings_override(self) -> dict:
        """What the preview sets over the settings file: its own switches, its output folder
        and what the command line gave (`showcase cms --proxy-port`)."""
        return {**PREVIEW_SETTINGS, **self.overrides, "OUTPUT_PATH": self.output}

    def idle(self) -> None:
        """Between saves, once the reloaded page was served (KeptBuilds.idle)."""
        self.builds.idle()


def running_preview(port: int) -> bool:
    """True when the preview of this project already answers on the port."""
    try:
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/_vorschau/status.json", timeout=3
        ) as response:
            return json.loads(response.read()).get("vorschau") is True
    except (OSError, ValueError):
        return False


def serve(
    settings_file: str,
    *,
    port: int,
    output: str,
    lan: bool = False,
    overrides: dict | None = None,
) -> int:
    """Run the preview until Ctrl+C; a taken port is explained, not a traceback.

    `overrides` are settings over the settings file's (PreviewBuilder.settings_override)."""
    try:
        read_environment()
    except EnvironmentProblem as problem:
        print(f"{problem}\nDie Vorschau wurde nicht gestartet.", file=sys.stderr, flush=True)
        return 1
    try:
        return _serve(settings_file, port=port, output=output, lan=lan, overrides=overrides)
    except KeyboardInterrupt:
        print("\nVorschau beendet.", flush=True)
        return 0


def watched_paths(root: Path, settings_file: str, overrides: dict | None = None) -> list[Path]:
    """The project's folders (WATCHED), and each content type's own where it lies outside
    them (content_types/registry.py: a content folder set elsewhere with PATH)."""
    from ..content_types.registry import watched

    paths = [root / name for name in WATCHED if (root / name).exists()]
    try:
        typed = showcase_settings(read_settings(settings_file, override=overrides))
    except SettingsError:
        return paths  # the first build shows the wrong setting in the page; it is watched
    for path in watched(typed):
        if path.exists() and not any(path.is_relative_to(p) for p in paths):
            paths.append(path)
    return paths


def _serve(settings_file: str, *, port: int, output: str, lan: bool, overrides: dict | None) -> int:
    init_logging()
    root = Path(settings_file).resolve().parent
    status = BuildStatus()
    address = lan_address() if lan else None
    token = None
    if lan:
        token = read_environment().preview_token or new_token()
        os.environ[TOKEN_VARIABLE] = token
    try:
        server = make_server(
            "0.0.0.0" if lan else "127.0.0.1",
            port,
            output,
            status,
            lan_address=address,
            token=token,
        )
    except OSError as error:
        if error.errno != errno.EADDRINUSE:
            raise
        if running_preview(port):
            print(
                f"Die Vorschau läuft schon: http://localhost:{port}/ – öffnen Sie diese "
                "Adresse im Browser. Beenden mit Strg+C in dem Fenster, in dem sie läuft.",
                flush=True,
            )
            return 0
        print(
            f"Port {port} ist schon von einem anderen Programm belegt. Starten Sie die "
            f"Vorschau auf einem anderen Port, z. B.: make serve PORT={port + 1}",
            file=sys.stderr,
            flush=True,
        )
        return 1
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Vorschau: http://localhost:{port}/  (Strg+C beendet)", flush=True)
    if lan:
        if address:
            print_lan_address(lan_url(address, port, token))
        else:
            print("Kein Netzwerk gefunden: die Vorschau ist nur auf diesem Rechner zu sehen.")
    # Watch from before the first build: a file saved while it runs is not missed.
    paths = watched_paths(root, settings_file, overrides)
    saved: queue.Queue = queue.Queue()
    stop = threading.Event()

    def watch() -> None:
        for changes in watchfiles.watch(*paths, stop_event=stop):
            saved.put(changes)

    threading.Thread(target=watch, daemon=True).start()
    builder = PreviewBuilder(settings_file, output, status, overrides)
    if builder.build():
        # The search page needs Pagefind's index; built once at start, as it takes seconds.
        build_search_index(output)
    built = True
    try:
        while True:
            try:
                changes = saved.get(timeout=IDLE_SECONDS)
            except queue.Empty:
                if built:  # nothing saved since the build: the page has reloaded meanwhile
                    builder.idle()
                    built = False
                continue
            while not saved.empty():  # one rebuild for everything saved meanwhile
                changes |= saved.get()
            if any(
                Path(path).suffix == ".py" and "plugins" in Path(path).parts for _, path in changes
            ):
                stop.set()
                server.shutdown()
                server.server_close()
                print("Plugin geändert: Neustart.", flush=True)
                os.execv(sys.executable, [sys.executable, *sys.argv])
            builder.build()
            built = True
    finally:
        stop.set()
        server.shutdown()
    return 0
