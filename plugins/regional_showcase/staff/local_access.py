"""Who the local servers (the preview, the web editor's proxy) answer: their owner only.

Listening on 127.0.0.1 keeps other machines out, not other web pages: any page open in the
browser can send requests to http://127.0.0.1:8081/, and with DNS rebinding a name of the
attacker's (evil.example) points at 127.0.0.1, so its page even counts as the same origin as
the server. What such a page cannot choose is what the browser sends in `Host` (the name the
page asked for) and in `Origin` (the page's own origin). So each server answers only under
its own names, and the editor's proxy writes only for the preview's own pages.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from urllib.parse import unquote

LOCAL_NAMES = ("localhost", "127.0.0.1", "[::1]")


def own_hosts(port: int, extra_names: Iterable[str] = ()) -> frozenset[str]:
    """The `Host` values of a server on `port`: its local names (and e.g. its LAN address)."""
    names = [*LOCAL_NAMES, *extra_names]
    hosts = {f"{name}:{port}" for name in names}
    if port == 80:  # the browser leaves out the default port
        hosts |= set(names)
    return frozenset(hosts)


def own_origins(port: int, extra_names: Iterable[str] = ()) -> frozenset[str]:
    """The `Origin` values of pages served on `port`."""
    return frozenset(f"http://{host}" for host in own_hosts(port, extra_names))


def host_allowed(host: str | None, allowed: frozenset[str]) -> bool:
    """Whether a request's `Host` header names the server itself (names are case-blind)."""
    return host is not None and host.strip().lower() in allowed


def is_loopback(client_address: str) -> bool:
    """Whether a request comes from this computer itself (127.0.0.0/8, ::1)."""
    try:
        return ipaddress.ip_address(client_address.split("%")[0]).is_loopback
    except ValueError:
        return False


def malformed(target: str) -> bool:
    """Whether a request target is nothing a browser sends for a page: not a path from the
    root, a NUL or another control character (also percent-encoded), a backslash, a `..`
    step, or percent-encoding that is not UTF-8. The file server would pass it to the file
    system, which answers with an exception instead of a page."""
    path = target.split("?", 1)[0].split("#", 1)[0]
    if not path.startswith("/"):
        return True
    try:
        decoded = unquote(path, errors="strict")
    except UnicodeDecodeError:
        return True
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in target + decoded):
        return True
    return "\\" in decoded or ".." in decoded.split("/")
