"""What the running interpreter is made of, beyond the plugin's code: its version, the
installed distributions on its path, and what it took from its environment at its start.

The build server's client compares these with its server's (build_client.identity), and the
unchanged build's look counts them among a build's inputs (unchanged_build.py). Both import
this module, which needs only the standard library and environment.py: the client stays
cheap to start, and neither module imports the other.
"""

from __future__ import annotations

import hashlib
import os
import sys
from contextlib import suppress


def installed() -> str:
    """Python's version and the installed distributions' metadata folders on sys.path, as
    build_record.libraries() names them (that module costs a quarter of a second to import,
    more than the client's whole run). Not sys.path[0]: the `showcase` script's folder in the
    client, the working folder in the server (`python -m`)."""
    found: set[str] = set()
    for entry in sys.path[1:]:
        with suppress(OSError):
            found.update(
                name
                for name in os.listdir(entry or ".")
                if name.endswith((".dist-info", ".egg-info"))
            )
    return hashlib.sha256(repr((sys.version, sorted(found))).encode()).hexdigest()


def started_with() -> str:
    """What the interpreter took from its environment once, at its start, and a build's
    environment no longer changes: its options (PYTHONOPTIMIZE=2 drops the docstrings the open
    data's schema.json describes its classes with; PYTHONUTF8, PYTHONHASHSEED, -X options,
    warnings) and its streams' encoding (PYTHONIOENCODING, the locale's)."""
    import locale

    from ..environment import read_environment

    return repr(
        (
            tuple(sys.flags),
            sys.warnoptions,
            sorted(sys._xoptions.items()),
            read_environment().io_encoding,
            locale.getencoding(),
        )
    )
