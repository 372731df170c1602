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
