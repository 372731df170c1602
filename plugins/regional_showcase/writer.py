"""The plugin's Writer: Pelican's, with permanent feed ids, absolute links, authors and
categories in feeds, and no re-rendering of pages and feeds whose inputs did not change: in
`make html`/`make publish` they are taken over from the last complete output
(build_record.py), in `make serve` written again from the last build (preview/)."""

from __future__ import annotations

import datetime as dt
import hashlib
import inspect
import io
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from feedgenerator import Enclosure, Rss201rev2Feed, Stylesheet
from markupsafe import Markup
from pelican import signals
from pelican.contents import Content
from pelican.utils import sanitised_join, set_date_tzinfo
from pelican.writers import Writer

from .atomic_write import write_text
from .build_record import (
    BuildRecord,
    KeptTexts,
    SourceHashes,
    data_digest,
    events_folder,
    final_output,
    page_fingerprint,
    reads_only_own_post,
    site_key,
    source_digest,
    tree_digest,
)
from .content_types.registry import INPUT_KEY
from .data.posts import POST_SUFFIXES
from .deferred_saves import later
from .editions import alternates_of
from .environment import read_environment
from .feeds import StyledAtom1Feed, distinct_updates, entry_categories, entry_id, feed_id
from .parallel.workers import worker_count
from .parallel.writing import DeferredPages, local_context, page_locals
from .parallel.writing import Page as RenderedPage
from .preview import kept_content
from .preview.changed_sources import ChangedSources
from .preview.changed_sources import post_line as collection_line
from .preview.followed_reads import (
    KEPT_DATA,
    KEPT_POSTS,
    DataReads,
    FollowedDigest,
    KeptPosts,
    data_places,
    followed_reads,
    kept_posts_of,
    related_depth,
)
from .preview.manifest import PreviewManifest, files_fingerprint, inputs_fingerprint
from .preview.memo import preview_memo, tree_stat
from .preview.pages import (
    ALWAYS,
    KeptTemplate,
    KnownReads,
    PageDigest,
    SharedReads,
    Unkeyable,
    _compared,
    _names_of,
    page_key,
    template_reads,
    template_sources,
)
from .settings import showcase_settings
from .stable_pages import StablePaginator, stable_paginator
from .translations import TEXTS

# How long post_pages_done waits at first for the Linker's process (link_process.py) to
# answer that every post page taken over is placed: a few milliseconds on a machine with a
# core to spare; longer, and the build writes Pelican's listings first.
LINKER_SLACK = 0.02


