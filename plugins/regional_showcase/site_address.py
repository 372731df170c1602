"""The published site's own address (SITEURL): from the environment or the CI, never guessed.

The site is a showcase that links to the project's website, starke-regionen.de; it is not
that website. A default address would put every absolute link, feed and sitemap entry on
someone else's domain, so `make publish` takes SITEURL as given, else GitLab Pages' address
(CI_PAGES_URL), and refuses to build without one. GitHub's workflow passes the Pages address
as SITEURL itself (actions/configure-pages, `base_url`).
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

# Where the address may come from, in order.
SOURCES = ("SITEURL", "CI_PAGES_URL")


class SiteAddressMissing(ValueError):
    """No usable address: the message names SITEURL and says how to set it."""


def site_url(environ: Mapping[str, str]) -> str:
    """The address without a trailing slash, e.g. 'https://regionen.example.org'."""
    for name in SOURCES:
        value = (environ.get(name) or "").strip()
        if value:
            return _checked(name, value)
    raise SiteAddressMissing(
        "SITEURL fehlt: die öffentliche Adresse der Website ist nicht bekannt. Setzen Sie "
        "die Umgebungsvariable SITEURL, z. B. SITEURL=https://regionen.example.org make "
        "publish (GitHub Pages übergibt sie im Workflow, GitLab Pages setzt CI_PAGES_URL)."
    )


def _checked(name: str, value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise SiteAddressMissing(
            f"{name} ist keine Website-Adresse: {value!r}. Erwartet wird eine Adresse wie "
            "https://regionen.example.org (mit https://, ohne ? und #)."
        )
    return value.rstrip("/")
