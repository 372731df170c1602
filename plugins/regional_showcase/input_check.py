"""One entry point for every input rule: the build and `showcase check` both call it.

Above data/ and the content types: the region data is loaded first (data/loader.py), then
each registered type checks and loads its files (content_types/registry.py), then the rules
across files and the files Pelican copies."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from . import check_cache
from .check_cache import CheckCache, files_digest
from .cms.text_facts import facts_of_bytes
from .content_types.registry import CheckRun, content_types, published_candidates
from .data import unsaved
from .data.comparison import checked_comparison_data, load_comparison
from .data.comparison_model import Comparison
from .data.content_files import content_problems
from .data.content_rules import page_text_problems
from .data.front_matter import parsing_once
from .data.image_files import IMAGE_DIR
from .data.links import tracking_problems
from .data.loader import load_site_data
from .data.model import SiteData
from .data.operator_pages import PageNeeds, fact_problems, page_needs
from .data.paths_shown import display_path
from .data.photo_formats import heif_problems
from .data.post_body import BodyRules
from .data.posts import POST_SUFFIXES, check_page_bodies, post_files
from .data.problems import Problem, ValidationFailed
from .data.published_files import marked_text, published_file_problems
from .data.published_set import publication_facts
from .data.star_links import star_link_file_problems
from .data.text_files import UnusableText, file_bytes, read_text, reading_once
from .deferred_saves import later
from .markup import render_markdown
from .preview import kept_content
from .preview.file_digests import DIGESTS, one_pass
from .preview.memo import PreviewMemo, file_key, files_key
from .sitewide.kept_addresses import KeptAddresses
from .sitewide.remembered_rules import page_files_key, site_wide
from .sitewide.site_rules import region_problems

if TYPE_CHECKING:
    from pathlib import Path

    from markupsafe import Markup

    from .settings import ShowcaseSettings


def page_problems(settings: ShowcaseSettings) -> list[Problem]:
    """Rules for the pages (Über das Projekt, Impressum …): links without tracking."""
    problems: list[Problem] = []
    for folder in settings.page_paths:
        for path in unsaved.files_under(settings.content_path / folder):
            if path.suffix != ".md":
                continue
            try:
                text = read_text(path, display_path(path))
            except UnusableText:
                continue  # content_problems reports the encoding, once
            problems += tracking_problems(text, display_path(path))
            problems += page_text_problems(text, display_path(path))
    # The operator's facts: an unknown one always, a missing one where the site goes live.
    pages = page_needs_of(settings)
    problems += fact_problems(pages, settings.operator, required=settings.operator_required)
    return problems


def _remembered_page_problems(
    settings: ShowcaseSettings, memo: PreviewMemo | None
) -> list[Problem]:
    """page_problems, kept in the memo while every file under the page folders stays the
    same (it reads nothing else; the operator's facts are settings, the memo's scope)."""
    if memo is None or unsaved.overlay():
        return page_problems(settings)
    compute = partial(page_problems, settings)
    return list(memo.get("page-problems", page_files_key(settings), lambda: tuple(compute())))


def page_needs_of(settings: ShowcaseSettings) -> list[PageNeeds]:
    """What every page asks of the operator (operator_pages.py), for the check and the report."""
    folders = [folder for folder in settings.page_dirs if folder.is_dir()]
    return page_needs([path for folder in folders for path in post_files(folder)], display_path)


@dataclass(frozen=True)
class CheckedInput:
    """Everything editors wrote, checked: the region data and each content type's entries."""

    site: SiteData
    # Each registered type's checked entries by its name (content_types/registry.py): the
    # posts' PostInfo, the EventList, …; the types' generators read them (checked_items).
    items: Mapping[str, Any] = field(default_factory=dict, hash=False)
    # The comparison of the regions by language (comparison.py); empty without the file.
    comparisons: dict[str, Comparison] = field(default_factory=dict, hash=False)
    # What asks for confirmation and stops nothing (a date years ahead): problems.WARNING.
    warnings: list[Problem] = field(default_factory=list, hash=False)
    # The redirects to write and the pages online now (kept_addresses.py).
    kept: KeptAddresses = field(default_factory=KeptAddresses, hash=False)
    # Each file counting in published-set.txt, whether its date decides, and what it is
    # (published_set.publication_facts): asked for by the build (check_input's `build`),
    # which writes the set without reading the files' headers again.
    published: tuple[tuple[Path, bool, Any], ...] = field(default=(), hash=False)
    # What the web editor's list of pictures and addresses reads of each Markdown file under
    # content/ (cms/config.py text_facts), by path: the build's (not the preview's) asks.
    text_facts: dict[Path, tuple] = field(default_factory=dict, hash=False)

    @property
    def events(self):
        """The checked events (events/loader.py EventList)."""
        return self.items["events"]


