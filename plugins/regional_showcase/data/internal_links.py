"""Where a text's links lead: to a page of this build, to the editor's own computer, or to an
e-mail address written without `mailto:`.

These rules read the Markdown source, not the parsed tree of post_body.py: the build leaves
the parse to its reader (one parse per post), but whether a link resolves depends on every
other post, so the links must be known before any post is rendered, and a source scan gives
each link its line at once. Fenced code and `code spans` are blanked first, so an address
shown as an example is no link. The security rules (schemes, scripts) stay on the tree.
"""

from __future__ import annotations

import difflib
import functools
import html
import ipaddress
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin, urlsplit

from .links import link_scheme, schemeless_web_address
from .post_body import shown as shown_address
from .problems import Problem

if TYPE_CHECKING:
    from .addresses import Addresses


@dataclass(frozen=True, order=True)
class LinkTarget:
    """One link of a text: its line (1 = the text's first line), its text and its target."""

    line: int
    target: str
    text: str = ""
    kind: str = "inline"  # 'inline' [text](target), 'reference' [id]: target, 'html' href


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
_INLINE = re.compile(
    r"(?P<image>!?)\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]"
    r"\(\s*(?P<target><[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
)
_REFERENCE = re.compile(r"^ {0,3}\[(?P<text>[^\]\n]+)\]:[ \t]*(?P<target><[^>\n]*>|\S+)", re.M)
_HREF = re.compile(
    r"<a\b[^>]*?\bhref\s*=\s*(?:\"(?P<q>[^\"]*)\"|'(?P<s>[^']*)'|(?P<u>[^\s\"'>]+))",
    re.IGNORECASE,
)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_EMAIL = re.compile(r"^[^@\s/:<>()\[\]]+@[^@\s/:<>()\[\]]+\.[A-Za-z]{2,}$")
# An http(s) address anywhere in a text, an IPv6 host in brackets included ('http://[::1]/').
_ABSOLUTE = re.compile(r"(?i)https?://(?:\[[0-9a-f:.]+\])?[^\s<>\"'()\[\]]*")
_FILE_PLACEHOLDER = re.compile(r"^\{(?:filename|static|attach)\}(?P<path>.*)$")
_OTHER_PLACEHOLDER = re.compile(r"^[{|][^}|]*[}|]")


def masked(text: str) -> str:
    """The text with fenced code blocks and code spans blanked (lines and offsets kept)."""
    if "`" not in text and "~" not in text:
        return text  # no fence and no code span can start: most posts (checked 3 times each)
    lines = text.split("\n")
    fence = None
    for number, line in enumerate(lines):
        opening = _FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)[0] * len(opening.group(1))
            lines[number] = ""
        elif fence is not None:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
            lines[number] = ""
    return _CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), "\n".join(lines))


def link_targets(text: str) -> list[LinkTarget]:
    """Every link of a Markdown text (inline, reference definitions, <a href>), in order.

    Images are left to the image rules (post_body.py), autolinks `<https://…>` are absolute
    and found by `links_in_text`."""
    source = masked(text)

    def line_at(offset: int) -> int:
        return source.count("\n", 0, offset) + 1

    found = []
    for match in _INLINE.finditer(source):
        if match.group("image"):
            continue
        target = match.group("target").strip("<>")
        found.append(LinkTarget(line_at(match.start("target")), target, match.group("text")))
    for match in _REFERENCE.finditer(source):
        target = match.group("target").strip("<>")
        found.append(
            LinkTarget(line_at(match.start("target")), target, match.group("text"), "reference")
        )
    for match in _HREF.finditer(source):
        raw = match.group("q") or match.group("s") or match.group("u") or ""
        start = match.start("q") if match.group("q") is not None else match.start()
        found.append(LinkTarget(line_at(start), html.unescape(raw), "", "html"))
    return sorted(found)


# --- e-mail addresses without mailto:


def mailto_problems(links: Iterable[LinkTarget], shown: str, first_line: int, field: str):
    """A link to 'presse@example.de' leads nowhere: the browser reads it as a page address."""
    problems = []
    for link in links:
        address = link.target.strip()
        if _SCHEME.match(address) or not _EMAIL.match(address):
            continue
        if link.kind == "inline":
            fixed = f"[{link.text}](mailto:{address})"
        elif link.kind == "reference":
            fixed = f"[{link.text}]: mailto:{address}"
        else:
            fixed = f'href="mailto:{address}"'
        problems.append(
            Problem(
                shown,
                first_line + link.line - 1,
                field,
                f"der Link '{address}' ist eine E-Mail-Adresse ohne 'mailto:' und führt so ins "
                f"Leere: schreiben Sie {fixed}",
            )
        )
    return problems


# --- the editor's own computer and the local network


