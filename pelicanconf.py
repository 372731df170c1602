"""Pelican settings for development builds (`make html`, `make serve`)."""

import logging
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent

SITENAME = "Starke Regionen"
SITESUBTITLE = "Leben und Arbeiten in Deutschlands Kooperationsregionen"
AUTHOR = "StaR – Strategische Kooperationsregionen in ländlichen Räumen"
SITEURL = ""
# Feeds need absolute links even in development; `make serve` serves here.
FEED_DOMAIN = "http://localhost:8000"
TIMEZONE = "Europe/Berlin"
DEFAULT_LANG = "de"
DEFAULT_DATE_FORMAT = "%Y-%m-%d"

PATH = str(ROOT / "content")
ARTICLE_PATHS = ["news"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
# Hidden files (.DS_Store, .env) are neither read nor published: Pelican's default pattern
# "**/.*" never matches a bare file name, so it skips none of them.
IGNORE_FILES = [".*"]
# Posts and pages are Markdown only: Pelican would publish an HTML file's markup as it is,
# past every rule of the posts (`make check` refuses such a file, data/published_files.py).
READERS = {"html": None, "htm": None, "rst": None}
THEME = str(ROOT / "theme")
PLUGIN_PATHS = [str(ROOT / "plugins")]
PLUGINS = ["regional_showcase"]

# The English edition under /en/: its URLs and feeds; UI strings come from
# theme/translations/en/. English posts live in content/news/en/, pages in content/pages/en/,
# region texts in content/regionen/en/; a translation shares its original's Translation_Key.
SHOWCASE_EDITIONS = {
    "en": {
        "SHOWCASE_HOME_URL": "en/",
        "INDEX_URL": "en/news/",
        "SHOWCASE_REGION_URL": "en/regions/{slug}/",
        "SHOWCASE_REGION_SAVE_AS": "en/regions/{slug}/index.html",
        "SHOWCASE_TOPIC_URL": "en/topics/{slug}/",
        "SHOWCASE_TOPIC_SAVE_AS": "en/topics/{slug}/index.html",
        "SHOWCASE_OVERVIEW_URLS": {
            "regions": "en/regions/",
            "compare": "en/regions/compare/",
            "topics": "en/topics/",
            "feeds": "en/feeds/",
            "search": "en/search/",
            "about": "en/about/",
            "press": "en/press/",
            "welcome": "en/moving-here/",
        },
        "SHOWCASE_SITE_FEED": "en/feeds/all.{kind}.xml",
        "SHOWCASE_REGION_FEED": "en/feeds/regions/{slug}.{kind}.xml",
        "SHOWCASE_TOPIC_FEED": "en/feeds/topics/{slug}.{kind}.xml",
        "SHOWCASE_JSON_FEED": "en/feeds/all.json",
    }
}
ARTICLE_TRANSLATION_ID = "translation_key"
PAGE_TRANSLATION_ID = "translation_key"
ARTICLE_LANG_URL = "{lang}/news/{date:%Y}/{slug}/"
ARTICLE_LANG_SAVE_AS = "{lang}/news/{date:%Y}/{slug}/index.html"
PAGE_LANG_URL = "{lang}/{slug}/"
PAGE_LANG_SAVE_AS = "{lang}/{slug}/index.html"
DRAFT_LANG_URL = "entwuerfe/{lang}/{slug}/"
DRAFT_LANG_SAVE_AS = "entwuerfe/{lang}/{slug}/index.html"

# The plugin's data.
SHOWCASE_DATA = str(ROOT / "data" / "regions.yaml")
SHOWCASE_REGION_TEXTS = str(ROOT / "content" / "regionen")
# The regions side by side (/regionen/vergleich/): comparable figures per district.
SHOWCASE_COMPARISON = str(ROOT / "data" / "comparison.yaml")
SHOWCASE_MAP_OUTLINE = str(ROOT / "data" / "germany-outline.json")
# Every address ever published, and where those that vanished lead now: `make check` refuses
# an address that vanished without a redirect (docs/betrieb.md, "Addresses stay reachable").
SHOWCASE_ADDRESS_LEDGER = str(ROOT / "data" / "adressen.txt")
SHOWCASE_REDIRECTS = str(ROOT / "data" / "weiterleitungen.yaml")
# The web editor at /admin/: Decap CMS's prebuilt bundle, as `make html` installs it
# (scripts/install-node-deps, from package-lock.json).
SHOWCASE_CMS_DIST = str(ROOT / "node_modules" / "decap-cms" / "dist")

# Events (content/termine/): the fictitious samples in beispiele/ show in development only.
SHOWCASE_EVENT_SAMPLES = True
# The day that divides upcoming from past events; unset: today in Berlin. CI may pin it.
SHOWCASE_BUILD_DATE = os.environ.get("SHOWCASE_BUILD_DATE") or None
# The date of the site's first post (content/news/2018-11-01-foerderung-startet.md): a post
# dated earlier asks for confirmation in `make check` and the editor (a year typo?).
SHOWCASE_FIRST_POST_DATE = "2018-11-01"

# Autoescape: every value from YAML or front matter is escaped unless the theme marks
# rendered Markdown as safe.
# auto_reload off: every build makes a new environment anyway, and checking each template's
# mtime on every include cost half a second per 1,000 posts.
JINJA_ENVIRONMENT = {
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "auto_reload": False,
}

# The plugin adds its own extensions (safe links, responsive images) to these.
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.smarty": {"smart_quotes": False},
    },
    "output_format": "html5",
}

# URL scheme: stable, because subscribers and links depend on it.
ARTICLE_URL = "aktuelles/{date:%Y}/{slug}/"
ARTICLE_SAVE_AS = "aktuelles/{date:%Y}/{slug}/index.html"
DRAFT_URL = "entwuerfe/{slug}/"
DRAFT_SAVE_AS = "entwuerfe/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
INDEX_SAVE_AS = "aktuelles/index.html"
INDEX_URL = "aktuelles/"
DIRECT_TEMPLATES = ["index"]
PAGINATED_TEMPLATES = {"index": None, "topic": None}
DEFAULT_PAGINATION = 12
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/seite/{number}/", "{base_name}/seite/{number}/index.html"),
)

# Topics and regions are the plugin's taxonomies; Pelican's own would add stray pages.
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""

# The plugin writes every feed; Pelican's defaults would add stray ones.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
FEED_ATOM = None
FEED_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
FEED_MAX_ITEMS = 50
FEED_ID_DOMAIN = "starke-regionen.de"

# Facts only the operator of this site can give: the pages write them where they say
# {betreiber:name} and so on (Impressum, Datenschutz, Erklärung zur Barrierefreiheit). Keys and
# what each one holds: plugins/regional_showcase/data/operator_pages.py, FACTS; `showcase
# report` lists the ones still missing. `make publish` refuses to build without them.
# Example: SHOWCASE_OPERATOR = {"name": "Beispielverein e. V.", "email": "info@example.org"}
SHOWCASE_OPERATOR = {}

# Decorative images ({: .decorative}) have alt="" on purpose; `showcase check` already fails
# every image whose alt text is missing without that mark.
LOG_FILTER = [(logging.WARNING, "Empty alt attribute for image %s in %s")]

# Reproducible output: no build time in any file.
SUMMARY_MAX_LENGTH = None
DELETE_OUTPUT_DIRECTORY = False
# Not Pelican's content cache (it goes by modification time and pickles): the plugin keeps
# each post's reading by the hash of its bytes (reader_cache.py, cache/showcase/reader-*.json).
CACHE_CONTENT = False
