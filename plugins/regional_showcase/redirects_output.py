"""The redirects of data/weiterleitungen.yaml (data/redirects.py) as each host reads them.

Every host gets what it understands, from the same entries:

- a page at each old address (`<alt>/index.html`): for a moved page a German notice with
  `<meta http-equiv="refresh">`, `rel="canonical"` to the new address and a visible link;
  for a removed one „Diese Meldung wurde entfernt“. GitHub Pages, GitLab Pages and a plain
  S3 bucket serve nothing else, so there the old address answers 200 with that page;
- `_redirects` (Netlify): `301!` and `410!`, the `!` because the page above exists at the
  old address and Netlify would serve it instead. Cloudflare Pages follows redirects before
  files anyway but refuses `301!` and 410 lines (it skips them with a warning and serves the
  page); GitLab Pages serves the page too (its files always win);
- `.htaccess` (Apache, mod_alias): `RedirectMatch 301` and `RedirectMatch gone` with
  `ErrorDocument 410` naming the removed page; appended to the security headers' file, so
  the build writes that file once;
- `weiterleitungen.map` (nginx): the pairs of an nginx `map`, which the server block of
  deploy/nginx-redirects.conf includes; a map file holds values only, never a directive.

Addresses are site paths ('/aktuelles/2021/x/'), checked by data/redirects.py to hold only
the characters of slugs: nothing in them can end a line, a quote or a directive. A site below
a path (SITEURL https://example.org/site) gets that path before each address.
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import urlsplit

from .data.redirects import Redirect
from .security_headers import content_security_policy

REMOVED_PAGE = "/entfernt/"
NGINX_MAP = "weiterleitungen.map"
# The address ledger as this build leaves it, on the live site (CI merges it before a build).
LEDGER_FILE = "adressen.txt"
GENERATED = (
    "Generated from data/weiterleitungen.yaml by plugins/regional_showcase/redirects_output.py"
)


def base_path(site_url: str) -> str:
    """The path the site lives under: '' for https://example.org, '/site' for …/site/."""
    return urlsplit(site_url).path.rstrip("/")


def netlify_redirects(entries: tuple[Redirect, ...], base: str = "") -> str:
    """`_redirects`: one `from to 301!` line per moved page, `from /entfernt/ 410!` per
    removed one."""
    lines = [f"# {GENERATED}."]
    for entry in entries:
        if entry.removed:
            lines.append(f"{base}{entry.source} {base}{REMOVED_PAGE} 410!")
        else:
            lines.append(f"{base}{entry.source} {base}{entry.target} 301!")
    return "\n".join(lines) + "\n"


def _apache_pattern(address: str) -> str:
    """'/a/b/' -> '^/a/b(/(index\\.html)?)?$': with and without the slash and index.html."""
    return "^" + re.escape(address.rstrip("/")) + r"(/(index\.html)?)?$"


def apache_redirects(entries: tuple[Redirect, ...], base: str = "") -> str:
    """Rules for `.htaccess`: mod_alias, matched before any file, so the page at the old
    address is never served by Apache."""
    if not entries:
        return ""
    lines = [f"# {GENERATED}.", "<IfModule mod_alias.c>"]
    for entry in entries:
        pattern = _apache_pattern(base + entry.source)
        if entry.removed:
            lines.append(f"  RedirectMatch gone {pattern}")
        else:
            lines.append(f"  RedirectMatch 301 {pattern} {base}{entry.target}")
    lines.append("</IfModule>")
    if any(entry.removed for entry in entries):
        lines.append(f"ErrorDocument 410 {base}{REMOVED_PAGE}index.html")
    return "\n".join(lines) + "\n"


def nginx_map(entries: tuple[Redirect, ...], base: str = "") -> str:
    """The entries of nginx's `map $uri $showcase_redirect` (deploy/nginx-redirects.conf):
    the old address with and without its slash and index.html; `gone` for a removed page."""
    lines = [f"# {GENERATED}."]
    for entry in entries:
        value = "gone" if entry.removed else f"{base}{entry.target}"
        old = base + entry.source.rstrip("/")
        for key in dict.fromkeys((old or "/", f"{old}/", f"{old}/index.html")):
            lines.append(f"{key} {value};")
    return "\n".join(lines) + "\n"


def _page(title: str, head: str, body: str, stylesheet: str) -> str:
    return (
        "<!doctype html>\n"
        '<html lang="de">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy()}">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{escape(title)}</title>\n"
        f'<link rel="stylesheet" href="{escape(stylesheet)}">\n'
        f'{head}</head>\n<body>\n<main class="container container--narrow band">\n'
        f"{body}</main>\n</body>\n</html>\n"
    )


def moved_page(entry: Redirect, site_url: str, absolute_url: str, stylesheet: str) -> str:
    """The page at a moved page's old address: refresh, canonical and a link to the new one."""
    target = base_path(site_url) + str(entry.target)
    absolute = absolute_url.rstrip("/") + str(entry.target)
    return _page(
        "Diese Seite ist umgezogen",
        f'<link rel="canonical" href="{escape(absolute)}">\n'
        f'<meta http-equiv="refresh" content="0; url={escape(target)}">\n',
        "<h1>Diese Seite ist umgezogen</h1>\n"
        f'<p>Sie finden sie jetzt unter <a href="{escape(target)}">{escape(absolute)}</a>.</p>\n',
        stylesheet,
    )


def removed_page(site_url: str, news_url: str, stylesheet: str) -> str:
    """„Diese Meldung wurde entfernt“: at a removed page's old address and at /entfernt/,
    which the hosts that can send 410 show with it."""
    base = base_path(site_url)
    return _page(
        "Diese Meldung wurde entfernt",
        "",
        "<h1>Diese Meldung wurde entfernt</h1>\n"
        "<p>Die Seite, die Sie aufgerufen haben, gibt es nicht mehr: die Redaktion hat sie "
        "bewusst entfernt.</p>\n"
        f'<p><a href="{escape(base)}/{escape(news_url)}">Aktuelle Meldungen</a> · '
        f'<a href="{escape(base)}/">Zur Startseite</a></p>\n',
        stylesheet,
    )


def redirect_files(
    entries: tuple[Redirect, ...],
    site_url: str,
    absolute_url: str,
    news_url: str,
    stylesheet: str,
) -> dict[str, str]:
    """Every file the redirects add to the output: path below the output -> text.

    (`.htaccess` is the security headers' file: see apache_redirects.)"""
    base = base_path(site_url)
    files = {"_redirects": netlify_redirects(entries, base), NGINX_MAP: nginx_map(entries, base)}
    removed = removed_page(site_url, news_url, stylesheet)
    for entry in entries:
        page = f"{entry.source.strip('/')}/index.html".lstrip("/")
        if entry.removed:
            files[page] = removed
        else:
            files[page] = moved_page(entry, site_url, absolute_url, stylesheet)
    if any(entry.removed for entry in entries):
        files[f"{REMOVED_PAGE.strip('/')}/index.html"] = removed
    return files
