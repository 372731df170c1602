"""The address ledger (data/adressen.txt): every address this site has ever published.

An address that was online lives on in newsletters, Facebook posts and search engines. The
ledger remembers each one with the file (or region, topic, overview) that made it, sorted,
one per line; it only ever grows. `make check` and the build compare it with the addresses
this state of the content would publish: one that vanished without an entry in the
redirects file (redirects.py) is refused, with the line to paste. `make publish` adds the
new addresses (`showcase addresses --update`), so nobody writes this file by hand.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from . import unsaved
from .paths_shown import display_path
from .problems import Problem
from .redirects import LIST_KEY, address_problem
from .text_files import UnusableText, read_text

HEADER = (
    "# Jede Adresse, die diese Website je veröffentlicht hat, mit der Datei, aus der sie\n"
    "# entstand. `make publish` ergänzt neue Adressen (showcase addresses --update); löschen\n"
    "# Sie keine Zeile: eine Adresse, die nicht mehr erreichbar ist, braucht einen Eintrag in\n"
    "# data/weiterleitungen.yaml (siehe docs/redaktion.md, „Adressen bleiben erreichbar“).\n"
)


@dataclass(frozen=True)
class LedgerEntry:
    address: str  # '/aktuelles/2021/online-umfrage/'
    source: str  # 'content/news/2021-03-01-online-umfrage.md', 'Region allgaeu', ...
    line: int = 0


@dataclass(frozen=True)
class Ledger:
    entries: tuple[LedgerEntry, ...] = ()
    problems: tuple[Problem, ...] = ()
    shown: str = "data/adressen.txt"


def read_ledger(path: Path | None) -> Ledger:
    """The ledger's entries; a missing file is an empty ledger (a site not yet published)."""
    if path is None or not unsaved.is_file(path):
        return Ledger(shown=display_path(path) if path else Ledger.shown)
    shown = display_path(path)
    try:
        text = read_text(path, shown)
    except UnusableText as error:
        return Ledger(problems=tuple(error.problems), shown=shown)
    entries, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        address, _, source = line.strip().partition(" ")
        reason = address_problem(address)
        if reason:
            problems.append(
                Problem(
                    shown,
                    number,
                    "",
                    f"keine Adresse: {reason} (jede Zeile: Adresse, Leerzeichen, Quelle; "
                    "`showcase addresses --update` schreibt die Datei)",
                )
            )
            continue
        entries.append(LedgerEntry(address, source.strip(), number))
    return Ledger(tuple(entries), tuple(problems), shown)


def ledger_text(addresses: Mapping[str, str]) -> str:
    """The ledger file for these addresses (address -> source), sorted by address."""
    lines = [f"{address} {source}".rstrip() for address, source in sorted(addresses.items())]
    return HEADER + "\n".join(lines) + "\n"


def updated_ledger(ledger: Ledger, current: Mapping[str, str]) -> str:
    """The ledger with the `current` addresses added; none is ever removed. An address made
    by another file now (a page renamed, same address) names that file."""
    merged = {entry.address: entry.source for entry in ledger.entries}
    merged.update(current)
    return ledger_text(merged)


def likely_target(entry: LedgerEntry, current: Mapping[str, str]) -> str:
    """Where a vanished address most likely should lead: the address its file has now (a
    post moved to another year or slug), a page with the same last part of the address (the
    same slug in another year), else the nearest overview above it, else the home page."""
    moved = sorted(address for address, source in current.items() if source == entry.source)
    if moved:
        return moved[0]
    parts = entry.address.strip("/").split("/")
    same_slug = sorted(
        address
        for address in current
        if address.strip("/").split("/")[-1] == parts[-1]
        and address.strip("/").split("/")[0] == parts[0]
    )
    if same_slug:
        return same_slug[0]
    for end in range(len(parts) - 1, 0, -1):
        parent = "/" + "/".join(parts[:end]) + "/"
        if parent in current:
            return parent
    return "/"


def vanished_problems(
    ledger: Ledger,
    current: Mapping[str, str],
    redirected: Collection[str],
    redirects_shown: str = "data/weiterleitungen.yaml",
) -> list[Problem]:
    """Every ledger address that this state would no longer publish and that has no entry in
    the redirects file, each with the entry to paste."""
    problems = list(ledger.problems)
    for entry in ledger.entries:
        if entry.address in current or entry.address in redirected:
            continue
        target = likely_target(entry, current)
        was = f" ({entry.source})" if entry.source else ""
        problems.append(
            Problem(
                ledger.shown,
                entry.line,
                entry.address,
                f"diese Adresse war online{was} und wäre es nach diesem Stand nicht mehr: "
                "Links in Newslettern, auf Facebook und in Suchmaschinen führten ins Leere. "
                f"Tragen Sie in {redirects_shown} unter '{LIST_KEY}:' ein: "
                f"'  - {{from: {entry.address}, to: {target}}}' (oder 'removed: true' statt "
                "'to: …', wenn die Seite entfernt bleiben soll)",
            )
        )
    return problems
