"""The plugin's settings: read once from Pelican's into a typed, read-only object.

Pelican hands plugins one big dict. Reading it once, here, into `ShowcaseSettings` gives every
key a type, a default and a check (MkDocs' config options are the model): a mistake in
`pelicanconf.py` stops the build with every wrong key named, instead of failing somewhere deep
in a build with a `KeyError`. Functions take the object and say by its fields what they need.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .cms.backends import URL_KEYS, https_problem
from .data.problems import did_you_mean
from .environment import EnvironmentProblem, read_environment

# The key under which the object travels in Pelican's settings (and so in the template
# context): the generator, the writer and the templates all read this one instance.
SETTINGS_KEY = "SHOWCASE"

# The overview pages, by name. `news` is Pelican's own index (INDEX_URL), so it has one
# source; the others are the plugin's. Names, not paths, go into templates: an English
# edition gives each language its own paths without touching a template. `welcome`, a page for
# people moving here from abroad, is optional: only the editions that set it link to it.
OVERVIEWS = (
    "regions",
    "compare",
    "news",
    "events",
    "topics",
    "feeds",
    "search",
    "about",
    "welcome",
    # The press area (press/): releases, contacts, pictures, the facts sheet.
    "press",
)
DEFAULT_OVERVIEW_URLS = {
    "about": "ueber-das-projekt/",
    "regions": "regionen/",
    # The regions side by side (data/comparison.yaml), written when SHOWCASE_COMPARISON is set.
    "compare": "regionen/vergleich/",
    "events": "termine/",
    "topics": "themen/",
    "feeds": "feeds/",
    "search": "suche/",
    "press": "presse/",
}


class SettingsError(ValueError):
    """Every wrong setting of one build, each line naming its key."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        count = len(problems)
        noun = "Einstellung ist" if count == 1 else "Einstellungen sind"
        lines = [f"{count} {noun} fehlerhaft (pelicanconf.py/publishconf.py):"]
        super().__init__("\n".join(lines + [f"  {p}" for p in problems]))


# --- checks: each turns a raw value into the typed one or raises ValueError(German reason)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"erwartet einen Text, gefunden {value!r}")
    return value


def _pattern(*placeholders: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        text = _text(value)
        missing = [p for p in placeholders if "{" + p + "}" not in text]
        if missing:
            needed = ", ".join("{" + p + "}" for p in missing)
            raise ValueError(f"das Muster {text!r} braucht {needed}")
        return text

    return check


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"erwartet eine ganze Zahl ab 0, gefunden {value!r}")
    return value


def _optional_count(value: Any) -> int | None:
    return None if value is None else _count(value)


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"erwartet True oder False, gefunden {value!r}")
    return value


def _path(value: Any) -> Path:
    if not isinstance(value, str | Path) or not str(value):
        raise ValueError(f"erwartet einen Dateipfad, gefunden {value!r}")
    return Path(value)


def _optional_path(value: Any) -> Path | None:
    return None if value in (None, "") else _path(value)


def _optional_date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(_text(value))
    except ValueError:
        raise ValueError(f"erwartet ein Datum wie '2026-11-30', gefunden {value!r}") from None


def _mapping(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"erwartet ein dict, gefunden {value!r}")
    return value


def _cms_backend(value: Any) -> dict[str, Any]:
    # Decap's `backend:` as pelicanconf.py or publishconf.py sets it: the servers it names
    # get the editors' login and token, so only over https (the rule of CMS_GITLAB_URL).
    backend = _mapping(value)
    for key in URL_KEYS:
        problem = https_problem(backend[key]) if key in backend else None
        if problem:
            raise ValueError(f"{key}: {problem}")
    return backend


def _operator_facts(value: Any) -> dict[str, str]:
    from .data.operator_pages import check_operator

    return check_operator(value)


def _names(value: Any) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise ValueError(f"erwartet eine Liste von Texten, gefunden {value!r}")
    return tuple(_text(item) for item in value)


