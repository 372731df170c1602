"""The placeholder text `showcase new-post` writes, and the rule that it never goes live."""

from __future__ import annotations

from collections.abc import Iterable

from .front_matter import Header
from .problems import Problem

SUMMARY_PLACEHOLDER = "Kurzfassung in ein bis zwei Sätzen."
BODY_PLACEHOLDER = "Hier steht der Text der Meldung, in Markdown."
_KEEP_DRAFT = "oder lassen Sie die Meldung Entwurf (status: draft), bis sie fertig ist"


def placeholder_problems(header: Header, shown: str, *, draft: bool) -> Iterable[Problem]:
    """A post that may go live must not carry new-post's placeholders; a draft may."""
    if draft:
        return
    summary, line = header.fields.get("summary", ("", 0))
    if summary.strip() == SUMMARY_PLACEHOLDER:
        yield Problem(
            shown,
            line,
            "Summary",
            f"die Kurzfassung ist noch der Platzhalter '{SUMMARY_PLACEHOLDER}' "
            f"(schreiben Sie ein bis zwei eigene Sätze, {_KEEP_DRAFT})",
        )
    for offset, text in enumerate(header.body.splitlines()):
        if BODY_PLACEHOLDER in text:
            yield Problem(
                shown,
                header.body_line + offset,
                "Text",
                f"der Text ist noch der Platzhalter '{BODY_PLACEHOLDER}' "
                f"(ersetzen Sie ihn durch die Meldung, {_KEEP_DRAFT})",
            )
