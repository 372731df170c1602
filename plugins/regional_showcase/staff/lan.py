"""`make serve LAN=1`: the address a phone on the same network opens, and its QR code.

The address carries the access token of this start: without it, the preview answers other
machines with a 403 page (preview/server.py)."""

from __future__ import annotations

import socket
import sys
from typing import TextIO

import segno

from ..preview.server import TOKEN_PARAMETER


def lan_address() -> str | None:
    """This computer's address in the local network, or None without one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            # Connecting a UDP socket sends nothing; it only picks the outgoing interface.
            probe.connect(("192.0.2.1", 9))
            address = probe.getsockname()[0]
        except OSError:
            address = None
    if not address or address.startswith("127."):
        try:
            address = socket.gethostbyname(socket.gethostname())
        except OSError:
            return None
    return None if address.startswith("127.") else address


def lan_url(address: str, port: int, token: str) -> str:
    """The address other machines open: with the token of this start (preview/server.py)."""
    return f"http://{address}:{port}/?{TOKEN_PARAMETER}={token}"


def print_lan_address(url: str, out: TextIO = sys.stdout) -> None:
    """The address as text and as a QR code drawn with block characters."""
    print(f"Im Netzwerk (z. B. auf dem Handy): {url}", file=out)
    print("QR-Code mit der Handykamera scannen:", file=out)
    segno.make(url, error="m").terminal(out=out, compact=True, border=2)
    out.flush()
