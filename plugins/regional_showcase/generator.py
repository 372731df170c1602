"""The Pelican generator: region data into the context, region/topic pages and feeds out."""

from __future__ import annotations

import datetime as dt
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn
from zoneinfo import ZoneInfo

from pelican import signals
from pelican.generators import ArticlesGenerator, Generator

from .assets import Assets
from .build_record import data_digest, events_folder, source_digest, tree_digest
from .cms.admin import write_admin
from .content_types.registry import INPUT_KEY
from .data.address_ledger import updated_ledger
from .data.figures import build_date, figures_to_show
from .data.model import Region, Section, Topic
from .data.posts import default_slug
from .data.problems import BuildStopped, ValidationFailed, warnings_text
from .data.published_set import FILE_NAME as PUBLISHED_SET_FILE
from .data.published_set import published_set
from .editions import Edition, build_edition
from .environment import read_environment
from .feeds import feed_path, feeds_for, json_feed
from .frozen_urls import freeze_urls
from .input_check import check_input
from .opendata.comparison_files import kept_comparison_files, shown_files
from .opendata.downloads import open_data_files
from .opendata.page import open_data_counts, open_data_url, publication_for, write_open_data
from .page_context import PageContext
from .parallel import checking, long_lived, reading
from .parallel.workers import WorkersError, can_fork, worker_count
from .pictures import cards_ahead
from .pictures.charts import comparable_charts
from .pictures.germany_map import render_map
from .pictures.illustrations import region_illustration
from .pictures.images import LeadImage, lead_image, write_variants
from .pictures.palette import region_colour
from .pictures.social import Card, Painter
from .post_view import view_posts
from .press.page import press_feeds
from .preview import kept_content
from .preview.file_digests import in_one_pass
from .preview.kept_content import memoize_relative_source_paths
from .preview.memo import preview_memo
from .reader import ShowcaseMarkdownReader
from .redirects_output import LEDGER_FILE, apache_redirects, base_path, redirect_files
from .search_index import POST_PAGES_WRITTEN
from .security_headers import SITE_FILES
from .settings import showcase_settings
from .sitemap import page_url, relative_html, robots_txt, sitemap_xml
from .translations import TEXTS
from .urls import illustration_path, save_as_for, social_path, url_for
from .writer import write_text_file

if TYPE_CHECKING:
    from .build_record import KeptTexts

# The check runs in a process of its own only while the reading workers have at most this
# many posts to convert (parallel/checking.py): a warm build's few, not a cold build's all.
FORK_CHECK_CONVERSIONS = 100


def _figures_for(shown: dict, reference, max_age: int, subject: Region | Section) -> tuple:
    """The figures a region (its key figures) or a section puts forward (data/figures.py)."""
    if isinstance(subject, Region):
        return shown[subject.slug]
    return figures_to_show(subject.figures, reference, max_age)


def _region_photo(showcase, region: Region) -> LeadImage | None:
    """The region's photo as published (variants, size) with its credit; the check made sure
    it has credit and licence (data/photos.py)."""
    photo = region.photo
    if photo is None:
        return None
    return lead_image(
        showcase.content_path,
        photo.file,
        photo.alt,
        showcase.cache_dir,
        credit=photo.credit,
        licence=photo.licence,
        focus=photo.focus,
    )


def _kept_counts(kept: KeptTexts, site) -> dict[str, int]:
    """open_data_counts, kept in cache/ with the open data's texts (by the same key: they
    follow from the region data alone). A slot of another shape (a damaged file) counts
    as none: made again."""
    counts = kept.get("open-data-counts", "", partial(open_data_counts, site))
    names = ("source_count", "figure_count")
    if isinstance(counts, dict) and all(type(counts.get(name)) is int for name in names):
        return counts
    return open_data_counts(site)


def gaps_hint(count: int) -> str:
    """The build's one line on the region pages' gaps (the details: `make report`)."""
    gaps = "1 Lücke" if count == 1 else f"{count} Lücken"
    return f"Hinweis: {gaps} auf den Regionsseiten; `make report` zeigt, was noch fehlt."


