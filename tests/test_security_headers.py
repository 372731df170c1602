"""Security headers for the hosts that can send them, from the one definition of the CSP.

Each generated file is parsed the way its host reads it; the pages' meta tag and the headers
must say the same where they overlap.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from regional_showcase.cms.admin import content_security_policy as editor_policy
from regional_showcase.security_headers import (
    HEADERS,
    NGINX_FILE,
    SITE_FILES,
    apache_htaccess,
    content_security_policy,
    netlify_headers,
    nginx_snippet,
)

ROOT = Path(__file__).resolve().parent.parent
SEARCH_SCRIPTS = "script-src 'self' 'wasm-unsafe-eval'"


def directives(policy: str) -> set[str]:
    return {part.strip() for part in policy.split(";") if part.strip()}


def read_netlify(text: str) -> dict[str, dict[str, str]]:
    """Path pattern -> headers, as Netlify and Cloudflare Pages read `_headers`."""
    rules: dict[str, dict[str, str]] = {}
    path = None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            path = line.strip()
            rules[path] = {}
            continue
        name, _, value = line.strip().partition(": ")
        assert path is not None and name not in rules[path], line
        rules[path][name] = value
    return rules


def read_apache(text: str) -> dict[str, str]:
    body = re.fullmatch(r"(?:#.*\n)*<IfModule mod_headers\.c>\n(.*)</IfModule>\n", text, re.S)
    assert body, text
    lines = body[1].splitlines()
    found = [re.fullmatch(r'  Header always set (\S+) "([^"]*)"', line) for line in lines]
    assert all(found), lines
    return {match[1]: match[2] for match in found}


def read_nginx(text: str) -> dict[str, str]:
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    found = [re.fullmatch(r'add_header (\S+) "([^"]*)" always;', line) for line in lines]
    assert all(found), lines
    return {match[1]: match[2] for match in found}


def test_every_host_file_sends_the_same_headers():
    expected = dict(HEADERS)
    assert read_netlify(netlify_headers()) == {"/*": expected}
    assert read_apache(apache_htaccess()) == expected
    assert read_nginx(nginx_snippet()) == expected


def test_the_headers_forbid_framing_sniffing_referrer_paths_and_unused_features():
    headers = dict(HEADERS)
    assert directives(headers["Content-Security-Policy"]) == {
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    }
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["Permissions-Policy"].split(", ")


def test_the_committed_nginx_snippet_is_the_generated_one():
    committed = (ROOT / NGINX_FILE).read_text(encoding="utf-8")
    assert committed == nginx_snippet(), (
        "neu schreiben: .venv/bin/python -m regional_showcase.security_headers nginx "
        "> deploy/nginx-security.conf"
    )


@pytest.mark.parametrize(
    "page_policy",
    [
        content_security_policy(),
        content_security_policy(SEARCH_SCRIPTS),
        editor_policy({"backend": {"name": "gitlab", "repo": "a/b"}}),
    ],
    ids=["page", "search", "editor"],
)
def test_the_header_policy_takes_nothing_from_any_page_that_its_own_policy_allows(page_policy):
    """Both policies apply: the header's may only repeat what each page says, plus framing,
    and none of the directives others fall back to (a header `default-src 'self'` would also
    rule the editor's connections to GitLab, which its own policy allows)."""
    header = directives(dict(HEADERS)["Content-Security-Policy"])
    assert header - directives(page_policy) == {"frame-ancestors 'none'"}
    fallbacks = {"default-src", "script-src", "style-src", "child-src"}
    assert {directive.split()[0] for directive in header} & fallbacks == set()


def test_a_page_policy_accepts_only_a_script_src_directive():
    with pytest.raises(ValueError) as refused:
        content_security_policy("""script-src 'self'"><script>""")
    assert str(refused.value) == (
        """erwartet eine script-src-Direktive, gefunden 'script-src \\'self\\'"><script>'"""
    )


@pytest.mark.build
def test_the_build_writes_the_host_files_and_the_meta_tags_from_the_definition(published):
    for name, text in SITE_FILES.items():
        assert (published.output / name).read_text(encoding="utf-8") == text()
    meta = '//meta[@http-equiv="Content-Security-Policy"]/@content'
    assert published.page("").xpath(meta) == [content_security_policy()]
    assert published.page("suche/").xpath(meta) == [content_security_policy(SEARCH_SCRIPTS)]
