"""The fast edit–preview loop of `make serve`: re-render only the post pages that changed.

A post page depends on its own file, on the templates, the region data, the settings, the
plugin's own code and on the list of all posts (related posts, region chips). When none of
these changed since the last preview build and the page is still in the output folder,
rendering it again would write the same bytes, so it is skipped. Listings, region and topic
pages and feeds are always rebuilt. A page or feed the last preview build wrote and this one
did not (a deleted, renamed or published draft) is removed, so the preview shows what a full
build shows; so is, after each preview build, every page and feed in the output folder that
this build did not write (left by `make html` or by a preview of an earlier checkout state:
remove_unwritten_pages). Publish builds never use this: they always render everything from
scratch.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import types
from collections.abc import Iterator
from pathlib import Path

from ..settings import ShowcaseSettings


def stat_line(path: Path) -> str:
    """A file as path, size and modification time: what the preview compares between builds."""
    stat = path.stat()
    return f"{path}:{stat.st_size}:{stat.st_mtime_ns}"


PLUGIN_CODE = Path(__file__).resolve().parent.parent
# Pages and feeds: every build writes each of them anew (Pelican's Writer, or the plugin's
# admin/index.html and sitemap.xml). Pictures, scripts and Decap's files are copied only when
# missing or changed, so a file's age says nothing about them: they are left alone.
REWRITTEN_SUFFIXES = (".html", ".xml")
# Files written by this build are not older than its start; the margin is for file systems
# that keep modification times in whole seconds (FAT: two).
MTIME_MARGIN_NS = 2_000_000_000
_ADDRESS = re.compile(r" at 0x[0-9a-f]+")
# A relative name that Path keeps as it is: parts without "." or ".." (nor any name that
# starts with a dot), no empty part.
_PLAIN_NAME = re.compile(r"[^/.][^/]*(?:/[^/.][^/]*)*")
# An object's attributes that count as its state in a setting (a set's order is not fixed).
_PLAIN_STATE = (str, int, float, bool, type(None), list, tuple, dict)


def plain_name(name: object) -> bool:
    """A relative name that Path keeps as it is (_PLAIN_NAME): joined to any folder, it
    stays inside it."""
    return isinstance(name, str) and _PLAIN_NAME.fullmatch(name) is not None


def settings_digest(settings: dict) -> str:
    """Every Pelican setting as text; function and object addresses left out (they change
    with every process, the settings do not), a function's code in (its text is only its
    name: a Jinja filter in pelicanconf.py with a new body renders other pages).

    Not the compiled-template cache in JINJA_ENVIRONMENT (`bytecode_cache`): which one a
    build uses (the files in cache/ of a build in its own process, template_cache.py, or the
    memory of `make serve` and the build server, warm_build.py) and what it holds (every
    compiled template: 10 ms of text per digest on the shipped site) never changes a page.
    Both hand out a compiled template only for the same source and compile options, and the
    templates' files are in the keys besides. So a build in the build server and one in a
    process of its own have the same keys."""
    jinja = settings.get("JINJA_ENVIRONMENT")
    if isinstance(jinja, dict) and "bytecode_cache" in jinja:
        settings = {**settings, "JINJA_ENVIRONMENT": {**jinja, "bytecode_cache": "bytecode_cache"}}
    text = repr(sorted((str(key), repr(value)) for key, value in settings.items()))
    digest = hashlib.sha256(_ADDRESS.sub("", text).encode())
    for code in sorted(_function_codes(settings)):
        digest.update(code)
    return digest.hexdigest()


def _function_codes(value, depth: int = 0) -> Iterator[bytes]:
    """The code (bytecode, constants, names, defaults) of every function in a setting's value
    (in dicts, lists, tuples and sets, a few levels down), and the plain state of every other
    object (its options: `TocExtension(permalink="#")` has no text but its class's name)."""
    if depth > 3:
        return
    if isinstance(value, dict):
        value = value.values()
    if isinstance(value, list | tuple | set | frozenset | type({}.values())):
        for item in value:
            yield from _function_codes(item, depth + 1)
        return
    code = getattr(value, "__code__", None)
    if isinstance(code, types.CodeType):
        defaults = _ADDRESS.sub("", repr(getattr(value, "__defaults__", None)))
        yield f"{_code_text(code)}|{defaults}".encode()
        return
    state = getattr(value, "__dict__", None)
    if isinstance(state, dict) and not isinstance(value, type | types.ModuleType):
        plain = sorted((k, v) for k, v in state.items() if isinstance(v, _PLAIN_STATE))
        yield f"{type(value).__qualname__}|{_ADDRESS.sub('', repr(plain))}".encode()
        yield from _function_codes(list(state.values()), depth + 1)


def _code_text(code: types.CodeType) -> str:
    """A function's bytecode, names and constants (nested functions' too) as text; not
    marshal's bytes, which depend on reference counts."""
    consts = [_constant_text(constant) for constant in code.co_consts]
    return f"{code.co_code.hex()}|{code.co_names}|{code.co_varnames}|{consts}"


def _constant_text(constant) -> str:
    """A constant of a function's code the same in every process: a set's order is not
    (`x in {"a", "b"}` is a frozenset constant, ordered by the process's string hashes)."""
    if isinstance(constant, types.CodeType):
        return _code_text(constant)
    if isinstance(constant, frozenset):
        return f"frozenset({sorted(map(_constant_text, constant))})"
    if isinstance(constant, tuple):
        return f"({', '.join(map(_constant_text, constant))})"
    return repr(constant)


def files_fingerprint(
    settings: ShowcaseSettings,
    pelican_settings: dict | None = None,
    code_dir: Path = PLUGIN_CODE,
    data: bool = True,
) -> str:
    """The settings and the files every post page depends on: code, templates, region data
    (not with `data=False`: for pages keyed on the region data's values they read)."""
    digest = hashlib.sha256()
    if pelican_settings is not None:
        digest.update(settings_digest(pelican_settings).encode())
    # The plugin's code renders the pages too; `make serve` restarts when it changes.
    for path in sorted(code_dir.rglob("*.py")):
        digest.update(stat_line(path).encode())
    templates = settings.theme / "templates"
    for path in sorted(templates.rglob("*.html")):
        digest.update(stat_line(path).encode())
    for target in (settings.data, settings.region_texts) if data else ():
        if target is not None and target.exists():
            files = sorted(target.rglob("*")) if target.is_dir() else [target]
            for path in files:
                digest.update(stat_line(path).encode())
    return digest.hexdigest()


def inputs_fingerprint(
    settings: ShowcaseSettings,
    articles: list,
    pelican_settings: dict | None = None,
    code_dir: Path = PLUGIN_CODE,
    files: str | None = None,
) -> str:
    """What every post page depends on besides its own file; `files` is files_fingerprint's
    answer when already known."""
    digest = hashlib.sha256()
    digest.update((files or files_fingerprint(settings, pelican_settings, code_dir)).encode())
    for article in articles:
        regions = str(article.metadata.get("regions", ""))
        line = f"{article.url}|{article.title}|{article.date}|{regions}|{article.category}"
        digest.update(line.encode())
    return digest.hexdigest()


class PreviewManifest:
    """Fingerprints of the post pages the last preview build wrote."""

    def __init__(self, file: Path, output_path: Path):
        self.file = file
        self.output_path = output_path
        try:
            saved = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            saved = {}
        self.previous: dict[str, str] = saved.get("pages", {})
        self.previous_written: set[str] = set(saved.get("written", []))
        self.current: dict[str, str] = {}
        self.written: set[str] = set()

    def record(self, name: str) -> None:
        """A page or feed this build writes (or keeps), as Path(name).as_posix() names it: a
        plain relative name as it is (no Path for each of 700 pages per rebuild)."""
        text = os.fspath(name)
        if os.sep == "/" and plain_name(text):
            self.written.add(text)
        else:
            self.written.add(Path(text).as_posix())

    @staticmethod
    def file_for(cache_dir: Path, output_path: str | Path) -> Path:
        """The manifest of one output folder (its names are deleted from that folder)."""
        key = hashlib.sha256(str(Path(output_path).resolve()).encode()).hexdigest()[:12]
        return cache_dir / f"preview-pages-{key}.json"

    def remove_stale(self) -> list[str]:
        """Delete what the last preview build wrote and this one did not; return the names."""
        removed = []
        for name in sorted(self.previous_written - self.written):
            if _remove(self.output_path, name):
                removed.append(name)
        return removed

    def fingerprint(self, inputs: str, source_path: str) -> str:
        return hashlib.sha256(f"{inputs}|{stat_line(Path(source_path))}".encode()).hexdigest()

    def unchanged(self, name: str, fingerprint: str) -> bool:
        """True when the page was written from the same inputs and is still there."""
        self.current[name] = fingerprint
        if self.previous.get(name) != fingerprint:
            return False
        return os.path.exists(os.path.join(self.output_path, name))  # no Path: 500 per rebuild

    def save(self) -> None:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        state = {"pages": self.current, "written": sorted(self.written)}
        self.file.write_text(json.dumps(state, sort_keys=True), encoding="utf-8")


def remove_unwritten_pages(output_path: Path, manifest: Path, started_ns: int) -> list[str]:
    """After a good preview build: delete every page and feed of the output folder that the
    build neither wrote (its modification time is older than the build) nor kept (the
    manifest's list); return the names. A post deleted or renamed while no preview ran
    would otherwise stay online in the preview."""
    try:
        written = set(json.loads(manifest.read_text(encoding="utf-8"))["written"])
    except (OSError, ValueError, KeyError):
        return []  # no list of what the build wrote: nothing is known to be stale
    # One walk (os.scandir, linked folders not entered), one lstat per page or feed not
    # written: the output holds thousands of files, and this runs after every preview build
    # (os.walk and a relative path per file took 13 ms of a rebuild at 500 posts).
    stale = []
    folders = [(os.fspath(output_path), "")]
    while folders:
        directory, prefix = folders.pop()
        try:
            with os.scandir(directory) as entries:
                found = list(entries)
        except OSError:
            continue
        for entry in found:
            if entry.is_dir(follow_symlinks=False):
                folders.append((entry.path, f"{prefix}{entry.name}/"))
                continue
            if os.path.splitext(entry.name)[1] not in REWRITTEN_SUFFIXES:
                continue
            name = prefix + entry.name
            if name in written:
                continue
            try:
                state = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            # A plain file (no link) older than the build.
            if stat.S_ISREG(state.st_mode) and state.st_mtime_ns < started_ns - MTIME_MARGIN_NS:
                stale.append(name)
    return [name for name in sorted(stale) if _remove(output_path, name)]


def _remove(output_path: Path, name: str) -> bool:
    """Delete one file of the output folder, and the folders it leaves empty."""
    path = output_path / name
    if not path.is_file():
        return False
    path.unlink()
    for parent in path.parents:
        if parent == output_path or any(parent.iterdir()):
            break
        parent.rmdir()
    return True
