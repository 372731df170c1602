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
    "SHOWCASE_FEED_SUMMARY_ONLY": False,
    # Part of every feed entry id. It must never change once the site is live, even when the
    # site moves to another domain, or every subscriber sees every post twice.
    "FEED_ID_DOMAIN": "starke-regionen.de",
    # The date in the feeds' own tag: ids; like the domain, it never changes.
    "FEED_ID_DATE": "2019",
}


def apply_defaults(settings: dict) -> None:
    """Fill in what the site's settings leave out."""
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    paginated = settings.setdefault("PAGINATED_TEMPLATES", {})
    paginated.setdefault("topic", None)
