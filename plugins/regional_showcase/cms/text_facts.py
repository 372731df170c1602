"""What the web editor's content state reads of a text: its title and slug and the pictures
it names (cms/config.py's content_state). A module of its own because the build's check and the
preview's memo keep these facts by a file's bytes: importing them from the editor's
configuration, which takes the memo, made the two modules import each other."""

from __future__ import annotations

import re
from pathlib import Path

# A picture named in a text or front matter: images/<name>, as the editor writes it.
IMAGE_REFERENCE = re.compile(r"images/([A-Za-z0-9._-]+)")
FRONT_MATTER_TEXT = re.compile(r"^(title|slug):[ \t]*(.+?)[ \t]*$", re.MULTILINE)


def text_facts(path: Path) -> tuple[str | None, str | None, frozenset[str]]:
    """What content_state reads of a text: the title and slug of its front matter and the
    pictures it names."""
    return facts_of_text(path.read_text(encoding="utf-8", errors="replace"))


def facts_of_bytes(data: bytes) -> tuple[str | None, str | None, frozenset[str]]:
    """text_facts of a file holding `data`: decoded as read_text(errors="replace") decodes,
    its line ends as text mode reads them (the build's check keeps these by the bytes)."""
    text = data.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
    return facts_of_text(text)


def facts_of_text(text: str) -> tuple[str | None, str | None, frozenset[str]]:
    """text_facts of a text already decoded, its line ends as text mode reads them."""
    head = text.split("\n---", 1)[0] if text.startswith("---") else ""
    found = {k: v.strip("'\"") for k, v in FRONT_MATTER_TEXT.findall(head)}
    return found.get("title"), found.get("slug"), frozenset(IMAGE_REFERENCE.findall(text))
