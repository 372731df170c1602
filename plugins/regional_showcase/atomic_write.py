"""Files written whole or not at all: a temporary name in the same folder, then `os.replace`.

An interrupted build or two builds at once never leave a half-written file (a 0-byte
`index.html.br`) under the real name: the rename within one folder is atomic. The temporary
name carries the process and thread, so two writers of the same file never share one.
Nothing is synced to disk: the guard is against interruption, not against power loss, and
an fsync per file would double the time of a publish build with thousands of files.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path


def temporary_sibling(target: Path) -> Path:
    """A name next to target that no other process or thread writing target uses."""
    return target.with_name(f".{target.name}.{os.getpid()}-{threading.get_ident()}.tmp")


def write_bytes(target: Path, data: bytes) -> None:
    temporary = temporary_sibling(target)
    try:
        temporary.write_bytes(data)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_text(target: Path, text: str) -> None:
    write_bytes(target, text.encode("utf-8"))
