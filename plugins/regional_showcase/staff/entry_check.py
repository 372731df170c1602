"""Before the web editor writes: the rules of `make check`, on the project as it would be after.

The editor's proxy (cms_proxy.py) asks here before it passes a write on to decap-server: a
new or changed entry (post, event, region text, page, data/regions.yaml), a deleted entry,
an uploaded or deleted picture. The files the request would write are held in memory
(data/unsaved.py) and `check_input`, the one entry point of `showcase check` and the build,
reads them in place of the disk's. So the editor refuses exactly what the check would
refuse, in the same words, before anything is written; a new rule there is a new rule here.

A save is refused for every problem in the files it writes, and for a problem elsewhere that
only the save brings (a title another post already has, a region removed that posts still
name, a picture deleted that a post shows). Problems the project already had before are not
this save's: they would otherwise keep staff from saving the very fix. Warnings (a date years
ahead) are the same, but ask for confirmation instead.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..data import unsaved
from ..data.paths_shown import display_path
from ..data.problems import Problem, ValidationFailed
from ..events.loader import build_date
from ..input_check import check_input
from ..preview.memo import PreviewMemo, tree_stat

if TYPE_CHECKING:
    from ..settings import ShowcaseSettings

# decap-server's actions that write or delete files, by the keys that hold them.
WRITING_ACTIONS = ("persistEntry", "persistMedia", "deleteFiles", "deleteFile")


class UnreadableRequest(ValueError):
    """A write whose files cannot be read (not text, not base64): refused, in German."""


@dataclass(frozen=True)
class Verdict:
    """What the rules say about one save: errors refuse it, warnings ask first."""

    errors: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    # The first line of the text (after the front matter) of each file the save writes, by
    # its name in messages: a problem from there on belongs to the editor's text field.
    body_lines: Mapping[str, int] = field(default_factory=dict)

    def as_json(self, repo: Path) -> dict[str, Any]:
        return {
            "fehler": [self._json(problem, repo) for problem in self.errors],
            "warnungen": [self._json(problem, repo) for problem in self.warnings],
        }

    def _json(self, problem: Problem, repo: Path) -> dict[str, Any]:
        return {**_problem_json(problem, repo), "eingabefeld": self.input_field(problem)}

    def input_field(self, problem: Problem) -> str:
        """The name of the editor's field a problem belongs to, or '' (shown above the form).

        Post and event headers name their field as staff write it ('title', 'Title',
        'location.city'); 'Text' and lines after the front matter are the text ('body').
        Paths into regions.yaml ('regions[6].housing') name no single field of the form, and
        a problem of another file (the older post with the same address) none of this one."""
        name = problem.field
        start = self.body_lines.get(problem.file)
        if start is None or problem.file.endswith((".yaml", ".yml")):
            return ""
        if not name:
            return "body" if problem.line >= start else ""
        top = re.split(r"[.\[]", name, maxsplit=1)[0].lower()
        return "body" if top == "text" else top

    def summary(self, repo: Path) -> str:
        """One German text for Decap's own message: what the problems are, by file and line."""
        if self.errors:
            count = len(self.errors)
            noun = "ein Problem" if count == 1 else f"{count} Probleme"
            head = f"Nicht gespeichert: die Prüfung („make check“) fand {noun}"
            listed = self.errors
        else:
            count = len(self.warnings)
            noun = "eine Warnung" if count == 1 else f"{count} Warnungen"
            head = f"Noch nicht gespeichert: die Prüfung meldet {noun}, bitte bestätigen"
            listed = self.warnings
        return head + ": " + " · ".join(_problem_json(p, repo)["text"] for p in listed)


def _problem_json(problem: Problem, repo: Path) -> dict[str, Any]:
    shown = repo_path(problem.file, repo)
    return {
        "datei": shown,
        "zeile": problem.line,
        "feld": problem.field,
        "meldung": problem.message,
        # The line `showcase check` prints, run in the checkout (as `make check` is).
        "text": str(replace(problem, file=shown)),
    }


