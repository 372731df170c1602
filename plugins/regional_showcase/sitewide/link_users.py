"""Who links to a post: the web editor asks with this list before a post is deleted or set
to draft, and `showcase check` refuses the links that would then lead nowhere
(internal_links.py) with the same resolution of each link.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..data.dates import DateError, parse_date
from ..data.front_matter import split_header
from ..data.internal_links import internal_target, link_targets
from ..data.paths_shown import display_path
from ..data.posts import POST_SUFFIXES, PostInfo, default_slug, post_files
from ..data.text_files import UnusableText, read_text
from .site_addresses import page_address, page_infos, post_address
from .site_rules import other_texts, own_hosts

if TYPE_CHECKING:
    from ..settings import ShowcaseSettings


def address_of_post(settings: ShowcaseSettings, path: Path) -> str | None:
    """A post file's address ('aktuelles/2024/titel/'), from its slug, date and language."""
    info = _post_info(path)
    return post_address(settings, info) if info is not None else None


def _post_info(path: Path) -> PostInfo | None:
    if path.suffix.lower() not in POST_SUFFIXES:
        return None
    try:
        header = split_header(read_text(path, display_path(path)), str(path))
    except UnusableText:
        return None
    fields = header.fields
    try:
        date = parse_date(fields.get("date", ("", 0))[0])
    except DateError:
        date = None
    slug = fields.get("slug", ("", 0))[0].strip() or default_slug(path)
    lang = fields.get("lang", ("", 0))[0].strip()
    return PostInfo(path, slug, date.year if date else None, date=date, lang=lang)


def _same(address: str, wanted: str) -> bool:
    def plain(value: str) -> str:
        value = value.lstrip("/")
        value = value.removesuffix("index.html")
        return value.rstrip("/")

    return plain(address) == plain(wanted)


def posts_linking_to(settings: ShowcaseSettings, address: str) -> list[str]:
    """The posts, pages, events and region texts whose text links to `address` ('/aktuelles/2024/titel/', with or
    without the slashes, or {filename} links to that post's file), as messages name them."""
    content = settings.content_path
    texts: list[tuple[Path, str]] = []
    for path in post_files(settings.news_dir):
        info = _post_info(path)
        if info is not None:
            texts.append((path, post_address(settings, info) or ""))
    texts += [(page.path, page_address(settings, page) or "") for page in page_infos(settings)]
    # A {filename} link names the file, not the address.
    target_files = {
        path.relative_to(content).as_posix() for path, own in texts if own and _same(own, address)
    }
    hosts = own_hosts(settings)
    found = []
    for path, own in texts:
        try:
            body = split_header(read_text(path, display_path(path)), str(path)).body
        except UnusableText:
            continue
        own_file = path.relative_to(content).as_posix()
        if _links_to(link_targets(body), own, own_file, hosts, address, target_files):
            found.append(display_path(path))
    # Events and region texts link too (without the event's own address: relative links
    # from an event resolve from the site's root here).
    for text in other_texts(settings, None):
        if _links_to(text.links, text.address, text.file, hosts, address, target_files):
            found.append(text.shown)
    return sorted(found)


def _links_to(links, own: str, own_file: str, hosts, address: str, target_files: set) -> bool:
    for link in links:
        where = internal_target(link.target, own, own_file, hosts)
        if where is None:
            continue
        if (where.address is not None and _same(where.address, address)) or (
            where.file in target_files
        ):
            return True
    return False
