"""The plugin's settings and their defaults; pelicanconf.py may override any of them."""

from __future__ import annotations

DEFAULTS = {
    "SHOWCASE_REGION_URL": "regionen/{slug}/",
    "SHOWCASE_REGION_SAVE_AS": "regionen/{slug}/index.html",
    "SHOWCASE_TOPIC_URL": "themen/{slug}/",
    "SHOWCASE_TOPIC_SAVE_AS": "themen/{slug}/index.html",
    "SHOWCASE_SITE_FEED": "feeds/alle.{kind}.xml",
    "SHOWCASE_REGION_FEED": "feeds/regionen/{slug}.{kind}.xml",
    "SHOWCASE_TOPIC_FEED": "feeds/themen/{slug}.{kind}.xml",
    "SHOWCASE_HOME_ARTICLES": 6,
    "SHOWCASE_REGION_ARTICLES": 30,
    "SHOWCASE_FEED_SUMMARY_ONLY": False,
    "SHOWCASE_JSON_FEED": "feeds/alle.json",
    "SHOWCASE_FEED_STYLESHEET": "theme/feed.xsl",
    # `make serve` sets this: drafts are listed so editors can see them before they go live.
    "SHOWCASE_PREVIEW": False,
    # In the preview, skip post pages whose inputs did not change (see preview.py).
    "SHOWCASE_INCREMENTAL": True,
    "SHOWCASE_SOCIAL_DIR": "bilder/vorschau",
    # The newest posts get a preview card of their own (None: every post). Older posts,
    # rarely shared, use their region's card: drawing a card costs 4 ms, 40 s at 10,000 posts.
    "SHOWCASE_SOCIAL_IMAGE_POSTS": 200,
    "SHOWCASE_ILLUSTRATION_DIR": "bilder/regionen",
    # The open data: /daten/ and its downloads (regions.json, regions/<slug>.json, ...).
    "SHOWCASE_DATA_DIR": "daten",
    # Theme files (below theme/static) served under a content hash, cacheable for a year.
    "SHOWCASE_FINGERPRINTED_ASSETS": ["css/site.css", "js/search.js", "js/events.js"],
    # Never in sitemap.xml: the error page and drafts (which `make serve` writes).
    "SHOWCASE_SITEMAP_EXCLUDE": ["404", "entwuerfe/"],
    # Events (events/): files below content/<SHOWCASE_EVENTS_DIR>/, pages and calendars.
    "SHOWCASE_EVENTS_DIR": "termine",
    "SHOWCASE_EVENTS_URL": "termine/",
    "SHOWCASE_EVENTS_SAVE_AS": "termine/index.html",
    "SHOWCASE_EVENT_URL": "termine/{year}/{slug}/",
    "SHOWCASE_EVENT_SAVE_AS": "termine/{year}/{slug}/index.html",
    "SHOWCASE_EVENT_ICS": "termine/{year}/{slug}/{slug}.ics",
    "SHOWCASE_EVENTS_CALENDAR": "termine/alle.ics",
    "SHOWCASE_REGION_CALENDAR": "termine/regionen/{slug}.ics",
    # The day that divides upcoming from past events (YYYY-MM-DD); None: today in Berlin.
    "SHOWCASE_BUILD_DATE": None,
    # The fictitious samples in content/termine/beispiele/: on in development, off in publish.
    "SHOWCASE_EVENT_SAMPLES": False,
    # How many upcoming events the home page and a region page show.
    "SHOWCASE_HOME_EVENTS": 3,
    # Part of every feed entry id. It must never change once the site is live, even when the
    # site moves to another domain, or every subscriber sees every post twice.
    "FEED_ID_DOMAIN": "starke-regionen.de",
    # The date in the feeds' own tag: ids; like the domain, it never changes.
    "FEED_ID_DATE": "2019",
}


def apply_defaults(settings: dict) -> None:
    """Fill in what the site's settings leave out, and wire the plugin's Markdown extensions."""
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    markdown = settings.setdefault("MARKDOWN", {})
    configs = markdown.setdefault("extension_configs", {})
    configs.setdefault("regional_showcase.markup", {})
    configs["regional_showcase.pictures.images"] = {
        "content_path": str(settings["PATH"]),
        "site_url": settings.get("SITEURL", ""),
    }
    extensions = markdown.setdefault("extensions", [])
    for name in configs:
        if name not in extensions:
            extensions.append(name)
    paginated = settings.setdefault("PAGINATED_TEMPLATES", {})
    paginated.setdefault("topic", None)
