"""Posts (Meldungen): content/news/<yyyy>-<mm>-<dd>-<slug>.md, written by Pelican's own
article generator through the plugin's reader; the main generator adds their feeds."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import partial
from pathlib import Path

from ..cms.config import news_collection
from ..data.feed_ids import feed_id_problems
from ..data.post_translations import PostLanguage, post_language, translation_problems
from ..data.posts import PostInfo, check_post, check_posts, post_files, site_facts_read
from ..preview.memo import file_key
from .registry import CheckRun, Cms, ContentType, Loaded


def load_posts(run: CheckRun) -> Loaded:
    """Every post checked (bodies only with run.bodies), its translation and feed id; the
    items are the posts' PostInfo for the rules across files (sitewide/site_rules.py).

    With the preview's memo, each post's own check is kept while its file, the region data
    and the pictures it may point to stay the same."""
    settings, site, rules, memo = run.settings, run.site, run.rules, run.memo
    posts = post_files(settings.news_dir)
    infos: list[PostInfo] = []
    if memo is None and run.cache is not None:
        problems = _kept_post_checks(run, posts, infos)
        language_of = _kept_languages(run)
    elif memo is None:
        problems = check_posts(
            posts, site, settings.content_path, rules, bodies=run.bodies, infos=infos
        )
        language_of = None
    else:
        keys = {path: file_key(path) for path in posts}
        problems = _remembered_post_checks(run, keys, infos)
        language_of = _remembered_languages(run, keys)
    if settings.languages[1:] and memo is not None:
        # The rule reads nothing but each post's PostLanguage (kept per file): kept while
        # they are the same, as values (an edited post's text keeps its language).
        langs = tuple(language_of(path) for path in posts)
        of = dict(zip(posts, langs, strict=True)).get
        compute = partial(translation_problems, posts, settings.lang, settings.languages, of)
        problems += memo.get("translation-rule", (tuple(posts), langs), compute)
    elif settings.languages[1:]:
        problems += translation_problems(posts, settings.lang, settings.languages, language_of)
    compute = partial(feed_id_problems, posts, settings.feed_id_domain, settings.lang)
    if memo is None:
        problems += compute()
    else:
        # It reads only the posts whose file names do not give their ids apart: kept while
        # the posts are the same files and each file it read is the same (get_asking).
        problems += memo.get_asking("feed-id-rule", tuple(posts), compute, settings.news_dir)
    return Loaded(infos, problems)


def _kept_post_checks(run: CheckRun, posts: list[Path], infos: list[PostInfo]) -> list:
    """check_posts, with each post's own check kept in cache/ (check_cache.py) while its
    bytes, the region data's files and the pictures it asked about stay the same; the slugs
    are compared across all posts anew."""
    settings, site, rules, bodies = run.settings, run.site, run.rules, run.bodies
    check_one = _post_check(run)
    checked = {path: check_one(path) for path in posts}
    return check_posts(
        posts, site, settings.content_path, rules, bodies=bodies, checked=checked, infos=infos
    )


def _post_check(run: CheckRun) -> Callable[[Path], tuple[list, PostInfo]]:
    """check_post of one post, through the check's cache in cache/ when there is one."""
    settings, site, rules, bodies, cache = run.settings, run.site, run.rules, run.bodies, run.cache

    def check(path: Path) -> tuple[list, PostInfo]:
        return check_post(path, site, settings.content_path, rules, bodies=bodies)

    if cache is None:
        return check
    # check_post reads of the region data only the regions' slugs and the topics: a claim or
    # a figure edited keeps every post's result.
    inputs = hashlib.sha256(repr(site_facts_read(site)).encode()).hexdigest()
    kind = "post-check+bodies" if bodies else "post-check"
    return lambda path: cache.get(kind, path, inputs, lambda: check(path))


def _kept_languages(run: CheckRun) -> Callable[[Path], PostLanguage | None]:
    """post_language of each post, kept in cache/ while its bytes stay the same."""
    lang, cache = run.settings.lang, run.cache

    def language_of(path: Path) -> PostLanguage | None:
        return cache.get("post-language", path, "", lambda: post_language(path, lang))

    return language_of


def _remembered_post_checks(run: CheckRun, keys: dict[Path, tuple], infos: list[PostInfo]) -> list:
    """check_posts, with each post's own check kept in the memo; the slugs are compared
    across all posts anew, and `infos` receives every post's PostInfo."""
    settings, site, rules, bodies, memo = run.settings, run.site, run.rules, run.bodies, run.memo
    # A post's check sees the region data's slugs and topics (site_facts_read) and whether
    # the pictures it names exist (the questions it asks, get_asking: an event saved is no
    # reason to check every post again).
    # What the memo lacks (the first preview build of a process) comes from cache/.
    check_one = _post_check(run)
    facts = site_facts_read(site)
    slots = set()
    checked = {}
    posts = list(keys)
    for path in posts:
        slot = ("post-check", str(path))
        slots.add(slot)
        key = (keys[path], bodies, facts)
        checked[path] = memo.get_asking(slot, key, lambda p=path: check_one(p), path)
    memo.keep_only("post-check", slots)  # deleted and renamed posts leave

    def across() -> tuple[list, list[PostInfo]]:
        found: list[PostInfo] = []
        problems = check_posts(
            posts, site, settings.content_path, rules, bodies=bodies, checked=checked, infos=found
        )
        return problems, found

    # With every post's result given, check_posts reads nothing else (the slugs compared
    # across posts): kept while the results are the same, as values (an edited post's text
    # keeps its result equal).
    problems, found = memo.get("posts-across", (tuple(posts), tuple(checked.values())), across)
    infos += found
    return list(problems)


def _remembered_languages(
    run: CheckRun, keys: dict[Path, tuple]
) -> Callable[[Path], PostLanguage | None]:
    """post_language of each post, kept while its file stays the same."""
    memo, lang = run.memo, run.settings.lang
    memo.keep_only("post-language", {("post-language", str(path)) for path in keys})

    kept = _kept_languages(run) if run.cache is not None else None

    def language_of(path: Path) -> PostLanguage | None:
        slot = ("post-language", str(path))
        compute = (lambda: kept(path)) if kept else (lambda: post_language(path, lang))
        return memo.get(slot, (keys[path], lang), compute)

    return language_of


POSTS = ContentType(
    name="posts",
    label="Meldungen",
    folder=lambda settings: settings.news_dir,
    files=lambda settings: post_files(settings.news_dir),
    load=load_posts,
    cms=Cms(news_collection, per_language=True),
    # Pelican's article generator writes the post pages; the main generator the feeds.
    generator=None,
    overview="news",
    watch=lambda settings: (settings.news_dir,),
    published="dated",
)
