"""The input check's results per file, kept in cache/ from one check to the next.

A build after one edited post checks 1,000 posts whose files did not change. The rules that
read one file only (a post's header, characters, dates, links, text rules, its language and
translation key, its links to starke-regionen.de) give the same answer for the same bytes,
and so does loading the region data (regions.yaml with the region texts), so their results
are kept here and handed out again while, all together:

- the file's bytes are the same (its SHA-256, read through the web editor's unsaved files:
  data/unsaved.py; never its mtime),
- every other question the rule asked of the files gets the same answer: whether a picture
  a post names exists and how large it is, its first bytes, the list of pictures for a
  did-you-mean (recorded with unsaved.recording() while the rule ran),
- the slot's `inputs` are the same: for a post's check, what it reads of the region data
  (the regions' slugs and the topics: data/posts.py site_facts_read, so an edited claim or
  figure keeps every post's result); the region texts (every file, by path and bytes) and
  the languages for the region data itself,
- the scope is the same: the plugin's code (a digest of every .py file under the plugin),
  every setting, the working folder (the paths in messages are relative to it), Python's and
  the rule libraries' versions, and this file's format.

The rules across files (duplicate slugs, links to other posts against the site's addresses,
translations without an original, regions in use, the address ledger, dates against today)
run on every check, on the kept per-file results. No rule kept here reads the day or the
environment. Nothing is written for a check under the editor's unsaved files (it reads what
is kept, through them); a corrupt, unreadable or foreign cache file counts as no cache,
never as an error. The file is written whole (atomic_write.py) and holds the results of the
files of the last check only. `make serve` keeps a file of its own and reads it only while
its memory is empty (input_check.py).

The build server's builds (staff/build_server.py) check through the memo (preview/memo.py),
which asks this cache only for what it lacks: the file was written by the server's first
build alone, and `showcase check` or the next build in its own process checked every file
edited since again. There one object is kept for the process (`for_process`), and each
build's save writes it whole after the build's answer (deferred_saves.py): the results this
build made or used, and those of earlier checks of files the memo handed out unchanged (each
is handed out only for the bytes it was made from); a deleted file's leave.

JSON, not pickle: a cache restored by CI is data, never code. Each kept value is made of
the types `encode` knows; any other value is computed on every check instead.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import importlib.metadata
import json
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from markupsafe import Markup
from pelican.utils import SafeDatetime

from . import atomic_write
from .data import unsaved
from .data.dates import MonthDate
from .data.text_files import file_bytes, file_digest

if TYPE_CHECKING:
    from .settings import ShowcaseSettings

T = TypeVar("T")

FORMAT = 5
FILE_NAME = "check-cache.json"
PREVIEW_FILE_NAME = "check-cache-preview.json"
# The build's check: Pelican's reader adds the `meta` extension to the settings' Markdown
# extensions, so its scope is never `showcase check`'s; in one file each replaced the
# other's, and a check after a build (or a build after a check) checked every file again.
BUILD_FILE_NAME = "check-cache-build.json"
PLUGIN = Path(__file__).resolve().parent
# The libraries the kept rules call: YAML (headers, regions.yaml), JSON Schema, Markdown
# (bodies, region texts; pymdown-extensions where a setting names it), the sanitizer.
LIBRARIES = (
    "markdown",
    "pymdown-extensions",
    "pyyaml",
    "pelican",
    "nh3",
    "jsonschema",
    "markupsafe",
)


class Unencodable(ValueError):
    """A value of a type the cache does not keep: computed on every check instead."""


_DATETIMES = {cls.__name__: cls for cls in (dt.datetime, SafeDatetime, MonthDate)}
_PACKAGE = __name__.rpartition(".")[0] + "."
_PLAIN = frozenset((type(None), bool, int, float, str))


def encode(value: Any, own: Path | None = None) -> Any:
    """`value` as JSON data that `decode` turns back into an equal value of the same types:
    None, bool, int, float and str as they are, anything else as a list tagged by its first
    item ("l" list, "t" tuple, "D" dict, "m" Markup, "p" Path, "d" datetime, "day" date,
    "c" a dataclass of this plugin with its fields in order: the plugin's code is part of
    the scope, so neither the order nor the classes can change). `own`, the file the value
    was found in, is kept as "o": decode hands back the caller's Path object for it."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is list:
        return ["l", *_encoded(value, own)]
    if kind is tuple:
        return ["t", *_encoded(value, own)]
    fields = _FIELDS.get(kind)
    if fields is None and dataclasses.is_dataclass(value):
        fields = _fields_of(kind)
    if fields is not None:
        values = [getattr(value, name) for name in fields]
        return ["c", _class_name(kind), *_encoded(values, own)]
    if kind is dict:
        return ["D", *([encode(key, own), encode(item, own)] for key, item in value.items())]
    if kind is Markup:
        return ["m", str(value)]
    if isinstance(value, Path):
        return ["o"] if own is not None and value == own else ["p", str(value)]
    if kind in _DATETIMES.values():
        # A fixed offset survives isoformat(); a named zone would lose its name.
        if value.tzinfo is not None and type(value.tzinfo) is not dt.timezone:
            raise Unencodable(repr(value))
        return ["d", kind.__name__, value.isoformat()]
    if kind is dt.date:
        return ["day", value.isoformat()]
    raise Unencodable(f"{kind.__name__}: {value!r}"[:200])