def _overview_urls(value: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, Mapping):
        raise ValueError(f"erwartet ein dict Name → Pfad, gefunden {value!r}")
    known = [name for name in OVERVIEWS if name != "news"]
    for name in value:
        if name not in known:
            hint = did_you_mean(str(name), known)
            raise ValueError(f"unbekannte Übersicht {name!r}{hint}")
    merged = {**DEFAULT_OVERVIEW_URLS, **value}
    for name, url in merged.items():
        if not isinstance(url, str) or not url.endswith("/") or url.startswith("/"):
            raise ValueError(f"{name}: erwartet einen Pfad wie 'regionen/', gefunden {url!r}")
    return tuple(sorted(merged.items()))


def _editions(value: Any) -> tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]:
    # Each further language: its code and the settings that differ from the German site
    # (its URLs, its feeds); checked field by field in ShowcaseSettings.edition.
    if not isinstance(value, Mapping):
        raise ValueError(f"erwartet ein dict Sprache → Einstellungen, gefunden {value!r}")
    editions = []
    for lang, overrides in value.items():
        if not (isinstance(lang, str) and len(lang) == 2 and lang.isalpha() and lang.islower()):
            raise ValueError(f"{lang!r}: erwartet ein Sprachkürzel wie 'en'")
        if not isinstance(overrides, Mapping):
            raise ValueError(f"{lang}: erwartet ein dict von Einstellungen, gefunden {overrides!r}")
        editions.append((lang, tuple(sorted(overrides.items()))))
    return tuple(sorted(editions))


def _setting(
    key: str, check: Callable[[Any], Any], default: Any = None, *, doc: str, example: str = ""
) -> dict[str, Any]:
    """Field metadata: read Pelican's setting `key` through `check`.

    `doc` is one English line, what the setting does (docs/settings.md is generated from it,
    settings_doc.py); `example` is the value a required setting's message suggests."""
    return {"key": key, "check": check, "default": default, "doc": doc, "example": example}