class ShowcaseWriter(Writer):
    """Pelican's Writer with permanent feed ids, absolute links, authors and categories, and
    in `make serve` the skipping of post pages whose inputs did not change (preview/manifest.py)."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings)
        self.showcase = showcase_settings(self.settings)
        self.preview = None
        if self.showcase.preview and self.showcase.incremental:
            # One manifest per output folder: what it lists is deleted from that folder.
            manifest = PreviewManifest.file_for(self.showcase.cache_dir, output_path)
            self.preview = PreviewManifest(manifest, Path(output_path))
        # `make html` and `make publish` build into a fresh folder: post pages made from the
        # same inputs are taken over from the last complete output (build_record.py).
        self.record = None
        previous = final_output(Path(output_path))
        if self.preview is None and self.showcase.incremental and previous is not None:
            file = BuildRecord.file_for(self.showcase.cache_dir, previous)
            self.record = BuildRecord(file, Path(output_path), previous)
        self._site_keys: dict[bool, str] = {}
        self._taken_over: set[str] = set()
        # Post pages taken over whose linked file the Linker checks, and how to render each.
        self._unchecked: dict[str, tuple] = {}
        # Listings' pages taken over so, with what renders each (_link_listing).
        self._unchecked_listed: dict[str, tuple] = {}
        # Feeds taken over so, with the call that writes each (_take_over_feed).
        self._unchecked_feeds: dict[str, tuple] = {}
        self._narrow: dict[str, bool] = {}
        # Each source file hashed once per build; in a process that builds again (its builds
        # keep Pelican's objects: preview/kept_content.py), kept by the file's identity from
        # one build to the next (build_record.source_digest).
        self._hashed = source_digest(self.showcase.preview or kept_content.keeping())
        self._hashes = SourceHashes(self._hashed)
        self._digests: dict[bool, PageDigest] = {}
        self._sources: dict[str, str] = {}
        self._data: str | None = None
        self._reads: dict[str, tuple | None] = {}
        self._post_reads: dict[str, tuple] = {}
        # _post_template_key: the reads of the context's names.
        self._post_context_reads: dict[tuple, tuple] = {}
        self._own_names: dict[tuple, tuple] = {}  # _post_template_key: kwargs' names, sorted
        self._last_besides: tuple[str, str] | None = None  # its last text and digest
        self._depths: dict[str, int] = {}  # _related_depth, by template
        self._shared_reads: SharedReads | None = None
        self._view_reads_of: dict[str, tuple | None] = {}
        self._feed_entries: dict[int, tuple] = {}
        self._listing_reads_of: dict[str, tuple | None] = {}
        self._followed: FollowedDigest | None = None
        self._kept_posts: KeptPosts | None = None
        # The last build's page keys, kept for the pages no changed source reaches
        # (preview/changed_sources.py); made at the first page's key.
        self._changes: ChangedSources | None = None
        self._template_keys: dict[str, str] = {}
        # The preview keys its post pages by their templates' reads too.
        keyed = self.record is not None or self.preview is not None
        reads = self.showcase.cache_dir / "template-reads.json" if keyed else None
        # The tests' shared compiled templates hold the reads of the templates too.
        shared = read_environment().template_cache if keyed else None
        self._known_reads = KnownReads(reads, shared)
        self._inputs = None
        self._kept_pages: PageDigest | None = None
        # Post pages are rendered in worker processes (parallel/writing.py), and so are the
        # pages and feeds written inside `batch()`.
        self.deferred = DeferredPages(worker_count(self.showcase.workers))
        self._batch: DeferredPages | None = None
        self._batches: list[DeferredPages] = []
        # Pages of Pelican's paginated listings kept for the next batch's workers, and the
        # paths of those Pelican's Writer writes nothing to (PaginatedTakeOver).
        self._held = DeferredPages(self.deferred.workers)
        self._later: set[str] = set()
        # The output folder as Pelican's sanitised_join makes it absolute, once (_output_file).
        self._output_base: str | None = None

    def write_file(self, name, template, context, *args, **kwargs):
        content = kwargs.get("article")
        translatable = content if content is not None else kwargs.get("page")
        if translatable is not None and hasattr(translatable, "lang"):
            # A post or page in another language renders with that edition's names: its
            # UI strings, URLs and data (editions.py); every version links to the others.
            lang = translatable.lang
            if lang != self.showcase.lang:
                context = context.get("showcase_editions", {}).get(lang, context)
            kwargs.setdefault("alternates", alternates_of(translatable, self.showcase.lang))
        elif name == self.showcase.overview_save_as("news"):
            # Pelican's own news index: the editions' news pages are its translations.
            kwargs.setdefault(
                "alternates",
                tuple(
                    (lang, self.showcase.edition(lang).overview_url("news"))
                    for lang in self.showcase.languages
                ),
            )
        if self.preview is not None and content is not None and name:
            fingerprint = self._preview_fingerprint(name, template, content, context, kwargs)
            if self.preview.unchanged(name, fingerprint):
                # The page from the last build is still there and current: tell the
                # sitemap (and any plugin) that it is part of this build, as Pelican would.
                path = sanitised_join(self.output_path, name)
                signals.content_written.send(path, context={**context, **kwargs})
                self.preview.record(name)
                return
        if (
            self.record is not None
            and content is not None
            and name
            and self._take_over(name, template, content, context, kwargs, args)
        ):
            return
        if self.record is not None and content is None and name:
            taken = self._take_over_listing(name, template, context, args, kwargs)
            if taken is True:
                return
            template = taken or template
        if (
            (content is not None or self._batch is not None)
            and name
            and not args
            and self._defer(name, template, context, kwargs)
        ):
            return
        if self.preview is not None and content is None and name:
            template = self._kept(template)
        self._before_serial_write(name)
        with stable_paginator():  # its loop paginates as _listing_pages does
            super().write_file(name, template, context, *args, **kwargs)

    def _preview_fingerprint(self, name, template, content, context, kwargs) -> str:
        """In the preview: a post page's inputs. A narrow one is keyed as in a build (the
        values its templates read, its view, its related posts), on the settings, code,
        templates and content/ besides posts, events and region texts; another on every
        post's header and every file of the region data too."""
        try:
            narrow, page = self._post_page_inputs(name, template, content, context, kwargs)
        except Unkeyable:
            narrow = False
        if narrow:
            self._start_keeping()
            return hashlib.sha256(f"{self._page_base(context)}|{page}".encode()).hexdigest()
        if self._inputs is None:
            posts = list(context.get("articles", [])) + list(context.get("drafts", []))
            self._inputs = inputs_fingerprint(self.showcase, posts, self.settings)
        return self.preview.fingerprint(self._inputs, content.source_path)

    def _output_file(self, name: str) -> str:
        """sanitised_join(self.output_path, name) with the output folder made absolute once
        (it made it absolute twice for each of a build's 1,500 pages and feeds taken over,
        each a `getcwd` for a relative folder); the same path, and the same error for a name
        outside the folder. A relative output folder: Pelican's own (the working folder may
        change)."""
        base = self._output_base
        if base is None:
            if not os.path.isabs(self.output_path):
                return sanitised_join(self.output_path, name)
            base = self._output_base = os.path.abspath(self.output_path)
        joined = os.path.normpath(os.path.join(base, name))
        if os.sep != "/" or not joined.startswith(base):
            return sanitised_join(self.output_path, name)  # Pelican's answer, or its error
        return joined

    def _take_over(self, name, template, content, context, kwargs, args=()) -> bool:
        """A post page made from the same inputs by the last build: linked, not rendered
        (unless the Linker finds that the last build's file lost its bytes: `placed`)."""
        fingerprint = self._kept_post_key(name, template, content, context, kwargs)
        if fingerprint is None:
            try:
                narrow, page = self._post_page_inputs(name, template, content, context, kwargs)
            except Unkeyable:
                self.record.unkeyed.append(name)
                return False
            made = f"{self._site_key(narrow, context)}|{page}"
            fingerprint = hashlib.sha256(made.encode()).hexdigest()
            changes = self._changes
            if narrow and changes is not None and changes.world is not None:
                template_key = self._post_template_key(template, name, context, kwargs)
                if template_key is not None:
                    changes.note(name, fingerprint, template_key, content)
        if not self.record.take_over_page(name, fingerprint):
            return False
        # Part of this build, as a written page is: for the sitemap and any plugin.
        path = self._output_file(name)
        self._written_files.add(path)  # a later write to it is refused, as after a render
        self._taken_over.add(path)
        self._unchecked[name] = (path, template, context, args, kwargs)
        signals.content_written.send(path, context={**context, **kwargs})
        return True

    def placed(self) -> None:
        """Every file taken over so far is in the output folder (link_process.Linker); a post
        page the Linker found without the bytes the last build wrote is rendered here."""
        if self.record is None:
            return
        not_placed = self.record.placed()
        if not not_placed:  # every page checked by the Linker is placed: nothing to render
            return
        unchecked, self._unchecked = self._unchecked, {}
        listed, self._unchecked_listed = self._unchecked_listed, {}
        feeds, self._unchecked_feeds = self._unchecked_feeds, {}
        for name in not_placed:
            if name in listed:  # a listing's page: rendered as then (_link_listing)
                path, page = listed[name]
                self._taken_over.discard(path)
                page.run()
                continue
            if name in feeds:  # a feed: written as write_feed would have (_take_over_feed)
                path, call = feeds[name]
                self._taken_over.discard(path)
                self._written_files.discard(path)
                call()
                continue
            path, template, context, args, kwargs = unchecked[name]
            self._taken_over.discard(path)
            self._written_files.discard(path)  # rendered after all: not an overwrite
            super().write_file(name, template, context, *args, **kwargs)

    def post_pages_done(self, wait: bool = False) -> bool:
        """Whether every post page is in the output folder now (then placed): none is left
        with the workers, as when the few rendered were rendered here when they started,
        or the workers have answered for every page. With `wait`, in a build that takes
        nothing over (cold: Pagefind will index every page), first waits for the workers:
        they keep both cores busy meanwhile, and Pagefind can start at once."""
        deferred = self.deferred
        if wait and self.record is None:
            deferred.start()
            deferred.finish()
        elif wait and not deferred.closed and deferred.renders_here():
            # A few pages (an edited post's) are rendered here at the start: now, not at the
            # first page written after them, so that Pagefind can start.
            deferred.start()
        elif deferred.closed and deferred.pool is not None and deferred.pool.answered():
            deferred.finish()  # takes their answers, without waiting
        if not deferred.closed or deferred.pool is not None:
            return False
        caught_up = getattr(self.record, "linker_caught_up", None)
        if wait and caught_up is not None and not caught_up(LINKER_SLACK):
            # The Linker's process still checks the last build's pages: the build goes on
            # with Pelican's listings meanwhile, and the next call waits for it.
            return False
        self.placed()
        return True

    def _kept_post_key(self, name, template, content, context, kwargs) -> str | None:
        """The last build's key of a narrow post page that no changed source reaches
        (preview/changed_sources.py), noted for the next build; None: key it."""
        changes = self._changed_sources(context)
        if changes is None or not changes.ready or not self._narrow_page(template, content):
            return None
        if changes.affected:
            # What its templates read besides the post (_reads_besides_post) holds no post
            # a changed one reaches (nor a value changed_sources does not know).
            self._reads_besides_post_names(template)
            if changes.reach_in(self._post_reads[template.name], context, kwargs):
                return None
        depth = self._related_depth(template)
        if not changes.moved:
            # The same posts with the same lines: what the context holds besides them is as
            # then (changed_sources), the recorded values with it.
            fingerprint = changes.kept(name, self._template_key(template), content, depth, True)
            if fingerprint is not None:
                changes.note(name, fingerprint, changes.saved["pages"][name][1], content)
            return fingerprint
        template_key = self._post_template_key(template, name, context, kwargs)
        if template_key is None:
            return None
        fingerprint = changes.kept(name, template_key, content, depth)
        if fingerprint is not None:
            changes.note(name, fingerprint, template_key, content)
        return fingerprint

    def _changed_sources(self, context: dict) -> ChangedSources | None:
        """This build's ChangedSources, started at the first page's key (in a build into a
        fresh folder, else None)."""
        if self.record is None:
            return None
        changes = self._changes
        if changes is None:
            record = self.record.file
            file = record.with_name(record.name.replace("build-record-", "page-keys-", 1))
            changes = self._changes = ChangedSources(file)
        if not changes.started:
            try:
                changes.start(self._world, context, self._hashes.of, self._collection_line)
            except Unkeyable:
                changes.world = None  # a view not keyed by value: every page walked
                changes.ready = False
        return changes

    def _world(self) -> str:
        """What every page's key depends on besides the posts (changed_sources): the narrow
        site key, the region data and the events, by content."""
        events = tree_digest(events_folder(self.showcase), hashed=self._hashed)
        return f"{self._site_key(True, {})}|{self._data_digest()}|{events}"

    def _collection_line(self, post) -> str:
        """What a post gives the other pages besides its text (changed_sources.post_line)."""
        digest = self._page_digest()
        return collection_line(post, digest.own, digest.header)

    def _related_depth(self, template) -> int:
        """How many related posts' steps a narrow post page's key reaches at most: as its
        followed reads key the post (followed_reads.related_depth); where they read what a
        post's key does not hold, their steps through `related_posts` in one read and two
        more (a post or view read whole: its related posts with their related posts'
        headers, PageDigest.of); without followed reads the post's view and its related
        posts whole with their own related posts' headers (_post_page_inputs): two."""
        depth = self._depths.get(template.name)
        if depth is None:
            reads = self._view_reads(template)
            depth = None if reads is None else related_depth(reads)
            if depth is None:
                steps = (sum(step in _RELATED_STEPS for step in read[1]) for read in reads or ())
                depth = max(steps, default=0) + 2
            self._depths[template.name] = depth
        return depth

    def _post_template_key(self, template, name, context, kwargs) -> str | None:
        """A narrow post page's template key (_template_key) with what its templates read
        in the context besides the post (as _reads_besides_post digests it, once per build
        while the context holds the same values): a value made from the collection by other
        code (a count, a list of posts that lost one) that changed after a post came or went
        walks the page. The names a page sets itself (its file, address, post, category and
        editions: page_locals) follow from its name and its post's line (changed_sources).
        None where a value they read cannot be keyed (the page is walked, and not noted)."""
        self._reads_besides_post_names(template)
        given = tuple(kwargs)
        own = self._own_names.get(given)
        if own is None:  # Pelican's loop gives every post page the same names
            own = self._own_names[given] = tuple(sorted({*kwargs, *_PAGE_OWN}))
        slot = (template.name, own)
        reads = self._post_context_reads.get(slot, False)
        if reads is False:
            mine, chosen = set(own), []
            for read in self._post_reads[template.name]:
                named = _names_of(read)
                if not named & mine:
                    chosen.append(read)
                elif named - mine:
                    # A comparison of a page's own value (its post's date, say: in its line)
                    # with the context's (`preview_now`): the context's side read whole.
                    _operator, _side, other, steps = _compared(read[2])
                    side = (other, steps) if read[0] in mine else (read[0], read[1])
                    chosen.append((*side, "value"))
            reads = tuple(chosen)
            self._post_context_reads[slot] = reads
        if self._shared_reads is None:
            self._shared_reads = SharedReads(self._page_digest())
        try:
            besides = self._shared_reads.key(template, reads, context, {})
        except Unkeyable:
            return None
        # As a digest: the record holds one per post page. Most pages' text is the last
        # page's (a few kilobytes): compared, not hashed again.
        last = self._last_besides
        if last is None or last[0] != besides:
            last = self._last_besides = (besides, hashlib.sha256(besides.encode()).hexdigest())
        return f"{self._template_key(template)}|{last[1]}"

    def _template_key(self, template) -> str:
        """A template's name and the sources of the templates it uses (once per build)."""
        key = self._template_keys.get(template.name)
        if key is None:
            key = self._template_keys[template.name] = (
                f"{template.name}|{self._templates(template)}"
            )
        return key

    def _narrow_page(self, template, content) -> bool:
        """Whether a post page is narrow: its templates read no other post but its related
        ones (reads_only_own_post), and the post has a view."""
        narrow = self._narrow.get(template.name)
        if narrow is None:
            reads = template_reads(template, self._known_reads)
            narrow = self._narrow[template.name] = reads_only_own_post(reads)
        # post_view.py's; a post without: all posts
        return narrow and getattr(content, "showcase", None) is not None

    def _post_page_inputs(self, name, template, content, context, kwargs) -> tuple[bool, str]:
        """Whether a post page is narrow (its templates read no other post but its related
        ones), and its inputs besides the site's key (site_key, narrow or not); raises
        Unkeyable."""
        view = getattr(content, "showcase", None)
        narrow = self._narrow_page(template, content)
        key, unlinked = "", False
        if narrow:
            # The templates it uses (the narrow site key holds the rest of the theme),
            # and what they read besides the post (the region data's values it shows,
            # the project, the helpers and what they hold): a region-data edit renders
            # the post pages that show what changed.
            key += self._templates(template) + self._reads_besides_post(
                template, name, context, kwargs
            )
            # The post's view by value (its regions and topic whole) and its related
            # posts whole, with their own related posts' headers: where the reads are not
            # followed, a template may reach those without naming related_posts twice
            # (`p|attr('related' ~ '_posts')`).
            digest = self._page_digest()
            followed = self._view_reads(template)
            if followed is not None:
                # What the templates read of the view, followed through macros, loops and
                # `set` (preview/followed_reads.py): a region's claim no post page shows
                # renders none of them.
                # As Pelican's local context has it (a copy: cheaper than a ChainMap's
                # lookups for the names the reads and their functions resolve).
                page = {**context, "article": content}
                env = template.environment
                followed_digest = self._followed_digest()
                seen = followed_digest.page(env, page, followed)
                # Where the walk keyed the post, it searched its texts for links to other
                # files: a key (not None) says none links (FollowedDigest._own_key).
                own = followed_digest.own_keys.get(id(content))
                unlinked = own is not None and own[0] is content and own[1] is not None
            else:
                seen = digest.post_page_view(view) + digest.of(view.related_posts)
        else:
            # The related posts' headers among the rest (every other post is in the key).
            seen = self._page_digest().view(view)
        return narrow, page_fingerprint(key, content, (), self._hashes, seen, unlinked)

    def _view_reads(self, template) -> tuple | None:
        """The followed reads of a post page's templates that reach into its post's view
        (`article.showcase…`, or a translation's); None when they cannot be followed or
        read the view whole (then it counts by value, as post_page_view has it). The
        post's own attributes are its file's (page_fingerprint)."""
        if template.name not in self._view_reads_of:
            reads = followed_reads(template, self._known_reads)
            chosen = None
            if reads is not None:
                mine = [read for read in reads if read[0] == "article"]
                whole = any(
                    steps in _WHOLE_VIEW and how not in ("truth", "defined")
                    for _, steps, how in mine
                )
                if not whole:
                    chosen = tuple(
                        read for read in mine if any(step in _VIEW_STEPS for step in read[1])
                    )
            self._view_reads_of[template.name] = chosen
        return self._view_reads_of[template.name]

    def _reads_besides_post(self, template, name, context, kwargs) -> str:
        """What a narrow post page's templates read of anything but the post itself (the
        post and its view are in page_fingerprint), as Pelican's Writer would render it."""
        self._reads_besides_post_names(template)
        extra = dict(kwargs)
        relative_urls = extra.pop("relative_urls", False)
        for given in ("url", "override_output", "paginated", "template_name"):
            extra.pop(given, None)
        # What Pelican's Writer sets per page over the context (as local_context does).
        own = page_locals(context, name, extra, relative_urls)
        if self._shared_reads is None:
            self._shared_reads = SharedReads(self._page_digest())
        return self._shared_reads.key(template, self._post_reads[template.name], context, own)

    def _reads_besides_post_names(self, template) -> None:
        """A narrow post page's template's reads of anything but the post."""
        if template.name not in self._post_reads:
            reads = template_reads(template, self._known_reads)
            own = tuple(read for read in reads if read[0] != "article")
            self._post_reads[template.name] = own

    def _data_digest(self) -> str:
        if self._data is None:
            self._data = data_digest(self.showcase, self._hashed)
        return self._data

    def _site_key(self, narrow: bool, context: dict) -> str:
        """What every page depends on; with the header of every post unless `narrow` (the
        other posts reach the page only through what its template reads)."""
        if narrow not in self._site_keys:
            posts = list(context.get("articles", [])) + list(context.get("drafts", []))
            # Every edition's posts: an English page may show English posts.
            posts += [t for post in posts for t in getattr(post, "translations", ())]
            posts = [] if narrow else posts
            made = site_key(self.showcase, self.settings, posts, narrow=narrow, hashed=self._hashed)
            self._site_keys[narrow] = made
        return self._site_keys[narrow]

    def _templates(self, template) -> str:
        """The digest of the sources of a template and the templates it uses."""
        if template.name not in self._sources:
            sources = template_sources(template, self._known_reads)
            if sources is None:  # one chosen at render time: template_reads is None too
                self._sources[template.name] = ""
            else:
                lines = sorted(f"{name}:{text}" for name, text in sources.items())
                digest = hashlib.sha256("\0".join(lines).encode()).hexdigest()
                self._sources[template.name] = digest
        return self._sources[template.name]

    def _take_over_listing(self, name, template, context, args, kwargs):
        """A page other than a post's (a listing, an overview, one of Pelican's pages): True
        when taken over from the last build, or for a paginated one when its pages are
        written here (_write_listed); for a paginated override (or a page written before),
        a template that takes each of its pages over as Pelican's Writer renders it; None:
        render it."""
        arguments = _file_arguments(self, name, template, context, args, kwargs)
        extra = dict(arguments["kwargs"])
        paginated = arguments["paginated"]
        if paginated is None:
            paginated = {key: val for key, val in extra.items() if key in {"articles", "dates"}}
        if paginated and arguments["template_name"] in self.settings["PAGINATED_TEMPLATES"]:
            if arguments["override_output"]:
                return PaginatedTakeOver(template, self)
            pages = _listing_pages(name, arguments, paginated, self.settings)
            paths = [self._output_file(page.save_as) for page in pages]
            if any(p in self._written_files or p in self._overridden_files for p in paths):
                # Pelican's Writer decides (it refuses the second write).
                return PaginatedTakeOver(template, self, context)
            self._before_serial_write(name)
            for page, path in zip(pages, paths, strict=True):
                self._write_listed(template, context, arguments["relative_urls"], extra, page, path)
            return True
        path = self._output_file(name)
        if arguments["override_output"] or path in self._written_files:
            return None  # Pelican's Writer decides (an override, an error or a skip)
        localcontext = local_context(context, name, extra, arguments["relative_urls"])
        own = page_locals(context, name, extra, arguments["relative_urls"])
        fingerprint = self.listing_fingerprint(template, localcontext, context, own)
        if fingerprint is None or not self._link_listing(
            template, localcontext, context, fingerprint
        ):
            return None
        # What rendering would have left in the shared context (relative URLs).
        if localcontext["localsiteurl"]:
            context["localsiteurl"] = localcontext["localsiteurl"]
        signals.content_written.send(path, context=localcontext)
        return True

    def _link_listing(self, template, localcontext: dict, context: dict, fingerprint) -> bool:
        """A listing's page made from the same inputs by the last build: linked, its bytes
        checked by the Linker's process as a post page's (not hashed here: 221 pages, 9 MB
        at 1,000 posts); one found without them is rendered by `placed`, with this local
        context. Noted as written (a later write to it is refused, as after a render)."""
        name = localcontext["output_file"]
        if not self.record.take_over_page(name, fingerprint, "files"):
            return False
        path = self._output_file(name)
        self._written_files.add(path)
        self._taken_over.add(path)
        page = RenderedPage(path, template, localcontext, context, name)
        self._unchecked_listed[name] = (path, page)
        return True

    def listing_fingerprint(
        self, template, localcontext: dict, shared: dict | None = None, own: dict | None = None
    ) -> str | None:
        """A page's inputs: the site's key without the posts and what its template reads in
        this context (preview/pages.py); None when that cannot be keyed for certain. The
        last build's when no changed source reaches the page (preview/changed_sources.py);
        `shared` and `own`: the context and what the page sets over it (page_locals), when
        the caller knows them (what reaches in `shared` is then searched once per build)."""
        changes = self._changed_sources(localcontext)
        reads = self._listing_key_reads(template) if changes is not None else None
        if reads is None or changes.world is None:
            return self._listing_fingerprint(template, localcontext)
        # With the texts and numbers it reads by name (its page's number, a count made by
        # other code): one of them changed, the page is walked.
        template_key = self._template_key(template) + changes.plain_key(reads, localcontext.get)
        name = localcontext["output_file"]
        if not changes.ready or changes.moved:
            reached = True  # walked (changed_sources.kept): not searched
        elif shared is not None and own is not None:
            reached = changes.reach_in(reads, shared, own)
        else:
            reached = changes.reach(reads, localcontext.get)
        if not reached:
            kept = changes.kept(name, template_key)
            if kept is not None:
                changes.note(name, kept, template_key)
                return kept
        fingerprint = self._listing_fingerprint(template, localcontext)
        if fingerprint is not None:
            changes.note(name, fingerprint, template_key)
        return fingerprint

    def _listing_key_reads(self, template) -> tuple | None:
        """The reads a listing's key is made of (its followed reads, else template_reads);
        None when there are none to name."""
        reads = self._listing_reads(template)
        if reads is None:
            if template.name not in self._reads:
                self._reads[template.name] = template_reads(template, self._known_reads)
            reads = self._reads[template.name]
        return reads

    def _listing_fingerprint(self, template, localcontext: dict) -> str | None:
        sources = self._templates(template)
        try:
            followed = self._listing_reads(template)
            if followed is not None:
                # What its templates read, followed into the posts' views (the regions of
                # a post card by their names): a region's claim renders the pages showing it.
                env = template.environment
                key = self._followed_digest().page(env, localcontext, followed)
            else:
                if template.name not in self._reads:
                    self._reads[template.name] = template_reads(template, self._known_reads)
                digest = self._page_digest()
                key = page_key(template, self._reads[template.name], localcontext, digest)
        except Unkeyable:
            self.record.unkeyed.append(localcontext["output_file"])
            return None
        base = self._site_key(True, localcontext)
        return hashlib.sha256(f"{base}|{template.name}|{sources}|{key}".encode()).hexdigest()

    def _listing_reads(self, template) -> tuple | None:
        """A page's followed reads (preview/followed_reads.py) with what Pelican's Writer
        and the filters read of every page's context (pages.ALWAYS); None when they cannot
        be followed (then template_reads, the values handed on counting whole)."""
        if template.name not in self._listing_reads_of:
            reads = followed_reads(template, self._known_reads)
            if reads is not None:
                held = _LISTING_READS.get(id(reads))
                if held is None or held[0] is not reads:
                    # The reads are the same tuple while their key is (followed_reads keeps
                    # them for the process): sorted once, not in every build.
                    listed = tuple(sorted({*reads, *((n, (), "value") for n in ALWAYS)}, key=repr))
                    if len(_LISTING_READS) >= 256:
                        _LISTING_READS.clear()
                    held = _LISTING_READS[id(reads)] = (reads, listed)  # held: its id its own
                reads = held[1]
            self._listing_reads_of[template.name] = reads
        return self._listing_reads_of[template.name]

    def _followed_digest(self) -> FollowedDigest:
        """The digest of followed reads of this build's pages: with the posts' related posts,
        always (a post read whole, handed to a filter or indexed by a name made at render
        time, `p|attr('related' ~ '_posts')`, may show them where the templates name them
        nowhere; at 1,000 posts a title edit renders the same files as when they counted
        only where named)."""
        if self._followed is None:
            digest = self._page_digest()
            if self.preview is not None:
                # make serve: what a page reads of a post kept from one save to the next.
                data = self._kept_posts_data
                made = FollowedDigest(digest, KEPT_POSTS, self._kept_posts_world, data=data)
            elif self.record is not None:
                # make html: from one build to the next, in cache/.
                if self._kept_posts is None:
                    file = self.showcase.cache_dir / "kept-post-texts.json"
                    self._kept_posts = kept_posts_of(file, kept_content.keeping())
                world = self._kept_posts_build_world
                # The region data's texts too, in a process that builds again (KeptData).
                data_world = partial(self._kept_data_world, world)
                made = FollowedDigest(
                    digest,
                    self._kept_posts,
                    world,
                    data=self._kept_posts_data,
                    kept_data=(KEPT_DATA, data_world, _data_places),
                )
            else:
                made = FollowedDigest(digest)
            self._followed = made
        return self._followed

    def _kept_posts_world(self) -> str:
        """What every post's kept texts depend on besides the post's key (KeptPosts): the
        settings, code and templates (the memo's scope and the page base, which holds
        content/ besides posts) and the day (a scheduled post). Not the region data: what
        the kept texts read of it is theirs (_kept_posts_data)."""
        self._start_keeping()
        now = dt.datetime.now(dt.UTC)
        day = f"{now.date()}|{dt.date.today()}"
        return f"{self._memo.scope}|{self._page_base({})}|{day}"

    def _kept_posts_build_world(self) -> str:
        """As _kept_posts_world for a build: the narrow site key (settings, the day, code,
        libraries, the theme, content/ besides posts, events and region texts)."""
        return f"build|{self._site_key(True, {})}"

    def _kept_data_world(self, world) -> str:
        """What the region data's objects are made from (KeptData): the kept posts' world
        (the narrow site key) and the region data's files, the region texts and the
        comparison."""
        return f"{world()}|data:{self._data_digest()}"

    def _kept_posts_data(self, context: dict) -> DataReads:
        """The region data as the kept post texts read it (a region's name, say): the
        checked data in the build's context (generator.py), the data's files whole for a
        read of anything else."""
        site = getattr(context.get(INPUT_KEY), "site", None)
        return DataReads(site, self._data_digest, self._page_digest())

    def _page_digest(self, related: bool = True) -> PageDigest:
        """Digests of this build's values (preview/pages.py), each source file hashed once;
        with or without the posts' related posts."""
        if related not in self._digests:
            # One build's facts of each post shared by both (PageDigest.facts).
            other = self._digests.get(not related)
            facts = other.facts if other is not None else None
            self._digests[related] = PageDigest(self._hashes, related, facts)
        return self._digests[related]

    def kept_texts(self) -> KeptTexts | None:
        """Generated texts (the web editor's) kept in cache/ by the site's key, in a build
        into a fresh folder; None elsewhere."""
        if self.record is None:
            return None
        # The narrow key, with the events and the region data (the editor names them).
        events = tree_digest(events_folder(self.showcase), hashed=self._hashed)
        base = self._site_key(True, {}) + events + self._data_digest()
        return KeptTexts(
            self.showcase.cache_dir / "kept-texts.json", base, held=kept_content.keeping()
        )

    def _write_listed(self, template, context, relative_urls, extra, page, path) -> None:
        """One page of a paginated listing, in Pelican's Writer's order and with its local
        context (4.12): linked when made from the same inputs by the last build (as
        _take_over_listing links the others), else rendered by a batch's workers or here;
        announced as Pelican's Writer announces it. Its loop wrote every page itself, the
        linked ones too (their last text read, hashed and written again, after a `makedirs`
        of each page's folder here: 175 folders at 1,000 posts)."""
        own = dict(extra)
        number = page.number
        for key, shown in page.pages.items():
            paginator = page.paginators[key]
            own.update(
                {
                    f"{key}_paginator": paginator,
                    f"{key}_page": shown,
                    f"{key}_previous_page": paginator.page(number - 1) if number > 1 else None,
                    f"{key}_next_page": (
                        paginator.page(number + 1) if number < paginator.num_pages else None
                    ),
                }
            )
        name = page.save_as
        localcontext = local_context(context, name, own, relative_urls)
        given = page_locals(context, name, own, relative_urls)
        # Pelican's Writer sets it in the shared context before each page (relative URLs).
        if localcontext["localsiteurl"]:
            context["localsiteurl"] = localcontext["localsiteurl"]
        fingerprint = self.listing_fingerprint(template, localcontext, context, given)
        linked = fingerprint is not None and self._link_listing(
            template, localcontext, context, fingerprint
        )
        if not linked and self._listed_later(template, localcontext, context) is None:
            self._written_files.add(path)
            RenderedPage(path, template, localcontext, context, name).run()
        _listing_log.info('Writing "%s"', path)
        signals.content_written.send(path, context=localcontext)

    def render_later(self, template, localcontext: dict, context: dict) -> bool:
        """A paginated listing's page for the open batch's workers (else kept for the next
        batch): True when kept, and then Pelican's Writer writes nothing to its file."""
        path = self._listed_later(template, localcontext, context)
        if path is None:
            return False
        self._later.add(path)
        return True

    def _listed_later(self, template, localcontext: dict, context: dict) -> str | None:
        """The path of a listing's page kept for the open batch's workers (else for the next
        batch), noted as written; None: it must be rendered now."""
        batch = self._batch if self._batch is not None else self._held
        return batch.defer_listed(self, template, localcontext, context)

    def _open_w(self, filename, encoding, override=False):
        """An override of a taken-over page writes a file of its own: the hard link would
        carry the write into the last complete output."""
        if filename in self._later:
            self._later.discard(filename)
            return io.StringIO()  # a worker writes it (render_later); noted as written there
        if filename in self._taken_over and filename not in self._overridden_files:
            # The link may still be on its way (link_process.py): placed first, else it
            # would come after this write and put the last build's bytes back.
            self.placed()
            Path(filename).unlink(missing_ok=True)
        if (
            self.preview is not None
            and not override
            and filename not in self._written_files
            and filename not in self._overridden_files
        ):
            # Pelican's bookkeeping for a first plain write; the preview writes every kept
            # listing and feed again, most of them with the bytes the file holds.
            self._written_files.add(filename)
            return SameBytesFile(filename, encoding)
        return super()._open_w(filename, encoding, override)

    def _kept(self, template) -> KeptTemplate:
        """In the preview: a listing renders again only when what it shows changed."""
        self._start_keeping()
        kept = KeptTemplate(template, self._memo, self._kept_pages, self._page_base)
        kept.followed = (self._listing_reads(template), self._followed_digest())
        return kept

    def _start_keeping(self) -> None:
        if self._kept_pages is None:
            self._kept_pages = self._page_digest()
            self._memo = preview_memo(self.settings, self.showcase)
            showcase = self.showcase
            # As site_key(narrow=True): the texts of posts, events and region texts are
            # values in the keys of the pages that show them; their pictures count here.
            skip = [showcase.news_dir, events_folder(showcase)]
            if showcase.region_texts is not None:
                skip.append(showcase.region_texts)
            self._content_stat = tree_stat(
                showcase.content_path, skip=tuple(skip), suffixes=POST_SUFFIXES
            )
            self._files = files_fingerprint(showcase, self.settings, data=False)

    def _page_base(self, context: dict) -> str:
        """What every page depends on besides what its template reads: the settings, code
        and templates, and the pictures and pages under content/. The posts, events and
        region data are not in it: what a page shows of them is in its key (PageDigest: a
        post's file, header, summary, address and view; the events and regions it shows by
        value, as in a build), so a new title or an event renders the pages that show it,
        not every listing."""
        return self._files + self._content_stat

    def _defer(self, name, template, context, kwargs) -> bool:
        """Keep a post page for the workers when it is an ordinary one (no pagination, no
        override); what the template sees is what Pelican's Writer would give it."""
        extra = dict(kwargs)
        relative_urls = extra.pop("relative_urls", False)
        extra.pop("url", None)  # the paginator's, not the template's
        if (
            extra.pop("paginated", None) is not None
            or extra.pop("template_name", None) is not None
            or extra.pop("override_output", False)
            or "articles" in extra
            or "dates" in extra
        ):
            return False
        post = kwargs.get("article") is not None
        batch = self.deferred if post or self._batch is None else self._batch
        return batch.defer(self, name, template, context, relative_urls, extra)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Pages and feeds written inside are rendered by the workers once the block ends
        (paginated pages and overrides are written here as always). Not in the preview: it
        renders only what changed, in one process."""
        if self.preview is not None or self._batch is not None or self.deferred.workers < 2:
            yield
            return
        self._batch = batch = DeferredPages(self.deferred.workers)
        batch.adopt(self._held)  # Pelican's listing pages to render
        try:
            yield
        finally:
            self._batch = None
        # The post pages' workers are done first: forking while their pool's thread runs
        # could leave a lock held in the new workers (parallel/workers.py, can_fork).
        self.deferred.start()
        self.deferred.finish()
        batch.start()
        self._batches.append(batch)

    def _before_serial_write(self, name) -> None:
        """The post pages are all kept: the workers start while this process goes on."""
        self.deferred.start()
        if not name:
            return
        for batch in (self.deferred, *self._batches, self._batch, self._held):
            if batch is not None and batch.touches(self, name):
                batch.finish()  # an override of a kept page must come after it

    def write_feed(self, *args, **kwargs):
        call = partial(self._write_feed, *args, **kwargs)
        # Pelican's own parameters, however the caller passed them.
        given = _feed_arguments(self, args, kwargs)
        path = given.get("path")
        if self.record is not None and path and self._take_over_feed(given, call):
            return None
        if (
            self._batch is not None
            and path
            and not given.get("override_output")
            and not _has_receivers()
            and self._batch.defer_call(self, path, call)
        ):
            return None
        self._before_serial_write(path)
        return call()

    def _take_over_feed(self, given: dict, call=None) -> bool:
        """A feed with the same entries and settings as in the last build: taken over, its
        bytes checked by the Linker's process as a listing's page (not hashed here: 52
        feeds at 1,000 posts, the linked ones' change time never as recorded, about 7 ms a
        build); one found without them is written by `placed` with `call` (write_feed's)."""
        path = given["path"]
        complete_path = self._output_file(path)
        if given["override_output"] or _has_receivers() or complete_path in self._written_files:
            return False
        parts = self._feed_parts(
            given["elements"],
            given["context"],
            given["url"],
            given["feed_type"],
            given["feed_title"],
        )
        try:
            # The entries' related posts are not in a feed (_add_item_to_the_feed).
            key = self._page_digest(related=False).of((path, parts))
        except Unkeyable:
            self.record.unkeyed.append(path)
            return False
        base = self._site_key(True, given["context"])
        fingerprint = hashlib.sha256(f"{base}|feed|{key}".encode()).hexdigest()
        if not self.record.take_over_page(path, fingerprint, "files"):
            return False
        self._written_files.add(complete_path)
        self._taken_over.add(complete_path)
        if call is None:
            arguments = {name: given[name] for name in _FEED_NAMES}
            call = partial(self._write_feed, **arguments)
        self._unchecked_feeds[path] = (complete_path, call)
        return True

    def _feed_parts(self, elements, context, url, feed_type, feed_title) -> tuple:
        """What a feed shows: its entries (as many as it holds), its address, kind and title,
        and what it takes from the context; the rest is the plugin's code and settings."""
        # As many entries as the feed holds; their update dates are theirs too.
        shown = elements[: self.showcase.feed_max_items]
        entries = tuple(self._feed_entry(item) for item in shown)
        names = ("SITENAME", "SITESUBTITLE", "SITEURL", "FEED_DOMAIN", "SHOWCASE")
        return (entries, url, feed_type, feed_title, [context.get(n) for n in names])

    def _feed_entry(self, item) -> str:
        """What a feed shows of an entry: its file, header and text (and its translations'),
        and of its view what _add_item_to_the_feed and entry_categories read (FEED_VIEW: a
        test records what they read), not its related posts or its regions' other fields."""
        view = getattr(item, "showcase", None)
        held = self._feed_entries.get(id(item))
        if held is not None and held[0] is item and held[1] is view:
            return held[2]  # an entry of several feeds: once per build and view
        text = self._feed_entry_text(item)
        self._feed_entries[id(item)] = (item, view, text)  # held: the ids stay their own
        return text

    def _feed_entry_text(self, item) -> str:
        digest = self._page_digest(related=False)
        view = getattr(item, "showcase", None)
        if not isinstance(item, Content) or view is None:
            return digest.of(item)  # whole, as any value
        try:
            shown = tuple(_feed_part(getattr(view, name), part) for name, part in FEED_VIEW.items())
        except AttributeError as error:  # the feed fails the same way: it renders
            raise Unkeyable(f"{item.source_path}: {error!r}") from error
        return digest.files(item) + "|" + digest.of(shown)

    def finish(self) -> None:
        """Called once all pages are written: drop what left the site, remember what was written."""
        self.deferred.finish()
        for batch in self._batches:
            batch.finish()
        self._held.start()  # no batch came for them
        self._held.finish()
        if self.preview is not None:
            # Every page and feed Pelican's Writer wrote in this build, paginated pages
            # included (it keeps the list to refuse overwrites); kept pages are recorded above.
            output = Path(self.output_path)
            for written in self._written_files:
                self.preview.record(str(Path(written).relative_to(output)))
            self.preview.remove_stale()
            self.preview.save()
            self._known_reads.save()
        if self.record is not None:
            self.placed()  # a post page not placed after all is rendered before the save
            self.record.save()
            if self._changes is not None:
                self._changes.save()
                if self._changes.kept_count and self._kept_posts is not None:
                    # The pages kept walked nothing: the texts of their posts stay kept.
                    self._kept_posts.used |= self._kept_posts.posts.keys()
            # Read by the next build only: in the build server after its answer.
            later(self._known_reads.save)
            if self._kept_posts is not None:
                later(self._kept_posts.save)

    def _create_new_feed(self, feed_type, feed_title, context):
        feed_class = Rss201rev2Feed if feed_type == "rss" else StyledAtom1Feed
        title = context["SITENAME"] + (f" – {feed_title}" if feed_title else "")
        edition = context.get("SHOWCASE", self.showcase)
        subtitle = context.get("SITESUBTITLE", "")
        if edition.lang != self.showcase.lang:
            subtitle = TEXTS[edition.lang]["subtitle"]
        # Opened in a browser, the feed renders as a readable page instead of raw XML.
        stylesheet = f"{self.site_url}/{self.showcase.feed_stylesheet}"
        feed = feed_class(
            title=Markup(title).striptags(),
            link=f"{self.showcase.absolute_url}/{edition.home_url}",
            feed_url=self.feed_url,
            description=subtitle,
            subtitle=subtitle,
            language=edition.lang,
            feed_guid=feed_id(self.showcase, self._feed_path),
            stylesheets=[Stylesheet(stylesheet, mimetype="text/xsl")],
        )
        # feedgenerator dates a feed without entries (an English region feed before its first
        # translated post) with the build time; a fixed date keeps builds byte-identical.
        latest = feed.latest_post_date
        fixed = dt.datetime(int(self.showcase.feed_id_date), 1, 1, tzinfo=dt.UTC)
        feed.latest_post_date = lambda: latest() if feed.items else fixed
        return feed

    def _write_feed(
        self,
        elements,
        context,
        path=None,
        url=None,
        feed_type="atom",
        override_output=False,
        feed_title=None,
    ):
        self._feed_path = path or url or ""
        tz = self.showcase.timezone
        shown = elements[: self.showcase.feed_max_items]
        own = [set_date_tzinfo(getattr(item, "modified", item.date), tz) for item in shown]
        self._updated = dict(zip(map(id, shown), distinct_updates(own), strict=True))
        write = partial(
            super().write_feed, elements, context, path, url, feed_type, override_output, feed_title
        )
        if self.preview is None or not path or _has_receivers():
            return write()
        # In the preview: a feed is written again from the last build's text while its
        # entries and everything else it shows are the same (as the listings, preview/pages.py).
        self._start_keeping()
        try:
            key = self._page_base(context) + self._kept_pages.of(
                self._feed_parts(elements, context, url, feed_type, feed_title)
            )
        except Unkeyable:
            return write()
        complete_path = sanitised_join(self.output_path, path)
        written: list = []

        def text() -> str:
            written.append(write())
            return Path(complete_path).read_text(encoding="utf-8")

        kept = self._memo.get(("feed", path), key, text)
        if written:
            return written[0]
        self.site_url = context.get("SITEURL", "")
        Path(complete_path).parent.mkdir(parents=True, exist_ok=True)
        with self._open_w(complete_path, "utf-8", override_output) as fp:
            fp.write(kept)
        return None

    def _add_item_to_the_feed(self, feed, item):
        base = self.showcase.absolute_url
        link = urljoin(base + "/", str(item.url))
        summary_only = self.showcase.feed_summary_only
        content = item.get_content(base)
        if isinstance(feed, Rss201rev2Feed):
            # RSS has one element for both; readers show it as the entry's text.
            description, content = (item.summary if summary_only else content), None
        else:
            description, content = item.summary, (None if summary_only else content)
        categories = entry_categories(item)
        enclosures = None
        if item.showcase.lead_image is not None:
            image = item.showcase.lead_image
            enclosures = [
                Enclosure(urljoin(base + "/", image.path), str(image.length), image.mime_type)
            ]
        tz = self.showcase.timezone
        feed.add_item(
            title=item.title,
            link=link,
            unique_id=entry_id(self.showcase, item),
            # The id is a tag: URI, not the entry's address: without this, RSS 2.0 says the
            # guid is a permalink and some readers open it as a link.
            unique_id_is_permalink=False,
            description=description,
            content=content,
            categories=categories,
            enclosures=enclosures,
            author_name=item.showcase.author_organisation,
            pubdate=set_date_tzinfo(item.date, tz),
            updateddate=self._updated[id(item)],
        )


# A followed read that reaches into a post's view: its own or a translation's, as an
# attribute or an item (`article['showcase']`: Jinja's getitem takes the attribute too).
_VIEW_STEPS = (
    ("attr", "showcase"),
    ("item", "showcase"),
    ("attr", "translations"),
    ("item", "translations"),
)
_RELATED_STEPS = (("attr", "related_posts"), ("item", "related_posts"))
# Reads of the post, or of its view, whole.
_WHOLE_VIEW = ((), (("attr", "showcase"),), (("item", "showcase"),))
# The names Pelican's Writer sets over the context for each page besides its arguments
# (parallel/writing.page_locals): made from the page's name.
_PAGE_OWN = ("SITEURL", "localsiteurl", "output_file", "alternates")
# What a feed entry's code reads of the post's view, and of each value which attribute (None:
# the value; of a list: of each item). The entry's key is made from this (_feed_entry_text).
FEED_VIEW = {
    "lead_image": None,
    "author_organisation": None,
    "for_all_regions": None,
    "topic": "name",
    "region_list": "name",
}


def _feed_part(value: Any, part: str | None) -> Any:
    if part is None:
        return value
    if isinstance(value, list | tuple):
        return tuple(getattr(item, part) for item in value)
    return getattr(value, part)


_FEED_PARAMETERS = inspect.signature(Writer.write_feed)
# Pelican's Writer's logger: a listing's page is logged as Pelican's Writer logs it.
_listing_log = logging.getLogger("pelican.writers")
_FILE_PARAMETERS = inspect.signature(Writer.write_file)
_FEED_NAMES = tuple(_FEED_PARAMETERS.parameters)[1:]


def _file_arguments(writer, name, template, context, args: tuple, kwargs: dict) -> dict:
    """Writer.write_file's arguments by parameter, with its defaults (`kwargs`: the rest by
    name), and its TypeError for a wrong call."""
    return _bound(_FILE_PARAMETERS, writer, (name, template, context, *args), kwargs)


def _feed_arguments(writer, args: tuple, kwargs: dict) -> dict:
    """Writer.write_feed's arguments by parameter, with its defaults, and its TypeError for
    a missing, unknown or repeated one."""
    return _bound(_FEED_PARAMETERS, writer, args, kwargs)


def _bound(signature: inspect.Signature, writer, args: tuple, kwargs: dict) -> dict:
    # Signature.bind costs about 10 µs a call, about 1 ms of a build's ~110 calls.
    bound = signature.bind(writer, *args, **kwargs)
    bound.apply_defaults()
    return bound.arguments


class SameBytesFile(io.StringIO):
    """A text file written on close only when it does not hold these bytes already (writing
    is ten times reading on the preview's disk); its modification time then stays, which
    the preview does not read for a file it lists as written (PreviewManifest)."""

    def __init__(self, path: str, encoding: str) -> None:
        super().__init__()
        self.path = Path(path)
        self.text_encoding = encoding

    def close(self) -> None:
        if not self.closed:
            data = self.getvalue().encode(self.text_encoding)
            try:
                same = self.path.read_bytes() == data
            except OSError:
                same = False
            if not same:
                with open(self.path, "wb") as file:
                    file.write(data)
        super().close()


class PaginatedTakeOver:
    """A paginated listing's template for Pelican's Writer: each page (its own context) is
    the last build's text when what it reads is as then, else rendered."""

    def __init__(self, template, writer: ShowcaseWriter, context: dict | None = None) -> None:
        self.template = template
        self.writer = writer
        self.name = template.name
        # The shared context Pelican's Writer was given, where a page may be rendered by a
        # batch's workers (parallel/writing.py); None: here (an override).
        self.context = context

    def render(self, context: dict) -> str:
        fingerprint = self.writer.listing_fingerprint(self.template, context)
        if fingerprint is not None:
            text = self.writer.record.take_over_text(context["output_file"], fingerprint)
            if text is not None:
                return text
        if self.context is not None and self.writer.render_later(
            self.template, context, self.context
        ):
            return ""
        return self.template.render(context)

    def __getattr__(self, name: str):
        return getattr(self.template, name)


@dataclass(frozen=True)
class _ListingPage:
    """One page of a paginated listing: its number, each paginator's page and its file."""

    number: int
    pages: dict  # the paginated name ("articles") -> its stable_pages.StablePage
    save_as: str
    paginators: dict  # the paginated name -> its StablePaginator


def _listing_pages(name: str, arguments: dict, paginated: dict, settings: dict) -> list:
    """The pages Pelican's Writer.write_file makes of a paginated listing (4.12), with the
    stable paginator it is given (stable_pages.py): a paginator per paginated list, as many
    pages as the first one has; a page's file is the last paginator's page's."""
    template_name = arguments["template_name"]
    per_page = settings["PAGINATED_TEMPLATES"][template_name] or settings["DEFAULT_PAGINATION"]
    paginators = {
        key: StablePaginator(name, arguments["url"], value, settings, per_page)
        for key, value in paginated.items()
    }
    pages = []
    for number in range(1, next(iter(paginators.values())).num_pages + 1):
        shown = {key: paginator.page(number) for key, paginator in paginators.items()}
        pages.append(_ListingPage(number, shown, shown[list(shown)[-1]].save_as, paginators))
    return pages


# A listing's followed reads with what every page's context is read for (pages.ALWAYS), by
# the followed reads' tuple (kept for the process by followed_reads: immutable, held here).
_LISTING_READS: dict[int, tuple[tuple, tuple]] = {}


def _data_places(context: dict) -> dict:
    """The places of the build's region data objects (followed_reads.data_places)."""
    return data_places(context.get(INPUT_KEY))


def _has_receivers() -> bool:
    """Whether anything listens for a feed's object (then every feed is built as always)."""
    return bool(signals.feed_generated.receivers or signals.feed_written.receivers)


def write_text_file(output_path: Path, relative: str, text: str) -> None:
    """Write a generated text file that is not rendered from a template (JSON feed, robots)."""
    target = output_path / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    write_text(target, text)