def repo_path(shown: str, repo: Path) -> str:
    """A problem's file as `make check` names it in the checkout: relative to it."""
    path = Path(shown)
    absolute = Path(os.path.abspath(path))
    return absolute.relative_to(repo).as_posix() if absolute.is_relative_to(repo) else shown


def planned_files(repo: Path, request: Mapping[str, Any]) -> dict[Path, bytes | None]:
    """The files a decap-server request would write (their bytes) or delete (None), by
    absolute path; empty for a request that writes nothing. cms_proxy.check_body has made
    sure every path is in content/ or data/."""
    action = request.get("action")
    params = request.get("params") or {}
    files: dict[Path, bytes | None] = {}
    if action == "persistEntry":
        for data_file in params.get("dataFiles") or [params.get("entry")]:
            raw = _text(data_file, "raw")
            if data_file.get("newPath"):  # decap-server writes path, then moves it there
                files[repo / data_file["path"]] = None
                files[repo / data_file["newPath"]] = raw
            else:
                files[repo / data_file["path"]] = raw
        for asset in params.get("assets") or []:
            files[repo / asset["path"]] = _asset(asset)
    elif action == "persistMedia":
        asset = params.get("asset") or {}
        files[repo / asset["path"]] = _asset(asset)
    elif action == "deleteFiles":
        files.update((repo / path, None) for path in params.get("paths") or [])
    elif action == "deleteFile":
        files[repo / params["path"]] = None
    return files


def _text(data_file: Any, key: str) -> bytes:
    value = data_file.get(key) if isinstance(data_file, dict) else None
    if not isinstance(value, str):
        raise UnreadableRequest("Der Web-Editor hat keinen Text zum Speichern geschickt.")
    return value.encode("utf-8")


def _asset(asset: Any) -> bytes:
    try:
        return base64.b64decode(asset["content"], validate=True)
    except (KeyError, TypeError, binascii.Error):
        raise UnreadableRequest(
            "Der Web-Editor hat eine Datei geschickt, die sich nicht lesen lässt."
        ) from None


def check_entry(
    settings: ShowcaseSettings,
    files: Mapping[Path, bytes | None],
    memo: PreviewMemo | None = None,
) -> Verdict:
    """The problems and warnings the save of `files` would bring (see the module's text).

    `memo` keeps the findings of the project as it is on disk while no file of it changes:
    each save then runs the rules once, not twice (a quarter of a second each)."""
    if memo is None:
        before_errors, before_warnings = findings(settings, {})
    else:
        key = (
            settings,
            os.getcwd(),  # the paths in messages are relative to it
            build_date(settings),  # warnings count the days from it
            tree_stat(settings.content_path),
            tree_stat(settings.data.parent),
        )
        before_errors, before_warnings = memo.get("on-disk", key, lambda: findings(settings, {}))
    errors, warnings = findings(settings, files)
    written = {display_path(path) for path in files}

    def this_saves(found: Iterable[Problem], before: set[Problem]) -> tuple[Problem, ...]:
        return tuple(p for p in found if p.file in written or p not in before)

    return Verdict(
        this_saves(errors, set(before_errors)),
        this_saves(warnings, set(before_warnings)),
        {display_path(path): _body_line(data) for path, data in files.items() if data},
    )


def _body_line(data: bytes) -> int:
    """The line after a front matter's closing '---' (1 without front matter)."""
    lines = data.decode("utf-8", "replace").splitlines()
    if lines and lines[0].strip() == "---":
        for number, line in enumerate(lines[1:], start=2):
            if line.strip() == "---":
                return number + 1
    return 1


def findings(
    settings: ShowcaseSettings, files: Mapping[Path, bytes | None]
) -> tuple[list[Problem], list[Problem]]:
    """Every error and warning of `showcase check` with `files` as the save would leave them."""
    with unsaved.pending(files):
        try:
            checked = check_input(settings)
        except ValidationFailed as failed:
            errors, warnings = list(failed.problems), list(failed.warnings)
        else:
            errors, warnings = [], [*checked.events.warnings, *checked.warnings]
    return sorted(set(errors)), sorted(set(warnings))