@dataclass(frozen=True)
class ShowcaseSettings:
    """Every setting the plugin reads, typed, checked and with its default."""

    # Pelican's own settings the plugin depends on.
    content_path: Path = field(
        metadata=_setting(
            "PATH",
            _path,
            example="content",
            doc="The content folder: posts, pages, events and pictures below it.",
        )
    )
    article_paths: tuple[str, ...] = field(
        metadata=_setting(
            "ARTICLE_PATHS",
            _names,
            ["news"],
            doc="Folders below PATH that hold the news posts; `showcase post` writes to the first.",
        )
    )
    page_paths: tuple[str, ...] = field(
        metadata=_setting(
            "PAGE_PATHS",
            _names,
            ["pages"],
            doc="Folders below PATH that hold pages (Impressum, …).",
        )
    )
    theme: Path = field(
        metadata=_setting(
            "THEME", _path, "theme", doc="The theme folder: templates, static files, translations."
        )
    )
    theme_static_dir: str = field(
        metadata=_setting(
            "THEME_STATIC_DIR",
            _text,
            "theme",
            doc="Where the theme's static files go in the output.",
        )
    )
    # What Pelican copies as it is: the rules of data/published_files.py check exactly these.
    static_paths: tuple[str, ...] = field(
        metadata=_setting(
            "STATIC_PATHS",
            _names,
            ["images"],
            doc="Folders below PATH copied as they are, after the published-file checks.",
        )
    )
    ignore_files: tuple[str, ...] = field(
        metadata=_setting(
            "IGNORE_FILES", _names, ["**/.*"], doc="Name patterns of files nothing reads."
        )
    )
    site_name: str = field(
        metadata=_setting("SITENAME", _text, "", doc="The site's name: titles, header, feeds.")
    )
    site_url: str = field(
        metadata=_setting(
            "SITEURL",
            _text,
            "",
            doc="The site's address when published; '' in development: root-relative links.",
        )
    )
    feed_domain: str = field(
        metadata=_setting(
            "FEED_DOMAIN",
            _text,
            "",
            doc="The absolute address feeds and the sitemap name; '' means SITEURL.",
        )
    )
    relative_urls: bool = field(
        metadata=_setting(
            "RELATIVE_URLS", _flag, False, doc="Links relative to each page instead of the root."
        )
    )
    timezone: str = field(
        metadata=_setting(
            "TIMEZONE",
            _text,
            "Europe/Berlin",
            doc="Time zone of dates without one, and of 'today' (events, key figures, preview).",
        )
    )
    feed_max_items: int | None = field(
        metadata=_setting(
            "FEED_MAX_ITEMS",
            _optional_count,
            100,
            doc="Entries per feed, newest first; None: every post.",
        )
    )
    # As Markdown(**markdown) takes it; the plugin adds its extensions (apply_defaults).
    markdown: dict[str, Any] = field(
        metadata=_setting(
            "MARKDOWN", _mapping, {}, doc="Python-Markdown's options; the plugin adds its own."
        )
    )
    formatted_fields: tuple[str, ...] = field(
        metadata=_setting(
            "FORMATTED_FIELDS",
            _names,
            ["summary"],
            doc="Header fields read as Markdown and checked like the body.",
        )
    )
    cache_path: Path = field(
        metadata=_setting(
            "CACHE_PATH",
            _path,
            "cache",
            doc="Cache folder; the plugin's pictures, templates, preview state go below it.",
        )
    )
    news_url: str = field(
        metadata=_setting("INDEX_URL", _text, "aktuelles/", doc="Address of the news overview.")
    )
    # Pelican's address patterns of posts and pages (Pelican's defaults): the internal-link
    # rule works out every address from them without building (sitewide/site_addresses.py).
    article_url: str = field(
        metadata=_setting("ARTICLE_URL", _text, "{slug}.html", doc="Address pattern of a post.")
    )
    article_lang_url: str = field(
        metadata=_setting(
            "ARTICLE_LANG_URL",
            _text,
            "{slug}-{lang}.html",
            doc="Address pattern of a post's translation.",
        )
    )
    page_url: str = field(
        metadata=_setting("PAGE_URL", _text, "pages/{slug}.html", doc="Address pattern of a page.")
    )
    page_lang_url: str = field(
        metadata=_setting(
            "PAGE_LANG_URL",
            _text,
            "pages/{slug}-{lang}.html",
            doc="Address pattern of a page's translation.",
        )
    )
    lang: str = field(
        metadata=_setting("DEFAULT_LANG", _text, "de", doc="The language of the main site.")
    )
    home_url: str = field(
        metadata=_setting(
            "SHOWCASE_HOME_URL",
            _text,
            "",
            doc="This edition's home page: '' for the German site, 'en/' for the English one.",
        )
    )
    editions: tuple = field(
        metadata=_setting(
            "SHOWCASE_EDITIONS",
            _editions,
            {},
            doc="Further languages: per code ('en'), the settings that differ from the main site.",
        ),
        hash=False,
    )
    # The plugin's inputs.
    data: Path = field(
        metadata=_setting(
            "SHOWCASE_DATA",
            _path,
            example="data/regions.yaml",
            doc="The regions' data file.",
        )
    )
    region_texts: Path | None = field(
        metadata=_setting(
            "SHOWCASE_REGION_TEXTS",
            _optional_path,
            doc="Folder of the regions' longer texts, one file per region; None: none.",
        )
    )
    comparison: Path | None = field(
        metadata=_setting(
            "SHOWCASE_COMPARISON",
            _optional_path,
            doc="The regions side by side (data/comparison.yaml); None: no comparison page.",
        )
    )
    map_outline: Path = field(
        metadata=_setting(
            "SHOWCASE_MAP_OUTLINE",
            _path,
            "data/germany-outline.json",
            doc="Germany's outline (GeoJSON) under the regions map.",
        )
    )
    # Every address the site ever published (data/adressen.txt) and where a vanished one now
    # leads (data/weiterleitungen.yaml): sitewide/kept_addresses.py. None: no such rule.
    address_ledger: Path | None = field(
        metadata=_setting(
            "SHOWCASE_ADDRESS_LEDGER",
            _optional_path,
            doc="Every address ever published (data/adressen.txt); None: vanished ones unchecked.",
        )
    )
    redirects_file: Path | None = field(
        metadata=_setting(
            "SHOWCASE_REDIRECTS",
            _optional_path,
            doc="Where vanished addresses lead (data/weiterleitungen.yaml); None: no redirects.",
        )
    )
    # Where pages, pictures and feeds go.
    region_url: str = field(
        metadata=_setting(
            "SHOWCASE_REGION_URL",
            _pattern("slug"),
            "regionen/{slug}/",
            doc="Address pattern of a region page.",
        )
    )
    region_save_as: str = field(
        metadata=_setting(
            "SHOWCASE_REGION_SAVE_AS",
            _pattern("slug"),
            "regionen/{slug}/index.html",
            doc="Output file of a region page.",
        )
    )
    topic_url: str = field(
        metadata=_setting(
            "SHOWCASE_TOPIC_URL",
            _pattern("slug"),
            "themen/{slug}/",
            doc="Address pattern of a topic page.",
        )
    )
    topic_save_as: str = field(
        metadata=_setting(
            "SHOWCASE_TOPIC_SAVE_AS",
            _pattern("slug"),
            "themen/{slug}/index.html",
            doc="Output file of a topic page.",
        )
    )
    overview_urls: tuple[tuple[str, str], ...] = field(
        metadata=_setting(
            "SHOWCASE_OVERVIEW_URLS",
            _overview_urls,
            {},
            doc="Addresses of the overview pages by name, merged over the German defaults.",
        )
    )
    site_feed: str = field(
        metadata=_setting(
            "SHOWCASE_SITE_FEED",
            _pattern("kind"),
            "feeds/alle.{kind}.xml",
            doc="The feed of all posts ({kind}: atom or rss).",
        )
    )
    region_feed: str = field(
        metadata=_setting(
            "SHOWCASE_REGION_FEED",
            _pattern("slug", "kind"),
            "feeds/regionen/{slug}.{kind}.xml",
            doc="Each region's feed.",
        )
    )
    topic_feed: str = field(
        metadata=_setting(
            "SHOWCASE_TOPIC_FEED",
            _pattern("slug", "kind"),
            "feeds/themen/{slug}.{kind}.xml",
            doc="Each topic's feed.",
        )
    )
    json_feed: str = field(
        metadata=_setting(
            "SHOWCASE_JSON_FEED", _text, "feeds/alle.json", doc="The JSON Feed of all posts."
        )
    )
    feed_stylesheet: str = field(
        metadata=_setting(
            "SHOWCASE_FEED_STYLESHEET",
            _text,
            "theme/feed.xsl",
            doc="The XSL stylesheet that shows a feed as a page in a browser.",
        )
    )
    social_dir: str = field(
        metadata=_setting(
            "SHOWCASE_SOCIAL_DIR",
            _text,
            "bilder/vorschau",
            doc="Output folder of the drawn preview cards (og:image).",
        )
    )
    illustration_dir: str = field(
        metadata=_setting(
            "SHOWCASE_ILLUSTRATION_DIR",
            _text,
            "bilder/regionen",
            doc="Output folder of the regions' drawn illustrations.",
        )
    )
    data_dir: str = field(
        metadata=_setting(
            "SHOWCASE_DATA_DIR",
            _text,
            "daten",
            doc="Output folder of the open data page and its downloads (regions.json, …).",
        )
    )
    # Key figures older than this many years (counted from the build date) stay out of
    # cards, "Auf einen Blick" and charts; they remain in the data with their year.
    figure_max_age: int = field(
        metadata=_setting(
            "SHOWCASE_FIGURE_MAX_AGE",
            _count,
            6,
            doc="Key figures older than this many years are not shown.",
        )
    )
    # A fixed value keeps a rebuild of old inputs identical (see data/figures.py).
    build_date: dt.date | None = field(
        metadata=_setting(
            "SHOWCASE_BUILD_DATE",
            _optional_date,
            doc="The build's 'today' (figures' age, events); None: SOURCE_DATE_EPOCH, else today.",
        )
    )
    first_post_date: dt.date | None = field(
        metadata=_setting(
            "SHOWCASE_FIRST_POST_DATE",
            _optional_date,
            doc="The first post's date: an earlier one asks if the year is a typo; None: never.",
        )
    )
    # Events (events/): content/<events_dir>/, one page and one .ics per event, calendars.
    events_dir: str = field(
        metadata=_setting(
            "SHOWCASE_EVENTS_DIR", _text, "termine", doc="Folder below PATH that holds the events."
        )
    )
    event_url: str = field(
        metadata=_setting(
            "SHOWCASE_EVENT_URL",
            _pattern("year", "slug"),
            "termine/{year}/{slug}/",
            doc="Address pattern of an event page.",
        )
    )
    event_save_as: str = field(
        metadata=_setting(
            "SHOWCASE_EVENT_SAVE_AS",
            _pattern("year", "slug"),
            "termine/{year}/{slug}/index.html",
            doc="Output file of an event page.",
        )
    )
    event_ics: str = field(
        metadata=_setting(
            "SHOWCASE_EVENT_ICS",
            _pattern("year", "slug"),
            "termine/{year}/{slug}/{slug}.ics",
            doc="Output file of an event's calendar entry.",
        )
    )
    events_calendar: str = field(
        metadata=_setting(
            "SHOWCASE_EVENTS_CALENDAR", _text, "termine/alle.ics", doc="The calendar of all events."
        )
    )
    region_calendar: str = field(
        metadata=_setting(
            "SHOWCASE_REGION_CALENDAR",
            _pattern("slug"),
            "termine/regionen/{slug}.ics",
            doc="Each region's calendar.",
        )
    )
    event_samples: bool = field(
        metadata=_setting(
            "SHOWCASE_EVENT_SAMPLES",
            _flag,
            False,
            doc="Build the fictitious sample events (development only, never publish).",
        )
    )
    home_events: int = field(
        metadata=_setting(
            "SHOWCASE_HOME_EVENTS", _count, 3, doc="Upcoming events on the home page."
        )
    )
    # How much goes where.
    home_articles: int = field(
        metadata=_setting("SHOWCASE_HOME_ARTICLES", _count, 6, doc="Posts on the home page.")
    )
    region_articles: int = field(
        metadata=_setting(
            "SHOWCASE_REGION_ARTICLES", _count, 30, doc="Posts listed on a region page."
        )
    )
    feed_summary_only: bool = field(
        metadata=_setting(
            "SHOWCASE_FEED_SUMMARY_ONLY",
            _flag,
            False,
            doc="Feeds carry each post's summary instead of its whole text.",
        )
    )
    # Older posts, rarely shared, use their region's card: drawing a card costs 4 ms, 40 s at
    # 10,000 posts.
    social_image_posts: int | None = field(
        metadata=_setting(
            "SHOWCASE_SOCIAL_IMAGE_POSTS",
            _optional_count,
            200,
            doc="The newest posts that get a preview card of their own; None: every post.",
        )
    )
    fingerprinted_assets: tuple[str, ...] = field(
        metadata=_setting(
            "SHOWCASE_FINGERPRINTED_ASSETS",
            _names,
            ["css/site.css", "js/search.js", "js/events.js"],
            doc="Theme files (below theme/static) served under a content hash, cached a year.",
        )
    )
    # The error page, and drafts (which `make serve` writes).
    sitemap_exclude: tuple[str, ...] = field(
        metadata=_setting(
            "SHOWCASE_SITEMAP_EXCLUDE",
            _names,
            ["404", "entwuerfe/", "admin/"],
            doc="Address beginnings never listed in sitemap.xml.",
        )
    )
    cms: bool = field(
        metadata=_setting(
            "SHOWCASE_CMS", _flag, True, doc="Write the web editor at /admin/ (Decap CMS, cms/)."
        )
    )
    cms_dist: Path = field(
        metadata=_setting(
            "SHOWCASE_CMS_DIST",
            _path,
            "node_modules/decap-cms/dist",
            doc="Decap's files as npm installs them (package.json pins the version).",
        )
    )
    # The servers it names get the editors' login and token: https only (_cms_backend).
    cms_backend: dict[str, Any] = field(
        metadata=_setting(
            "SHOWCASE_CMS_BACKEND",
            _cms_backend,
            {"name": "git-gateway", "branch": "main"},
            doc="The Git host the editor saves to (Decap's backend:); publishconf.py sets it.",
        )
    )
    cms_local_backend: bool = field(
        metadata=_setting(
            "SHOWCASE_CMS_LOCAL_BACKEND",
            _flag,
            True,
            doc="Let the editor save through decap-server on this machine (`make cms`).",
        )
    )
    cms_proxy_port: int = field(
        metadata=_setting(
            "SHOWCASE_CMS_PROXY_PORT",
            _count,
            8081,
            doc="Port of the proxy before decap-server (127.0.0.1 only).",
        )
    )
    cms_editorial_workflow: bool = field(
        metadata=_setting(
            "SHOWCASE_CMS_EDITORIAL_WORKFLOW",
            _flag,
            False,
            doc="Entwurf → In Prüfung → Bereit as branches or merge requests (production).",
        )
    )
    preview: bool = field(
        metadata=_setting(
            "SHOWCASE_PREVIEW",
            _flag,
            False,
            doc="Preview build (`make serve` sets it): drafts are listed for editors.",
        )
    )
    incremental: bool = field(
        metadata=_setting(
            "SHOWCASE_INCREMENTAL",
            _flag,
            True,
            doc="Skip pages whose inputs did not change: preview/, build_record.py.",
        )
    )
    check_cache: bool = field(
        metadata=_setting(
            "SHOWCASE_CHECK_CACHE",
            _flag,
            True,
            doc="Keep the input check's per-file results in cache/ (check_cache.py).",
        )
    )
    workers: int | None = field(
        metadata=_setting(
            "SHOWCASE_WORKERS",
            _optional_count,
            None,
            doc="Worker processes (parallel/); None or 0: one per core, 1: serial; env wins.",
        )
    )
    # It must never change once the site is live, even when the site moves to another
    # domain, or every subscriber sees every post twice.
    feed_id_domain: str = field(
        metadata=_setting(
            "FEED_ID_DOMAIN",
            _text,
            "starke-regionen.de",
            doc="The domain in every feed entry's id; never change it once live.",
        )
    )
    feed_id_date: str = field(
        metadata=_setting(
            "FEED_ID_DATE",
            _text,
            "2019",
            doc="The date in every feed entry's tag: id; never change it once live.",
        )
    )
    operator: dict[str, str] = field(
        metadata=_setting(
            "SHOWCASE_OPERATOR",
            _operator_facts,
            {},
            doc="Facts only the operator can give, for the pages' {betreiber:…}.",
        )
    )
    operator_required: bool = field(
        metadata=_setting(
            "SHOWCASE_OPERATOR_REQUIRED",
            _flag,
            False,
            doc="Every operator fact a published page asks for must be set (publishconf.py).",
        )
    )

    @classmethod
    def from_pelican(cls, settings: Mapping[str, Any]) -> ShowcaseSettings:
        """Read, check and type every setting at once; SettingsError lists all mistakes."""
        values: dict[str, Any] = {}
        problems: list[str] = []
        for option in fields(cls):
            key, check = option.metadata["key"], option.metadata["check"]
            raw = settings.get(key, option.metadata["default"])
            if raw is None and option.metadata["default"] is None and check is _path:
                example = option.metadata["example"]
                problems.append(f"{key}: fehlt (erwartet einen Dateipfad wie {example!r})")
                continue
            try:
                values[option.name] = check(raw)
            except ValueError as error:
                default = option.metadata["default"]
                hint = f" (Vorgabe: {default!r})" if default not in (None, {}) else ""
                problems.append(f"{key}: {error}{hint}")
        known = {option.metadata["key"] for option in fields(cls)}
        for key in settings:
            if str(key).startswith("SHOWCASE_") and key not in known:
                hint = did_you_mean(key, known)
                problems.append(f"{key}: unbekannte Einstellung{hint}")
        if problems:
            raise SettingsError(problems)
        typed = cls(**values)
        for lang, _ in typed.editions:
            typed.edition(lang)  # every edition's settings are checked now, not mid-build
        return typed

    @property
    def absolute_url(self) -> str:
        """The site's absolute address without a trailing slash, for feeds and the sitemap.

        SITEURL is '' in development (root-relative links); FEED_DOMAIN then says where
        `make serve` serves. Pelican sets FEED_DOMAIN to SITEURL when it is not given.
        """
        return (self.feed_domain or self.site_url).rstrip("/")

    @property
    def cache_dir(self) -> Path:
        """Where drawn and encoded pictures, compiled templates and the preview's manifest are
        kept between builds."""
        return self.cache_path / "showcase"

    @property
    def news_dir(self) -> Path:
        """The folder that holds the news posts."""
        return self.content_path / self.article_paths[0]

    @property
    def events_path(self) -> Path:
        """The folder that holds the events (content/termine/)."""
        return self.content_path / self.events_dir

    @property
    def page_dirs(self) -> list[Path]:
        """The folders that hold pages (Impressum, Datenschutz, …)."""
        return [self.content_path / folder for folder in self.page_paths]

    @property
    def languages(self) -> tuple[str, ...]:
        """Every language of the site, the default first."""
        return (self.lang, *(lang for lang, _ in self.editions))

    def edition(self, lang: str) -> ShowcaseSettings:
        """The settings of one language's edition: this site's, with that edition's URLs.

        Every function that takes the settings (url_for, feeds_for, overview_url) then gives
        that edition's addresses without knowing about languages."""
        if lang == self.lang:
            return self
        overrides = dict(dict(self.editions).get(lang) or ())
        if not overrides and lang not in dict(self.editions):
            raise ValueError(f"keine Ausgabe für die Sprache {lang!r} (SHOWCASE_EDITIONS)")
        by_key = {option.metadata["key"]: option for option in fields(self)}
        values, problems = {"lang": lang, "editions": ()}, []
        for key, raw in overrides.items():
            option = by_key.get(key)
            if option is None:
                hint = did_you_mean(key, list(by_key))
                problems.append(f"SHOWCASE_EDITIONS[{lang!r}]: {key}: unbekannte Einstellung{hint}")
                continue
            try:
                values[option.name] = option.metadata["check"](raw)
            except ValueError as error:
                problems.append(f"SHOWCASE_EDITIONS[{lang!r}]: {key}: {error}")
        if problems:
            raise SettingsError(problems)
        return replace(self, **values)

    def overview_url(self, name: str, lang: str | None = None) -> str:
        """Relative URL of an overview page ('regions', 'news', 'topics', 'feeds', 'search').

        `lang` is the edition's language; today there is only the German one (None).
        """
        if lang is not None and lang != self.lang:
            return self.edition(lang).overview_url(name)
        if name == "home":
            return self.home_url
        if name == "news":
            return self.news_url
        urls = dict(self.overview_urls)
        if name not in urls:
            hint = did_you_mean(name, OVERVIEWS)
            raise ValueError(f"unbekannte Übersicht {name!r}{hint}")
        return urls[name]

    def has_overview(self, name: str) -> bool:
        """Whether this edition has the overview `name` (`welcome` is optional)."""
        return name in ("home", "news") or name in dict(self.overview_urls)

    def overview_save_as(self, name: str, lang: str | None = None) -> str:
        """Output path of an overview page: its URL plus index.html."""
        return self.overview_url(name, lang) + "index.html"