def own_rules_folders(settings: ShowcaseSettings) -> tuple[Path, ...]:
    """The folders of the types that write their own pages (events, press): Pelican reads
    none of their files, their own rules check each one."""
    folders = (kind.folder(settings) for kind in content_types() if kind.generator is not None)
    return tuple(folder for folder in folders if folder is not None)


def check_input(
    settings: ShowcaseSettings,
    hints: list[Problem] | None = None,
    *,
    bodies: bool = True,
    memo: PreviewMemo | None = None,
    cache: bool | None = None,
    build: bool = False,
) -> CheckedInput:
    """Validate the region data and every file of every content type; raise ValidationFailed
    listing all problems.

    `showcase check` calls exactly this, so the command and the build share their rules.
    `hints` receives what the region pages still lack (not errors; see completeness.py).
    The build passes bodies=False: its reader applies the body rules to the very parse it
    renders, so no post is parsed twice (see reader.py and ShowcaseGenerator). Event texts
    are always checked here: the events generator renders them without Pelican's reader.
    `memo` (the preview's, preview/memo.py) reuses the region data and the checks of
    the posts whose files did not change since the last preview build.
    `cache` (None: settings.check_cache) keeps the results of the rules over one file in
    cache/ from one check to the next (check_cache.py); the same problems either way. The
    preview's first build of a process takes from there what its empty memo lacks.
    `build` (the build's generator) adds what its own output reads of the files, kept as
    the per-file rules are: each file counting in published-set.txt (CheckedInput.published)
    and the web editor's facts of each text (CheckedInput.text_facts).
    """
    # Each file is read, decoded and checked for refused characters once (text_files.py),
    # and each header parsed once (front_matter.py): the rules below read a post five times.
    # Each file's state (the memo's keys) is taken once too (file_digests.one_pass).
    with reading_once(), parsing_once(), one_pass():
        use_cache = settings.check_cache if cache is None else cache
        # The preview's memo holds everything after its first build: reading and writing
        # cache/ then would only add to each rebuild.
        first = memo is None or not memo.slots
        # The build server's builds keep it for the process and write it after their
        # answer, whole (check_cache.for_process): else it was written by its first only.
        served = build and not settings.preview and kept_content.keeping()
        stored = CheckCache.load(settings, build) if use_cache and first else None
        if use_cache and served:
            stored = check_cache.for_process(settings)
        found = None if hints is None else len(hints)
        try:
            return _checked_input(settings, hints, bodies, memo, stored, build)
        except ValidationFailed:
            raise
        except Exception:
            if stored is None or not stored.hits:
                raise
            # A kept result the rules never made (a cache file damaged or edited in place,
            # still valid JSON of this format) breaks a rule that uses it. A cache is never
            # an error: the check again without the kept results, whose file is written anew.
            if hints is not None:
                del hints[found:]
            stored.old.clear()
            stored.kept.clear()
            stored.hits = 0
            if memo is not None:
                memo.slots.clear()  # it may hold what the kept results gave
            return _checked_input(settings, hints, bodies, memo, stored, build)
        finally:
            if stored is not None and served:
                later(partial(stored.save, carried=True))
            elif stored is not None:
                stored.save()