def _encoded(values: list | tuple, own: Path | None) -> list:
    return [item if type(item) in _PLAIN else encode(item, own) for item in values]


def _fields_of(kind: type) -> tuple[str, ...]:
    """The fields of a dataclass of this plugin that `decode` can rebuild it from (all set
    by its constructor), in order; Unencodable for any other class."""
    name = _class_name(kind)
    fields = dataclasses.fields(kind)
    if not name.startswith(_PACKAGE) or any(not f.init for f in fields):
        raise Unencodable(name)
    _FIELDS[kind] = names = tuple(f.name for f in fields)
    return names


_FIELDS: dict[type, tuple[str, ...]] = {}


def _class_name(kind: type) -> str:
    return f"{kind.__module__}:{kind.__qualname__}"


def _dataclass(name: str) -> type:
    """A dataclass of this plugin by module and name, from the modules already imported (a
    cache file can name no other class, nor make anything be imported)."""
    kind = _CLASSES.get(name)
    if kind is not None:
        return kind
    module, _, qualname = name.partition(":")
    if not module.startswith(_PACKAGE) or module not in sys.modules or "." in qualname:
        raise ValueError(f"not a kept class: {name}")
    kind = getattr(sys.modules[module], qualname, None)
    if not (isinstance(kind, type) and dataclasses.is_dataclass(kind)):
        raise ValueError(f"not a kept class: {name}")
    _CLASSES[name] = kind
    return kind


_CLASSES: dict[str, type] = {}


def decode(data: Any, own: Path | None = None) -> Any:
    """The value `encode` gave `data` for (with the same `own`); ValueError (or KeyError,
    TypeError) if it is not such data."""
    if type(data) is not list:
        if type(data) in _PLAIN:
            return data
        raise ValueError(f"not a kept value: {data!r}")
    tag = data[0]
    if tag == "c":
        return _dataclass(data[1])(*_items(data, 2, own))
    if tag == "o" and own is not None:
        return own
    if tag == "l":
        return _items(data, 1, own)
    if tag == "t":
        return tuple(_items(data, 1, own))
    if tag == "D":
        return {decode(key, own): decode(item, own) for key, item in data[1:]}
    if tag == "m":
        return Markup(data[1])
    if tag == "p":
        return Path(data[1])
    if tag == "d":
        return _DATETIMES[data[1]].fromisoformat(data[2])
    if tag == "day":
        return dt.date.fromisoformat(data[1])
    raise ValueError(f"not a kept value: {data!r}")


def _items(data: list, start: int, own: Path | None) -> list:
    # Most items are plain: decoded without a call (the warm check decodes 100,000 of them).
    # Anything else (a JSON object) goes to decode, which refuses it.
    return [item if type(item) in _PLAIN else decode(item, own) for item in data[start:]]


