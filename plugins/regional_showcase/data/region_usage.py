"""Which files still name a region: removing it from regions.yaml must not go by quietly.

Without this, a removed region showed up as "unbekannte Region" on each post on its own, or,
while its region text was still there, only on that text. One message on the region data
names every post, event and region text that still uses the slug.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import yaml

from . import unsaved
from .front_matter import split_header
from .model import ALL_REGIONS
from .paths_shown import display_path
from .posts import POST_SUFFIXES, parse_region_list, post_files
from .problems import Problem
from .text_files import UnusableText, read_text


def region_users(
    posts: Iterable[Path] | dict[str, Iterable[str]],
    events: Path | None,
    region_texts: Path | None,
) -> dict[str, list[str]]:
    """slug -> the files (as messages name them) whose `regions` name it, or which are its
    region text (content/regionen/<slug>.md, also in a language's folder).

    `posts` are files to read, or what the posts' check found already (file -> slugs)."""
    users: dict[str, list[str]] = {}
    if isinstance(posts, dict):
        for shown, slugs in posts.items():
            for slug in slugs:
                if slug != ALL_REGIONS:
                    users.setdefault(slug, []).append(shown)
        posts = []
    files = list(posts) + (post_files(events) if events and events.is_dir() else [])
    for path in files:
        if path.suffix.lower() not in POST_SUFFIXES:
            continue
        shown = display_path(path)
        try:
            fields = split_header(read_text(path, shown), shown).fields
        except UnusableText:
            continue  # reported by the file's own check
        for slug in parse_region_list(fields.get("regions", ("", 0))[0]):
            if slug != ALL_REGIONS:
                users.setdefault(slug, []).append(shown)
    if region_texts and region_texts.is_dir():
        for path in sorted(region_texts.rglob("*.md")):
            users.setdefault(path.stem, []).append(display_path(path))
    return users


def data_slugs(data_file: Path) -> list[str] | None:
    """The region slugs of regions.yaml read plainly (None when it cannot be read): the
    validated data is missing exactly when this message is needed most."""
    try:
        # As the web editor's save would leave it (unsaved.py): that is when this matters.
        # libyaml's loader, as yaml_source.py's: the pure-Python one took 0.2 s for the file.
        text = unsaved.read_bytes(data_file).decode("utf-8")
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    regions = data.get("regions") if isinstance(data, dict) else None
    if not isinstance(regions, list):
        return None
    return [str(r["slug"]) for r in regions if isinstance(r, dict) and "slug" in r]


def removed_region_problems(
    known: Iterable[str], users: dict[str, list[str]], data_shown: str, texts: Path | None
) -> list[Problem]:
    """One problem on the region data per slug that is no region but still in use.

    A slug named by one post alone is a typo and told at that post; several files, or a
    region text of that name, mean the region left the data while they still use it."""
    known = set(known)
    problems = []
    for slug, files in sorted(users.items()):
        if slug in known:
            continue
        has_text = texts is not None and any(f.endswith(f"/{slug}.md") for f in files)
        if len(files) < 2 and not has_text:
            continue
        listed = ", ".join(sorted(files))
        count = "1 Datei" if len(files) == 1 else f"{len(files)} Dateien"
        problems.append(
            Problem(
                data_shown,
                1,
                "regions",
                f"die Region '{slug}' steht nicht (mehr) in den Regionsdaten, wird aber noch "
                f"verwendet von {count}: {listed}; stellen Sie die Region wieder "
                f"her, oder entfernen Sie '{slug}' aus diesen Dateien",
            )
        )
    return problems
