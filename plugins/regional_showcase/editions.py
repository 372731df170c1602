"""The site in another language: its settings, data, posts and the names its pages see.

An edition is the German site's machinery run with other inputs: `ShowcaseSettings.edition`
gives its URLs, `SiteData.editions` its translated data, Pelican's translations its posts, and
`translations.gettext_context` its UI strings. Templates stay the same.

German posts without a translation are not listed as if they were English: the English
pages list English posts only and point to the German news with a link marked as German.
Readers who chose English should not land on German text unannounced.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from .data.problems import ValidationFailed
from .post_view import PostViews, view_posts
from .preview.memo import file_key
from .settings import ShowcaseSettings
from .translations import catalog_file, catalog_problems, gettext_context


@dataclass(frozen=True)
class Edition:
    """One language's pages: what the generator needs to write them."""

    lang: str
    settings: ShowcaseSettings
    site: Any  # SiteData of this language
    context: dict
    articles: list  # published posts of this language, newest first
    by_region: dict
    by_topic: dict


def edition_posts(articles: list, lang: str) -> list:
    """The published posts of `lang`: Pelican's translations of the German posts."""
    posts = [t for a in articles for t in getattr(a, "translations", ()) if t.lang == lang]
    return sorted(posts, key=lambda post: (post.date, post.source_path), reverse=True)


def _catalog_problems(memo, translations_dir: Path, lang: str) -> list:
    """catalog_problems; `make serve` and the build server keep them in their memo while
    the catalog's file stays the same (reading it with Babel: about 0.1 s a rebuild under
    cProfile)."""
    make = partial(catalog_problems, translations_dir, lang)
    if memo is None:
        return make()
    return memo.get(
        ("catalog-problems", lang), file_key(catalog_file(translations_dir, lang)), make
    )


def build_edition(generator, lang: str, german_articles: list) -> Edition:
    """Give each of the edition's posts its view and put together its page context."""
    settings = generator.showcase.edition(lang)
    # Translated posts share their region's preview card: no card of their own.
    settings = replace(settings, social_image_posts=0)
    site = generator.site.editions[lang]
    posts = edition_posts(german_articles, lang)
    views: PostViews = view_posts(posts, [], site, settings)
    for post in posts:
        post.showcase = views.of(post)
    translations_dir = settings.theme / "translations"
    # An English page must not fall back to German UI text: an incomplete catalog stops the
    # publish build (the preview shows German for what is missing, and says so).
    missing = _catalog_problems(generator.check_memo, translations_dir, lang)
    if missing and not settings.preview:
        raise ValidationFailed(missing)
    context = {
        **generator.context,
        **generator.page_context(settings, site).names(),
        **gettext_context(translations_dir, lang),
        "SHOWCASE": settings,
        "preview_drafts": [],
    }
    return Edition(
        lang, settings, site, context, posts, dict(views.by_region), dict(views.by_topic)
    )


def alternates_of(content, default_lang: str) -> tuple:
    """A post or page and its translations as (lang, url) pairs, the default language first."""
    versions = {content.lang: content.url}
    for other in getattr(content, "translations", ()):
        versions.setdefault(other.lang, other.url)
    return tuple(sorted(versions.items(), key=lambda item: item[0] != default_lang))
