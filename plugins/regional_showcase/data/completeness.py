"""What a region page still lacks: the gaps the operator should fill, in German.

A missing section is not an error (the page leaves it out), but the operator should see
it: `showcase check` lists these hints, `showcase report` shows every region's state.
"""

from __future__ import annotations

from .model import Region, Section


def _reachable(section: Section) -> bool:
    """A reader can write, call or find the contact page of an organisation here."""
    return any(e.email or e.phone or e.contact_page for e in section.entries)


# What each section needs before a newcomer's question counts as answered, given the region
# and the section. A section can hold text but still miss the one fact that matters most (a
# way to jobs, a rent, someone to ask).
_NEEDS = {
    "work": (
        lambda r, s: r.jobs is not None,
        "keine Jobsuche: ergänzen Sie 'jobs:' mit 'search: {place: <Ort>, radius: <km>}' "
        "und, wenn es eines gibt, dem Jobportal der Region ('portal')",
    ),
    # A state's average rent says little about a district's: it answers the question only
    # where nothing nearer is known, and the report keeps asking for the region's own.
    "housing": (
        lambda r, s: any(
            f.kind in ("rent", "land-price") and f.coverage != "related-area" for f in s.figures
        ),
        "keine Miet- oder Bodenpreise mit Jahr und Quelle für die Region oder einen ihrer "
        "Kreise (figures mit kind 'rent' oder 'land-price'; Zahlen eines verwandten Gebiets, "
        "coverage 'related-area', zählen nicht)",
    ),
    "arrival": (
        lambda r, s: _reachable(s),
        "keine Anlaufstelle mit E-Mail-Adresse, Telefonnummer oder Kontaktseite "
        "(entries mit 'email', 'phone' oder 'contact_page')",
    ),
    "contact": (
        lambda r, s: _reachable(s),
        "keine E-Mail-Adresse, Telefonnummer oder Kontaktseite einer Organisation "
        "(entries mit 'email', 'phone' oder 'contact_page')",
    ),
}


def section_gaps(region: Region) -> list[tuple[str, str]]:
    """(section key, German sentence) per gap of a region, in page order; [] if complete."""
    gaps = []
    for section in region.sections:
        if not section.filled:
            gaps.append(
                (
                    section.key,
                    f"{region.name}: Abschnitt „{section.heading}“ fehlt noch, die Seite "
                    f"lässt ihn weg; ergänzen Sie '{section.key}:' hier oder "
                    f"'## {section.heading}' in content/regionen/{region.slug}.md",
                )
            )
            continue
        need = _NEEDS.get(section.key)
        if need and not need[0](region, section):
            gaps.append((section.key, f"{region.name}: Abschnitt „{section.heading}“: {need[1]}"))
    return gaps


def section_state(region: Region, section: Section) -> str:
    """'gefüllt', 'lückenhaft' or 'fehlt', for the report table."""
    if not section.filled:
        return "fehlt"
    need = _NEEDS.get(section.key)
    return "lückenhaft" if need and not need[0](region, section) else "gefüllt"


def operator_notes(region: Region) -> list[str]:
    """The region's notes for the operator (`note_for_operator:` of an entry or a source): what
    is still unconfirmed, such as a phone number from an old page. Only this report shows them;
    no page does."""
    return [
        f"{section.heading}, „{entry.name}“: {' '.join(entry.note_for_operator.split())}"
        for section in region.sections
        for entry in section.entries
        if entry.note_for_operator
    ] + [
        f"Quelle „{source.title or source.url}“: {' '.join(source.note_for_operator.split())}"
        for source in region.sources
        if source.note_for_operator
    ]


def report(regions: tuple[Region, ...]) -> str:
    """A plain-text report: per region, the state of each section and what is missing."""
    lines = ["Stand der Regionsseiten (Abschnitte in Seitenreihenfolge)", ""]
    for region in regions:
        lines.append(f"{region.name} (regionen/{region.slug}/)")
        for section in region.sections:
            lines.append(f"  {section.heading:<18} {section_state(region, section)}")
        gaps = section_gaps(region)
        if gaps:
            lines.append("  Noch zu liefern:")
            lines += [f"  - {message.split(': ', 1)[1]}" for _, message in gaps]
        else:
            lines.append("  Alle sechs Abschnitte sind gefüllt.")
        notes = operator_notes(region)
        if notes:
            lines.append("  Hinweise für den Betreiber (nie öffentlich):")
            lines += [f"  - {note}" for note in notes]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def photo_line(regions: tuple[Region, ...]) -> str:
    """Which regions show their drawing because they have no photo yet (photos.py)."""
    missing = [region.name for region in regions if region.photo is None]
    if not missing:
        return "Fotos: alle Regionen haben ein Foto mit Bildnachweis und Lizenz."
    return (
        f"Fotos: noch keins für {', '.join(missing)} (die Seiten zeigen die Zeichnung; "
        "'photo:' mit file, alt, credit und licence in data/regions.yaml)"
    )
