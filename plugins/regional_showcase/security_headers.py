"""The site's security policy, defined once: the pages' CSP meta tag and the hosts' headers.

A page carries its Content-Security-Policy in a meta tag (base.html, through the filter
`content_security_policy`), so it holds on every host, GitHub Pages and GitLab Pages too. A
meta tag cannot say everything: `frame-ancestors` (no other site may frame ours), and
nosniff, the referrer and permissions policies exist only as HTTP headers. Where a host lets
the site set headers, the build writes them from the same definition:

- `_headers` in the output root: Netlify and Cloudflare Pages read it;
- `.htaccess` in the output root: Apache with mod_headers (AllowOverride FileInfo);
- `deploy/nginx-security.conf`: nginx reads no file from the site, so the operator includes
  this one in the server block (`python -m regional_showcase.security_headers nginx`).

The header's CSP holds the directives every page shares, the editor at /admin/ (cms/admin.py)
and the search page included, plus frame-ancestors. Each page's meta tag adds its own
directives (default-src, script-src, ...); a browser enforces both policies. One header for
the whole site, the same on every host: the hosts disagree on what two matching path rules
do with the same header (Cloudflare joins them into two policies, which would forbid the
editor what its own policy allows).
"""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup

# In every page's policy: the public pages', the search page's and the editor's.
SHARED_DIRECTIVES = ("base-uri 'self'", "form-action 'self'", "object-src 'none'")
# A public page's own: everything from the site itself; pictures also as data: URLs.
PAGE_DIRECTIVES = ("default-src 'self'", "img-src 'self' data:", "style-src 'self'")
DEFAULT_SCRIPT_SRC = "script-src 'self'"
# Only a header can forbid other sites to frame a page (clickjacking).
HEADER_POLICY = "; ".join([*SHARED_DIRECTIVES, "frame-ancestors 'none'"])
# Features no page uses, switched off for the page and anything it might embed.
PERMISSIONS = (
    "accelerometer=()",
    "browsing-topics=()",
    "camera=()",
    "geolocation=()",
    "gyroscope=()",
    "magnetometer=()",
    "microphone=()",
    "payment=()",
    "usb=()",
)
HEADERS = (
    ("Content-Security-Policy", HEADER_POLICY),
    # A file is what its Content-Type says: an uploaded .txt is never run as a script.
    ("X-Content-Type-Options", "nosniff"),
    # As the pages' meta tag: other sites learn the origin only, never the path.
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Permissions-Policy", ", ".join(PERMISSIONS)),
)
GENERATED = "Generated from plugins/regional_showcase/security_headers.py: change it there"
NGINX_FILE = Path("deploy/nginx-security.conf")


def content_security_policy(script_src: str = DEFAULT_SCRIPT_SRC) -> Markup:
    """A public page's policy for its meta tag; `script-src` as the page needs it.

    base.html passes `script-src 'self'`, the search page adds 'wasm-unsafe-eval' (Pagefind).
    Markup: the policy goes into the attribute as written, its quotes not turned into
    entities; it holds nothing that could end the attribute (checked here).
    """
    script_src = str(script_src).strip()
    if not re.fullmatch(r"script-src( '?[\w:.-]+'?)+", script_src):
        raise ValueError(f"erwartet eine script-src-Direktive, gefunden {script_src!r}")
    return Markup("; ".join([*PAGE_DIRECTIVES, script_src, *SHARED_DIRECTIVES]))


def netlify_headers() -> str:
    """`_headers` for Netlify and Cloudflare Pages: every path gets every header."""
    lines = [f"# {GENERATED}.", "/*"]
    lines += [f"  {name}: {value}" for name, value in HEADERS]
    return "\n".join(lines) + "\n"


def apache_htaccess() -> str:
    """`.htaccess` for Apache: `always`, so error pages (404) carry the headers too."""
    lines = [f"# {GENERATED}.", "<IfModule mod_headers.c>"]
    lines += [f'  Header always set {name} "{value}"' for name, value in HEADERS]
    lines.append("</IfModule>")
    return "\n".join(lines) + "\n"


def nginx_snippet() -> str:
    """deploy/nginx-security.conf: `include` it in the server block of the site."""
    lines = [
        f"# {GENERATED}",
        "# (.venv/bin/python -m regional_showcase.security_headers nginx > deploy/nginx-security.conf).",
        "# include it in the site's server block; nginx drops these in any location that has",
        "# add_header lines of its own, so include it there too.",
    ]
    lines += [f'add_header {name} "{value}" always;' for name, value in HEADERS]
    return "\n".join(lines) + "\n"


# The files the build writes into the output root, for the hosts that read them there.
SITE_FILES = {"_headers": netlify_headers, ".htaccess": apache_htaccess}
# What `python -m regional_showcase.security_headers <format>` prints.
FORMATS = {"netlify": netlify_headers, "apache": apache_htaccess, "nginx": nginx_snippet}


if __name__ == "__main__":  # python -m regional_showcase.security_headers nginx
    import sys

    sys.stdout.write(FORMATS[sys.argv[1]]())