@functools.lru_cache(maxsize=4096)
def _local_host(host: str) -> bool:
    """localhost, loopback, private and link-local addresses, and *.local names.

    Kept per host name: a build asks for the same few hosts in every post, and
    `ip_address` answers a name only by raising."""
    host = host.strip("[]").rstrip(".").lower()
    if host == "localhost" or host.endswith((".localhost", ".local")):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return (
        address.is_loopback or address.is_private or address.is_link_local
    ) or address.is_unspecified


def local_links(text: str) -> list[LinkTarget]:
    """The http(s) addresses of a text that lead to a local machine, wherever they stand
    (links, autolinks, bare addresses)."""
    found: list[LinkTarget] = []
    if "://" not in text:
        return found  # _ABSOLUTE needs it
    source = masked(text)
    # One pass over the whole text: an address never spans a line (_ABSOLUTE stops at
    # whitespace), so these are the matches line by line, in the same order.
    for match in _ABSOLUTE.finditer(source):
        url = match.group(0).rstrip(".,;:!?")
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:
            continue
        if _local_host(host):
            number = source.count("\n", 0, match.start()) + 1
            found.append(LinkTarget(number, url, "", "local"))
    return found


def local_link_message(url: str, addresses: Addresses | None = None) -> str:
    """Why a link to the preview or the office network is refused, with what to write.

    When the path is an address of this site (`addresses`), the fix is that address."""
    parts = urlsplit(url)
    path = parts.path or "/"
    if addresses is not None and path != "/" and _lookup(path.lstrip("/"), addresses) is not None:
        fix = f"verwenden Sie die Adresse ohne Vorschau: {_shown_path(path, parts.fragment)}"
    else:
        fix = "verlinken Sie die öffentliche Adresse (https://…)"
    return (
        f"der Link '{shown_address(url)}' führt auf einen Rechner im eigenen Netz "
        f"({parts.hostname}, etwa die Vorschau), den Leserinnen und Leser nicht erreichen: {fix}"
    )


def _shown_path(path: str, fragment: str = "") -> str:
    return path + (f"#{fragment}" if fragment else "")


# --- links within the site


@dataclass(frozen=True)
class InternalTarget:
    """Where an internal link leads: an address of the site, or a content file."""

    address: str | None = None  # without leading slash, query or fragment
    file: str | None = None  # below content/, for {filename} and {static}


def internal_target(
    target: str, own_address: str, own_file: str, site_hosts: tuple[str, ...] = ()
) -> InternalTarget | None:
    """The page or file a link names, or None for links elsewhere (and for `#anchors`).

    `own_address` resolves relative links as the browser does; `own_file` (below content/)
    resolves {filename} links as Pelican does; `site_hosts` are this site's own host names."""
    target = target.strip()
    if not target or target.startswith("#"):
        return None
    placeholder = _FILE_PLACEHOLDER.match(target)
    if placeholder:
        path = re.split(r"[?#]", placeholder.group("path"), maxsplit=1)[0]
        if path.startswith("/"):
            return InternalTarget(file=posixpath.normpath(path.lstrip("/")))
        folder = posixpath.dirname(own_file)
        return InternalTarget(file=posixpath.normpath(posixpath.join(folder, path)))
    if _OTHER_PLACEHOLDER.match(target):
        return None  # {index} is the news overview; others are Pelican's business
    # As the browser reads it ('&#106;avascript:', 'java\tscript:'): a scheme other than
    # http(s) is the scheme rule's (post_body.py), never a page of this site.
    target = html.unescape(target)
    scheme = link_scheme(target)
    if scheme and scheme not in ("http", "https"):
        return None
    if target.startswith(("//", "\\")) or _EMAIL.match(target) or schemeless_web_address(target):
        return None
    if scheme:
        try:
            parts = urlsplit(target)
        except ValueError:
            return None
        if parts.scheme.lower() not in ("http", "https"):
            return None
        path = _own_path((parts.hostname or "").lower(), parts.path or "/", site_hosts)
        if path is None:
            return None
    else:
        path = urlsplit(urljoin("/" + own_address, target)).path
    return InternalTarget(address=unquote(path).lstrip("/"))


def _lookup(address: str, addresses: Addresses) -> str | None:
    """The address as the build has it: '…/titel' and '…/titel/index.html' are '…/titel/'."""
    candidates = [address, address + "/"]
    if address.endswith("index.html"):
        candidates.append(address[: -len("index.html")])
    for candidate in candidates:
        if candidate in addresses:
            return candidate
    return None


def site_hosts(*urls: str) -> tuple[str, ...]:
    """This site's own addresses (SITEURL, FEED_DOMAIN) as 'host' or 'host/base' (GitLab
    Pages serves below a path); local ones (`make serve`'s localhost) are the local-link
    rule's."""
    hosts = set()
    for url in urls:
        if not url:
            continue
        parts = urlsplit(url if "//" in url else f"//{url}")
        host = (parts.hostname or "").lower()
        if host and not _local_host(host):
            base = parts.path.strip("/")
            hosts.add(f"{host}/{base}" if base else host)
    return tuple(sorted(hosts))