def _below(path: str, output_path: str) -> str:
    """`Path(path).relative_to(output_path).as_posix()`, by strings where that gives the
    same: the writers hand over the output folder joined with the page's name (Pelican's
    sanitised_join: absolute and normalised), 1,222 pages in a warm build. Anything else
    (a `.` part, `//`, a hidden or `..` part, another folder) goes the pathlib way."""
    base = _BASES.get(output_path)
    if base is None:
        norm = Path(output_path).as_posix()  # ends with "/" only as the root, "/" or "//"
        base = _BASES[output_path] = norm if norm.endswith("/") else norm + "/"
    if path.startswith(base):
        rest = path[len(base) :]
        if rest and rest[0] not in "/." and rest[-1] != "/" and not ("//" in rest or "/." in rest):
            return rest
    return Path(path).relative_to(output_path).as_posix()


_BASES: dict[str, str] = {}


class ShowcaseGenerator(Generator):
    """Validates the data before Pelican reads a post, then writes regions, topics and feeds."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.showcase = showcase = showcase_settings(self.settings)
        self._post_pages_sent = False  # POST_PAGES_WRITTEN, once per build
        long_lived.release()  # an earlier build's objects, in a process that builds again
        # Pelican works out each post's path below content/ five times per build (reading,
        # its URL pattern, the writer): once per post is enough (the preview's memo).
        memoize_relative_source_paths()
        # In a build's one_pass (staff/build.py, make serve): the region data's and the
        # events' files hashed before anything reads them, as the reader cache hashes each
        # post, so the writer's keys (KeptData, the open data's kept texts) hold those
        # states: a save while the build runs differs from them next time.
        if in_one_pass():
            hashed = source_digest(True)
            data_digest(showcase, hashed)
            tree_digest(events_folder(showcase), hashed=hashed)
        # Runs before any generator reads content: a bad post fails here, with all its
        # problems, instead of being skipped by Pelican with a warning. Bodies are checked
        # by the reader while it renders them (one parse per post), see generate_context.
        # In the preview (`make serve`) editors also see what the region pages still lack.
        hints: list | None = [] if showcase.preview else None
        # `make serve` keeps what did not change since its last build (preview/memo.py).
        self.memo = (
            preview_memo(self.settings, showcase)
            if showcase.preview and showcase.incremental
            else None
        )
        # The build server's builds (staff/warm_build.py) keep the check's results in the
        # same memo, for the check alone: its key holds every input a check reads (the files,
        # the settings but the output folder, the code, the theme, the day, the environment).
        # It runs in this process then, so that the memo keeps what it computed.
        check_memo = self.memo
        if check_memo is None and kept_content.keeping():
            check_memo = preview_memo(self.settings, showcase)
        check = partial(_checked_or_refused, showcase, hints, check_memo)
        # The English catalog's check is kept in it too (editions.py): it reads the file alone.
        self.check_memo = check_memo
        self.assets = Assets(
            showcase.theme / "static", showcase.theme_static_dir, showcase.fingerprinted_assets
        )
        self._hints = hints
        # With workers, the check runs in a process of its own while Pelican reads the
        # posts, joined before any generator of this plugin reads its result and before
        # anything is written (parallel/checking.py). Forked before the reading workers: no
        # thread runs yet.
        self._check = None

        def fork_check(converting: int) -> None:
            # Not while the workers convert many posts (a cold build): they keep both cores
            # busy, and this process checks meanwhile as it always did.
            if (
                check_memo is None
                and converting <= FORK_CHECK_CONVERSIONS
                and _workers(showcase) > 1
                and can_fork()
            ):
                self._check = checking.start(check, self._take_checked)
                signals.page_generator_finalized.connect(self._join_check)

        _start_reading(self.settings, showcase, fork_check)
        if self._check is None:
            self._take_checked(check())
        # The HTML pages this build wrote, for the sitemap: collected from Pelican's
        # content_written signal, written out at `finalized` when every generator is done.
        # Bound methods are held weakly, so the receivers leave with this generator.
        self.written_pages: set[str] = set()
        self.page_alternates: dict[str, tuple] = {}
        signals.content_written.connect(self._page_written)
        signals.finalized.connect(self._finalized)
        # Pelican asks for the writer once every text is final and before it writes a page.
        signals.get_writer.connect(self._draw_cards_ahead)
        self._cards_ahead = None
        self.articles_by_region: dict[str, list] = {}
        self.articles_by_topic: dict[str, list] = {}
        self._keep_long_lived()

    def _take_checked(self, result: tuple) -> None:
        """The check's result (_checked_or_refused): into the context, or the build stops."""
        checked, refused = result
        if refused is not None:
            _stop(ValidationFailed(*refused))
        showcase = self.showcase
        self.site = checked.site
        # What each file counting in published-set.txt is, and what the web editor's lists
        # read of each text, as the check read them.
        self.publication = checked.published
        self.text_facts = checked.text_facts
        # The redirects to write and the pages online now (sitewide/kept_addresses.py).
        self.kept = checked.kept
        if checked.warnings:
            # stderr, not the log: a warning asks for confirmation (a date years ahead) and
            # `--fatal warnings` must not turn it into a stop (data/problems.py).
            sys.stderr.write(warnings_text(checked.warnings) + "\n")
        # The regions side by side, per language (data/comparison.py); {} without the file.
        self.comparisons = checked.comparisons
        # Every content type's generator (events, …) reads its checked entries from here in
        # its generate_context, which runs after every constructor (registry.checked_items).
        self.context[INPUT_KEY] = checked
        if self._hints:
            # stderr, not the log: `--fatal warnings` must not stop a preview over a gap.
            sys.stderr.write(gaps_hint(len(self._hints)) + "\n")
        self.context.update(self.page_context(showcase, self.site).names())
        if self._check is not None:
            self._keep_long_lived()  # the objects the check's process sent

    def _join_check(self, generator=None) -> None:
        """page_generator_finalized (and generate_context): the forked check's result, before
        the types' generators and this one read it."""
        if self._check is not None:
            signals.page_generator_finalized.disconnect(self._join_check)
            try:
                self._check.join()
            finally:
                # The check holds this generator (its _take_checked): without dropping it
                # the two form a cycle that lives until a full collection (frozen meanwhile:
                # long_lived), and the generator's signal receivers hear the next build's
                # pages in a process that builds again.
                self._check = None

    def _keep_long_lived(self) -> None:
        """The checked data (and, later, every post) live until the build ends: out of the
        garbage collector's full passes (parallel/long_lived.py). Not in `make serve` nor in
        the build server (staff/warm_build.py): there the collector is off during a build and
        collects between builds."""
        if not self.showcase.preview and not kept_content.keeping():
            long_lived.keep()

    def page_context(self, showcase, site) -> PageContext:
        """What every page of one edition sees: its data, and its URL helpers."""
        reference = build_date(
            showcase.build_date, read_environment().source_date_epoch, showcase.timezone
        )
        max_age = showcase.figure_max_age
        # Computed once: cards, pages and charts all put forward the same figures.
        shown_figures = {
            r.slug: figures_to_show(r.key_figures, reference, max_age) for r in site.regions
        }
        return PageContext(
            project=site.project,
            regions=list(site.regions),
            topics=list(site.topics),
            site_feeds=feeds_for(showcase, None),
            url_for=partial(url_for, showcase),
            overview_url=showcase.overview_url,
            feeds_for=partial(feeds_for, showcase),
            social_image_for=partial(social_path, showcase),
            illustration_for=partial(illustration_path, showcase),
            region_photo=partial(_region_photo, showcase),
            open_data_url=partial(open_data_url, showcase),
            figures_for=partial(_figures_for, shown_figures, reference, max_age),
            figure_charts=comparable_charts(site.regions, shown_figures),
            comparison=self.comparisons.get(showcase.lang),
            asset=self.assets.url,
            edition_homes={
                lang: self.showcase.edition(lang).home_url for lang in self.showcase.languages
            },
            germany_map=render_map(
                showcase.map_outline,
                site.regions,
                lambda r: f"{showcase.site_url}/{url_for(showcase, r)}",
                TEXTS[showcase.lang]["map_title"],
            ),
        )

    def generate_context(self):
        """Give every post its view (`article.showcase`) and join posts to regions and topics."""
        self._join_check()
        reading.finish()
        # Pelican has read every post and page by now; the reader noted what the body
        # rules refused. Nothing has been written yet.
        refused = [
            problem
            for key in (
                "articles",
                "drafts",
                "hidden_articles",
                "pages",
                "hidden_pages",
                "draft_pages",
            )
            for content in self.context.get(key, [])
            for problem in getattr(content, "showcase_problems", ())
        ]
        if refused:
            _stop(ValidationFailed(refused))
        articles = self.context["articles"]  # newest first
        drafts = self.context.get("drafts", [])
        for post in (*articles, *drafts):
            # Pelican's own field, filled as Pelican would from the file name: the address
            # must not change with the title.
            if "slug" not in post.metadata:
                post.slug = default_slug(Path(post.source_path))
        views = view_posts(articles, drafts, self.site, self.showcase)
        for post in (*articles, *drafts):
            post.showcase = views.of(post)
        # Only `make serve` lists drafts; a publish build never writes them anywhere.
        self.context["preview_drafts"] = drafts if self.showcase.preview else []
        # The preview marks posts dated later than now as scheduled ("Geplant für …").
        self.context["preview_now"] = (
            dt.datetime.now(ZoneInfo(self.showcase.timezone)) if self.showcase.preview else None
        )
        self.articles_by_region = dict(views.by_region)
        self.articles_by_topic = dict(views.by_topic)
        self.context["alternates"] = ()
        # The further languages: their posts are Pelican's translations of the German ones.
        self.editions = {
            lang: build_edition(self, lang, articles) for lang, _ in self.showcase.editions
        }
        self.context["showcase_editions"] = {
            lang: edition.context for lang, edition in self.editions.items()
        }
        # Every address is settled now; templates and feeds ask for them again and again.
        freeze_urls((*articles, *drafts, *self.context.get("hidden_articles", [])))
        self._keep_long_lived()

    def generate_output(self, writer):
        """Write each edition's pages and feeds, then what all editions share."""
        showcase = self.showcase
        # What Pelican's writing made so far (the post pages kept for their workers, the
        # listings' keys) mostly lives until the build ends: out of the full passes too.
        self._keep_long_lived()
        german = Edition(
            showcase.lang,
            showcase,
            self.site,
            self.context,
            self.context["articles"],
            self.articles_by_region,
            self.articles_by_topic,
        )
        # Every post page is written (those taken over are linked: placed): `showcase build`
        # starts Pagefind for the archive, before the pages below. In a cold build post pages
        # still with the workers are waited for (they keep both cores busy meanwhile; mostly
        # they are done, Pelican's listings took longer): Pagefind then runs beside the
        # editions, whose first part leaves a core idle (1 s at 3,000 posts), not after them.
        # After a small change only answered workers count (writer.post_pages_done).
        written = self._post_pages_written(writer)
        # Home, overviews, region pages and feeds depend only on the finished context: with
        # hundreds of regions they are most of the build, so the workers render them.
        with writer.batch() if hasattr(writer, "batch") else nullcontext():
            for edition in (german, *self.editions.values()):
                self._write_edition(writer, edition)
        if not written:
            if hasattr(writer, "placed"):
                writer.placed()
            self._post_pages_sent = True
            POST_PAGES_WRITTEN.send(self)
        write = partial(
            writer.write_file, context=self.context, relative_urls=showcase.relative_urls
        )
        write("404.html", self.get_template("404"))
        # Texts kept in cache/ by what they are made from (a build into a fresh folder).
        kept = writer.kept_texts() if hasattr(writer, "kept_texts") else None
        self._write_open_data(write, kept)
        # What this build put online, for the hourly scheduled build to compare against.
        # The check read each candidate's header (and keeps what it found in cache/).
        now = dt.datetime.now(ZoneInfo(showcase.timezone))
        known = {(path, dated): fact for path, dated, fact in self.publication}
        online = published_set(
            showcase.content_path,
            known,  # the candidates, in the check's order
            now,
            showcase.timezone,
            lambda path, dated: known[path, dated],
        )
        write_text_file(Path(self.output_path), PUBLISHED_SET_FILE, online + "\n")
        # Security headers for the hosts that read them from the site (security_headers.py);
        # Apache reads the redirects from the same file (redirects_output.py).
        entries = self.kept.redirects.entries
        appended = {".htaccess": apache_redirects(entries, base_path(showcase.site_url))}
        for name, text in SITE_FILES.items():
            write_text_file(Path(self.output_path), name, text() + appended.get(name, ""))
        self._write_redirects()
        write_variants(showcase.content_path, Path(self.output_path), showcase.cache_dir)
        self._write_social_images()
        self._write_illustrations()
        self.assets.write(Path(self.output_path))
        if showcase.cms:
            write_admin(
                showcase,
                self.site,
                Path(self.output_path),
                f"{showcase.site_url}/{self.assets.url('css/site.css')}",
                self.memo,
                kept,
                self.text_facts,
            )
        if hasattr(writer, "finish"):
            writer.finish()

    def _post_pages_written(self, writer) -> bool:
        """Whether every post page is in the output folder: then POST_PAGES_WRITTEN is sent,
        once per build (the first time: right after Pelican wrote the post pages, see
        announce_post_pages, or at the start of generate_output)."""
        if self._post_pages_sent:
            return True
        if not (hasattr(writer, "post_pages_done") and writer.post_pages_done(wait=True)):
            return False
        self._post_pages_sent = True
        POST_PAGES_WRITTEN.send(self)
        return True

    def _alternates(self, page) -> tuple:
        """The same page in every language: (lang, url) pairs, the default language first."""
        return tuple((lang, page(self.showcase.edition(lang))) for lang in self.showcase.languages)

    def _write_edition(self, writer, edition: Edition) -> None:
        """Home, overviews, one page and two feeds per region and topic, and the site feeds."""
        showcase, articles = edition.settings, edition.articles
        is_default = showcase.lang == self.showcase.lang
        write = partial(
            writer.write_file, context=edition.context, relative_urls=showcase.relative_urls
        )
        overview = self._alternates
        write(
            showcase.home_url + "index.html",
            self.get_template("home"),
            latest_articles=articles[: showcase.home_articles],
            alternates=overview(lambda s: s.home_url),
        )
        for name in ("regions", "topics", "feeds", "search"):
            extra = {"feed_groups": self._feed_groups(showcase, edition.site)}
            write(
                showcase.overview_save_as(name),
                self.get_template(name),
                alternates=overview(lambda s, name=name: s.overview_url(name)),
                **(extra if name == "feeds" else {}),
            )
        if not is_default:
            # Pelican writes the German news index; the other editions' come from here.
            write(
                showcase.overview_save_as("news"),
                self.get_template("index"),
                articles=articles,
                paginated={"articles": articles},
                template_name="index",
                url=showcase.overview_url("news"),
                alternates=overview(lambda s: s.overview_url("news")),
            )
        if edition.context.get("comparison") is not None:
            write(
                showcase.overview_save_as("compare"),
                self.get_template("compare"),
                alternates=overview(lambda s: s.overview_url("compare")),
            )
        regions = edition.site.regions
        shown = showcase.region_articles
        for index, region in enumerate(regions):
            region_articles = edition.by_region.get(region.slug, [])
            write(
                save_as_for(showcase, region),
                self.get_template("region"),
                region=region,
                # A region page lists its newest posts, not its whole archive: the page
                # stays readable, and its cost does not grow with the archive.
                region_articles=region_articles[:shown],
                region_article_count=len(region_articles),
                previous_region=regions[index - 1] if index > 0 else None,
                next_region=regions[index + 1] if index + 1 < len(regions) else None,
                alternates=overview(lambda s, r=region: url_for(s, r)),
            )
        for topic in edition.site.topics:
            topic_articles = edition.by_topic.get(topic.slug, [])
            write(
                save_as_for(showcase, topic),
                self.get_template("topic"),
                topic=topic,
                articles=topic_articles,
                paginated={"articles": topic_articles},
                template_name="topic",
                url=url_for(showcase, topic),
                alternates=overview(lambda s, t=topic: url_for(s, t)),
            )
        self._write_feeds(writer, edition, None, articles)
        for region in regions:
            self._write_feeds(writer, edition, region, edition.by_region.get(region.slug, []))
        for topic in edition.site.topics:
            self._write_feeds(writer, edition, topic, edition.by_topic.get(topic.slug, []))
        write_text_file(Path(self.output_path), showcase.json_feed, json_feed(showcase, articles))

    def _write_open_data(self, write, kept: KeptTexts | None = None) -> None:
        publication = publication_for(self.showcase, partial(url_for, self.showcase))
        make = partial(open_data_files, self.site, publication)
        # The texts follow from the data and the settings alone (publication_for, url_for):
        # the preview's memo keeps them by both, cache/ by the kept texts' key (settings,
        # plugin code, libraries, the day, the region data and every file of content/ but
        # the posts; 0.1 s of a build at 1,000 posts in yaml and json).
        if self.memo is not None:
            # The very data object (the site-data memo's, the same while its files are): an
            # equal one may be written otherwise (`value: 57900.0` == 57900, as YAML had it).
            key = (id(self.site), self.site, self.showcase)  # the site held: its id its own
            files = self.memo.get("open-data", key, make)
            counts = self.memo.get("open-data-counts", key, partial(open_data_counts, self.site))
        elif kept is not None:
            files = kept.get("open-data", "", make)
            counts = _kept_counts(kept, self.site)
        else:
            files, counts = make(), None
        shown = write_open_data(self.site, publication, Path(self.output_path), files, counts)
        comparison = self.comparisons.get(self.showcase.lang)
        extra = (
            {}
            if comparison is None
            else kept_comparison_files(comparison, publication, self.showcase, self.memo, kept)
        )
        for name, text in extra.items():
            write_text_file(Path(self.output_path), f"{publication.folder}/{name}", text)
        shown = {**shown, "comparison_files": shown_files(extra, publication.folder)}
        write(f"{publication.folder}/index.html", self.get_template("data"), open_data=shown)

    def _write_redirects(self) -> None:
        """A page at every redirected address, `_redirects`, the nginx map, and the address
        ledger with this build's addresses (the live site's copy: docs/betrieb.md, *Addresses
        stay reachable*)."""
        showcase, output, kept = self.showcase, Path(self.output_path), self.kept
        stylesheet = f"{showcase.site_url}/{self.assets.url('css/site.css')}"
        files = redirect_files(
            kept.redirects.entries,
            showcase.site_url,
            showcase.absolute_url,
            showcase.news_url,
            stylesheet,
        )
        if showcase.address_ledger is not None:
            files[LEDGER_FILE] = updated_ledger(kept.ledger, kept.published)
        for name, text in files.items():
            write_text_file(output, name, text)

    def _write_illustrations(self) -> None:
        output = Path(self.output_path)
        for index, region in enumerate(self.site.regions):
            svg = region_illustration(region.landscape, region.name, index)
            write_text_file(output, illustration_path(self.showcase, region), svg)
        everywhere = region_illustration("low-mountains", "alle Regionen", -1)
        write_text_file(output, illustration_path(self.showcase, None), everywhere)

    def _page_written(self, path: str, context=None) -> None:
        if path.endswith(".html"):
            self.written_pages.add(path)
            versions = (context or {}).get("alternates")
            # An archive page of a listing has no translation of its own (base.html names
            # none): only the listing's first page does (stable_pages.py).
            archive = getattr((context or {}).get("articles_page"), "block", None) is not None
            if versions and not archive:
                self.page_alternates[page_url(_below(path, self.output_path))] = tuple(versions)

    def _finalized(self, pelican) -> None:
        # A generator of an earlier build in this process may still be alive: only this
        # build's own output gets its sitemap.
        if os.path.realpath(pelican.output_path) == os.path.realpath(self.output_path):
            self._write_sitemap()

    def _write_sitemap(self) -> None:
        output = Path(self.output_path)
        site_url = self.showcase.absolute_url
        lastmod = {
            a.url: (getattr(a, "modified", None) or a.date).isoformat()
            for a in self.context["articles"]
        }
        excluded = self.showcase.sitemap_exclude
        written = relative_html(output, self.written_pages)
        write_text_file(
            output,
            "sitemap.xml",
            sitemap_xml(site_url, written, excluded, lastmod, self.page_alternates),
        )
        write_text_file(output, "robots.txt", robots_txt(site_url))

    def _draw_cards_ahead(self, pelican) -> None:
        """Workers draw the cards cache/ lacks while the pages are written
        (pictures/cards_ahead.py); `_write_social_images` puts them into the output."""
        if self.showcase.preview or pelican.output_path != self.output_path:
            return
        try:
            workers = worker_count(self.showcase.workers)
        except WorkersError:
            return  # reported where the build reads it first (_start_reading)
        self._cards_ahead = cards_ahead.draw_ahead(
            [card for card, _path in self._social_cards(self._card_site())],
            self.showcase.theme / "fonts",
            self.showcase.cache_dir / "social",
            workers,
            kept_content.keeping(),
        )

    def _card_site(self) -> str:
        return self.site.project.short_name + " · " + self.showcase.site_name

    def _write_social_images(self) -> None:
        output = Path(self.output_path)
        fonts = self.showcase.theme / "fonts"
        cache = self.showcase.cache_dir / "social"
        site = self._card_site()
        # Pillow draws and encodes with the GIL released, so cards use the cores Pelican's
        # single thread leaves idle. FreeType faces are not thread-safe: a painter per thread.
        local = threading.local()

        def paint(job) -> None:
            if not hasattr(local, "painter"):
                local.painter = Painter(fonts)
            card, path = job
            local.painter.write(card, output / path, cache)

        # The workers drawing ahead (if any) go from the front of the list; what they have
        # not drawn yet is drawn here from the back: nothing waits for a worker that the
        # machine gives little time (they run at a lower priority, cards_ahead.py).
        cards = list(self._social_cards(site))
        # A card without a photo that the cache holds whole is placed here, not handed to a
        # thread: after a save in make serve that is every card but a changed one, and 213
        # tasks for the threads cost more than their few system calls. A photo's card goes
        # to the threads all the same (its key hashes the photo's bytes, the GIL released).
        here = Painter(fonts)
        keep = kept_content.keeping()  # the build server's: the cards' checks kept (pictures)
        rest = [
            (card, path)
            for card, path in reversed(cards)
            if card.photo or not here.place_kept(card, output / path, cache, keep)
        ]
        if rest:
            with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
                list(pool.map(paint, rest))
        cards_ahead.wait(self._cards_ahead)  # they find the rest drawn
        self._cards_ahead = None

    def _social_cards(self, site: str):
        showcase = self.showcase
        position = {r.slug: i for i, r in enumerate(self.site.regions)}
        yield (
            Card("Leben und Arbeiten", showcase.site_name, site, region_colour(None)),
            social_path(showcase, None),
        )
        for region in self.site.regions:
            colour = region_colour(position[region.slug])
            yield (
                Card("Leben und Arbeiten", region.name, region.claim or site, colour),
                social_path(showcase, region),
            )
        for topic in self.site.topics:
            yield Card("Thema", topic.name, site, region_colour(None)), social_path(showcase, topic)
        for article in self.context["articles"]:
            view = article.showcase
            if not view.has_own_card:
                continue
            colour = region_colour(
                None if view.for_all_regions else position[view.region_list[0].slug]
            )
            photo = None
            if view.lead_image is not None:
                photo = str(showcase.content_path / view.lead_image.path)
            regions = (
                "Alle Regionen"
                if view.for_all_regions
                else ", ".join(r.name for r in view.region_list)
            )
            yield (
                Card(view.topic.name, article.title, regions, colour, photo),
                view.social_image,
            )

    @staticmethod
    def _feed_groups(showcase, site) -> list[dict]:
        text = TEXTS[showcase.lang]
        return [
            {"title": text["all_news"], "feeds": feeds_for(showcase, None)},
            {
                "title": text["by_region"],
                "feeds": [f for r in site.regions for f in feeds_for(showcase, r)],
            },
            {
                "title": text["by_topic"],
                "feeds": [f for t in site.topics for f in feeds_for(showcase, t)],
            },
            # The releases are German, as is their page: the German list names their feeds.
            *(
                [{"title": text["press"], "feeds": press_feeds(showcase)}]
                if text.get("press")
                else []
            ),
        ]

    def _write_feeds(
        self, writer, edition: Edition, subject: Region | Topic | None, articles: list
    ) -> None:
        title = None if subject is None else subject.name
        for kind in ("atom", "rss"):
            path = feed_path(edition.settings, subject, kind)
            writer.write_feed(articles, edition.context, path, feed_type=kind, feed_title=title)