def showcase_settings(settings: Mapping[str, Any]) -> ShowcaseSettings:
    """The typed settings of this build: read once at `initialized`, else read now."""
    typed = settings.get(SETTINGS_KEY)
    return typed if isinstance(typed, ShowcaseSettings) else ShowcaseSettings.from_pelican(settings)


def apply_defaults(settings: dict) -> ShowcaseSettings:
    """Read the typed settings into settings['SHOWCASE'] and wire the Markdown extensions.

    A wrong setting or environment variable stops here, every mistake listed (German, naming
    the key), rather than where a module deep in the build first reads it.
    """
    mistakes = []
    try:
        typed = ShowcaseSettings.from_pelican(settings)
    except SettingsError as error:
        mistakes.append(str(error))
    try:
        read_environment()
    except EnvironmentProblem as problem:
        count = len(problem.problems)
        noun = "Umgebungsvariable ist" if count == 1 else "Umgebungsvariablen sind"
        mistakes += [f"{count} {noun} fehlerhaft:", *(f"  {p}" for p in problem.problems)]
    if mistakes:
        sys.stderr.write("\n".join(mistakes) + "\nDie Website wurde nicht gebaut.\n")
        raise SystemExit(1) from None
    settings[SETTINGS_KEY] = typed
    markdown = settings.setdefault("MARKDOWN", {})
    configs = markdown.setdefault("extension_configs", {})
    configs["regional_showcase.markup"] = {"site_url": typed.site_url}
    configs["regional_showcase.pictures.images"] = {
        "content_path": str(typed.content_path),
        "site_url": typed.site_url,
    }
    extensions = markdown.setdefault("extensions", [])
    for name in configs:
        if name not in extensions:
            extensions.append(name)
    paginated = settings.setdefault("PAGINATED_TEMPLATES", {})
    paginated.setdefault("topic", None)
    return typed