def _own_path(host: str, path: str, site_hosts: tuple[str, ...]) -> str | None:
    """The path below the site's root of an absolute link to this site, else None."""
    for own in site_hosts:
        own_host, _, base = own.partition("/")
        if host != own_host:
            continue
        if not base:
            return path
        if path == f"/{base}" or path.startswith(f"/{base}/"):
            return path[len(base) + 1 :] or "/"
    return None


def nearest(address: str, addresses: Addresses) -> str:
    """' (meinten Sie '/x/'?)' for the most similar page address, or ''.

    Posts of one year share most of their address ('aktuelles/2023/'): only a close match
    (a typo, a missing letter) is offered, never another post that merely shares the year."""
    pages = [a for a in addresses.pages if a.endswith("/") or a == ""]
    match = difflib.get_close_matches(address, pages, n=1, cutoff=0.85)
    return f" (meinten Sie '/{match[0]}'?)" if match else ""


@dataclass(frozen=True)
class LinkingText:
    """A post or page whose links are resolved: what the rule needs to know about it."""

    shown: str  # its file as messages name it
    address: str  # its own address ('' unknown): relative links start there
    file: str  # below content/
    draft: bool
    links: tuple[LinkTarget, ...]
    first_line: int  # the file's line of the text's line 1
    field: str = "Text"


def internal_link_problems(
    texts: Iterable[LinkingText],
    addresses: Addresses,
    hosts: tuple[str, ...] = (),
    target_of: Callable[..., InternalTarget | None] = internal_target,
) -> list[Problem]:
    """Every internal link must lead to a page or file this build writes, and none to the
    editor's computer or office network (the preview, a colleague's machine).

    A link to a draft is refused from a published text (it would lead nowhere once online),
    and the draft itself is told who links to it: unpublishing it would break their links.
    `target_of` is internal_target, or the same kept by its arguments (a process that checks
    again: sitewide/remembered_rules.py).
    """
    problems = []
    linked_drafts: dict[str, list[str]] = {}
    for text in texts:
        for link in text.links:
            line = text.first_line + link.line - 1
            if link.kind == "local":
                message = local_link_message(link.target, addresses)
                problems.append(Problem(text.shown, line, text.field, message))
                continue
            where = target_of(link.target, text.address, text.file, hosts)
            if where is None:
                continue
            message = _unresolved(link.target, where, addresses, text, linked_drafts)
            if message:
                problems.append(Problem(text.shown, line, text.field, message))
    for draft, linkers in sorted(linked_drafts.items()):
        line, field = addresses.draft_fields.get(draft, (1, ""))
        problems.append(
            Problem(
                draft,
                line,
                field,
                f"die Meldung ist ein Entwurf, wird aber verlinkt von {', '.join(sorted(set(linkers)))}: "
                "veröffentlichen Sie sie, oder entfernen Sie dort die Links",
            )
        )
    return problems


def _unresolved(
    target: str,
    where: InternalTarget,
    addresses: Addresses,
    text: LinkingText,
    linked_drafts: dict[str, list[str]],
) -> str | None:
    shown = shown_address(target)
    if where.file is not None:
        if where.file in addresses.files:
            return None
        draft = _draft_file(where.file, addresses)
        if draft:
            return _draft_message(shown, draft, text, linked_drafts)
        names = [*addresses.files]
        match = difflib.get_close_matches(where.file, names, n=1, cutoff=0.6)
        hint = f" (meinten Sie '{match[0]}'?)" if match else ""
        return (
            f"der Link '{shown}' nennt die Datei content/{where.file}, die es nicht gibt{hint}: "
            "korrigieren Sie den Pfad oder entfernen Sie den Link"
        )
    address = where.address or ""
    if _lookup(address, addresses) is not None:
        return None
    for candidate in (address, address + "/"):
        if candidate in addresses.drafts:
            return _draft_message(shown, addresses.drafts[candidate], text, linked_drafts)
    return (
        f"der Link '{shown}' führt auf keine Seite dieser Website{nearest(address, addresses)}: "
        "korrigieren Sie die Adresse oder entfernen Sie den Link"
    )


def _draft_file(file: str, addresses: Addresses) -> str | None:
    for shown in addresses.drafts.values():
        if shown.endswith("/" + file) or shown == file:
            return shown
    return None


def _draft_message(
    shown: str, draft: str, text: LinkingText, linked_drafts: dict[str, list[str]]
) -> str | None:
    if text.draft:
        return None  # a draft may link to a draft: neither is online
    linked_drafts.setdefault(draft, []).append(text.shown)
    return (
        f"der Link '{shown}' führt auf {draft}, einen Entwurf, der nicht veröffentlicht wird: "
        "veröffentlichen Sie ihn, oder entfernen Sie den Link"
    )
