"""Which link targets the site allows: http(s), mailto, tel, and links within the site."""

from __future__ import annotations

import re
from urllib.parse import urlparse, urlsplit, urlunparse

from .problems import Problem

ALLOWED_SCHEMES = ("http", "https", "mailto", "tel")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# Pelican's INTRASITE_LINK_REGEX ("[{|](?P<what>.*?)[|}]", its default; the site keeps it) at
# the start of an attribute value: `{index}`, `{filename}`, `|tag|`, `{category|` and any other
# word between them. tests/test_resolved_links.py holds it to Pelican's.
_INTRASITE = re.compile(r"[{|](?P<what>.*?)[|}](?P<value>(?s:.*))")


def resolved(target: str) -> str:
    """The address as it leaves Pelican, for `{index}…`, `{filename}…` and the like.

    Pelican (contents.py, `_link_replacer`) replaces only the path of what follows the
    placeholder and keeps its scheme, host, query and fragment, found or not: `{index}
    javascript:x?%0Aalert(1)` becomes `javascript:https://…/index.html?%0Aalert(1)`. The path
    stands in here as `/`: whatever Pelican puts there is this site's own."""
    match = _INTRASITE.match(target)
    if match is None:
        return target
    parts = list(urlparse(match.group("value")))
    parts[2] = "/"
    return urlunparse(parts)


def link_scheme(target: str) -> str:
    """The scheme a browser reads in an address once Pelican resolved it ('' for none)."""
    # Browsers ignore whitespace and control characters inside a scheme ('java\tscript:').
    match = _SCHEME.match(re.sub(r"[\x00-\x20]", "", resolved(target)))
    return match.group(1).lower() if match else ""


def is_allowed_link(target: str) -> bool:
    """True for http(s)/mailto/tel links and for site-relative ones; False for javascript: etc.

    `{index}`, `{filename}` and the other placeholders count as what Pelican makes of them."""
    compact = re.sub(r"[\x00-\x20]", "", resolved(target))
    match = _SCHEME.match(compact)
    if not match:
        return True
    return match.group(1).lower() in ALLOWED_SCHEMES and bool(urlsplit(compact).scheme)


def is_same_site(target: str, site_url: str = "") -> bool:
    """True for an address on this site: relative, site-absolute or below SITEURL.

    An image anywhere else would make the reader's browser ask another server for it.
    """
    compact = re.sub(r"[\x00-\x20]", "", resolved(target))
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


# Query parameters that only exist to follow a reader from one site to another. The footer
# promises "kein Tracking", so no link on the site may carry one.
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "li_fat_id",
        "oly_enc_id",
        "oly_anon_id",
        "vero_id",
        "wickedid",
        "mkt_tok",
    }
)
TRACKING_PREFIXES = ("utm_",)
_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"'()\[\]]+")


def is_tracking_parameter(name: str) -> bool:
    """True for fbclid, utm_source, gclid, mc_eid and their kin (case-insensitive)."""
    folded = name.lower()
    return folded in TRACKING_PARAMETERS or folded.startswith(TRACKING_PREFIXES)


def tracking_parameters(url: str) -> list[str]:
    """The tracking parameters in a link's query, in order ([] for a clean link)."""
    query = urlsplit(url).query
    names = [pair.partition("=")[0] for pair in query.split("&") if pair]
    return [name for name in names if is_tracking_parameter(name)]


def without_tracking(url: str) -> str:
    """The link with every tracking parameter removed; everything else stays byte for byte."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    kept = [p for p in parts.query.split("&") if p and not is_tracking_parameter(p.split("=")[0])]
    return parts._replace(query="&".join(kept)).geturl()


def links_in_text(text: str) -> list[str]:
    """Every http(s) address in a text: Markdown links, autolinks and bare URLs alike."""
    if "://" not in text:
        return []  # called per line of every text: most lines hold no address
    return [match.rstrip(".,;:!?") for match in _URL_IN_TEXT.findall(text)]


def tracking_message(url: str) -> str:
    """What an editor reads about a link with tracking parameters, with the clean link."""
    found = tracking_parameters(url)
    names = ", ".join(f"'{name}'" for name in found)
    noun = "Tracking-Parameter" if len(found) == 1 else "Tracking-Parametern"
    return (
        f"Link mit {noun} {names}: die Website verspricht „kein Tracking“; "
        f"tragen Sie den Link ohne ein: {without_tracking(url)}"
    )


def tracking_problems(text: str, shown: str, first_line: int = 1) -> list[Problem]:
    """A located problem for every link with tracking parameters in a Markdown text."""
    return [
        Problem(shown, number, "", tracking_message(url))
        for number, line in enumerate(text.splitlines(), start=first_line)
        for url in links_in_text(line)
        if tracking_parameters(url)
    ]