def announce_post_pages(generators) -> None:
    """all_generators_finalized: POST_PAGES_WRITTEN right after Pelican wrote the post pages
    (ArticlesGenerator.generate_articles), before its news listing and the other generators'
    pages, when every post page is in the output folder by then (after a small change: the
    few rendered here). Pagefind's runs for the archive's bundles (EarlyRuns) then start
    about 0.07 s sooner, and after an edited post the build waits for them at its end."""
    if not POST_PAGES_WRITTEN.receivers:
        return
    showcase = next((g for g in generators if isinstance(g, ShowcaseGenerator)), None)
    articles = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    if showcase is None or articles is None:
        return
    original = articles.generate_articles

    def generate_articles(write):
        original(write)
        # Pelican's `write` is functools.partial(writer.write_file, …).
        writer = getattr(getattr(write, "func", None), "__self__", None)
        if getattr(writer, "record", None) is not None:  # a build that takes pages over
            showcase._post_pages_written(writer)

    articles.generate_articles = generate_articles  # this build's generator only


def skip_empty_reader_check(generator) -> None:
    """generator_init: Pelican's check_disabled_readers walks the generator's folders after
    its context, in every build, for files that a reader it disabled (a missing library)
    would have read, to warn about them. With no reader disabled the walk can find nothing
    (get_files with no extension matches no file): it is left out (content/news/ and the
    static folders walked again and each file matched against IGNORE_FILES, about 9 ms at
    1,000 posts)."""
    readers = getattr(generator, "readers", None)
    disabled = getattr(readers, "disabled_readers", None)
    if hasattr(generator, "check_disabled_readers") and disabled == {}:
        generator.check_disabled_readers = _no_reader_disabled  # this generator only


