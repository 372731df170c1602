"""The content types of the site (posts, events, region texts …), each declared in one place.

A type is one `ContentType`: where its files live and which of them are entries, how they are
checked and loaded, its web-editor collection, what writes its pages, feeds and calendar,
what the preview watches and how it counts in `published-set.txt`. `check_input`
(input_check.py), the web editor (cms/config.py), the published set, the preview and the
generator list loop over `content_types()` instead of naming each type.

Every declaration is required: a field a type leaves out stays `UNDECLARED`, and `register`
refuses the type, naming each such field. `None` (or an empty tuple) is a declaration too: it
says "this type has none", where leaving the field out would be forgetting it.

This module imports nothing from the package. The type modules (posts.py, events.py,
region_texts.py) import the parts they declare, so the registry sits above data/, events/ and
the editor's collection builders (cms/config.py), and below what loops over it: input_check.py,
the editor's assembly (cms/editor.py), the generator and the staff commands.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..data.model import SiteData
    from ..data.problems import Problem
    from ..settings import ShowcaseSettings


class _Undeclared:
    """The value of a field a type did not declare (see `register`)."""

    def __repr__(self) -> str:
        return "UNDECLARED"


UNDECLARED: Any = _Undeclared()


@dataclass(frozen=True)
class Loaded:
    """What a type's `load` found: its entries (CheckedInput.items[name]) and the problems
    that stop the build."""

    items: Any
    problems: list[Problem]


@dataclass(frozen=True)
class CheckRun:
    """What `load` gets from the input check: the checked region data and the body rules.

    `bodies=False` in the build (the reader checks bodies while rendering them); `memo` is
    the preview's memo (preview_memo.py) or None; `cache` the check's results kept in cache/
    (check_cache.py) or None."""

    settings: ShowcaseSettings
    site: SiteData
    rules: Any  # data.post_body.BodyRules
    bodies: bool
    memo: Any  # the preview's PreviewMemo, or None
    cache: Any = None  # check_cache.CheckCache, or None


@dataclass(frozen=True)
class Cms:
    """A type's web-editor collection: `build(settings, site, lang)` returns the Decap
    collection (lang None: the German one); `per_language` adds one per further language."""

    build: Callable[[ShowcaseSettings, SiteData, str | None], dict[str, Any]]
    per_language: bool


@dataclass(frozen=True)
class ContentType:
    """One kind of content. Each field is a declaration; see the module docstring."""

    # The key (CheckedInput.items, the generator list) and the German name for messages.
    name: str = UNDECLARED
    label: str = UNDECLARED
    # Folder and file rules: the folder it reads (None: switched off in these settings), and
    # which files in that folder are its entries.
    folder: Callable[[ShowcaseSettings], Path | None] = UNDECLARED
    files: Callable[[ShowcaseSettings], list[Path]] = UNDECLARED
    # Schema and checks, and the loader: `load(run)` checks every file and reads the entries.
    # None: checked and loaded with the region data (data/loader.py).
    load: Callable[[CheckRun], Loaded] | None = UNDECLARED
    # The web editor's collection (None: not edited in the web editor).
    cms: Cms | None = UNDECLARED
    # Pages, feeds and calendar: a function returning the Pelican generator class that
    # writes them (imported only when a build runs), or None when Pelican's own generators
    # and the main generator write them (posts, region texts).
    generator: Callable[[], type] | None = UNDECLARED
    # The overview page's key in settings.OVERVIEWS, or None.
    overview: str | None = UNDECLARED
    # What the preview must watch besides the theme and the code: files and folders.
    watch: Callable[[ShowcaseSettings], tuple[Path, ...]] = UNDECLARED
    # How it counts in published-set.txt (data/published_set.py): "dated" (online when not a
    # draft and its date has come), "undated" (online when not a draft), or None (not counted).
    published: str | None = UNDECLARED


# What each field is for, in the words of the refusal (tests/test_content_registry.py).
DECLARATIONS = {
    "name": "der Schlüssel des Typs",
    "label": "der deutsche Name",
    "folder": "der Ordner unter content/ (None: abgeschaltet)",
    "files": "welche Dateien im Ordner Einträge sind",
    "load": "Prüfung und Laden (None: mit den Regionsdaten)",
    "cms": "die Sammlung im Web-Editor (None: keine)",
    "generator": "was Seiten, Feeds und Kalender schreibt (None: Pelican und der Hauptgenerator)",
    "overview": "der Schlüssel der Übersichtsseite in OVERVIEWS (None: keine)",
    "watch": "was die Vorschau beobachtet",
    "published": 'wie er in published-set zählt ("dated", "undated" oder None)',
}
PUBLISHED_RULES = ("dated", "undated", None)


class IncompleteContentType(ValueError):
    """A type left out a declaration, or declared one that cannot be."""


_TYPES: dict[str, ContentType] = {}


def missing_declarations(kind: ContentType) -> list[str]:
    """The fields `kind` did not declare, in the order of ContentType."""
    return [f.name for f in fields(kind) if getattr(kind, f.name) is UNDECLARED]


def register(kind: ContentType) -> ContentType:
    """Add a type to the registry; refuse it, naming every field it left out."""
    missing = missing_declarations(kind)
    name = kind.name if kind.name is not UNDECLARED else "?"
    if missing:
        lines = "\n".join(f"  {field}: {DECLARATIONS[field]}" for field in missing)
        raise IncompleteContentType(
            f"Inhaltstyp {name!r} erklärt nicht:\n{lines}\n"
            "Lösung: jedes Feld in ContentType(...) angeben; None sagt „hat keins“."
        )
    if kind.published not in PUBLISHED_RULES:
        raise IncompleteContentType(
            f"Inhaltstyp {name!r}: published={kind.published!r} ist unbekannt. "
            'Lösung: "dated", "undated" oder None.'
        )
    if name in _TYPES and _TYPES[name] is not kind:
        raise IncompleteContentType(
            f"Inhaltstyp {name!r} ist schon registriert. Lösung: einen anderen Namen wählen."
        )
    _TYPES[name] = kind
    return kind


def content_types() -> tuple[ContentType, ...]:
    """Every registered type, in the order they were registered (the order of the editor's
    collections and of the generators). Importing the package registers the built-in
    types (content_types/__init__.py)."""
    return tuple(_TYPES.values())


def content_type(name: str) -> ContentType:
    """The registered type called `name`; KeyError naming the known ones otherwise."""
    for kind in content_types():
        if kind.name == name:
            return kind
    raise KeyError(f"Kein Inhaltstyp {name!r}; bekannt: {', '.join(_TYPES)}")


def watched(settings: ShowcaseSettings) -> tuple[Path, ...]:
    """What the preview must watch for the content types: every type's `watch`, once each."""
    paths: dict[Path, None] = {}
    for kind in content_types():
        paths.update(dict.fromkeys(kind.watch(settings)))
    return tuple(paths)


def published_candidates(settings: ShowcaseSettings) -> list[tuple[Path, bool]]:
    """The files that count in published-set.txt (data/published_set.py), each with whether
    its date decides: every file of every type that declares `published`."""
    return [
        (path, kind.published == "dated")
        for kind in content_types()
        if kind.published is not None
        for path in kind.files(settings)
    ]


# The one place the main generator leaves the checked input for the types' generators: it
# checks everything before any generator reads (generator.py), they run after.
INPUT_KEY = "showcase_input"


def checked_items(context: dict[str, Any], name: str) -> Any:
    """The checked entries of type `name` for this build (input_check.CheckedInput.items)."""
    return context[INPUT_KEY].items[name]
