"""Which link targets the site allows: http(s), mailto, tel, and links within the site."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

ALLOWED_SCHEMES = ("http", "https", "mailto", "tel")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def is_allowed_link(target: str) -> bool:
    """True for http(s)/mailto/tel links and for site-relative ones; False for javascript: etc."""
    # Browsers ignore whitespace and control characters inside a scheme ('java\tscript:').
    compact = re.sub(r"[\x00-\x20]", "", target)
    if compact.startswith(("{filename}", "{static}", "{attach}", "{index}", "{category}", "{tag}")):
        return True
    match = _SCHEME.match(compact)
    if not match:
        return True
    return match.group(1).lower() in ALLOWED_SCHEMES and bool(urlsplit(compact).scheme)


def is_same_site(target: str, site_url: str = "") -> bool:
    """True for an address on this site: relative, site-absolute or below SITEURL.

    An image anywhere else would make the reader's browser ask another server for it.
    """
    compact = re.sub(r"[\x00-\x20]", "", target)
    if compact.startswith(("{static}", "{attach}", "{filename}")):
        return True
    if compact.startswith(("//", "\\\\", "/\\", "\\/")):
        return False  # protocol-relative: another host
    if not _SCHEME.match(compact):
        return True
    own = site_url.rstrip("/")
    return bool(own) and _SCHEME.match(own) is not None and compact.startswith(own + "/")


_WEB_ADDRESS = re.compile(r"^www\.[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:[/?#:]|$)", re.IGNORECASE)


def schemeless_web_address(target: str) -> bool:
    """True for 'www.example.org/…' written as a link: the browser reads it as a file here."""
    return bool(_WEB_ADDRESS.match(target.strip()))
