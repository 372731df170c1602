"""Rules for translated posts: each translation names its original, once per language.

A post's language is its `lang` field (German when absent); its translation key is
`translation_key`, or the slug for an original. Pelican groups translations by that key
(ARTICLE_TRANSLATION_ID), so a translation whose key no original has would become an
"original" itself and appear in the German lists; two posts of one language with one key
would hide each other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .front_matter import split_header
from .paths_shown import display_path
from .posts import default_slug
from .problems import Problem, did_you_mean
from .text_files import UnusableText, read_text


@dataclass(frozen=True)
class PostLanguage:
    path: Path
    shown: str
    lang: str
    lang_line: int
    key: str
    key_line: int
    label: str  # the key field's name as the header spells it


def post_language(path: Path, default_lang: str) -> PostLanguage | None:
    """Language and translation key of one post (None: unreadable, reported by the post rules)."""
    shown = display_path(path)
    try:
        header = split_header(read_text(path, shown), shown)
    except UnusableText:
        return None
    lang, lang_line = header.fields.get("lang", (default_lang, 1))
    slug, slug_line = header.fields.get("slug", (default_slug(path), 1))
    key, key_line = header.fields.get("translation_key", (slug, slug_line))
    return PostLanguage(
        path, shown, str(lang).strip(), lang_line, str(key).strip(), key_line,
        header.label("translation_key"),
    )  # fmt: skip


def translation_problems(
    paths: list[Path],
    default_lang: str,
    languages: tuple[str, ...],
    language_of: Callable[[Path], PostLanguage | None] | None = None,
) -> list[Problem]:
    """Unknown languages, translations without an original, and keys used twice per language.

    `language_of` gives a post's PostLanguage where it is already known (the preview's memo)."""
    read = language_of or (lambda path: post_language(path, default_lang))
    posts = [p for p in (read(path) for path in paths) if p]
    problems: list[Problem] = []
    originals = {p.key for p in posts if p.lang == default_lang}
    seen: dict[tuple[str, str], PostLanguage] = {}
    for post in sorted(posts, key=lambda p: p.path.name):  # file names start with the date
        if post.lang not in languages:
            problems.append(
                Problem(
                    post.shown,
                    post.lang_line,
                    "lang",
                    f"unbekannte Sprache '{post.lang}'{did_you_mean(post.lang, list(languages))}: "
                    f"erlaubt sind {', '.join(languages)}",
                )
            )
            continue
        if post.lang != default_lang and post.key not in originals:
            problems.append(
                Problem(
                    post.shown,
                    post.key_line,
                    post.label,
                    f"Übersetzung ohne Original: keine deutsche Meldung hat den Schlüssel "
                    f"'{post.key}'{did_you_mean(post.key, sorted(originals))} (tragen Sie den "
                    "Slug der deutschen Meldung ein)",
                )
            )
        first = seen.setdefault((post.lang, post.key), post)
        if first is not post:
            problems.append(
                Problem(
                    post.shown,
                    post.key_line,
                    post.label,
                    f"'{first.shown}' hat schon den Schlüssel '{post.key}' in der Sprache "
                    f"'{post.lang}': eine Meldung je Sprache und Schlüssel (ändern Sie den "
                    "Schlüssel dieser Datei)",
                )
            )
    return problems