def _no_reader_disabled() -> None:
    """No file can be one of a disabled reader's: nothing to warn about."""


def _start_reading(settings: dict, showcase, before_workers: Callable[[int], None]) -> None:
    """Convert the posts in worker processes while this process checks the data; a post the
    reader cache (reader_cache.py) holds is not converted again.

    No workers in `make serve`: the reader cache, kept in memory there, leaves only the
    changed posts to convert. `before_workers` hears how many posts are left to convert
    before any worker is forked."""
    reading.use_reader_cache(settings, showcase, kept_content.keeping())
    if showcase.preview:
        return
    reader = ShowcaseMarkdownReader(settings)
    files = reading.markdown_files(showcase, tuple(reader.file_extensions))
    remaining = reading.to_convert(files)
    # Before the workers' fork: their pool's thread would keep this process from forking.
    before_workers(len(remaining))
    reading.start_pool(remaining, reader.convert, _workers(showcase))


def _workers(showcase) -> int:
    """The build's worker processes (SHOWCASE_WORKERS or the setting); a wrong value stops."""
    try:
        return worker_count(showcase.workers)
    except WorkersError as error:
        sys.stderr.write(f"{error}\nDie Website wurde nicht gebaut.\n")
        raise SystemExit(1) from None


def _checked_or_refused(showcase, hints: list | None, memo) -> tuple:
    """The input check as the build runs it: (CheckedInput, None), or (None, (problems,
    warnings)) to stop with. A refused header stops with the bodies' problems too, so the
    list is complete in one run. Returned, not raised: the forked check sends it back
    (parallel/checking.py), and an exception pickles its message, not its problems."""
    try:
        return check_input(showcase, hints, bodies=False, memo=memo, build=True), None
    except ValidationFailed as header_problems:
        # Stopping anyway: parse the bodies too, so the list is complete in one run.
        try:
            check_input(showcase)
        except ValidationFailed as failed:
            return None, (failed.problems, failed.warnings)
        return None, (header_problems.problems, header_problems.warnings)


def _stop(failed: ValidationFailed) -> NoReturn:
    """End the build with the list of problems, as editors read it."""
    # Plain text, not a log record: Pelican would wrap it in a traceback that hides the list
    # editors need. SystemExit passes Pelican's handler with exit status 1.
    sys.stderr.write(
        f"{failed}\nDie Website wurde nicht gebaut. Beheben Sie die Probleme oben "
        "und bauen Sie erneut (`make check` prüft, ohne zu bauen).\n"
    )
    raise BuildStopped(failed.problems)