def _checked_input(
    settings: ShowcaseSettings,
    hints: list[Problem] | None,
    bodies: bool,
    memo: PreviewMemo | None,
    stored: CheckCache | None,
    build: bool = False,
) -> CheckedInput:
    # Posts can only be checked against valid data, so data problems come alone.
    editions = settings.languages[1:]
    try:
        if memo is not None:
            site = _remembered_site_data(memo, settings, hints, editions, stored)
        elif stored is not None:
            site = _kept_site_data(stored, settings, hints, editions)
        else:
            site = load_site_data(
                settings.data, settings.region_texts, hints, editions, render=render_markdown
            )
    except ValidationFailed as failed:
        # A region removed while its text stays: name the posts and events using it too.
        raise ValidationFailed([*failed.problems, *region_problems(settings)]) from None
    # Bodies are parsed with the build's own Markdown settings, so both see the same tree.
    rules = BodyRules(settings.content_path, settings.markdown, settings.site_url)
    run = CheckRun(settings, site, rules, bodies, memo, stored)
    items: dict[str, Any] = {}
    problems: list[Problem] = []
    for kind in content_types():
        if kind.load is not None:
            loaded = kind.load(run)
            items[kind.name] = loaded.items
            problems += loaded.problems
    pages = [
        path for folder in settings.page_dirs if folder.is_dir() for path in post_files(folder)
    ]
    if bodies:
        problems += check_page_bodies(pages, rules)
    problems += _remembered_page_problems(settings, memo)
    # Deep links to starke-regionen.de only to pages known to exist (star_links.py).
    data_files = sorted(settings.data.parent.glob("*.yaml"))
    # As the web editor's save would leave them (unsaved.py): a post it deletes is not read.
    markdown = [
        p for p in unsaved.files_under(settings.content_path) if unsaved.file_suffix(p) == ".md"
    ]
    texts = [*data_files, *markdown]
    kept = stored and stored.get
    if memo is not None:
        kept = _remembered_per_file(memo, "star-links", texts, kept)
    problems += star_link_file_problems(texts, display_path, kept)
    # A Markdown file outside the folders the build reads would appear nowhere.
    problems += content_problems(
        settings.content_path,
        settings.news_dir,
        settings.page_dirs,
        settings.region_texts,
        own_rules_folders(settings),
    )
    infos, events = items["posts"], items["events"]
    # Links between posts and pages, dates, regions in use: across files. The pages' headers
    # are read and the addresses worked out once, for both rules below; a process that
    # checks again keeps them while their inputs are the same (remembered_rules.py).
    # Every address once published still leads somewhere (kept_addresses.py).
    across, kept = site_wide(settings, site, infos, events, memo)
    problems += across.problems
    problems += kept.problems
    # Pelican copies these files as they are, following links: only real pictures and linked
    # PDFs may be among them.
    problems += published_file_problems(
        content=settings.content_path,
        data_file=settings.data,
        theme=settings.theme,
        static_paths=settings.static_paths,
        page_dirs=settings.page_dirs,
        ignored=settings.ignore_files,
        marked=None if memo is None else _remembered_marked_texts(memo),
    )
    # The iPhone's HEIC photos: a JPEG is asked for (photo_formats.py says why).
    problems += heif_problems(settings.content_path, {IMAGE_DIR, *settings.static_paths})
    comparisons: dict[str, Comparison] = {}
    if settings.comparison is not None:
        try:
            comparisons = _comparisons(settings, site, memo, stored)
        except ValidationFailed as failed:
            problems += failed.problems
    if problems:
        raise ValidationFailed(problems, across.warnings)
    if not build:
        return CheckedInput(site, items, comparisons, across.warnings, kept)
    facts = _publication(settings, memo, stored)
    if memo is None:
        texts = _text_facts(markdown, stored)
    elif settings.preview:
        texts = {}  # its web editor reads them through the memo (preview/memo.py file_facts)
    else:
        # A build checked with the memo (the build server's): each text's facts from it, kept
        # by the text's bytes; without them write_admin read all 1,000 posts again.
        texts = {path: memo.file_facts(path) for path in markdown}
    return CheckedInput(site, items, comparisons, across.warnings, kept, facts, texts)


def _text_facts(paths: list[Path], stored: CheckCache | None) -> dict[Path, tuple]:
    """cms/config.py's text_facts of each file, from the bytes the check read, kept in
    cache/ by them: it reads nothing else. The pictures it names as a sorted tuple in
    cache/, a frozenset as text_facts gives them."""
    facts = {}
    for path in paths:
        compute = partial(_stored_text_facts, path)
        value = stored.get("text-facts", path, "", compute) if stored else compute()
        if not (type(value) is tuple and len(value) == 3 and type(value[2]) is tuple):
            # Only a damaged cache file hands out another value: check_input checks again
            # without the kept results.
            raise TypeError(f"not the facts of a text: {value!r}")
        facts[path] = (value[0], value[1], frozenset(value[2]))
    return facts