def code_digest(folder: Path = PLUGIN) -> str:
    """Every .py file under the plugin, by path and bytes."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*.py")):
        digest.update(f"{path.relative_to(folder)}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _library_versions() -> str:
    versions = []
    for name in LIBRARIES:
        try:
            versions.append(f"{name}={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name}=-")
    return f"{sys.version}|{'|'.join(versions)}"


def scope_of(
    settings: ShowcaseSettings, code: str | None = None, versions: str | None = None
) -> str:
    """What every kept result depends on besides its own slot's key (the module docstring)."""
    digest = hashlib.sha256()
    for part in (
        str(FORMAT),
        code or process_code()[0],
        repr(settings),
        os.getcwd(),
        versions or process_code()[1],
    ):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def files_digest(paths: Iterable[Path]) -> str:
    """The bytes of several files (as read_text reads them, with the unsaved ones)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(f"{path}\0".encode())
        try:
            digest.update(hashlib.sha256(file_bytes(path)).digest())
        except OSError:
            digest.update(b"-")
    return digest.hexdigest()


def answers_hold(asked: list) -> bool:
    """True when every noted question ([question, path, count, fact]) gets the same answer
    now (with the editor's unsaved files)."""
    try:
        for question, name, count, answer in asked:
            if question == "read":
                try:
                    now = unsaved.fact(file_bytes(Path(name)))
                except OSError:
                    now = None
            else:
                now = unsaved.answer(question, Path(name), count)
            if now != answer:
                return False
    except (ValueError, TypeError):
        return False
    return True


def _note_again(asked: list) -> None:
    """Hand the questions a kept or computed result asked to the recording around it."""
    for question, name, count, answer in asked:
        unsaved.note(question, Path(name), count, answer)


class CheckCache:
    """The kept results of one cache file; `get` hands one out or computes and keeps it.

    The file holds, per file path, the SHA-256 of the bytes the results were made from and
    each kind of result made from them: [inputs, asked, value] (the path and the hash once
    per file, not once per kind: the file is read and written on every check)."""

    def __init__(
        self,
        file: Path,
        scope: str | None,
        files: dict[str, Any] | None = None,
        settings: ShowcaseSettings | None = None,
    ) -> None:
        self.file = file
        self.scope = scope
        # path -> [digest, {kind: [inputs, asked, encoded value]}], as read, and as this
        # check used or made them.
        self.old: dict[str, Any] = files or {}
        self.kept: dict[str, Any] = {}
        self.hits = 0
        self.misses = 0
        self._unread = settings  # set: the file is read at the first get()
        # The file's state when this object last read or wrote it (for_process's object
        # takes in what another process wrote since: save(carried=True)).
        self.seen: tuple | None = None

    @classmethod
    def load(cls, settings: ShowcaseSettings, build: bool = False) -> CheckCache:
        """The cache of these settings, read when first asked (a preview build whose memo
        holds everything never reads it): empty when the file is missing, unreadable,
        corrupt or from another scope (other code, settings, folder or versions)."""
        # The preview's settings differ from the build's: a file of its own, so that `make
        # serve` and `make html` do not replace each other's.
        name = BUILD_FILE_NAME if build else FILE_NAME
        file = settings.cache_dir / (PREVIEW_FILE_NAME if settings.preview else name)
        return cls(file, None, settings=settings)

    def _read(self, settings: ShowcaseSettings) -> None:
        self._unread = None
        self.scope = scope_of(settings)
        self.old = self._from_file() or self.old

    def _from_file(self) -> dict[str, Any] | None:
        """The file's results when it is of this format and scope, else None."""
        self.seen = _state(self.file)
        try:
            saved = json.loads(self.file.read_text(encoding="utf-8"))
            if saved["format"] == FORMAT and saved["scope"] == self.scope:
                files = saved["files"]
                if isinstance(files, dict):
                    return files
        except (OSError, ValueError, KeyError, TypeError):
            pass
        return None

    def get(self, kind: str, path: Path, inputs: str, compute: Callable[[], T]) -> T:
        """The result of `compute` (a rule over the file `path`) for the file's bytes now,
        kept or computed. `inputs` names what else the rule reads (see the module docstring);
        ValidationFailed and other errors of compute() pass through and nothing is kept."""
        if self._unread is not None:
            self._read(self._unread)
        try:
            digest = file_digest(path)
        except OSError:
            return compute()  # the rule reports the missing file itself
        name = str(path)
        held = self._held(name, digest, kind)
        # Most results asked nothing besides their own file: [] needs no answers.
        if held is not None and held[0] == inputs and (held[1] == [] or answers_hold(held[1])):
            try:
                value = decode(held[2], path)
            except (ValueError, KeyError, TypeError, AttributeError, IndexError):
                pass  # a corrupt entry: computed again
            else:
                self._keep(name, digest, kind, held)
                self.hits += 1
                if held[1]:
                    _note_again(held[1])
                return value
        self.misses += 1
        with unsaved.recording() as asked:
            value = compute()
        # A recording around this call (the preview's memo) hears the questions too.
        _note_again(asked)
        try:
            encoded = encode(value, path)
        except Unencodable:
            return value
        asked = [
            [question, asked_path, count, unsaved.fact(answer)]
            for question, asked_path, count, answer in asked
            if not (question == "read" and asked_path == name)  # the digest is the bytes
        ]
        self._keep(name, digest, kind, [inputs, asked, encoded])
        return value

    def _held(self, name: str, digest: str, kind: str) -> list | None:
        """The kept [inputs, asked, value] of `kind` for the file's bytes, or None."""
        entry = self.old.get(name)
        try:
            if entry[0] != digest:
                return None
            held = entry[1].get(kind)
            return held if type(held) is list and len(held) == 3 else None
        except (TypeError, KeyError, IndexError, AttributeError):
            return None  # none, or not of this format: computed again

    def _keep(self, name: str, digest: str, kind: str, held: list) -> None:
        entry = self.kept.get(name)
        if entry is None or entry[0] != digest:
            entry = self.kept[name] = [digest, {}]
        entry[1][kind] = held

    def save(self, carried: bool = False) -> None:
        """Write the results of this check's files (a deleted post's leave), with the other
        results kept for their bytes (`showcase check` parses the bodies, the build does
        not: each keeps its own); nothing under the editor's unsaved files, nor when nothing
        changed. `carried` (for_process): the check asked for some files' results not at
        all (its memo had them), so every file's results are carried over while the file is
        there; what is written is then what this object holds for the next build."""
        if self.scope is None:
            return  # never read, nothing asked
        written_since = carried and self._carry()
        if unsaved.overlay():
            return
        unchanged = self.misses == 0 and self.kept.keys() == self.old.keys()
        # (Carried: the file gone, `rm -rf cache` while the server lives, is written again.)
        if unchanged and not written_since and (not carried or self.file.exists()):
            return
        files = {}
        for name, (digest, kinds) in self.kept.items():
            entry = self.old.get(name)
            try:
                same = entry[0] == digest and isinstance(entry[1], dict)
            except (TypeError, KeyError, IndexError):
                same = False
            files[name] = [digest, {**entry[1], **kinds} if same else kinds]
        data = {"format": FORMAT, "scope": self.scope, "files": files}
        if carried:  # the next build starts from what the file holds
            self.old, self.kept, self.hits, self.misses = files, {}, 0, 0
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            atomic_write.write_text(self.file, text)
            self.seen = _state(self.file)
        except OSError:
            pass  # a cache that cannot be written is no cache, never a failed check

    def _carry(self) -> bool:
        """The results of files this check did not ask about, into `kept` while the file is
        there (by its path as the check named it, in the build's folder). What another
        process wrote to the file since this object read or wrote it (`showcase check`'s
        results with the bodies' rules, which no build makes) is taken in first: True then."""
        written_since = _state(self.file) != self.seen
        if written_since:
            for name, entry in (self._from_file() or {}).items():
                mine = self.old.get(name)
                if not _whole(entry):
                    continue  # a damaged entry: not taken in (nor handed out: _held)
                if not _whole(mine):
                    self.old[name] = entry
                elif mine[0] == entry[0]:
                    self.old[name] = [entry[0], {**entry[1], **mine[1]}]
        for name, entry in self.old.items():
            if name not in self.kept and _whole(entry) and os.path.lexists(name):
                self.kept[name] = entry
        return written_since


def _whole(entry: Any) -> bool:
    """An entry of the file's shape, [digest, {kind: …}] (each kind is checked when used)."""
    return (
        type(entry) is list
        and len(entry) == 2
        and isinstance(entry[0], str)
        and isinstance(entry[1], dict)
    )


def _state(file: Path) -> tuple | None:
    try:
        info = os.stat(file)
    except OSError:
        return None
    return info.st_ino, info.st_mtime_ns, info.st_size


# The build server's cache of each file with its scope (for_process).
_PROCESS: dict[Path, tuple[str, CheckCache]] = {}
# The plugin's code digest and the libraries' versions, once: a server of other ones is stale
# (build_client.identity).
_PROCESS_CODE: list[str] = []


def process_code() -> list[str]:
    """The plugin's code digest and the libraries' versions, taken once per process: a
    process runs the code it imported, and a change restarts it (make serve, staff/serve.py;
    the build server, build_client.identity). Each check took them again (5 ms, in the tests
    about 100 times)."""
    if not _PROCESS_CODE:
        _PROCESS_CODE.extend((code_digest(), _library_versions()))
    return _PROCESS_CODE


def for_process(settings: ShowcaseSettings) -> CheckCache:
    """The cache of a process that builds `make html` again and again (the build server's):
    one object while the scope is the same, read from the file once; save(carried=True)
    writes it (see the module's text)."""
    scope = scope_of(settings)
    file = settings.cache_dir / BUILD_FILE_NAME
    held = _PROCESS.get(file)
    if held is None or held[0] != scope:
        cache = CheckCache.load(settings, build=True)
        _PROCESS.clear()
        _PROCESS[file] = held = (scope, cache)
    return held[1]
