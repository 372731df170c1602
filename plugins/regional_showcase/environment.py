"""The environment variables the plugin reads: parsed here, once per read, typed.

The site's settings live in pelicanconf.py (settings.py). These few describe the run rather
than the site (a CI runner's core count, a test suite's shared cache, a reproducible build's
date), so they come from the environment, where `make` and CI set them. Each is read only
through `read_environment`, which names every wrong one at once in German; docs/settings.md
lists them (settings_doc.py).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

from .search_bundles import BUNDLE_PAGES


class EnvironmentProblem(ValueError):
    """Every wrong environment variable of one run, each line naming the variable."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def _whole_from_1(meaning: str) -> Callable[[str], int]:
    def check(raw: str) -> int:
        if not raw.isdigit() or int(raw) < 1:
            raise ValueError(f"erwartet eine ganze Zahl ab 1 ({meaning})")
        return int(raw)

    return check


def _folder(raw: str) -> Path:
    return Path(raw)


def _seconds(raw: str) -> int:
    if not raw.isdigit():
        raise ValueError(
            "erwartet die Sekunden seit 1970 als ganze Zahl, z. B. "
            "SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)"
        )
    return int(raw)


def _process(raw: str) -> int:
    # Set by `make cms` for its own restarted process (staff/cms.py), never by hand.
    if not raw.isdigit():
        raise ValueError("erwartet eine Zahl; `make cms` setzt sie selbst, bitte nicht setzen")
    return int(raw)


def _switch(raw: str) -> bool:
    if raw not in ("0", "1"):
        raise ValueError("erwartet 0 (aus) oder 1 (an)")
    return raw == "1"


def _variable(name: str, check: Callable[[str], object], *, doc: str) -> dict[str, object]:
    """Field metadata: the variable `name`, read through `check` when set and not blank."""
    return {"name": name, "check": check, "doc": doc}


@dataclass(frozen=True)
class ShowcaseEnvironment:
    """Every environment variable the plugin reads; None where it is unset or blank."""

    workers: int | None = field(
        default=None,
        metadata=_variable(
            "SHOWCASE_WORKERS",
            _whole_from_1("1 = ohne Parallelisierung, leer = ein Prozess je Kern"),
            doc="Worker processes of a build; wins over the setting SHOWCASE_WORKERS. 1: serial.",
        ),
    )
    template_cache: Path | None = field(
        default=None,
        metadata=_variable(
            "SHOWCASE_TEMPLATE_CACHE",
            _folder,
            doc="Folder of the compiled templates and their reads (one for all test builds); "
            "unset: CACHE_PATH's.",
        ),
    )
    search_bundle_pages: int | None = field(
        default=None,
        metadata=_variable(
            "SHOWCASE_SEARCH_BUNDLE_PAGES",
            _whole_from_1(f"HTML-Dateien je Teil des Suchindex; leer = {BUNDLE_PAGES}"),
            doc=f"HTML files per part of the search index; unset: {BUNDLE_PAGES}.",
        ),
    )
    source_date_epoch: int | None = field(
        default=None,
        metadata=_variable(
            "SOURCE_DATE_EPOCH",
            _seconds,
            doc="Reproducible-builds date (seconds since 1970), when SHOWCASE_BUILD_DATE is unset.",
        ),
    )
    decap_server_pid: int | None = field(
        default=None,
        metadata=_variable(
            "SHOWCASE_DECAP_SERVER_PID",
            _process,
            doc="Internal: `make cms` hands its decap-server to the preview after a restart.",
        ),
    )
    decap_server_port: int | None = field(
        default=None,
        metadata=_variable(
            "SHOWCASE_DECAP_SERVER_PORT",
            _process,
            doc="Internal: the port of that decap-server.",
        ),
    )
    preview_token: str | None = field(
        default=None,
        metadata=_variable(
            "SHOWCASE_PREVIEW_TOKEN",
            str,
            doc="Internal: the LAN preview's access token, kept across its restart.",
        ),
    )
    build_server: bool | None = field(
        default=None,
        metadata=_variable(
            "SHOWCASE_BUILD_SERVER",
            _switch,
            doc="0: `make html` builds in its own process, no build process stays in the "
            "background (staff/build_server.py); unset or 1: one does, never in CI.",
        ),
    )
    build_server_idle: int | None = field(
        default=None,
        metadata=_variable(
            "SHOWCASE_BUILD_SERVER_IDLE",
            _whole_from_1("Sekunden ohne Build, nach denen der Bauprozess endet; leer = 600"),
            doc="Seconds without a build after which make html's build process ends; unset: 600.",
        ),
    )
    skip_unchanged: bool | None = field(
        default=None,
        metadata=_variable(
            "SHOWCASE_SKIP_UNCHANGED",
            _switch,
            doc="0: `make html` and `make publish` build even when no input changed since the "
            "last build (unchanged_build.py); unset or 1: such a build leaves output/ as it is.",
        ),
    )
    ci: bool | None = field(
        default=None,
        metadata=_variable(
            "CI",
            lambda raw: True,
            doc="Set by CI runners (any value): `make html` builds in its own process there.",
        ),
    )
    runtime_dir: Path | None = field(
        default=None,
        metadata=_variable(
            "XDG_RUNTIME_DIR",
            _folder,
            doc="The build server's socket in its regional-showcase/; unset: "
            "/tmp/regional-showcase-<uid>/.",
        ),
    )
    python_path: str | None = field(
        default=None,
        metadata=_variable(
            "PYTHONPATH",
            str,
            doc="Part of the build server's name: a server runs the plugin its PYTHONPATH finds.",
        ),
    )
    io_encoding: str | None = field(
        default=None,
        metadata=_variable(
            "PYTHONIOENCODING",
            str,
            doc="Python's own: the build server's streams keep the encoding they started with, "
            "so a make html with another one builds in its own process.",
        ),
    )


# Variables that say how a build runs, not what it makes: not in environment_key, so a build
# with the build server switched off keeps what a build through it made, and the other way.
HOW_IT_RUNS = frozenset(
    {"SHOWCASE_BUILD_SERVER", "SHOWCASE_BUILD_SERVER_IDLE", "SHOWCASE_SKIP_UNCHANGED"}
)


def read_environment(environ: Mapping[str, str] | None = None) -> ShowcaseEnvironment:
    """The typed environment (os.environ unless given); EnvironmentProblem names every wrong
    variable, as `NAME='value': reason`."""
    source = os.environ if environ is None else environ
    values: dict[str, object] = {}
    problems: list[str] = []
    for option in fields(ShowcaseEnvironment):
        name = option.metadata["name"]
        raw = source.get(name, "").strip()
        if not raw:
            continue
        try:
            values[option.name] = option.metadata["check"](raw)
        except ValueError as error:
            problems.append(f"{name}={raw!r}: {error}")
    if problems:
        raise EnvironmentProblem(problems)
    return ShowcaseEnvironment(**values)


def environment_key(environ: Mapping[str, str] | None = None) -> str:
    """Every SHOWCASE_* variable (but HOW_IT_RUNS) and SOURCE_DATE_EPOCH as set, unknown ones
    too, as one line for a cache key: a kept page or object was made under exactly these."""
    source = os.environ if environ is None else environ
    return repr(
        sorted(
            (key, value)
            for key, value in source.items()
            if (key.startswith("SHOWCASE_") or key == "SOURCE_DATE_EPOCH")
            and key not in HOW_IT_RUNS
        )
    )