def _stored_text_facts(path: Path) -> tuple:
    """text_facts of the bytes the check read, the pictures as a sorted tuple (JSON)."""
    title, slug, named = facts_of_bytes(file_bytes(path))
    return title, slug, tuple(sorted(named))


def _publication(
    settings: ShowcaseSettings, memo: PreviewMemo | None, stored: CheckCache | None
) -> tuple[tuple[Path, bool, Any], ...]:
    """Every file counting in published-set.txt, whether its date decides, and its
    publication_facts, in the registry's order. Kept in cache/ (and the preview's memo) by
    the file's bytes and `dated`: it reads nothing else. Runs after every rule passed,
    inside the check's reading_once and parsing_once: an edited post's header is not
    parsed again."""
    every = published_candidates(settings)
    get = stored and stored.get
    if memo is None:
        candidates = _post_candidates(every)
    else:
        # Kept by the files themselves: the same Path objects while content/ is (unsaved.py).
        candidates = memo.get(
            "publication-candidates", tuple(every), partial(_post_candidates, every)
        )
        get = _remembered_per_file(memo, "published", [path for path, _ in candidates], get)
    facts = []
    for path, dated in candidates:
        compute = partial(_publication_facts, path, dated)
        fact = get("published", path, str(dated), compute) if get else compute()
        if not isinstance(fact, bool | dt.datetime):
            # Only a damaged cache file hands out another value: check_input checks again
            # without the kept results.
            raise TypeError(f"not a publication fact: {fact!r}")
        facts.append((path, dated, fact))
    return tuple(facts)


def _post_candidates(candidates: list[tuple[Path, bool]]) -> list[tuple[Path, bool]]:
    """The candidates that are posts by their suffix."""
    suffix = unsaved.file_suffix  # pathlib's, from the path's string (no parts made)
    return [(path, dated) for path, dated in candidates if suffix(path).lower() in POST_SUFFIXES]


def _publication_facts(path: Path, dated: bool) -> bool | dt.datetime:
    """publication_facts with the path shown as messages show it (made only when computed)."""
    return publication_facts(path, dated, display_path(path))


def _remembered_per_file(
    memo: PreviewMemo, kind: str, paths: list[Path], stored: Callable | None
) -> Callable:
    """A rule over one file (as check_cache.CheckCache.get: kind, path, inputs, compute)
    kept in the preview's memo while the file and `inputs` stay the same; what the memo
    lacks comes from cache/ (`stored`) when given. Only for rules that read nothing but the
    file (the memo holds no other question)."""
    memo.keep_only(kind, {(kind, str(path)) for path in paths})  # deleted files leave

    def get(kind: str, path: Path, inputs: str, compute: Callable) -> Any:
        fallback = compute if stored is None else partial(stored, kind, path, inputs, compute)
        return memo.get((kind, str(path)), (file_key(path), inputs), fallback)

    return get


def _comparisons(
    settings: ShowcaseSettings,
    site: SiteData,
    memo: PreviewMemo | None,
    stored: CheckCache | None = None,
) -> dict[str, Comparison]:
    """load_comparison; the preview keeps it while comparison.yaml and the region data (one
    object while unchanged) stay the same, and the file's check by its state and the
    regions' slugs (a claim edit checks it no more). With `stored`, the checked data of the
    file is kept in cache/ by its bytes and the regions' slugs (all its rules read of the
    region data); the comparisons are made from it anew, with this build's Region objects."""
    path, languages = settings.comparison, settings.languages
    data = None
    slugs = [region.slug for region in site.regions]
    check = partial(checked_comparison_data, path, slugs)
    if memo is not None:
        # The check alone (reading, schema, rules: most of the time) kept by the file and
        # the slugs, as in cache/: a claim edit makes the comparisons anew from it with the
        # new Region objects, without checking comparison.yaml again. What the memo lacks
        # comes from cache/ when `stored` is given.
        if stored is not None:
            check = partial(stored.get, "comparison", path, repr(slugs), check)
        data = memo.get(("comparison-data", str(path)), (file_key(path), tuple(slugs)), check)
    elif stored is not None:
        data = stored.get("comparison", path, repr(slugs), check)
    make = partial(load_comparison, path, site, languages, data)
    if memo is None:
        return make()
    return memo.get("comparison", (file_key(path), site, languages), make)


def _site_inputs(settings: ShowcaseSettings, editions: tuple) -> str:
    """What load_site_data reads besides regions.yaml: the region texts (every file below
    their folder, by path and bytes) and the languages; the region photos it looks for are
    recorded as it asks (check_cache.py)."""
    texts = settings.region_texts
    files = unsaved.files_under(texts) if texts is not None and texts.is_dir() else []
    return f"{files_digest(files)}|{','.join(editions)}"


def _kept_site_data(
    stored: CheckCache, settings: ShowcaseSettings, hints: list[Problem] | None, editions: tuple
) -> SiteData:
    """load_site_data, kept in cache/ with the hints it found (check_cache.py)."""
    texts = settings.region_texts

    def load() -> tuple[SiteData, list[Problem]]:
        found: list[Problem] | None = None if hints is None else []
        site = load_site_data(settings.data, texts, found, editions, render=render_markdown)
        return site, list(found or [])

    inputs = f"{_site_inputs(settings, editions)}|{hints is None}"
    site, found = stored.get("site-data", settings.data, inputs, load)
    if hints is not None:
        hints += found
    return site


def _remembered_site_data(
    memo: PreviewMemo,
    settings: ShowcaseSettings,
    hints: list[Problem] | None,
    editions: tuple,
    stored: CheckCache | None = None,
) -> SiteData:
    """load_site_data, kept while regions.yaml and the region texts stay the same; the hints
    it found are handed out again with it. What the memo lacks (the first preview build of
    a process) comes from cache/ when `stored` is given."""
    texts = settings.region_texts
    text_files = (
        sorted(p for p in texts.rglob("*") if p.is_file()) if texts and texts.is_dir() else []
    )
    key = (files_key([settings.data, *text_files]), settings.data, texts, editions, hints is None)

    def load() -> tuple[SiteData, list[Problem]]:
        found: list[Problem] | None = None if hints is None else []
        if stored is not None:
            site = _kept_site_data(stored, settings, found, editions)
        else:
            render = _remembered_renders(memo)
            site = load_site_data(settings.data, texts, found, editions, render=render)
        return site, list(found or [])

    # Kept while the questions it asked get the same answers too: whether each region's
    # photo exists (photos.py), as check_cache.py keeps it in cache/.
    site, found = memo.get_asking("site-data", key, load, settings.data)
    if hints is not None:
        hints += found
    return site


def _remembered_marked_texts(memo: PreviewMemo) -> Callable[[Path], str | None] | None:
    """published_files.marked_text of each Markdown file under content/, kept in the memo by
    the digest of the bytes it was made from: a file whose digest now (file_digests.py, by
    its identity) is that one is not read again (the rule over linked files read all 1,000
    posts in every check, about 15 ms). None under the editor's pending save (unsaved.py),
    whose files the digests do not see: every file is read then. Only the texts of this
    check's files stay."""
    if unsaved.overlay():
        return None
    held = memo.slots.get("marked-texts")
    before: dict[str, tuple[str, str | None]] = held[1] if held is not None else {}
    kept: dict[str, tuple[str, str | None]] = {}
    memo.slots["marked-texts"] = (None, kept)

    def marked(path: Path) -> str | None:
        name = str(path)
        found = DIGESTS.state(path)
        held = before.get(name)
        if found is not None and held is not None and held[0] == found[1]:
            kept[name] = held
            return held[1]
        data = file_bytes(path)  # as the rule reads it (raises as there)
        # Kept by the bytes read here: a file changed since the digest above is read again.
        kept[name] = made = (hashlib.sha256(data).hexdigest(), marked_text(data))
        return made[1]

    return marked


def _remembered_renders(memo: PreviewMemo) -> Callable[[str], Markup]:
    """render_markdown, its results kept by text from the last load of the region data: a
    region-data edit changes one text of about 120 (render_markdown reads nothing but the
    text; its code and library are the memo's scope)."""
    held = memo.slots.get("markdown-renders")
    before: dict[str, Markup] = held[1] if held is not None else {}
    used: dict[str, Markup] = {}
    memo.slots["markdown-renders"] = (None, used)  # only the texts of this load stay

    def render(text: str) -> Markup:
        html = before.get(text)
        if html is None:
            html = render_markdown(text)
        used[text] = html
        return html

    return render


def load_and_check(
    settings: ShowcaseSettings, hints: list[Problem] | None = None, *, bodies: bool = True
) -> SiteData:
    """The region data after every check of `check_input`."""
    return check_input(settings, hints, bodies=bodies).site
